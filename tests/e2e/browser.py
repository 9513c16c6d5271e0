"""Shared helpers for the browser tests: Debian's Chromium through Playwright, and axe-core."""

import shutil

import pytest

from tests.conftest import require_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        require_service("chromium", f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings, demo_idp):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page, label: str) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["passes"], f"{label}: axe-core did not run"
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{label}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in bad
    )


def log_in(page, base_url: str, person: str, start: str = "/") -> None:
    """Log in through the portal's SAML login and the demo IdP, as a user would."""
    page.goto(base_url + start)
    page.wait_for_url("**/demo-idp/**")
    page.get_by_role("button", name=person).click()
    page.wait_for_load_state("networkidle")
    if "/velkommen/" in page.url:  # a first login: the introduction for new users, then on
        page.get_by_role("button", name="Gå til portalen").click()
        page.wait_for_load_state("networkidle")
