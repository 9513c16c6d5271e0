"""Context Handler 2's pages: a municipality's IdPs and what CH2 sends them per system (the IdP
must enforce two factors where CH2 sends nothing), the forms of its programme leader and its
infrastructure-responsible, the CH1 phase-out, the certificate change's checklist and KOMBIT's
view of who has not ticked, the reminders, the start page's card and the pages' fixed queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from contexthandler import mail, selectors, services
from contexthandler.models import IdentityProvider, Rollover, RolloverCheck, SystemUse, UserSystem
from kombitportal.accounts.services import person_for_user
from kombitportal.core import services as core_services
from kombitportal.core.models import AuditEvent, Municipality, Role

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_what_ch2_sends_each_system(demo, user_a, client_for, aarhus):
    idp_list = selectors.idps(user=user_a, municipality=aarhus)
    rows = {
        r.system.name: r
        for r in selectors.systems(user=user_a, municipality=aarhus, idp_list=idp_list)
    }
    ((_idp, sapa),) = rows["SAPA"].sent
    assert (
        sapa.multipleauthn and not sapa.idp_must_enforce
    )  # OIOSAML2 – ADFS multipleauthn at NIST 3
    ((_idp, flis),) = rows["FLIS"].sent
    assert flis.nothing  # NIST 2: nothing
    page = client_for(user_a).get("/contexthandler/").content.decode()
    assert "Context Handler 2 sender http://schemas.microsoft.com/claims/multipleauthn" in page


def test_the_idp_must_enforce_where_ch2_sends_nothing(demo, client_for):
    esbjerg = Municipality.objects.get(code="0561")
    from kombitportal.accounts.models import User

    leader = User.objects.create_user(
        "serial-e", full_name="Eva Esbjerg", portal_role=User.PortalRole.PROGRAMLEDER,
        municipality=esbjerg,
    )  # fmt: skip
    page = client_for(leader).get("/contexthandler/").content.decode()
    assert "Jeres IdP skal selv kræve to-faktor-login" in page  # Without requested LoA, SAPA
    assert "FLIS" in page.split("bruger stadig Context Handler 1")[1]


def test_kombit_sees_the_ch1_phase_out_and_who_has_not_ticked(demo, kombit_user, client_for):
    overview = selectors.ch1_overview()
    assert overview.municipalities == 2 and len(overview.uses) == 3
    (state,) = selectors.rollovers(user=kombit_user, municipality=None)
    assert state.total == 5 and state.done == 0 and len(state.missing) == 5
    page = client_for(kombit_user).get("/contexthandler/").content.decode()
    assert "2 kommuner bruger stadig Context Handler 1" in page
    assert "0 af 5 kommuner har sat begge flueben for alle IdP" in page


def test_the_programme_leader_keeps_the_idp_current(demo, user_a, client_for, aarhus):
    client = client_for(user_a)
    bad = client.post("/contexthandler/idp/ny/", {
        "name": "Ny", "entity_id": "https://ny.example", "metadata_url": "http://ny.example/md",
        "protocol": "oiosaml2", "profile": "oiosaml3",
    })  # fmt: skip
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "Metadata-URL&#x27;en skal begynde med https://." in page
    assert "OIOSAML3 er en OIOSAML3-profil; IdP&#x27;en bruger OIOSAML2." in page
    assert IdentityProvider.objects.filter(municipality=aarhus).count() == 1
    ok = client.post("/contexthandler/idp/ny/", {
        "name": "Ny", "entity_id": "https://ny.example", "metadata_url": "https://ny.example/md",
        "protocol": "oiosaml3", "profile": "oiosaml3",
    })  # fmt: skip
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(action="contexthandler.idp.create", actor=user_a).exists()


def test_the_infrastructure_responsible_may_edit_an_employee_may_not(
    demo, staff_a, client_for, aarhus
):
    client = client_for(staff_a)
    assert client.get("/contexthandler/idp/ny/").status_code == 403
    core_services.role_assignment_set(
        role=Role.objects.get(name=services.INFRASTRUCTURE_ROLE), municipality=aarhus,
        person=person_for_user(staff_a),
    )  # fmt: skip
    assert client.get("/contexthandler/idp/ny/").status_code == 200


def test_the_checklist_is_ticked_and_kombit_sees_it(demo, user_a, kombit_user, client_for, aarhus):
    check = RolloverCheck.objects.get(municipality=aarhus)
    response = client_for(user_a).post(
        f"/contexthandler/certifikatskifte/tjek/{check.pk}/", {"trust": "on", "metadata": "on"}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.done and check.updated_by == user_a
    (state,) = selectors.rollovers(user=kombit_user, municipality=None)
    assert state.done == 1 and "Aarhus" not in [m.name for m, _n in state.missing]


def test_reminders_go_to_the_infrastructure_responsible_until_ticked(demo, aarhus, user_a):
    role = Role.objects.get(name=services.INFRASTRUCTURE_ROLE)
    keeper = core_services.person_upsert(
        name="Ivan Infra", email="ivan@aarhus.example.dk", municipality=aarhus
    )
    core_services.role_assignment_set(role=role, municipality=aarhus, person=keeper)
    due = [d for d in mail.due_reminders(date(2024, 11, 27)) if d.person_id == keeper.pk]
    (before,) = due
    assert before.kind == mail.BEFORE and before.subject_key.endswith(":before:7")
    # After the change, on Mondays, as long as it is not ticked.
    (after,) = [d for d in mail.due_reminders(date(2024, 12, 9)) if d.person_id == keeper.pk]
    assert after.kind == mail.AFTER
    assert not [d for d in mail.due_reminders(date(2024, 12, 10)) if d.person_id == keeper.pk]
    check = RolloverCheck.objects.get(municipality=aarhus)
    services.rollover_tick(check=check, trust=True, metadata=True, actor=user_a)
    assert not [d for d in mail.due_reminders(date(2024, 12, 16)) if d.person_id == keeper.pk]


def test_the_start_page_card(demo, user_a, kombit_user, client_for, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    assert (
        "1 IdP, 1 trin i certifikatskiftet at sætte flueben ved"
        in client_for(user_a).get("/").content.decode()
    )
    assert "2 kommuner på Context Handler 1" in client_for(kombit_user).get("/").content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_the_page_runs_a_fixed_number_of_queries(
    demo, extra, user_a, kombit_user, client_for, django_assert_num_queries, db_sessions, aarhus
):
    rollover = Rollover.objects.get()
    for n in range(extra):
        idp = IdentityProvider.objects.create(
            municipality=aarhus if n % 2 else Municipality.objects.get(code="0461"),
            name=f"IdP {n}", entity_id=f"https://idp{n}.example", protocol="oiosaml2",
            profile="oiosaml2",
        )  # fmt: skip
        RolloverCheck.objects.create(rollover=rollover, idp=idp, municipality=idp.municipality)
        UserSystem.objects.create(name=f"System {n}", level="nist2")
    SystemUse.objects.bulk_create(
        SystemUse(municipality=aarhus, system=s, handler="ch1")
        for s in UserSystem.objects.exclude(uses__municipality=aarhus)
    )
    # Session, user; the rollovers with the municipality's checklists (2) or KOMBIT's counts and
    # municipalities (3); the watched sources with their certificates and findings (3); the
    # municipality's IdPs, its systems and their use, and whether the user may edit (3), or
    # KOMBIT's systems still on Context Handler 1 (1).
    for user, queries in ((user_a, 10), (kombit_user, 9)):
        client = client_for(user)
        client.get("/contexthandler/")
        with django_assert_num_queries(queries):
            assert client.get("/contexthandler/").status_code == 200


def test_load_demo_twice_changes_nothing(demo):
    events = AuditEvent.objects.count()
    call_command("load_demo", verbosity=0)
    assert AuditEvent.objects.count() == events
    assert Rollover.objects.get().starts_at == datetime(2024, 12, 4, 6, 0, tzinfo=CPH)
