"""SAPA's catalogue as the seed's slides hold it: the demo loads every purpose, legal basis and
subject area (and again changes nothing); the search finds a purpose by paragraph, range, letter,
reference number, act and subject area; the pages read it in a fixed number of queries; the
timeline is drawn from the data."""

from datetime import date

import pytest
from django.core.management import call_command

from kombitportal.core import timeline
from kombitportal.core.models import AuditEvent
from sapa import demo, selectors, services
from sapa.models import AccessLevel, DataArea, Interface, LegalBasis, Purpose, Release
from tests.sapa.test_legal import SLIDE_BASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    demo.load_sapa_demo()


def test_the_demo_holds_every_basis_and_subject_area_of_the_slides(catalogue):
    assert sorted(b.text for b in LegalBasis.objects.all()) == sorted(SLIDE_BASES)
    broad = Purpose.objects.get(name="Bred adgang")
    assert next(b.text for b in broad.legal_bases.filter(parent=None)).startswith(
        "Lov om social service § 80"
    )
    assert broad.legal_bases.count() == 16 and broad.subject_areas.count() == 9
    narrow = Purpose.objects.get(name="Snæver adgang")
    assert narrow.legal_bases.count() == 0 and narrow.subject_areas.count() == 16
    assert (
        list(narrow.subject_areas.values_list("name", flat=True))[-1] == "Mellemkommunal refusion"
    )
    order = LegalBasis.objects.get(reference_number=2058)
    assert (order.parent.short_name, order.reference_kind) == ("dagtilbudsloven", "BEK")
    assert set(Purpose.objects.values_list("name", flat=True)) >= {
        "Kontrol", "Opkrævning", "Sygedagpenge", "Dagtilbud", "Mellemkommunal refusion",
        "Bred adgang", "Mellem adgang", "Snæver adgang", "Midlertidige formål", "Kontrol LAB",
        "Kontrol LAS mfl.",
    }  # fmt: skip
    assert Purpose.objects.get(name="Kontrol LAS mfl.").note == "(formål lånt fra KY)"
    assert [(r.version, r.released_date) for r in Release.objects.all()] == [
        ("3.12", date(2023, 9, 20)), ("3.16", date(2024, 9, 18)), ("3.17", date(2025, 1, 7)),
        ("3.18", date(2025, 3, 13)),
    ]  # fmt: skip
    assert DataArea.objects.get(name="Årsopgørelse").interface == Interface.DUPLA


def test_loading_again_changes_nothing(catalogue):
    events = AuditEvent.objects.count()
    ids = list(LegalBasis.objects.values_list("pk", flat=True))
    assert demo.load_sapa_demo()["SAPA purposes"] == 13
    assert AuditEvent.objects.count() == events
    assert list(LegalBasis.objects.values_list("pk", flat=True)) == ids


def answers(q):
    _query, rows = selectors.purpose_catalogue(q=q)
    found = {}
    for row in rows:
        if not row.matched:
            continue
        bases = [b.basis for b in row.bases if b.matched]
        bases += [o.basis for b in row.bases for o in b.orders if o.matched]
        found[str(row.purpose)] = sorted(b.short_name or b.act[:30] for b in bases) + sorted(
            a.name for a, hit in row.subject_areas if hit
        )
    return found


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("§ 109", {"Bred adgang": ["Lov om social service"]}),  # in §§ 107-110
        ("§ 192a", {"Bred adgang": ["Lov om social service"]}),
        ("192 a", {"Bred adgang": ["Lov om social service"]}),
        ("§ 87", {"Bred adgang": ["Barnets lov"], "Mellem adgang": ["Barnets lov", "dagtilbudsloven"]}),
        # In "§§ 93-93 a" of dagtilbudsloven and in "§§ 90-94" of aktivloven.
        ("§ 93a", {"Bred adgang": ["Lov om aktiv socialpolitik"], "Mellem adgang": ["dagtilbudsloven"]}),
        # § 11c of retssikkerhedsloven, and within "§§ 1-18" and "§§ 1-12" of two orders.
        ("§ 11c", {"Bred adgang": ["Bekendtgørelse om betaling for", "Bekendtgørelse om betaling for", "Retssikkerhedsloven"]}),
        ("LBK 909", {"Bred adgang": ["Lov om social service"]}),
        ("BEK nr. 2058", {"Mellem adgang": ["Bekendtgørelse om dagtilbud"]}),
        ("1480", {"Bred adgang": ["Bekendtgørelse om støtte til k"]}),
        ("integrationsloven", {"Bred adgang": ["integrationsloven", "Ydelser efter integrationsloven, aktivloven og beskæftigelsesloven"]}),
        ("Barnets lov § 36", {"Bred adgang": ["Barnets lov"], "Mellem adgang": ["Barnets lov"]}),
        ("Økonomisk friplads", {"Mellem adgang": ["Økonomisk friplads"]}),
        ("fogedsager", {"Snæver adgang": ["Fogedsager"]}),
        ("§ 999", {}),
    ],
)  # fmt: skip
def test_which_purpose_covers(catalogue, q, expected):
    assert answers(q) == expected


def test_the_answer_shows_the_basis_highlighted(catalogue, user_a, client_for):
    page = client_for(user_a).get("/sapa/formaal/", {"q": "§ 109"}).content.decode()
    assert "1 formål svarer på “§ 109”." in page
    assert "<mark>Lov om social service § 80, § 100, §§ 107-110" in page
    assert "Bred adgang" in page and "Snæver adgang" not in page


@pytest.mark.parametrize("extra", [0, 40])
def test_the_pages_run_a_fixed_number_of_queries(
    catalogue, extra, user_a, client_for, django_assert_num_queries, db_sessions
):
    for i in range(extra):
        purpose = services.purpose_save(
            name=f"Formål {i}", interface=Interface.INCOME, level=AccessLevel.SPECIFIC,
            effective=f"{i % 28 + 1}.02.2025", reference=date(2024, 11, 1),
        )  # fmt: skip
        services.purpose_catalogue_set(
            purpose=purpose,
            bases=[(f"Lov om prøve {i} § {i + 1} (LBK nr. {i + 1} af 1. juli 2024)", [])],
            subject_areas=[f"Område {i}"],
        )
    client = client_for(user_a)
    client.get("/sapa/formaal/")
    # Session, user, the purposes, their legal bases and subject areas.
    with django_assert_num_queries(5):
        page = client.get("/sapa/formaal/").content.decode()
    assert page.count('class="purpose card"') == 3 + extra
    # Session, user, the releases with their data areas (2), the purposes (3), the purposes
    # and milestones of the timeline (2), the steps and their KLIK tasks (2), the data-exchange
    # agreements (1: none without the agreements' demo; tests/sapa/test_steps.py has them).
    with django_assert_num_queries(12):
        page = client.get("/sapa/").content.decode()
    # 4 releases, 11 dated purposes and 3 milestones, in both drawings.
    assert page.count('class="timeline__event ') == 2 * (18 + extra)


def test_an_added_release_appears_on_the_timeline(catalogue):
    release = services.release_save(
        version="3.19", released="Ultimo 2025", reference=date(2025, 1, 1)
    )
    services.data_area_save(name="Ejendomsvurdering", interface=Interface.DUPLA, release=release)
    events = selectors.timeline()
    assert events[-3].title == "SAPA release 3.19" and events[-3].detail == "Ejendomsvurdering"
    drawing = timeline.wide(
        events, today=date(2024, 11, 26), lanes=[("indkomst", "Indkomst"), ("dupla", "DUPLA")]
    )
    placed = {p.event.title: p for p in drawing.events}
    assert placed["SAPA release 3.19"].span_width > 50  # "Ultimo 2025": October to December
    assert placed["SAPA release 3.19"].x > placed["SAPA release 3.18"].x
    assert (
        drawing.today is not None
        and placed["Bred adgang"].x < drawing.today < placed["Mellemkommunal refusion"].x
    )


def test_the_timeline_table_and_today(catalogue, user_a, client_for, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    page = client_for(user_a).get("/sapa/").content.decode()
    assert "I dag, 26. november 2024" in page
    assert (
        "<caption>SAPAs tidsplan 2023–2025: releases, formål og lukningen af KMD Indkomst som tabel</caption>"
        in page
    )
    assert "Lukning KMD Indkomst" in page and "Primo 2025" in page


def test_load_demo_includes_sapa(db):
    call_command("load_demo", verbosity=0)
    assert Purpose.objects.filter(name="Bred adgang").exists()
