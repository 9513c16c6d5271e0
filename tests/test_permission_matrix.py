"""The permission matrix: every URL of the portal × anonymous, municipal user A, municipal user B,
a municipal employee of A and KOMBIT → the expected status. New views must join it:
`test_every_url_is_in_the_matrix` fails for a named URL that has no row here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kombitportal.core import services
from kombitportal.core.models import Role

ANON, A, B, STAFF_A, KOMBIT = "anonymous", "user_a", "user_b", "staff_a", "kombit"
ACTORS = (ANON, A, B, STAFF_A, KOMBIT)
LOGIN = "login"  # a redirect to /saml/login/


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def logged_in(status):
    return {ANON: LOGIN, A: status, B: status, STAFF_A: status, KOMBIT: status}


KOMBIT_ONLY = {ANON: LOGIN, A: 403, B: 403, STAFF_A: 403, KOMBIT: 200}

# (url name, path, {actor: expected status or LOGIN})
MATRIX = [
    ("home", "/", logged_in(200)),
    ("roles", "/roller/", logged_in(200)),
    ("roles", "/roller/?kommune=0461&empty=on", logged_in(200)),
    ("klik:index", "/klik/", logged_in(200)),
    ("agreements:index", "/aftaler/", logged_in(200)),
    ("sapa:index", "/sapa/", logged_in(200)),
    ("valg:index", "/valg/", logged_in(200)),
    ("contexthandler:index", "/contexthandler/", logged_in(200)),
    ("admin:index", "/admin/", KOMBIT_ONLY),
    ("admin", "/admin/core/municipality/", KOMBIT_ONLY),
    ("admin", "/admin/core/roleassignment/", KOMBIT_ONLY),
    ("admin", "/admin/accounts/user/", KOMBIT_ONLY),
    ("admin", "/admin/notifications/mail/", KOMBIT_ONLY),
    ("admin", "/admin/notifications/mailpreference/", KOMBIT_ONLY),
    # The profile is always the user's own: there is no id to try another's with.
    ("profile", "/profil/", logged_in(200)),
    ("healthz", "/healthz", everyone(200)),
    ("saml:metadata", "/saml/metadata/", everyone(200)),
    ("saml:login", "/saml/login/", everyone(302)),
    ("saml:acs", "/saml/acs/", everyone(405)),
    ("saml:logout", "/saml/logout/", everyone(200)),
    ("demo_idp:sso", "/demo-idp/", everyone(200)),
    ("demo_idp:metadata", "/demo-idp/metadata/", everyone(200)),
    ("demo_idp:slo", "/demo-idp/slo/", everyone(400)),
    ("set_language", "/i18n/setlang/", everyone(302)),
    # KLIK: {a_task} is a task of municipality A (Aarhus), {b_task} one of B (Odense).
    ("klik:index", "/klik/", logged_in(200)),
    ("klik:index", "/klik/?kommune=0461&q=opgave&sort=-end", logged_in(200)),
    ("klik:export", "/klik/eksport.csv?kommune=0751", logged_in(200)),
    ("klik:overview", "/klik/oversigt/", KOMBIT_ONLY),
    ("klik:detail", "/klik/{a_task}/", {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200}),
    ("klik:detail", "/klik/{b_task}/", {ANON: LOGIN, A: 404, B: 200, STAFF_A: 404, KOMBIT: 200}),
    ("klik:detail", "/klik/999999/", {ANON: LOGIN, A: 404, B: 404, STAFF_A: 404, KOMBIT: 404}),
    (
        "klik:status",
        "/klik/{a_task}/status/",
        {ANON: LOGIN, A: 405, B: 405, STAFF_A: 405, KOMBIT: 405},
    ),
    (
        "klik:people",
        "/klik/{a_task}/personer/",
        {ANON: LOGIN, A: 405, B: 405, STAFF_A: 405, KOMBIT: 405},
    ),
    ("klik:filter_save", "/klik/filtre/gem/", logged_in(405)),
    (
        "klik:filter_apply",
        "/klik/filtre/{a_filter}/",
        {ANON: LOGIN, A: 302, B: 404, STAFF_A: 404, KOMBIT: 404},
    ),
    ("klik:filter_rename", "/klik/filtre/{a_filter}/omdoeb/", logged_in(405)),
    ("klik:filter_delete", "/klik/filtre/{a_filter}/slet/", logged_in(405)),
    # Agreements: {agreement} is signed by A with a PDF; B has not signed.
    ("agreements:detail", "/aftaler/{agreement}/", logged_in(200)),
    ("agreements:detail", "/aftaler/999999/", logged_in(404)),
    ("agreements:sign", "/aftaler/{agreement}/underskriv/", logged_in(405)),
    (
        "agreements:document",
        "/aftaler/{agreement}/dokument/0751/",
        {ANON: LOGIN, A: 200, B: 404, STAFF_A: 200, KOMBIT: 200},
    ),
    ("agreements:document", "/aftaler/{agreement}/dokument/0461/", logged_in(404)),
    ("agreements:document", "/aftaler/{agreement}/dokument/..%2F..%2Fsettings.py/", everyone(404)),
    ("agreements:missing_csv", "/aftaler/{agreement}/mangler.csv", KOMBIT_ONLY),
    ("agreements:bills", "/aftaler/udgifter/", logged_in(200)),
    ("agreements:bill", "/aftaler/udgifter/{bill}/", logged_in(200)),
    ("visits", "/besoeg/", logged_in(200)),
]


@pytest.fixture
def actors(user_a, user_b, staff_a, kombit_user):
    return {ANON: None, A: user_a, B: user_b, STAFF_A: staff_a, KOMBIT: kombit_user}


@pytest.fixture
def object_ids(aarhus, odense, user_a):
    from klik.models import Project, SavedFilter, Task, TaskAssignment
    from klik.services import task_publish

    task = Task.objects.create(project=Project.objects.create(name="P"), title="En opgave")
    task_publish(task=task)
    saved = SavedFilter.objects.create(user=user_a, name="Mine", filters={"q": "x"})

    from django.core.files.base import ContentFile

    from kombitportal.agreements.models import Agreement, Bill, Signature

    agreement = Agreement.objects.create(kind="tilslutningsaftale", title="Aftale", dispatched=True)
    signature = Signature.objects.create(
        agreement=agreement,
        municipality=aarhus,
        signed_on="2024-11-01",
        signer_name="A",
        recorded_by_name="A",
    )
    signature.document.save("x.pdf", ContentFile(b"%PDF-1.4 test"))
    bill = Bill.objects.create(title="Regning", total_ore=100, population_date="2025-01-01")
    return {
        "agreement": agreement.pk,
        "bill": bill.pk,
        "a_task": TaskAssignment.objects.get(task=task, municipality=aarhus).pk,
        "b_task": TaskAssignment.objects.get(task=task, municipality=odense).pk,
        "a_filter": saved.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path", "expected"), MATRIX, ids=[row[1] for row in MATRIX])
def test_permission_matrix(name, path, expected, actors, object_ids, client_for, demo_idp):
    path = path.format(**object_ids)
    for actor in ACTORS:
        client = client_for(actors[actor])
        response = client.get(path)
        want = expected[actor]
        if want == LOGIN:
            # The admin sends anonymous users to its login view, which hands over to SAML.
            if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
                response = client.get(response["Location"])
            assert response.status_code == 302, (actor, path, response.status_code)
            assert response["Location"].startswith("/saml/login/"), (actor, path)
        else:
            assert response.status_code == want, (actor, path, response.status_code)


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                yield "admin"
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _named_urls(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX} | {"admin"}
    missing = sorted(set(_named_urls(get_resolver().url_patterns)) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


@pytest.mark.django_db
def test_demo_idp_is_404_when_off(client, settings):
    settings.DEMO_IDP = False
    for path in ("/demo-idp/", "/demo-idp/metadata/", "/demo-idp/slo/"):
        assert client.get(path).status_code == 404


@pytest.fixture
def odense_holder(odense):
    role = Role.objects.create(name="Testrolle", kind="general", status="published")
    person = services.person_upsert(
        name="Oda Odensehemmelig", email="oda@odense.example.dk", municipality=odense
    )
    services.role_assignment_set(role=role, municipality=odense, person=person, is_primary=True)
    return person


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/roller/", "/roller/?kommune=0461", "/roller/?kommune=0461&q=Testrolle"],
)
def test_municipality_a_never_sees_b(path, client_for, user_a, odense_holder):
    response = client_for(user_a).get(path)
    assert response.status_code == 200
    assert "Odensehemmelig" not in response.content.decode()


@pytest.mark.django_db
def test_municipality_b_sees_its_own_holder(client_for, user_b, odense_holder):
    response = client_for(user_b).get("/roller/")
    assert "Oda Odensehemmelig" in response.content.decode()


@pytest.mark.django_db
def test_kombit_sees_any_municipality(client_for, kombit_user, odense_holder):
    response = client_for(kombit_user).get("/roller/?kommune=0461")
    assert "Oda Odensehemmelig" in response.content.decode()
