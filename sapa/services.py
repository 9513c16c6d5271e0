"""Every write of SAPA's catalogue, each with its audit event: purposes with their legal bases and
subject areas, releases with their data areas, and the timeline's other milestones."""

from datetime import date

from django.db import transaction

from kombitportal.core import audit
from kombitportal.core.approxdate import validate_approximate_date
from sapa.models import DataArea, LegalBasis, Milestone, Purpose, Release, Step, SubjectArea


def _dated(name: str, text: str, *, reference: date, bound: str = "start") -> dict:
    """The columns of an approximate date written as `text` ("" for none); the sortable date is
    its first day for a start, its last for an end (a deadline)."""
    if not text:
        return {f"{name}_text": "", f"{name}_date": None, f"{name}_precision": ""}
    parsed = validate_approximate_date(text, reference=reference)
    return {
        f"{name}_text": parsed.text,
        f"{name}_date": parsed.sort_date(bound),
        f"{name}_precision": parsed.precision,
    }


@transaction.atomic
def purpose_save(
    *,
    name: str,
    interface: str,
    level: str,
    note: str = "",
    effective: str = "",
    part_of: Purpose | None = None,
    position: int = 0,
    reference: date,
    actor=None,
) -> Purpose:
    return audit.upsert(
        Purpose,
        {"name": name, "interface": interface},
        {
            "level": level, "note": note, "part_of": part_of, "position": position,
            **_dated("effective", effective, reference=reference),
        },
        actor=actor,
        action="sapa.purpose",
    )  # fmt: skip


@transaction.atomic
def purpose_catalogue_set(
    *,
    purpose: Purpose,
    bases: list[tuple[str, list[str]]],
    subject_areas: list[str],
    actor=None,
) -> Purpose:
    """The purpose's legal bases (each act with the orders under it) and subject areas, in the
    order given, each basis read from the line as written. Unchanged lists write nothing."""
    wanted_bases = [(act, orders) for act, orders in bases]
    current_bases = [
        (basis.text, [order.text for order in basis.orders.all()])
        for basis in purpose.legal_bases.filter(parent=None).prefetch_related("orders")
    ]
    if current_bases != wanted_bases:
        before = "\n".join(text for text, _orders in current_bases)
        purpose.legal_bases.all().delete()
        for position, (act_text, orders) in enumerate(wanted_bases):
            act = LegalBasis(purpose=purpose, position=position * 10)
            act.set_text(act_text)
            act.full_clean()
            act.save()
            for order_position, order_text in enumerate(orders):
                order = LegalBasis(purpose=purpose, parent=act, position=order_position * 10)
                order.set_text(order_text)
                order.full_clean()
                order.save()
        audit.record(
            actor=actor,
            action="sapa.purpose.legal_bases",
            obj=purpose,
            changes={"legal_bases": (before, "\n".join(act for act, _orders in wanted_bases))},
        )
    current_areas = list(purpose.subject_areas.values_list("name", flat=True))
    if current_areas != subject_areas:
        purpose.subject_areas.all().delete()
        SubjectArea.objects.bulk_create(
            SubjectArea(purpose=purpose, name=name, position=position * 10)
            for position, name in enumerate(subject_areas)
        )
        audit.record(
            actor=actor,
            action="sapa.purpose.subject_areas",
            obj=purpose,
            changes={"subject_areas": (", ".join(current_areas), ", ".join(subject_areas))},
        )
    return purpose


@transaction.atomic
def release_save(
    *, version: str, released: str, note: str = "", reference: date, actor=None
) -> Release:
    return audit.upsert(
        Release,
        {"version": version},
        {"note": note, **_dated("released", released, reference=reference)},
        actor=actor,
        action="sapa.release",
    )


@transaction.atomic
def data_area_save(
    *,
    name: str,
    interface: str,
    release: Release | None,
    note: str = "",
    position: int = 0,
    actor=None,
) -> DataArea:
    return audit.upsert(
        DataArea,
        {"name": name},
        {"interface": interface, "release": release, "note": note, "position": position},
        actor=actor,
        action="sapa.data_area",
    )


@transaction.atomic
def milestone_save(
    *, title: str, when: str, interface: str = "", reference: date, actor=None
) -> Milestone:
    return audit.upsert(
        Milestone,
        {"title": title},
        {"interface": interface, **_dated("when", when, reference=reference)},
        actor=actor,
        action="sapa.milestone",
    )


@transaction.atomic
def step_save(
    *,
    group: str,
    what: str,
    how: str = "",
    where: str = "",
    who: str = "",
    when: str = "",
    agreement=None,
    klik_code: str = "",
    position: int = 0,
    reference: date,
    actor=None,
) -> Step:
    return audit.upsert(
        Step,
        {"what": what},
        {
            "group": group, "how": how, "where": where, "who": who, "agreement": agreement,
            "klik_code": klik_code, "position": position,
            **_dated("when", when, reference=reference, bound="end"),
        },
        actor=actor,
        action="sapa.step",
    )  # fmt: skip
