"""Pages of the meetings app: the meetings and a meeting's page (agenda, material, the checklist,
"Publicér resumé", ideas for the next meeting), KOMBIT's inbox of ideas, "Lær KOMBIT at kende",
KommuneCERT, and the portal's satisfaction question with KOMBIT's results."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kombitportal.core import clock
from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality
from meetings import selectors, services
from meetings.forms import IdeaForm, MeetingFilterForm, SatisfactionForm, TickForm
from meetings.models import AgendaItem, Meeting

# The KLIK survey's result, shown beside the portal's own (the seed's "Kort resultat fra
# brugertilfredshedsundersøgelsen": "Antal besvarelser: 637", "Score: 3.7 i gennemsnit").
KLIK_SURVEY = {"count": 637, "mean": 3.7}


def _kombit_only(request: PortalRequest) -> None:
    if not request.user.is_kombit:
        raise PermissionDenied


@require_GET
def meeting_list(request: PortalRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters = form.filters
    page = selectors.meeting_list(q=filters.get("q", ""), page=request.GET.get("page", 1))
    return render(request, "meetings/list.html", {"form": form, "page": page})


def _meeting_context(request: PortalRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    return {
        "page": selectors.meeting_page(user=request.user, meeting=meeting),
        "idea_form": forms.get("idea_form") or IdeaForm(),
        "can_tick": request.user.is_programme_leader and not request.user.is_kombit,
    }


@require_GET
def meeting_detail(request: PortalRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return render(request, "meetings/detail.html", _meeting_context(request, meeting))


@require_GET
def slides(request: PortalRequest, pk: int) -> FileResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not meeting.slides:
        raise Http404
    response = FileResponse(
        meeting.slides.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"programledermoede-{meeting.starts_at:%Y-%m-%d}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def tick(request: PortalRequest, pk: int) -> HttpResponse:
    """The programme leader ticks (or unticks) an agenda item's task for their own municipality:
    the municipality is always the user's, whatever the form says."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    municipality = page_municipality(request)
    if municipality is None or not (
        request.user.is_programme_leader and not request.user.is_kombit
    ):
        raise PermissionDenied
    form = TickForm(request.POST)
    back = reverse("meetings:detail", args=[item.meeting_id]) + f"#item-{item.pk}"
    if not form.is_valid():
        messages.error(request, _("The note can be at most 500 characters."))
        return redirect(back)
    try:
        services.checklist_tick_set(
            item=item,
            municipality=municipality,
            done=form.cleaned_data["done"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(item)s” is marked as done for %(municipality)s.")
            % {"item": item.title, "municipality": municipality.name}
            if form.cleaned_data["done"]
            else _("“%(item)s” is marked as not done for %(municipality)s.")
            % {"item": item.title, "municipality": municipality.name},
        )
    return redirect(back)


@require_POST
def publish(request: PortalRequest, pk: int) -> HttpResponse:
    _kombit_only(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        result = services.summary_publish(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The summary is published: %(added)d new mails in the outbox.")
            % {"added": result.added},
        )
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#recipients")


@require_POST
def idea(request: PortalRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = IdeaForm(request.POST)
    if form.is_valid():
        services.idea_send(meeting=meeting, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("Thank you. Your idea is sent to KOMBIT."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#ideas")
    return render(
        request, "meetings/detail.html", _meeting_context(request, meeting, idea_form=form)
    )


@require_GET
def inbox(request: PortalRequest) -> HttpResponse:
    _kombit_only(request)
    form = MeetingFilterForm(request.GET or None)
    page = selectors.inbox(q=form.filters.get("q", ""), page=request.GET.get("page", 1))
    return render(request, "meetings/inbox.html", {"form": form, "page": page})


@require_GET
def onboarding(request: PortalRequest) -> HttpResponse:
    return render(
        request, "meetings/onboarding.html", {"sections": selectors.onboarding_sections()}
    )


@require_GET
def kommunecert(request: PortalRequest) -> HttpResponse:
    municipality = page_municipality(request)
    return render(
        request,
        "meetings/kommunecert.html",
        {
            "municipality": municipality,
            "found": selectors.advisories(user=request.user, municipality=municipality),
        },
    )


def _safe_next(request: PortalRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@require_POST
def satisfaction(request: PortalRequest) -> HttpResponse:
    """The answer to the portal's question, or its dismissal; back to the page it was asked on."""
    form = SatisfactionForm(request.POST)
    if not selectors.satisfaction_asked(user=request.user, today=clock.today()):
        messages.info(request, _("You have already answered this quarter. Thank you."))
    elif not form.is_valid():
        errors = [str(e) for e in form.errors.get("score", [])]
        messages.error(request, " ".join(errors) or _("Nothing was saved."))
    else:
        dismissed = bool(form.cleaned_data["dismiss"])
        try:
            services.satisfaction_answer(
                user=request.user,
                score=None if dismissed else form.cleaned_data["score"],
                comment="" if dismissed else form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("We will not ask again this quarter.")
                if dismissed
                else _("Thank you for your answer."),
            )
    return redirect(_safe_next(request))


@require_GET
def satisfaction_results(request: PortalRequest) -> HttpResponse:
    _kombit_only(request)
    return render(
        request,
        "meetings/satisfaction.html",
        {"results": selectors.satisfaction_results(), "klik_survey": KLIK_SURVEY},
    )
