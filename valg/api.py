"""Valg's part of the read-only API (/api/v1/valg/): the satisfaction table (per wave the mean
"generelt" score of each phase and the total, computed from the single check-ins as /valg/ does
it) and the single check-ins the user may see."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from kombitportal.api.auth import api_user
from kombitportal.api.schemas import ERRORS, NO_NUL, MunicipalityRef, Out, Page, PageQuery, paginate
from kombitportal.core.scoping import visible_municipality
from valg import selectors
from valg.models import CheckIn, Phase, RatedArea

router = Router(tags=["valg"])

PhaseValue = Literal["klargoering", "proevevalg_uge4", "proevevalg_uge5"]
AreaValue = Literal["generelt", "valgdagen", "udrulningen", "supporten"]
WaveStatus = Literal["planned", "running", "done", "cancelled"]


class CellOut(Out):
    mean: float | None = Field(description="Rounded to two decimals, as the slide shows it.")
    answers: int


class PhaseScoreOut(CellOut):
    phase: PhaseValue
    label: str


class WaveScoresOut(Out):
    wave: int = Field(description="The wave's number (Rul 1).")
    status: WaveStatus
    starts_on: date | None
    phases: list[PhaseScoreOut]
    total: CellOut = Field(description="The mean of the phase means (of the phases answered).")


class RegionRef(Out):
    code: str
    name: str


class CheckInOut(Out):
    id: int
    wave: int
    municipality: MunicipalityRef | None
    region: RegionRef | None
    phase: PhaseValue
    phase_label: str
    week: int
    area: AreaValue
    area_label: str
    score: int
    comment: str
    updated_at: datetime


class ScoreQuery(PageQuery):
    rul: int | None = Field(None, ge=1, le=32767, description="One wave, by its number.")


class CheckInQuery(PageQuery):
    kommune: str = Field(
        "", pattern=NO_NUL, max_length=4, description="KOMBIT: one municipality's."
    )
    rul: int | None = Field(None, ge=1, le=32767, description="One wave, by its number.")
    phase: PhaseValue | None = None
    area: AreaValue | None = None
    week: int | None = Field(None, ge=1, le=5)


def _cell(cell: selectors.Cell) -> dict:
    return {"mean": float(cell.mean) if cell.mean is not None else None, "answers": cell.answers}


@router.get(
    "/scores/",
    response={200: Page[WaveScoresOut], **ERRORS},
    url_name="valg_scores",
    summary="Valg: satisfaction per wave and phase",
)
def score_list(request: HttpRequest, query: Query[ScoreQuery]) -> dict:
    """The satisfaction table: per wave that was not cancelled, in the order they ran."""
    rows = selectors.satisfaction_table(selectors.waves())
    rows = [row for row in rows if query.rul in (None, row.wave.number)]
    page = paginate(request, rows, query)
    page["results"] = [
        {
            "wave": row.wave.number,
            "status": row.wave.status,
            "starts_on": row.wave.starts_on,
            "phases": [
                {**_cell(cell), "phase": phase.value, "label": str(phase.label)}
                for phase, cell in zip(Phase, row.phases, strict=True)
            ],
            "total": _cell(row.total),
        }
        for row in page["results"]
    ]
    return page


def _checkin(checkin: CheckIn) -> dict:
    m, r = checkin.municipality, checkin.region
    return {
        "id": checkin.pk,
        "wave": checkin.wave.number,
        "municipality": {"code": m.code, "name": m.name} if m else None,
        "region": {"code": r.code, "name": r.name} if r else None,
        "phase": checkin.phase,
        "phase_label": str(Phase(checkin.phase).label),
        "week": checkin.week,
        "area": checkin.area,
        "area_label": str(RatedArea(checkin.area).label),
        "score": checkin.score,
        "comment": checkin.comment,
        "updated_at": checkin.updated_at,
    }


@router.get(
    "/checkins/",
    response={200: Page[CheckInOut], **ERRORS},
    url_name="valg_checkins",
    summary="Valg: check-in scores",
)
def checkin_list(request: HttpRequest, query: Query[CheckInQuery]) -> dict:
    """The single check-in scores the user may see: a municipality's own, KOMBIT's all."""
    user = api_user(request)
    found = selectors.checkin_list(
        user=user,
        municipality=visible_municipality(user, query.kommune or None),
        wave=query.rul,
        phase=query.phase or "",
        area=query.area or "",
        week=query.week,
    )
    page = paginate(request, found, query)
    page["results"] = [_checkin(c) for c in page["results"]]
    return page
