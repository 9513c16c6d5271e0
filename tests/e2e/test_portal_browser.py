"""The portal in real Chromium: log in through the demo IdP, the start page, every area, the role
gallery, the language switch and logout, with axe-core on each page."""

import pytest
from django.core.management import call_command

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_start_page_language_and_logout(page, live_server):
    call_command("load_demo")
    page.goto(live_server.url + "/")
    page.wait_for_url("**/demo-idp/**")
    assert "/saml/login/" not in page.url  # we went through it to the IdP
    assert_accessible(page, "demo IdP")

    # Keyboard only: the skip link is the first stop, then pick Mette with the keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå til indhold"
    page.get_by_role("button", name="Mette Kjær Lund").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen, Mette"
    assert "Aarhus Kommune" in page.inner_text("main")
    nav = page.get_by_role("navigation", name="Portalens områder")
    for area in ("Overblik", "KLIK", "Aftaler", "SAPA", "Valg", "Context Handler", "Rollegalleri"):
        assert nav.get_by_role("link", name=area, exact=True).is_visible()
    assert_accessible(page, "start page")

    for path in (
        "/roller/",
        "/klik/",
        "/aftaler/",
        "/besoeg/",
        "/aftaler/udgifter/",
        "/sapa/",
        "/valg/",
        "/contexthandler/",
    ):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page, path)

    page.goto(live_server.url + "/roller/")
    page.get_by_label("Kun tomme roller").check()
    page.wait_for_url("**empty=on**")
    assert "tomme roller" in page.inner_text("#results")

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Mette"
    assert_accessible(page, "start page in English")
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "da"

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Du er logget ud"
    assert_accessible(page, "logged out")
    page.goto(live_server.url + "/")
    page.wait_for_url("**/demo-idp/**")


def test_kombit_admin_and_refused_login(page, live_server):
    call_command("load_demo")
    log_in(page, live_server.url, "Aske Walther Sørensen")
    page.goto(live_server.url + "/admin/")
    assert "administration" in page.inner_text("body").lower()
    page.goto(live_server.url + "/klik/oversigt/")
    assert_accessible(page, "KLIK overview")

    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.wait_for_url("**/demo-idp/**")
    page.get_by_role("button", name="Peter Uden Adgang").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Login afvist"
    assert "ikke fået adgang til programlederportalen" in page.inner_text("main")
    assert_accessible(page, "refused login")
