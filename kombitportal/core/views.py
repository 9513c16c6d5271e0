"""Pages of the core area: the start page, the role gallery with the municipality's own role
holders and contacts, and the accessibility statement."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kombitportal.accounts.saml import safe_relay_state
from kombitportal.accounts.services import user_guide_seen
from kombitportal.core import areas, clock, report_jobs, reports, selectors, services
from kombitportal.core.forms import (
    ContactForm,
    RoleGalleryFilterForm,
    RoleHolderForm,
    add_service_errors,
)
from kombitportal.core.http import PortalRequest
from kombitportal.core.middleware import wants_partial
from kombitportal.core.models import Municipality, Person, ReportJob, Role, RoleAssignment
from kombitportal.core.pdf import pdf_response, render_pdf
from kombitportal.core.scoping import page_municipality, scope_to_user, visible_municipalities


@require_GET
def home(request: PortalRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {}
    municipality = None
    if user.municipality_id:
        municipality = page_municipality(request)
        if municipality is not None:  # a KOMBIT user given a municipality sees all of them here
            context["summary"] = selectors.municipality_summary(
                user=user, municipality=municipality
            )
    if user.is_kombit:
        context["overview"] = selectors.kombit_overview(user=user)
    today = clock.today()
    context["needs"] = sorted(
        [
            *areas.needs(user=user, municipality=municipality, today=today),
            *selectors.empty_role_needs(user=user, municipality=municipality),
        ],
        key=lambda need: need.order,
    )
    context["cards"] = areas.cards(user=user, municipality=municipality, today=today)
    context["prompts"] = areas.prompts(user=user, today=today)
    return render(request, "core/home.html", context)


@require_GET
def role_gallery(request: PortalRequest) -> HttpResponse:
    user = request.user
    form = RoleGalleryFilterForm(request.GET or None, user=user)
    filters = form.filters
    # An unknown ?kommune= is an error on the form's field (shown), not a 404.
    municipality = (
        page_municipality(request) if filters.get("kommune") or not user.is_kombit else None
    )
    rows = selectors.role_gallery(
        user=user,
        municipality=municipality,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        solution=filters.get("solution"),
        status=filters.get("status", ""),
        only_empty=bool(filters.get("empty")),
    )
    context = {
        "form": form,
        "rows": rows,
        "municipality": municipality,
        "empty_rows": [row for row in rows if row.is_empty] if municipality else [],
        "can_keep": municipality is not None and services.can_keep_role_holders(user, municipality),
        "kommune": _kommune_query(user, municipality),
    }
    template = "core/roles.html#results" if wants_partial(request) else "core/roles.html"
    return render(request, template, context)


# The day the accessibility statement was last made; change it when the statement is reviewed.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 1)


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgængelighedserklæring), linked from every page's footer."""
    return render(
        request, "core/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE}
    )


# --- The municipality's own role holders and contacts ----------------------------------------


def _kommune_query(user, municipality: Municipality | None) -> str:
    """`?kommune=<code>` for KOMBIT's links to one municipality's pages; nothing for its own users."""
    if municipality is None or not user.is_kombit:
        return ""
    return "?" + urlencode({"kommune": municipality.code})


def _keeper_municipality(request: PortalRequest) -> Municipality:
    """The municipality whose role holders the page keeps: the user's own, or the one KOMBIT chose
    (none chosen: 404); only for who may keep them (else 403)."""
    municipality = page_municipality(request)
    if municipality is None:
        raise Http404
    if not services.can_keep_role_holders(request.user, municipality):
        raise PermissionDenied
    return municipality


def _gallery_url(
    request: PortalRequest, municipality: Municipality, role: Role | None = None
) -> str:
    anchor = f"#role-{role.pk}" if role is not None else ""
    return reverse("roles") + _kommune_query(request.user, municipality) + anchor


@require_http_methods(["GET", "POST"])
def role_fill(request: PortalRequest, pk: int) -> HttpResponse:
    """Put a person — one of the municipality's, or a new contact — in a role."""
    municipality = _keeper_municipality(request)
    role = get_object_or_404(Role, pk=pk, status=Role.Status.PUBLISHED)
    form = RoleHolderForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a new contact only with the role it was made for
                person = data["person"] or services.contact_add(
                    municipality=municipality,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    title="",
                    actor=request.user,
                )
                services.role_holder_add(
                    role=role,
                    municipality=municipality,
                    person=person,
                    is_primary=data["is_primary"],
                    actor=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s holds the role %(role)s.")
                % {"person": person.name, "role": role.name},
            )
            return redirect(_gallery_url(request, municipality, role))
    holders = RoleAssignment.objects.filter(role=role, municipality=municipality).select_related(
        "person"
    )
    return render(
        request,
        "core/role_fill.html",
        {
            "form": form,
            "role": role,
            "municipality": municipality,
            "holders": holders,
            "back_url": _gallery_url(request, municipality, role),
            "kommune": _kommune_query(request.user, municipality),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _holder_or_404(request: PortalRequest, pk: int) -> RoleAssignment:
    return get_object_or_404(
        scope_to_user(
            RoleAssignment.objects.select_related("role", "municipality", "person"), request.user
        ),
        pk=pk,
    )


@require_POST
def holder_primary(request: PortalRequest, pk: int) -> HttpResponse:
    holder = _holder_or_404(request, pk)
    services.role_holder_make_primary(assignment=holder, actor=request.user)
    messages.success(
        request,
        _("%(person)s is now the primary holder of %(role)s.")
        % {"person": holder.person.name, "role": holder.role.name},
    )
    return redirect(_gallery_url(request, holder.municipality, holder.role))


@require_POST
def holder_remove(request: PortalRequest, pk: int) -> HttpResponse:
    holder = _holder_or_404(request, pk)
    services.role_holder_remove(assignment=holder, actor=request.user)
    messages.success(
        request,
        _("%(person)s no longer holds %(role)s.")
        % {"person": holder.person.name, "role": holder.role.name},
    )
    return redirect(_gallery_url(request, holder.municipality, holder.role))


@require_http_methods(["GET", "POST"])
def contacts(request: PortalRequest) -> HttpResponse:
    """The municipality's contacts: who they are, which roles they hold, who keeps the role
    holders; and a new contact."""
    municipality = _keeper_municipality(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.contact_add(
                municipality=municipality, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(person)s is a contact now.") % {"person": person.name})
            return redirect(reverse("contacts") + _kommune_query(request.user, municipality))
    return render(
        request,
        "core/contacts.html",
        {
            "form": form,
            "municipality": municipality,
            "people": selectors.contact_list(user=request.user, municipality=municipality),
            "can_name_keepers": request.user.is_kombit or request.user.is_programme_leader,
            "kommune": _kommune_query(request.user, municipality),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def keeper_set(request: PortalRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        scope_to_user(Person.objects.select_related("municipality"), request.user), pk=pk
    )
    keeps = request.POST.get("keeps") == "on"
    services.role_keeper_set(person=person, keeps=keeps, actor=request.user)
    messages.success(
        request,
        (
            _("%(person)s may now keep the role holders.")
            if keeps
            else _("%(person)s no longer keeps the role holders.")
        )
        % {"person": person.name},
    )
    assert person.municipality is not None  # scoped to a municipality above
    return redirect(reverse("contacts") + _kommune_query(request.user, person.municipality))


@require_GET
def empty_roles(request: PortalRequest) -> HttpResponse:
    """KOMBIT: the municipalities whose open work needs a role nobody holds there."""
    if not request.user.is_kombit:
        raise PermissionDenied
    return render(
        request,
        "core/empty_roles.html",
        {"rows": selectors.empty_needed_roles(user=request.user, municipality=None)},
    )


@require_http_methods(["GET", "POST"])
def guide(request: PortalRequest) -> HttpResponse:
    """The introduction for new users: what this user can see and do with their privileges, and
    where to start. Shown after the first login; opened again from the profile."""

    next_path = safe_relay_state(request.POST.get("next") or request.GET.get("next"), request)
    if request.method == "POST":
        user_guide_seen(user=request.user)
        return redirect(next_path)
    return render(
        request,
        "core/guide.html",
        {
            "next": next_path,
            "areas": areas.areas(),
            "first_time": request.user.guide_seen_at is None,
        },
    )


def _status_context(request: PortalRequest) -> dict[str, Any]:
    """The municipality's whole KOMBIT status: every area's section and the empty roles that
    block mail. A municipal user's own municipality; KOMBIT chooses one with ?kommune=."""
    municipality = page_municipality(request)
    context: dict[str, Any] = {
        "municipality": municipality,
        "municipalities": visible_municipalities(request.user).order_by("name")
        if request.user.is_kombit
        else [],
    }
    if municipality is not None:
        context |= reports.status_context(
            user=request.user, municipality=municipality, today=clock.today()
        )
    return context


@require_GET
def status(request: PortalRequest) -> HttpResponse:
    return render(request, "core/status.html", _status_context(request))


@require_GET
def status_pdf(request: PortalRequest) -> HttpResponse:
    context = _status_context(request)
    municipality = context["municipality"]
    if municipality is None:  # KOMBIT without ?kommune=: choose one on the page first
        return redirect("status")
    pdf = render_pdf("core/status_pdf.html", context, request)
    return pdf_response(pdf, f"status-{municipality.code}-{context['today']:%Y-%m-%d}.pdf")


def _news_context(request: PortalRequest) -> dict[str, Any]:
    today = clock.today()
    return {
        "sections": areas.news_sections(user=request.user, today=today),
        "new_roles": selectors.new_roles(today=today),
        "today": today,
        "made_at": timezone.now(),
    }


@require_GET
def news(request: PortalRequest) -> HttpResponse:
    """ "Kort nyt fra KOMBIT" for the programme-leader meeting: KOMBIT's status across the
    municipalities, generated from the data."""
    if not request.user.is_kombit:
        raise PermissionDenied
    return render(request, "core/news.html", _news_context(request))


@require_GET
def news_pdf(request: PortalRequest) -> HttpResponse:
    if not request.user.is_kombit:
        raise PermissionDenied
    context = _news_context(request)
    pdf = render_pdf("core/news_pdf.html", context, request)
    return pdf_response(pdf, f"kort-nyt-{context['today']:%Y-%m-%d}.pdf")


@require_GET
def grid(request: PortalRequest) -> HttpResponse:
    """KOMBIT: the 98 at a glance, grouped by region, coloured by the chosen area's measure (KLIK
    progress, missing signatures, CH2 readiness), each tile a link, with a table alternative."""
    if not request.user.is_kombit:
        raise PermissionDenied
    today = clock.today()
    measures = {key: measure(today=today) for key, measure in areas.measures()}
    chosen = request.GET.get("vis", "")
    if chosen not in measures:
        chosen = next(iter(measures), "")
    measure = measures.get(chosen)
    groups = [
        (region, [(m, measure.tiles.get(m.pk) if measure else None) for m in members])
        for region, members in selectors.regions_with_municipalities()
    ]
    return render(
        request,
        "core/grid.html",
        {"measures": measures, "chosen": chosen, "measure": measure, "groups": groups},
    )


@require_POST
def status_all_request(request: PortalRequest) -> HttpResponse:
    """KOMBIT: every municipality's status as PDF, in one ZIP, made by a Celery task."""
    if not request.user.is_kombit:
        raise PermissionDenied
    job = report_jobs.status_reports_request(actor=request.user)
    return redirect("status_all", pk=job.pk)


def _job(request: PortalRequest, pk: int) -> ReportJob:
    if not request.user.is_kombit:
        raise PermissionDenied
    return get_object_or_404(ReportJob, pk=pk)


@require_GET
def status_all(request: PortalRequest, pk: int) -> HttpResponse:
    """How far the job is; the page asks again every two seconds until it is ready."""
    job = _job(request, pk)
    template = "core/status_all.html#progress" if request.htmx else "core/status_all.html"
    return render(request, template, {"job": job})


@require_GET
def status_all_file(request: PortalRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.state != ReportJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
    )
