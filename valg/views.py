"""Pages of the Valg area: the roll-out at a glance with the satisfaction table, the score
distributions, the comments and the milestones; a municipality's check-ins and its weekly form;
"Hvilken løsning hvornår?"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kombitportal.core import clock, timeline
from kombitportal.core.exports import export_response
from kombitportal.core.forms import add_service_errors
from kombitportal.core.http import PortalRequest
from kombitportal.core.scoping import page_municipality
from valg import charts, exports, rules, selectors, services
from valg.forms import CheckInWeekForm, WhichSolutionForm
from valg.models import Milestone, RatedArea, phase_of


@require_GET
def index(request: PortalRequest) -> HttpResponse:
    municipality = page_municipality(request)
    wave_list = selectors.waves()
    table = selectors.satisfaction_table(wave_list)
    by_number = {str(w.number): w for w in wave_list}
    shown = by_number.get(request.GET.get("rul", "")) or selectors.last_wave(wave_list)
    distributions = selectors.distributions(shown)
    events = selectors.timeline()
    today = clock.today()
    own_wave = selectors.wave_of(municipality) if municipality else None
    return render(
        request,
        "valg/index.html",
        {
            "municipality": municipality,
            "status_points": selectors.status_points(),
            "waves": wave_list,
            "own_wave": own_wave,
            "table": table,
            "table_chart": charts.satisfaction(table),
            "shown_wave": shown,
            "rated_waves": [w for w in wave_list if w.status == "done"],
            "spreads": [(d, charts.spread(d)) for d in distributions],
            "comments": selectors.comments(user=request.user, municipality=municipality),
            "wide": timeline.wide(events, today=today),
            "narrow": timeline.narrow(events, today=today),
            "legend": Milestone.Kind.choices,
            "today_answer": rules.which_solution(rules.Kind.FOLKETINGSVALG, today),
        },
    )


@require_GET
def satisfaction_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The satisfaction table of the page, as CSV or XLSX."""
    return export_response(
        exports.satisfaction_table(selectors.satisfaction_table(selectors.waves())), fmt
    )


@require_GET
def checkins(request: PortalRequest) -> HttpResponse:
    """A municipality's check-ins week by week; for KOMBIT without a municipality chosen, who
    took part in which wave."""
    municipality = page_municipality(request)
    if municipality is None:
        return render(request, "valg/checkins_all.html", {"waves": selectors.waves()})
    wave = selectors.wave_of(municipality)
    return render(
        request,
        "valg/checkins.html",
        {
            "municipality": municipality,
            "wave": wave,
            "weeks": selectors.week_grid(user=request.user, municipality=municipality, wave=wave),
            "areas": list(RatedArea),
            "can_enter": services.can_enter_checkins(request.user, municipality),
        },
    )


@require_GET
def checkins_export(request: PortalRequest, fmt: str) -> FileResponse:
    """The check-ins page's table, as CSV or XLSX: the municipality's weeks, or for KOMBIT with no
    municipality chosen who took part in which wave."""
    municipality = page_municipality(request)
    if municipality is None:
        waves = [w for w in selectors.waves() if w.municipality_list]  # type: ignore[attr-defined]
        return export_response(exports.participant_table(waves), fmt)
    wave = selectors.wave_of(municipality)
    weeks = selectors.week_grid(user=request.user, municipality=municipality, wave=wave)
    return export_response(exports.checkin_table(municipality, wave, weeks), fmt)


@require_http_methods(["GET", "POST"])
def checkin_week(request: PortalRequest, week: int) -> HttpResponse:
    """The programme leader's check-in of one week of the municipality's wave."""
    municipality = request.user.municipality
    if municipality is None or not services.can_enter_checkins(request.user, municipality):
        raise PermissionDenied
    if not 1 <= week <= 5:
        raise Http404
    wave = selectors.wave_of(municipality)
    grid = {row.week: row for row in selectors.week_grid(
        user=request.user, municipality=municipality, wave=wave
    )}  # fmt: skip
    if request.method == "POST":
        form = CheckInWeekForm(request.POST)
        if form.is_valid():
            try:
                saved = services.checkin_week_set(
                    municipality=municipality,
                    week=week,
                    scores=[services.Score(a, s, c) for a, s, c in form.scores()],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if saved.created or saved.changed or saved.removed:
                    messages.success(
                        request, _("The check-in of week %(week)d is saved.") % {"week": week}
                    )
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("valg:checkins")
    else:
        row = grid.get(week)
        initial = {}
        for area, checkin in zip(RatedArea, row.scores if row else [], strict=False):
            if checkin is not None:
                initial[f"score_{area.value}"] = str(checkin.score)
                initial[f"comment_{area.value}"] = checkin.comment
        form = CheckInWeekForm(initial=initial)
    return render(
        request,
        "valg/checkin_week.html",
        {
            "form": form,
            "municipality": municipality,
            "wave": wave,
            "week": week,
            "phase": phase_of(week),
        },
    )


@require_GET
def which_solution(request: PortalRequest) -> HttpResponse:
    asked = "type" in request.GET or "date" in request.GET
    form = WhichSolutionForm(request.GET if asked else None)
    answer = None
    if asked and form.is_valid():
        answer = rules.which_solution(form.cleaned_data["type"], form.cleaned_data["date"])
    return render(
        request,
        "valg/which.html",
        {
            "form": form,
            "asked": asked,
            "answer": answer,
            "slide_rule": rules.SLIDE_RULE.split("\n"),
            "slide_payment": rules.SLIDE_PAYMENT,
            "reading": rules.READING,
        },
    )
