"""The role gallery: selectors, services and the page, with its query count pinned."""

import pytest
from django.core.exceptions import ValidationError

from kombitportal.core import selectors, services
from kombitportal.core.models import Role, RoleAssignment


def _gallery(municipality, roles: int, holders_per_role: int) -> None:
    solution = services.solution_upsert(code="sapa", name="SAPA")
    for r in range(roles):
        role = services.role_upsert(
            name=f"Rolle {r:03}", kind="system", status="published", solution=solution
        )
        if r % 3 == 0:
            continue  # every third role stays empty
        for h in range(holders_per_role):
            person = services.person_upsert(
                name=f"Person {r}-{h}", email=f"p{r}-{h}@example.dk", municipality=municipality
            )
            services.role_assignment_set(
                role=role, municipality=municipality, person=person, is_primary=h == 0
            )


def _queries_for(django_assert_max_num_queries, client, path, expected):
    with django_assert_max_num_queries(expected) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/roller/", "/roller/?empty=on&q=Rolle", "/"])
def test_query_count_does_not_grow_with_rows(
    path,
    aarhus,
    user_a,
    client_for,
    django_assert_num_queries,
    django_assert_max_num_queries,
    db_sessions,
):
    client = client_for(user_a)
    client.get(path)  # warm up: session and content types
    _gallery(aarhus, roles=3, holders_per_role=1)
    small = _queries_for(django_assert_max_num_queries, client, path, 26)
    _gallery(aarhus, roles=60, holders_per_role=3)
    with django_assert_num_queries(small):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_role_gallery_query_count_is_pinned(
    aarhus, user_a, client_for, django_assert_num_queries, db_sessions
):
    client = client_for(user_a)
    _gallery(aarhus, roles=30, holders_per_role=2)
    client.get("/roller/")
    # session, user with municipality, solution choices, roles, holders (one prefetch)
    with django_assert_num_queries(5):
        client.get("/roller/")


@pytest.mark.django_db
def test_empty_roles_are_listed(aarhus, user_a):
    _gallery(aarhus, roles=6, holders_per_role=1)
    rows = selectors.role_gallery(user=user_a, municipality=aarhus)
    assert [r.role.name for r in rows if r.is_empty] == ["Rolle 000", "Rolle 003"]
    only_empty = selectors.role_gallery(user=user_a, municipality=aarhus, only_empty=True)
    assert [r.role.name for r in only_empty] == ["Rolle 000", "Rolle 003"]


@pytest.mark.django_db
def test_drafts_are_for_kombit_only(aarhus, user_a, kombit_user):
    services.role_upsert(name="Kladde", kind="general", status="draft")
    assert "Kladde" not in [
        r.role.name for r in selectors.role_gallery(user=user_a, municipality=aarhus)
    ]
    assert "Kladde" in [
        r.role.name for r in selectors.role_gallery(user=kombit_user, municipality=aarhus)
    ]


@pytest.mark.django_db
def test_one_primary_holder(aarhus):
    role = services.role_upsert(name="DPO", kind="general", status="published")
    first = services.person_upsert(name="Første", email="a@example.dk", municipality=aarhus)
    second = services.person_upsert(name="Anden", email="b@example.dk", municipality=aarhus)
    services.role_assignment_set(role=role, municipality=aarhus, person=first, is_primary=True)
    services.role_assignment_set(role=role, municipality=aarhus, person=second, is_primary=True)
    primaries = RoleAssignment.objects.filter(role=role, is_primary=True)
    assert [a.person.name for a in primaries] == ["Anden"]


@pytest.mark.django_db
def test_holder_must_belong_to_the_municipality(aarhus, odense):
    role = services.role_upsert(name="DPO", kind="general", status="published")
    person = services.person_upsert(name="Aarhusianer", email="a@example.dk", municipality=aarhus)
    with pytest.raises(ValidationError):
        services.role_assignment_set(role=role, municipality=odense, person=person)


@pytest.mark.django_db
def test_system_role_needs_a_solution():
    with pytest.raises(ValidationError):
        services.role_upsert(name="Uden løsning", kind="system", status="published")
    assert not Role.objects.filter(name="Uden løsning").exists()


@pytest.mark.django_db
def test_load_demo_is_idempotent(django_assert_num_queries):
    from django.core.management import call_command

    from kombitportal.core.models import Person

    call_command("load_demo")
    counts = (Role.objects.count(), Person.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo")
    assert (Role.objects.count(), Person.objects.count(), RoleAssignment.objects.count()) == counts
    assert Role.objects.filter(
        name="FLIS-dataansvarlig pr. anvendt dataområde - KP",
        status="published",
        solution__code="flis",
    ).exists()
    for name in (
        "KOMBIT-programleder",
        "SAPA-systemansvarlig",
        "Aula systemansvarlig",
        "DPO",
        "Bibliotekschef",
        "Infrastrukturansvarlig",
        "Selvstændig projektleder",
    ):
        assert Role.objects.filter(name=name).exists(), name
