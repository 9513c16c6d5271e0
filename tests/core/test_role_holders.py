"""The municipality keeps its own role holders: its programme leader (or a person the programme
leader names) adds contacts, fills roles, marks one holder primary and removes holders; each
change is in the audit trail. KOMBIT sees which municipalities miss a role their open work needs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from klik.models import Project, Task
from klik.services import task_publish
from kombitportal.accounts.services import person_for_user
from kombitportal.agreements.models import Agreement
from kombitportal.core import selectors, services
from kombitportal.core.models import AuditEvent, Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(db):
    return Role.objects.create(name="DPO", kind="general", status="published")


@pytest.fixture
def sofie(aarhus):
    return services.person_upsert(
        name="Sofie Bach", email="sofie@aarhus.example.dk", municipality=aarhus
    )


def test_the_programme_leader_fills_a_role_with_a_new_contact(dpo, aarhus, user_a, client_for):
    client = client_for(user_a)
    assert client.get(f"/roller/{dpo.pk}/besaet/").status_code == 200
    response = client.post(
        f"/roller/{dpo.pk}/besaet/",
        {"name": "Lars Vest", "email": "lars@aarhus.example.dk", "phone": "+45 1234 5678"},
    )
    assert response.status_code == 302 and response["Location"] == f"/roller/#role-{dpo.pk}"
    holder = RoleAssignment.objects.get(role=dpo, municipality=aarhus)
    assert holder.person.name == "Lars Vest" and holder.person.phone == "+45 1234 5678"
    assert holder.is_primary  # the first holder of a role
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor"))
    assert actions[-2:] == [
        ("core.person.create", user_a.pk),
        ("core.role_assignment.create", user_a.pk),
    ]


def test_a_new_contact_needs_a_name_and_an_e_mail(dpo, user_a, client_for):
    response = client_for(user_a).post(f"/roller/{dpo.pk}/besaet/", {"phone": "1234"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Vælg en person, eller skriv den nye kontakts navn." in body
    assert "En ny kontakt skal have en e-mailadresse." in body
    assert not RoleAssignment.objects.exists()


def test_primary_moves_and_a_removed_primary_hands_over(dpo, aarhus, user_a, sofie):
    lars = services.contact_add(
        municipality=aarhus,
        name="Lars Vest",
        email="lars@aarhus.example.dk",
        phone="",
        title="",
        actor=user_a,
    )
    first = services.role_holder_add(
        role=dpo, municipality=aarhus, person=sofie, is_primary=False, actor=user_a
    )
    second = services.role_holder_add(
        role=dpo, municipality=aarhus, person=lars, is_primary=False, actor=user_a
    )
    assert first.is_primary and not second.is_primary
    services.role_holder_make_primary(assignment=second, actor=user_a)
    first.refresh_from_db()
    assert not first.is_primary
    services.role_holder_remove(assignment=RoleAssignment.objects.get(pk=second.pk), actor=user_a)
    first.refresh_from_db()
    assert first.is_primary  # the one left takes over
    removed = AuditEvent.objects.get(action="core.role_assignment.delete")
    assert removed.changes["person"] == ["Lars Vest", ""] and removed.actor == user_a


def test_an_employee_may_not_unless_named_and_another_municipality_never(
    dpo, aarhus, odense, staff_a, user_a, user_b, sofie
):
    with pytest.raises(PermissionDenied):
        services.role_holder_add(
            role=dpo, municipality=aarhus, person=sofie, is_primary=True, actor=staff_a
        )
    with pytest.raises(PermissionDenied):
        services.role_holder_add(
            role=dpo, municipality=aarhus, person=sofie, is_primary=True, actor=user_b
        )
    alma = person_for_user(staff_a)
    with pytest.raises(PermissionDenied):
        services.role_keeper_set(person=alma, keeps=True, actor=staff_a)  # not herself
    services.role_keeper_set(person=alma, keeps=True, actor=user_a)
    assert (
        services.role_holder_add(
            role=dpo, municipality=aarhus, person=sofie, is_primary=True, actor=staff_a
        ).person
        == sofie
    )
    assert AuditEvent.objects.filter(action="core.person.keeps_role_holders", actor=user_a).exists()


def test_a_person_of_another_municipality_cannot_hold_a_role_here(dpo, aarhus, odense, user_a):
    bo = services.person_upsert(name="Bo", email="bo@odense.example.dk", municipality=odense)
    with pytest.raises(ValidationError):
        services.role_holder_add(
            role=dpo, municipality=aarhus, person=bo, is_primary=True, actor=user_a
        )
    draft = Role.objects.create(name="Udkast", kind="general", status="draft")
    with pytest.raises(ValidationError):
        services.role_holder_add(
            role=draft, municipality=aarhus, person=bo, is_primary=True, actor=user_a
        )


def test_the_gallery_links_the_empty_roles_to_their_form(dpo, user_a, staff_a, client_for):
    body = client_for(user_a).get("/roller/?empty=on").content.decode()
    assert f'<a href="/roller/{dpo.pk}/besaet/">DPO</a>' in body
    assert "Besæt rollen" in body
    assert "/besaet/" not in client_for(staff_a).get("/roller/?empty=on").content.decode()


def test_contacts_page_adds_a_contact(aarhus, user_a, client_for):
    client = client_for(user_a)
    response = client.post(
        "/roller/kontakter/",
        {"name": "Ny Kontakt", "email": "ny@aarhus.example.dk", "phone": "", "title": "DPO"},
    )
    assert response.status_code == 302
    assert Person.objects.filter(municipality=aarhus, email="ny@aarhus.example.dk").exists()
    assert "Ny Kontakt" in client.get("/roller/kontakter/").content.decode()


def test_kombit_sees_the_empty_roles_open_work_needs(
    dpo, aarhus, odense, kombit_user, client_for, sofie
):
    owner = Role.objects.create(name="SAPA-systemejer", kind="general", status="published")
    agreement = Agreement.objects.create(kind="dataudvekslingsaftale", title="SVR", dispatched=True)
    agreement.recipient_roles.set([owner])
    task = Task.objects.create(
        project=Project.objects.create(name="SAPA"), title="K53", responsible_role=dpo
    )
    task_publish(task=task)
    services.role_assignment_set(role=dpo, municipality=aarhus, person=sofie, is_primary=True)
    rows = {
        r.municipality.code: [role.name for role in r.roles]
        for r in selectors.empty_needed_roles(user=kombit_user, municipality=None)
    }
    assert rows["0751"] == ["SAPA-systemejer"]  # DPO is held in Aarhus
    assert rows["0461"] == ["DPO", "SAPA-systemejer"]
    assert len(rows) == 98
    body = client_for(kombit_user).get("/roller/tomme/").content.decode()
    assert "98 kommuner" in body and "SAPA-systemejer" in body


@pytest.mark.parametrize("people", [3, 40])
def test_the_contacts_run_a_fixed_number_of_queries(
    people, aarhus, user_a, client_for, django_assert_num_queries, db_sessions
):
    roles = [
        Role.objects.create(name=f"Rolle {i}", kind="general", status="published") for i in range(3)
    ]
    for i in range(people):
        person = services.person_upsert(
            name=f"Kontakt {i:02}", email=f"k{i}@aarhus.example.dk", municipality=aarhus
        )
        services.role_assignment_set(
            role=roles[i % 3], municipality=aarhus, person=person, is_primary=i < 3
        )
    client = client_for(user_a)
    client.get("/roller/kontakter/")
    # Session, user, the people with their roles (2).
    with django_assert_num_queries(4):
        body = client.get("/roller/kontakter/").content.decode()
    assert body.count("@aarhus.example.dk</a>") >= people


@pytest.mark.parametrize("roles", [2, 15])
def test_kombits_empty_roles_run_a_fixed_number_of_queries(
    roles, aarhus, sofie, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    needed = [
        Role.objects.create(name=f"Rolle {i:02}", kind="general", status="published")
        for i in range(roles)
    ]
    agreement = Agreement.objects.create(kind="dataudvekslingsaftale", title="SVR", dispatched=True)
    agreement.recipient_roles.set(needed)
    services.role_assignment_set(role=needed[0], municipality=aarhus, person=sofie, is_primary=True)
    client = client_for(kombit_user)
    client.get("/roller/tomme/")
    # Session, user, the municipalities, and each area's needed roles and who holds them.
    with django_assert_num_queries(9):
        body = client.get("/roller/tomme/").content.decode()
    assert body.count(f"Rolle {roles - 1:02}") == 98
