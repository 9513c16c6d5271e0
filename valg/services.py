"""Every write of Valg, each with its audit event: the check-ins a programme leader enters and
corrects, KOMBIT's survey import (all or nothing), and the roll-out's waves, status points and
milestones (`load_demo`, the admin)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kombitportal.core import audit
from kombitportal.core.approxdate import validate_approximate_date
from kombitportal.core.models import Municipality, Region
from valg.models import CheckIn, Milestone, RatedArea, StatusPoint, Wave, phase_of


def can_enter_checkins(user, municipality: Municipality) -> bool:
    """The municipality's programme leader enters its check-ins (KOMBIT imports them)."""
    return bool(
        user.is_authenticated
        and user.is_programme_leader
        and user.municipality_id == municipality.pk
    )


@dataclass(frozen=True)
class Score:
    """What a check-in form says of one rated area: no score clears it."""

    area: str
    score: int | None
    comment: str = ""


@dataclass(frozen=True)
class Saved:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


def _put(
    *, wave: Wave, participant: dict, week: int, area: str, score: int, comment: str,
    source: str, actor,
) -> str:  # fmt: skip
    """Create or correct one check-in by its key; "created", "changed" or "unchanged"."""
    key = {"wave": wave, "phase": phase_of(week), "week": week, "area": area, **participant}
    obj = CheckIn.objects.filter(**key).first() or CheckIn(**key)
    created = obj.pk is None
    changed = audit.assign(obj, score=score, comment=comment)
    if not created and not changed:
        return "unchanged"
    obj.source = source
    obj.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    audit.save_if_changed(obj, changed, actor=actor, action="valg.checkin")
    return "created" if created else "changed"


@transaction.atomic
def checkin_week_set(*, municipality: Municipality, week: int, scores: list[Score], actor) -> Saved:
    """The municipality's check-in of one week of its wave: each rated area's score and comment;
    an area without a score has none (a score that was there is removed)."""
    if not can_enter_checkins(actor, municipality):
        raise PermissionDenied
    wave = (
        Wave.objects.filter(municipalities=municipality)
        .exclude(status=Wave.Status.CANCELLED)
        .first()
    )
    if wave is None:
        raise ValidationError(_("%(name)s is not in a roll-out wave.") % {"name": municipality})
    if not 1 <= week <= 5:
        raise ValidationError(_("A wave has the weeks 1 to 5."))
    if {s.area for s in scores} - set(RatedArea.values):
        raise ValidationError(_("Unknown rated area."))
    counts = {"created": 0, "changed": 0, "removed": 0, "unchanged": 0}
    for entry in scores:
        if entry.score is None:
            gone = CheckIn.objects.filter(
                wave=wave, municipality=municipality, week=week, area=entry.area
            ).first()
            if gone is not None:
                audit.record(
                    actor=actor, action="valg.checkin.delete", obj=gone,
                    changes={"score": (gone.score, ""), "comment": (gone.comment, "")},
                )  # fmt: skip
                gone.delete()
                counts["removed"] += 1
            continue
        outcome = _put(
            wave=wave, participant={"municipality": municipality}, week=week, area=entry.area,
            score=entry.score, comment=entry.comment.strip(), source=CheckIn.Source.PORTAL,
            actor=actor,
        )  # fmt: skip
        counts[outcome] += 1
    return Saved(**counts)


@dataclass(frozen=True)
class ImportRow:
    """One valid row of a survey export (valg/imports.py reads and checks them)."""

    line: int
    wave: Wave
    municipality: Municipality | None
    region: Region | None
    week: int
    area: str
    score: int
    comment: str


@transaction.atomic
def checkins_import(*, rows: list[ImportRow], actor, source: str = CheckIn.Source.IMPORT) -> Saved:
    """Save a survey export's rows (valg/imports.py has checked them): all of them or, on any
    error, none. A row that is already there with the same score and comment is left as it is, so
    importing a file twice doubles nothing; a changed one is corrected in place. A fixed number of
    queries: the trail gets one event for the import and one per corrected score."""
    if not rows:
        return Saved()
    existing = {
        _key(c.wave_id, c.municipality_id, c.region_id, c.week, c.area): c
        for c in CheckIn.objects.filter(wave__in={row.wave.pk for row in rows})
    }
    user = actor if getattr(actor, "is_authenticated", False) else None
    new, corrected, unchanged = [], [], 0
    for row in rows:
        municipality_id = row.municipality.pk if row.municipality else None
        region_id = row.region.pk if row.region else None
        found = existing.get(_key(row.wave.pk, municipality_id, region_id, row.week, row.area))
        if found is None:
            checkin = CheckIn(
                wave=row.wave, municipality=row.municipality, region=row.region,
                phase=phase_of(row.week), week=row.week, area=row.area, score=row.score,
                comment=row.comment, source=source, entered_by=user,
            )  # fmt: skip
            new.append(checkin)
        elif changed := audit.assign(found, score=row.score, comment=row.comment):
            found.source, found.entered_by = source, user
            corrected.append((found, changed))
        else:
            unchanged += 1
    CheckIn.objects.bulk_create(new)
    CheckIn.objects.bulk_update(
        [c for c, _changed in corrected], ["score", "comment", "source", "entered_by", "updated_at"]
    )
    for checkin, changed in corrected:
        audit.record(actor=actor, action="valg.checkin.change", obj=checkin, changes=changed)
    if new or corrected:
        audit.record(
            actor=actor,
            action="valg.checkin.import",
            note=f"{len(new)} new, {len(corrected)} changed, {unchanged} unchanged ({source})",
        )
    return Saved(created=len(new), changed=len(corrected), unchanged=unchanged)


def _key(wave_id, municipality_id, region_id, week: int, area: str) -> tuple:
    return wave_id, municipality_id, region_id, week, area


@transaction.atomic
def wave_save(
    *, number: int, status: str, on_plan: bool = True, starts_on: date | None = None,
    note: str = "", municipalities=(), regions=(), participants_are_demo: bool = False, actor=None,
) -> Wave:  # fmt: skip
    wave = audit.upsert(
        Wave,
        {"number": number},
        {
            "status": status, "on_plan": on_plan, "starts_on": starts_on, "note": note,
            "participants_are_demo": participants_are_demo,
        },
        actor=actor,
        action="valg.wave",
    )  # fmt: skip
    for relation, wanted in (("municipalities", municipalities), ("regions", regions)):
        manager = getattr(wave, relation)
        before = set(manager.all())
        if before != set(wanted):
            manager.set(wanted)
            audit.record(
                actor=actor, action="valg.wave.change", obj=wave,
                changes={relation: (sorted(map(str, before)), sorted(map(str, wanted)))},
            )  # fmt: skip
    return wave


@transaction.atomic
def status_point_save(*, text: str, position: int, actor=None) -> StatusPoint:
    return audit.upsert(
        StatusPoint, {"text": text}, {"position": position}, actor=actor, action="valg.status"
    )


@transaction.atomic
def milestone_save(
    *, title: str, kind: str, written: str, when: str, until: date | None = None,
    detail: str = "", position: int = 0, reference: date, actor=None,
) -> Milestone:  # fmt: skip
    parsed = validate_approximate_date(when, reference=reference)
    return audit.upsert(
        Milestone,
        {"title": title},
        {
            "kind": kind, "written": written, "detail": detail, "position": position,
            "until": until, "when_text": parsed.text, "when_date": parsed.sort_date("start"),
            "when_precision": parsed.precision,
        },
        actor=actor,
        action="valg.milestone",
    )  # fmt: skip
