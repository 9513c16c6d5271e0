"""The start page, the role gallery's htmx partial, messages on htmx requests and error pages."""

import re

import pytest
from django.contrib import messages
from django.core.cache import caches
from django.test import RequestFactory
from django.views.defaults import server_error

from kombitportal.core.middleware import HtmxMessagesMiddleware


@pytest.mark.django_db
def test_start_page_greets_with_name_and_municipality(client_for, user_a):
    body = client_for(user_a).get("/").content.decode()
    assert "Velkommen, Anna" in body
    assert "Aarhus Kommune" in body
    for area in ("KLIK", "Aftaler", "SAPA", "Valg", "Context Handler", "Rollegalleri"):
        assert f">{area}</a>" in body, area
    assert 'aria-current="page"' in body
    assert 'href="#main"' in body  # skip link


@pytest.mark.django_db
def test_a_kombit_user_given_a_municipality_sees_its_summary_only_when_chosen(
    client_for, kombit_user, aarhus
):
    """KOMBIT sees every municipality: one given a municipality in the admin gets no summary of
    "no municipality" on the start page, and the chosen one's with ?kommune=."""
    kombit_user.municipality = aarhus
    kombit_user.save()
    client = client_for(kombit_user)
    assert 'id="summary-heading"' not in client.get("/").content.decode()
    chosen = client.get(f"/?kommune={aarhus.code}").content.decode()
    assert '<h2 id="summary-heading">Aarhus kort fortalt</h2>' in chosen


@pytest.fixture
def fragments_kept(settings):
    """Fragments kept as in production (tests run with DEBUG's DummyCache otherwise)."""
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments-test",
        },
    }
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


@pytest.mark.django_db
def test_kept_fragments_follow_the_area_and_the_language(fragments_kept, client_for, user_a):
    """The navigation, the suggested filters and the task table's header are kept per process
    ({% cache ... using "fragments" %}): each area still marks itself, each language its own."""
    client = client_for(user_a)

    def current(path: str) -> list[tuple[str, str]]:
        body = client.get(path).content.decode()
        return re.findall(r'<li><a href="([^"]+)" aria-current="page">([^<]+)</a>', body)

    for _ in range(2):  # made, then kept
        assert current("/") == [("/", "Overblik")]
        assert current("/klik/") == [("/klik/", "KLIK")]
        assert current("/klik/?status=open") == [("/klik/", "KLIK")]
        assert current("/sapa/") == [("/sapa/", "SAPA")]
        assert current("/profil/") == []
    danish = client.get("/klik/").content.decode()
    assert "Forslag til filtre" in danish and '<th scope="col">Ansvarlig</th>' in danish
    client.post("/i18n/setlang/", {"language": "en", "next": "/klik/"})
    english = client.get("/klik/").content.decode()
    assert "Suggested filters" in english and '<th scope="col">Responsible</th>' in english
    assert ">Overview</a>" in english and "Overblik" not in english
    assert "Forslag til filtre" not in english


@pytest.mark.django_db
def test_start_page_for_kombit_counts_all(client_for, kombit_user):
    body = client_for(kombit_user).get("/").content.decode()
    assert "ser alle kommuner" in body
    assert "<dd>98</dd>" in body


@pytest.mark.django_db
def test_role_gallery_htmx_returns_the_partial(client_for, user_a):
    response = client_for(user_a).get("/roller/?q=DPO", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body


@pytest.mark.django_db
def test_role_gallery_bad_filter_is_explained(client_for, kombit_user):
    body = client_for(kombit_user).get("/roller/?kommune=9999").content.decode()
    assert "Marker en gyldig valgmulighed" in body


def test_htmx_messages_are_appended_out_of_band(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    request = rf.get("/", headers={"HX-Request": "true"})
    request.htmx = True
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "Gemt.")
    response = HtmxMessagesMiddleware(lambda r: HttpResponse("<p>partial</p>"))(request)
    body = response.content.decode()
    assert body.startswith("<p>partial</p>")
    assert 'id="messages"' in body and 'hx-swap-oob="true"' in body and "Gemt." in body


@pytest.mark.django_db
def test_friendly_404_in_danish(client_for, user_a):
    response = client_for(user_a).get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_friendly_500_without_details():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Der opstod en fejl" in body and "Traceback" not in body


@pytest.mark.django_db
def test_language_switch_to_english(client_for, user_a):
    client = client_for(user_a)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Welcome, Anna" in body and "Role gallery" in body


@pytest.mark.django_db
def test_csp_forbids_inline_script(client_for, user_a):
    response = client_for(user_a).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/klik/", "/klik/eksport.csv", "/roller/", "/profil/"])
def test_what_a_user_gets_is_private_and_varies_by_htmx(client_for, user_a, path):
    response = client_for(user_a).get(path)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_public_responses_are_not_marked_private(client):
    response = client.get("/saml/metadata/")
    assert "private" not in response.get("Cache-Control", "")
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/klik/?q=K53", "/roller/?q=DPO", "/aftaler/?q=SVR"])
def test_htmx_restoring_history_gets_the_whole_page(client_for, user_a, path):
    client = client_for(user_a)
    partial = client.get(path, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="results"')
    restore = client.get(
        path, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert restore.lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.django_db
def test_the_portal_speaks_danish_whatever_the_browser_says(client_for, user_a, client, demo_idp):
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert '<html lang="da">' in client.get("/demo-idp/", headers=english_browser).content.decode()
    logged_in = client_for(user_a)
    body = logged_in.get("/", headers=english_browser).content.decode()
    assert '<html lang="da">' in body and "Velkommen, Anna" in body
    # English only when the user picks it, and the choice is kept.
    response = logged_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    body = logged_in.get("/", headers={"Accept-Language": "da"}).content.decode()
    assert '<html lang="en">' in body and "Welcome, Anna" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/klik/", "/aftaler/", "/tilgaengelighed/"])
def test_every_page_links_the_accessibility_statement(client_for, user_a, path):
    body = client_for(user_a).get(path).content.decode()
    assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in body


@pytest.mark.django_db
def test_the_accessibility_statement_says_status_gaps_and_contact(client):
    body = client.get("/tilgaengelighed/").content.decode()  # no login needed
    assert "WCAG 2.1" in body and "niveau AA" in body
    assert "Det, der vides ikke at overholde kravene" in body
    assert "mailto:programleder@kombit.dk" in body and "was.digst.dk" in body
