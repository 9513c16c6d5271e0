"""Pages of the agreements area: agreements and signatures, the signed PDFs, visits and bills."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kombitportal.agreements import exports, selectors, services
from kombitportal.agreements.forms import (
    AgreementFilterForm,
    BillForm,
    SignatureForm,
    WithdrawForm,
)
from kombitportal.agreements.models import Agreement, Bill, Signature
from kombitportal.core.exports import export_response
from kombitportal.core.forms import add_service_errors
from kombitportal.core.http import PortalRequest
from kombitportal.core.middleware import wants_partial
from kombitportal.core.scoping import page_municipality, scope_to_user
from kombitportal.core.uploads import refuse_larger_than


def _agreement_list(request: PortalRequest):
    """The list's filter, its municipality and its agreements: the page and its export alike."""
    municipality = page_municipality(request)
    form = AgreementFilterForm(request.GET or None)
    agreements = selectors.agreement_list(
        user=request.user, municipality=municipality, filters=form.filters
    )
    return form, municipality, agreements


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    form, municipality, agreements = _agreement_list(request)
    context = {"form": form, "agreements": list(agreements), "municipality": municipality}
    template = (
        "agreements/index.html#results" if wants_partial(request) else "agreements/index.html"
    )
    return render(request, template, context)


def _agreement_or_404(pk: int) -> Agreement:
    try:
        return selectors.agreement_get(pk=pk)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


def _detail(
    request, agreement, *, form=None, correct_form=None, withdraw_form=None, status=200
) -> HttpResponse:
    user = request.user
    municipality = page_municipality(request)
    context = {"agreement": agreement, "municipality": municipality}
    signable = agreement.dispatched and agreement.requires_signature
    if municipality is not None:
        signature = selectors.own_signature(
            user=user, agreement=agreement, municipality=municipality
        )
        context["signature"] = signature
        context["recipients"] = selectors.recipients_in(
            agreement=agreement, municipality=municipality
        )
        if services.can_sign(user, municipality) and signable:
            if signature is None:
                context["form"] = form or SignatureForm(
                    on_behalf=False, initial={"signer_name": user.full_name}
                )
            else:
                context["correct_form"] = correct_form or SignatureForm(
                    on_behalf=False,
                    initial={
                        "signed_on": signature.signed_on,
                        "signer_name": signature.signer_name,
                    },
                )
    if user.is_kombit:
        context["overview"] = selectors.signature_overview(user=user, agreement=agreement)
        if signable:
            context["form"] = form or SignatureForm(on_behalf=True)
        context["withdraw_form"] = withdraw_form or WithdrawForm()
    return render(request, "agreements/detail.html", context, status=status)


@require_GET
def detail(request: PortalRequest, pk: int) -> HttpResponse:
    return _detail(request, _agreement_or_404(pk))


@require_POST
@refuse_larger_than(services.MAX_DOCUMENT_BYTES)
def sign(request: PortalRequest, pk: int) -> HttpResponse:
    agreement = _agreement_or_404(pk)
    user = request.user
    form = SignatureForm(request.POST, request.FILES, on_behalf=user.is_kombit)
    if not form.is_valid():
        return _detail(request, agreement, form=form, status=400)
    municipality = (
        form.cleaned_data["municipality"] if user.is_kombit else page_municipality(request)
    )
    # KOMBIT's form requires one; a municipal user's page is their own municipality's (else 404).
    assert municipality is not None
    try:
        services.agreement_sign(
            agreement=agreement,
            municipality=municipality,
            signed_on=form.cleaned_data["signed_on"],
            signer_name=form.cleaned_data["signer_name"],
            document=form.cleaned_data["document"],
            actor=user,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, agreement, form=form, status=400)
    messages.success(
        request,
        _("The signature of %(municipality)s is recorded.") % {"municipality": municipality.name},
    )
    return redirect("agreements:detail", pk=agreement.pk)


# The correction form's prefix: it can stand on one page with KOMBIT's form to sign on behalf.
CORRECT = "correct"


def _signature_or_404(request: PortalRequest, pk: int, code: str) -> Signature:
    return get_object_or_404(
        scope_to_user(Signature.objects.select_related("municipality"), request.user),
        agreement_id=pk,
        municipality__code=code,
    )


@require_POST
@refuse_larger_than(services.MAX_DOCUMENT_BYTES)
def signature_correct(request: PortalRequest, pk: int, code: str) -> HttpResponse:
    agreement = _agreement_or_404(pk)
    signature = _signature_or_404(request, pk, code)
    form = SignatureForm(request.POST, request.FILES, on_behalf=False, prefix=CORRECT)
    if form.is_valid():
        try:
            services.signature_correct(
                signature=signature,
                signed_on=form.cleaned_data["signed_on"],
                signer_name=form.cleaned_data["signer_name"],
                document=form.cleaned_data["document"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signature is corrected."))
            return redirect("agreements:detail", pk=agreement.pk)
    return _detail(request, agreement, correct_form=form, status=400)


@require_POST
def signature_withdraw(request: PortalRequest, pk: int, code: str) -> HttpResponse:
    agreement = _agreement_or_404(pk)
    if not services.can_withdraw(request.user):
        raise PermissionDenied
    signature = _signature_or_404(request, pk, code)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.signature_withdraw(
            signature=signature, reason=form.cleaned_data["reason"], actor=request.user
        )
        messages.success(
            request,
            _("The signature of %(municipality)s is withdrawn.")
            % {"municipality": signature.municipality.name},
        )
        return redirect("agreements:detail", pk=agreement.pk)
    return _detail(request, agreement, withdraw_form=form, status=400)


@require_GET
def document(request: PortalRequest, pk: int, code: str) -> FileResponse:
    """The signed PDF, only to the municipality itself and KOMBIT."""
    signature = _signature_or_404(request, pk, code)
    if not signature.document:
        raise Http404
    response = FileResponse(
        signature.document.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"aftale-{pk}-{code}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def index_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The list as its filter shows it, as CSV or XLSX."""
    _form, municipality, agreements = _agreement_list(request)
    return export_response(exports.agreement_table(agreements, municipality), fmt)


@require_GET
def missing_csv(request: PortalRequest, pk: int, fmt: str) -> FileResponse:
    """KOMBIT: who has not signed the agreement, as CSV or XLSX."""
    if not request.user.is_kombit:
        raise PermissionDenied
    agreement = _agreement_or_404(pk)
    overview = selectors.signature_overview(user=request.user, agreement=agreement)
    return export_response(exports.missing_table(agreement, overview.missing), fmt)


@require_GET
def visits(request: PortalRequest) -> HttpResponse:
    return render(request, "agreements/visits.html", {"visits": selectors.visit_list()})


@require_GET
def visits_export(request: PortalRequest, fmt: str) -> FileResponse:
    return export_response(exports.visit_table(selectors.visit_list()), fmt)


@require_http_methods(["GET", "POST"])
def bills(request: PortalRequest) -> HttpResponse:
    form = None
    if request.user.is_kombit:
        form = BillForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                bill = services.bill_create(
                    title=form.cleaned_data["title"],
                    basis=form.cleaned_data["basis"],
                    total_ore=int(form.cleaned_data["total_kr"] * 100),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The bill is split over the municipalities."))
                return redirect("agreements:bill", pk=bill.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "agreements/bills.html", {"bills": Bill.objects.all(), "form": form})


@require_GET
def bills_export(request: PortalRequest, fmt: str) -> FileResponse:
    return export_response(exports.bill_table(Bill.objects.all()), fmt)


@require_GET
def bill(request: PortalRequest, pk: int) -> HttpResponse:
    bill = get_object_or_404(Bill, pk=pk)
    shares = list(selectors.bill_shares(user=request.user, bill=bill))
    return render(request, "agreements/bill.html", {"bill": bill, "shares": shares})


@require_GET
def bill_export(request: PortalRequest, pk: int, fmt: str) -> FileResponse:
    """The bill's shares the user may see, as its page shows them."""
    bill = get_object_or_404(Bill, pk=pk)
    return export_response(
        exports.share_table(bill, selectors.bill_shares(user=request.user, bill=bill)), fmt
    )
