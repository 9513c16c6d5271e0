"""A user's way through the portal in real Chromium: SAML login at the demo IdP (by keyboard), the
start page, the role gallery and every area, the language switch, single logout through the IdP;
the KOMBIT consultant in the Django admin, and a refused login. axe-core runs on each of our pages.

The browser and page fixtures (Debian's Chromium, live_server, demo IdP, ALLOWED_HOSTS) come from
tests/e2e/browser.py through tests/e2e/conftest.py."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AREAS = (
    "/roller/", "/klik/", "/aftaler/", "/besoeg/", "/aftaler/udgifter/", "/sapa/", "/valg/",
    "/contexthandler/", "/profil/",
)  # fmt: skip


def _path(url: str) -> str:
    return urlsplit(url).path


def _redirect_chain(response) -> list[str]:
    """Paths of a navigation's requests, first to last (the last is the page shown)."""
    chain, request = [], response.request
    while request is not None:
        chain.append(_path(request.url))
        request = request.redirected_from
    return chain[::-1]


def _record_paths(page) -> list[str]:
    """Every later request's path (redirect hops included), in order."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(_path(request.url)))
    return seen


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent.trim()})"
    )


def test_programme_leader_logs_in_browses_switches_language_and_logs_out(page, live_server):
    call_command("load_demo")
    base = live_server.url

    # 1. Anonymous: / → /saml/login/ → the demo IdP's person picker.
    response = page.goto(base + "/")
    assert _redirect_chain(response) == ["/", "/saml/login/", "/demo-idp/"]
    assert response.status == 200
    assert "SAMLRequest=" in page.url
    assert page.get_attribute("html", "lang") == "da"
    assert_accessible(page, "demo IdP person picker")

    # Keyboard only: the skip link is the first tab stop and moves focus to <main>; the next tab
    # stop is the first demo person, Mette, chosen with Enter.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Gå til indhold"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert _focused(page)["text"].startswith("Mette Kjær Lund")
    # 2. The IdP's page posts the signed SAMLResponse on to /saml/acs/ by itself.
    with page.expect_response(lambda r: _path(r.url) == "/saml/acs/") as acs:
        page.keyboard.press("Enter")
    assert acs.value.status == 302
    # 3. A first login: the introduction for new users says what she can do, then the start page.
    page.wait_for_url(base + "/velkommen/?next=%2F")
    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen til programlederportalen"
    assert "Du vedligeholder kommunens rollebesætning" in page.inner_text("main")
    assert_accessible(page, "introduction for new users")
    page.get_by_role("button", name="Gå til portalen").click()
    page.wait_for_url(base + "/")

    # The start page greets Mette of Aarhus, with the portal's navigation.
    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen, Mette"
    assert "Aarhus" in page.inner_text("main")
    assert "Mette Kjær Lund" in page.inner_text("header")
    nav = page.get_by_role("navigation", name="Portalens områder")
    for area in ("KLIK", "Aftaler", "SAPA", "Valg", "Context Handler"):
        assert nav.get_by_role("link", name=area, exact=True).is_visible(), area
    assert_accessible(page, "start page")

    # 4. The role gallery and each area's start page.
    for path in AREAS:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert _path(page.url) == path
        assert page.get_by_role("heading", level=1).is_visible(), path
        assert_accessible(page, path)

    # The role gallery's "only empty roles" filter updates the list in place and in the URL.
    page.goto(base + "/roller/")
    page.get_by_label("Kun tomme roller").check()
    page.wait_for_url("**empty=on**")
    assert "tomme roller" in page.inner_text("#results")

    # 5. The language switch in the header (a POST to set_language) and back.
    page.goto(base + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Mette"
    assert page.get_by_role("button", name="Log out").is_visible()
    assert_accessible(page, "start page in English")
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()
    assert page.get_attribute("html", "lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen, Mette"

    # 6. Log out: single logout through the demo IdP, then the logged-out page.
    seen = _record_paths(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    assert seen[:3] == ["/saml/logout/", "/demo-idp/slo/", "/saml/logout/"], seen
    assert page.get_by_role("heading", level=1).inner_text() == "Du er logget ud"
    assert not page.get_by_role("button", name="Log ud").count()
    assert_accessible(page, "logged out")

    # Logged out for real: the start page sends us to the IdP again.
    response = page.goto(base + "/")
    assert _redirect_chain(response) == ["/", "/saml/login/", "/demo-idp/"]
    assert page.get_by_role("button", name="Mette Kjær Lund").is_visible()


def test_kombit_consultant_reaches_admin_and_person_without_role_is_refused(page, live_server):
    call_command("load_demo")
    base = live_server.url

    # The KOMBIT consultant sees every municipality; the header links to the Django admin (KOMBIT
    # users only), whose index loads.
    log_in(page, base, "Aske Walther Sørensen")
    page.wait_for_url(base + "/")
    assert "Aske Walther Sørensen" in page.inner_text("header")
    assert "alle kommuner" in page.inner_text("main").lower()
    assert_accessible(page, "start page for KOMBIT")
    with page.expect_navigation() as admin:
        page.get_by_role("link", name="Administration").click()
    assert admin.value.status == 200
    assert _path(page.url) == "/admin/"
    assert page.inner_text("#site-name") == "Programlederportalen: administration"
    assert page.get_by_role("heading", level=1, name="KOMBITs katalog").is_visible()
    assert_accessible(page, "Django admin index")  # Django's own UI, but it passes: keep it so
    page.goto(base + "/klik/oversigt/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page, "KLIK overview for KOMBIT")

    # A person with a valid login but no portal role: refused with a Danish explanation.
    page.context.clear_cookies()
    page.goto(base + "/")
    page.wait_for_url("**/demo-idp/**")
    with page.expect_response(lambda r: _path(r.url) == "/saml/acs/") as acs:
        page.get_by_role("button", name="Peter Uden Adgang").press("Enter")
    assert acs.value.status == 403
    page.wait_for_load_state()
    assert _path(page.url) == "/saml/acs/"
    assert page.get_attribute("html", "lang") == "da"
    assert page.get_by_role("heading", level=1).inner_text() == "Login afvist"
    main = page.inner_text("main")
    assert "ikke fået adgang til programlederportalen" in main
    assert "brugeradministrator" in main
    assert not page.get_by_role("button", name="Log ud").count()
    assert_accessible(page, "refused login")

    # Nobody is logged in after the refusal.
    response = page.goto(base + "/")
    assert _redirect_chain(response) == ["/", "/saml/login/", "/demo-idp/"]
