"""Pages of the KLIK area: the task list, a task, saved filters, exports and KOMBIT's overview."""

from functools import lru_cache, partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klik import exports, selectors, services
from klik.forms import (
    AttachmentForm,
    LocalTaskForm,
    OverviewForm,
    PeopleForm,
    SavedFilterForm,
    StatusForm,
    TaskFilterForm,
)
from klik.models import SavedFilter, TaskAssignment, TaskAttachment
from kombitportal.core import clock
from kombitportal.core.exports import export_links, export_response
from kombitportal.core.forms import add_service_errors
from kombitportal.core.http import PortalRequest
from kombitportal.core.middleware import wants_partial
from kombitportal.core.pdf import pdf_response, render_pdf
from kombitportal.core.scoping import page_municipality
from kombitportal.core.templating import render_partial
from kombitportal.core.uploads import refuse_larger_than

PAGE_SIZE = 50
LIST_URL_KEY = "klik_list_url"


def _list_form(request: PortalRequest, query: QueryDict) -> TaskFilterForm:
    """The list's filter form for `query`; a wrong value (an id from an old bookmark, say) is shown
    with its message and left out, the rest of the filter applies (form.filters)."""
    return TaskFilterForm(
        query or None, user=request.user, municipality=page_municipality(request, query)
    )


@lru_cache(maxsize=8)
def _suggested_filters(language: str, script_prefix: str) -> list[tuple[str, str]]:
    """The suggested filters' names and URLs, made once per language (every list shows them)."""
    return [
        (str(name), f"{reverse('klik:index')}?{urlencode(data)}")
        for name, data in selectors.SUGGESTED_FILTERS
    ]


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _pager(query: str, number: int, pages: int) -> dict:
    """Page `number` of `pages`, with the links to the pages before and after (same filter)."""
    link = f"?{query}&page=" if query else "?page="
    return {
        "number": number,
        "pages": pages,
        "label": _("Page %(number)s of %(total)s") % {"number": number, "total": pages},
        "previous": f"{link}{number - 1}" if number > 1 else "",
        "next": f"{link}{number + 1}" if number < pages else "",
    }


# The largest page number asked for that is looked up; any larger one is past the end anyway.
MAX_PAGE = 10**6


def _page_number(raw: str | None) -> int:
    """The page asked for; anything that is not a positive whole number is the first."""
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except ValueError:
        return 1


@require_GET
def task_list(request: PortalRequest) -> HttpResponse:
    form = _list_form(request, request.GET)
    municipality = form.municipality
    query = request.GET.copy()
    query.pop("page", None)
    context: dict = {
        "form": form,
        "municipality": municipality,
        # KOMBIT picks the municipality in the filter: the heading follows it (swapped out of
        # band on an htmx update).
        "heading": (
            _("KLIK tasks – %(municipality)s") % {"municipality": municipality.name}
            if municipality
            else _("KLIK tasks")
        ),
        "htmx_update": wants_partial(request),
        "query": query.urlencode(),
        "exports": export_links("klik:export", query=request.GET),
        "save_url": reverse("klik:filter_save"),
    }
    if municipality is not None:
        page_of = partial(
            selectors.task_page,
            user=request.user,
            municipality=municipality,
            filters=form.filters,
            size=PAGE_SIZE,
            today=clock.today(),
        )
        number = _page_number(request.GET.get("page"))
        rows, total = page_of(number=number)
        if not rows and number > 1:  # past the end: the last page, as Paginator.get_page does
            number = _pages(page_of(number=1)[1])
            rows, total = page_of(number=number)
        context |= {
            "rows": rows,
            "total_label": ngettext("%(n)s task", "%(n)s tasks", total) % {"n": total},
            "pager": _pager(context["query"], number, _pages(total)),
        }
    # Remember where the user came from, so that a task's page can lead back to the same list.
    if request.session.get(LIST_URL_KEY) != request.get_full_path():
        request.session[LIST_URL_KEY] = request.get_full_path()
    results = render_partial("klik/results.html", context, request)
    if wants_partial(request):
        return HttpResponse(results)
    context |= {
        "results": results,
        # Read only if the page shows them (an htmx update of the table does not).
        "saved_filters": SimpleLazyObject(lambda: selectors.saved_filters_of(user=request.user)),
        "can_keep_local": municipality is not None
        and services.can_keep_local_tasks(request.user, municipality),
        "suggested_filters": _suggested_filters(get_language(), get_script_prefix()),
    }
    return render(request, "klik/list.html", context)


@require_GET
def task_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The current filtered list, every page of it, as CSV or XLSX; for KOMBIT with no municipality
    chosen, every municipality's tasks under the same filter."""
    form = _list_form(request, request.GET)
    table = exports.task_table(
        user=request.user,
        municipality=form.municipality,
        filters=form.filters,
        today=clock.today(),
    )
    return export_response(table, fmt)


def _assignment_or_404(request: PortalRequest, pk: int) -> TaskAssignment:
    try:
        return selectors.assignment_get(user=request.user, pk=pk)
    except TaskAssignment.DoesNotExist as exc:
        raise Http404 from exc


def _detail_context(
    request, assignment, *, status_form=None, people_form=None, attachment_form=None
) -> dict:
    performer_ids = {link.person_id for link in assignment.performer_list}
    holders = selectors.role_holders(assignment=assignment)
    task = assignment.task
    can_assign = services.can_assign(request.user, assignment)
    return {
        "assignment": assignment,
        "task": task,
        "back_url": request.session.get(LIST_URL_KEY) or reverse("klik:index"),
        "responsible_holders": holders.get(task.responsible_role_id, []),
        "performer_holders": holders.get(task.performer_role_id, []),
        "can_assign": can_assign,
        "can_change_status": services.can_change_status(request.user, assignment, performer_ids),
        "status_form": status_form
        or StatusForm(
            initial={"status": assignment.status, "reason": assignment.not_relevant_reason}
        ),
        "people_form": people_form
        or (
            PeopleForm(
                municipality=assignment.municipality,
                initial={
                    "responsible": assignment.responsible_id,
                    "performers": list(performer_ids),
                },
            )
            if can_assign
            else None
        ),
        "attachments": assignment.attachment_list,
        "attachment_form": attachment_form or AttachmentForm(),
        "removable": {
            a.pk
            for a in assignment.attachment_list
            if services.can_remove_attachment(request.user, a)
        },
    }


@require_GET
def task_detail(request: PortalRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    return render(request, "klik/detail.html", _detail_context(request, assignment))


@require_POST
def task_status(request: PortalRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_set_status(
                assignment=assignment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            # The model's only rule of its own here is "not relevant needs a reason".
            add_service_errors(
                form, exc, fields={"not_relevant_reason": "reason", NON_FIELD_ERRORS: "reason"}
            )
        else:
            messages.success(request, _("The status is saved."))
            return redirect("klik:detail", pk=assignment.pk)
    assignment = _assignment_or_404(request, pk)
    return render(
        request,
        "klik/detail.html",
        _detail_context(request, assignment, status_form=form),
        status=400,
    )


@require_POST
def task_people(request: PortalRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    if not services.can_assign(request.user, assignment):
        raise PermissionDenied
    form = PeopleForm(request.POST, municipality=assignment.municipality)
    if form.is_valid():
        services.assignment_set_people(
            assignment=assignment,
            responsible=form.cleaned_data["responsible"],
            performers=list(form.cleaned_data["performers"]),
            actor=request.user,
        )
        messages.success(request, _("Responsible and performers are saved."))
        return redirect("klik:detail", pk=assignment.pk)
    return render(
        request,
        "klik/detail.html",
        _detail_context(request, assignment, people_form=form),
        status=400,
    )


@require_POST
def filter_save(request: PortalRequest) -> HttpResponse:
    name_form = SavedFilterForm(request.POST)
    query = QueryDict(request.POST.get("query", ""))
    list_url = f"{reverse('klik:index')}?{query.urlencode()}"
    if not name_form.is_valid():
        messages.error(request, _("Give the filter a name."))
        return redirect(list_url)
    form = _list_form(request, query)
    form.is_valid()
    try:
        services.saved_filter_save(
            user=request.user, name=name_form.cleaned_data["name"], filters=form.saved_data()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The filter “%(name)s” is saved.") % {"name": name_form.cleaned_data["name"]}
        )
    return redirect(list_url)


@require_GET
def filter_apply(request: PortalRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    return redirect(f"{reverse('klik:index')}?{urlencode(saved.filters)}")


@require_POST
def filter_rename(request: PortalRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        try:
            services.saved_filter_save(
                user=request.user,
                name=form.cleaned_data["name"],
                filters=saved.filters,
                saved_filter=saved,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The filter is renamed."))
    else:
        messages.error(request, _("Give the filter a name."))
    return redirect("klik:index")


@require_POST
def filter_delete(request: PortalRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    services.saved_filter_delete(user=request.user, saved_filter=saved)
    messages.success(request, _("The filter “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("klik:index")


def _overview(
    request: PortalRequest, parts: tuple[str, ...] = ("opgaver", "kommuner")
) -> tuple[OverviewForm, list, list]:
    """The overview's filter and its parts: per task ("opgaver"), per municipality ("kommuner");
    a part not asked for is an empty list."""
    if not request.user.is_kombit:
        raise PermissionDenied
    form = OverviewForm(request.GET or None)
    filters = form.filters
    tasks = (
        selectors.task_progress(
            user=request.user, q=filters.get("q", ""), sort=filters.get("task_sort", "")
        )
        if "opgaver" in parts
        else []
    )
    municipalities = (
        selectors.municipality_progress(
            user=request.user, today=clock.today(), sort=filters.get("municipality_sort", "")
        )
        if "kommuner" in parts
        else []
    )
    return form, tasks, municipalities


@require_GET
def kombit_overview(request: PortalRequest) -> HttpResponse:
    form, tasks, municipalities = _overview(request)
    return render(
        request,
        "klik/overview.html",
        {
            "form": form,
            "tasks": tasks,
            "municipalities": municipalities,
        },
    )


@require_GET
def kombit_overview_export(request: PortalRequest, part: str, fmt: str) -> FileResponse:
    """KOMBIT's overview as CSV or XLSX, in the order and with the search shown: per task or per
    municipality."""
    _form, tasks, municipalities = _overview(request, parts=(part,))
    if part == "opgaver":
        return export_response(exports.overview_tasks_table(tasks), fmt)
    if part == "kommuner":
        return export_response(exports.overview_municipalities_table(municipalities), fmt)
    raise Http404


# --- A municipality's local tasks ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def local_task_new(request: PortalRequest) -> HttpResponse:
    """A task of the municipality's own, beside KOMBIT's: what, when, and who."""
    municipality = page_municipality(request)
    if municipality is None:
        raise Http404
    if not services.can_keep_local_tasks(request.user, municipality):
        raise PermissionDenied
    form = LocalTaskForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the task with its people, or nothing
                assignment = services.local_task_create(
                    municipality=municipality,
                    title=data["title"],
                    description=data["description"],
                    start=data["start_date"],
                    end=data["end_date"],
                    actor=request.user,
                )
                if data["responsible"] or data["performers"]:
                    services.assignment_set_people(
                        assignment=assignment,
                        responsible=data["responsible"],
                        performers=list(data["performers"]),
                        actor=request.user,
                    )
        except ValidationError as exc:
            # The task's one rule of its own: a title once in the municipality.
            add_service_errors(form, exc, fields={NON_FIELD_ERRORS: "title"})
        else:
            messages.success(request, _("The local task is created."))
            return redirect("klik:detail", pk=assignment.pk)
    return render(
        request,
        "klik/local_task_form.html",
        {"form": form, "municipality": municipality, "assignment": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def local_task_edit(request: PortalRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    task = assignment.task
    if not task.is_local:
        raise Http404
    if not services.can_keep_local_tasks(request.user, assignment.municipality):
        raise PermissionDenied
    initial = {
        "title": task.title, "description": task.description, "start": task.start_text,
        "end": task.end_text,
    }  # fmt: skip
    form = LocalTaskForm(
        request.POST or None, initial=initial, municipality=assignment.municipality, people=False
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.local_task_change(
                task=task,
                title=data["title"],
                description=data["description"],
                start=data["start_date"],
                end=data["end_date"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, fields={NON_FIELD_ERRORS: "title"})
        else:
            messages.success(request, _("The local task is saved."))
            return redirect("klik:detail", pk=assignment.pk)
    return render(
        request,
        "klik/local_task_form.html",
        {"form": form, "municipality": assignment.municipality, "assignment": assignment},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Files attached to a task --------------------------------------------------------------------


@require_POST
@refuse_larger_than(services.MAX_ATTACHMENT_BYTES)
def attachment_add(request: PortalRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                assignment=assignment, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("klik:detail", pk=assignment.pk)
    return render(
        request,
        "klik/detail.html",
        _detail_context(request, assignment, attachment_form=form),
        status=400,
    )


def _attachment_or_404(request: PortalRequest, pk: int, file_pk: int) -> TaskAttachment:
    assignment = _assignment_or_404(request, pk)
    return get_object_or_404(
        TaskAttachment.objects.select_related("assignment"), pk=file_pk, assignment=assignment
    )


@require_GET
def attachment_download(request: PortalRequest, pk: int, file_pk: int) -> FileResponse:
    """The file, only to the task's municipality and KOMBIT, as a download under its own name."""
    attachment = _attachment_or_404(request, pk, file_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def attachment_remove(request: PortalRequest, pk: int, file_pk: int) -> HttpResponse:
    attachment = _attachment_or_404(request, pk, file_pk)
    services.attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, _("The file “%(name)s” is removed.") % {"name": attachment.name})
    return redirect("klik:detail", pk=pk)


@require_GET
def task_pdf(request: PortalRequest, pk: int) -> HttpResponse:
    """The task as a PDF: what it is, its dates, guides, people, files and log."""
    assignment = _assignment_or_404(request, pk)
    pdf = render_pdf(
        "klik/task_pdf.html",
        {"assignment": assignment, "task": assignment.task, "made_at": timezone.now()},
        request,
    )
    name = assignment.task.code or slugify(assignment.task.title)[:60] or str(assignment.task.pk)
    return pdf_response(pdf, f"klik-{name}-{assignment.municipality.code}.pdf")
