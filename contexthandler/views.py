"""Pages of the Context Handler 2 area: the municipality's IdPs and what Context Handler 2 sends
them for each system, the guidance of the slides, the CH1 phase-out, the certificate changes with
the municipality's checklist, and the certificates the roll-over check watches."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contexthandler import exports, loa, selectors, services
from contexthandler.forms import IdentityProviderForm, RolloverCheckForm, SystemsForm
from contexthandler.models import IdentityProvider, RolloverCheck, SystemUse, UserSystem
from kombitportal.core.exports import export_response
from kombitportal.core.forms import add_service_errors
from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality, scope_to_user


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    municipality = page_municipality(request)
    context: dict = {
        "municipality": municipality,
        "rollovers": selectors.rollovers(user=request.user, municipality=municipality),
        "watched": selectors.watched(),
        "datatilsynet": loa.DATATILSYNET,
    }
    if municipality is not None:
        idp_list = selectors.idps(user=request.user, municipality=municipality)
        rows = selectors.systems(user=request.user, municipality=municipality, idp_list=idp_list)
        context |= {
            "idps": idp_list,
            "systems": rows,
            "on_ch1": [row for row in rows if row.handler == "ch1"],
            "can_edit": services.can_edit(request.user, municipality),
        }
    else:
        context["ch1"] = selectors.ch1_overview()
    return render(request, "contexthandler/index.html", context)


@require_GET
def index_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The page's table as CSV or XLSX: what CH2 sends the municipality's IdPs per system; for
    KOMBIT with no municipality chosen, the systems still on Context Handler 1."""
    municipality = page_municipality(request)
    if municipality is None:
        return export_response(exports.ch1_table(selectors.ch1_overview()), fmt)
    idp_list = selectors.idps(user=request.user, municipality=municipality)
    rows = selectors.systems(user=request.user, municipality=municipality, idp_list=idp_list)
    return export_response(exports.system_table(municipality, idp_list, rows), fmt)


@require_GET
def profiles(request: PortalRequest) -> HttpResponse:
    """What Context Handler 2 sends under each profile for each level: the slides' rule."""
    levels = list(loa.Level)
    return render(
        request,
        "contexthandler/profiles.html",
        {
            "levels": levels,
            "rows": [
                (
                    profile,
                    loa.SLIDE_LINES[profile],
                    [loa.what_ch2_sends(profile, level) for level in levels],
                )
                for profile in loa.Profile
            ],
            "reading": loa.READING,
            "datatilsynet": loa.DATATILSYNET,
        },
    )


@require_GET
def profiles_export(request: PortalRequest, fmt: str) -> FileResponse:
    return export_response(exports.profile_table(), fmt)


def _own_municipality(request: PortalRequest):
    municipality = request.user.municipality
    if municipality is None or not services.can_edit(request.user, municipality):
        raise PermissionDenied
    return municipality


@require_http_methods(["GET", "POST"])
def idp_edit(request: PortalRequest, pk: int | None = None) -> HttpResponse:
    municipality = _own_municipality(request)
    idp = None
    if pk is not None:
        idp = get_object_or_404(
            scope_to_user(IdentityProvider.objects.filter(municipality=municipality), request.user),
            pk=pk,
        )
    form = IdentityProviderForm(request.POST or None, instance=idp)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        # The form has set the values on its instance already: the service compares them with
        # the row as stored, for the trail.
        stored = IdentityProvider.objects.get(pk=idp.pk) if idp else None
        try:
            services.idp_save(
                municipality=municipality, values=values, actor=request.user, idp=stored
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The IdP is saved."))
            return redirect("contexthandler:index")
    return render(
        request,
        "contexthandler/idp_form.html",
        {"form": form, "idp": idp, "municipality": municipality},
    )


@require_POST
def idp_delete(request: PortalRequest, pk: int) -> HttpResponse:
    municipality = _own_municipality(request)
    idp = get_object_or_404(IdentityProvider.objects.filter(municipality=municipality), pk=pk)
    services.idp_delete(idp=idp, actor=request.user)
    messages.success(request, _("The IdP %(name)s is removed.") % {"name": idp.name})
    return redirect("contexthandler:index")


@require_http_methods(["GET", "POST"])
def systems_edit(request: PortalRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    systems = list(UserSystem.objects.all())
    current = dict(
        SystemUse.objects.filter(municipality=municipality).values_list("system_id", "handler")
    )
    form = SystemsForm(request.POST or None, systems=systems, current=current)
    if request.method == "POST" and form.is_valid():
        for system, handler in form.handlers():
            if current.get(system.pk) != handler:
                services.system_handler_set(
                    municipality=municipality, system=system, handler=handler, actor=request.user
                )
        messages.success(request, _("The systems are saved."))
        return redirect("contexthandler:index")
    return render(
        request, "contexthandler/systems_form.html", {"form": form, "municipality": municipality}
    )


@require_POST
def rollover_tick(request: PortalRequest, pk: int) -> HttpResponse:
    municipality = _own_municipality(request)
    check = get_object_or_404(
        RolloverCheck.objects.select_related("idp", "rollover").filter(municipality=municipality),
        pk=pk,
    )
    form = RolloverCheckForm(request.POST)
    if not form.is_valid():  # two checkboxes: nothing can be invalid but a forged body
        raise Http404
    services.rollover_tick(
        check=check, trust=form.cleaned_data["trust"], metadata=form.cleaned_data["metadata"],
        actor=request.user,
    )  # fmt: skip
    messages.success(request, _("The checklist for %(idp)s is saved.") % {"idp": check.idp.name})
    return redirect("contexthandler:index")
