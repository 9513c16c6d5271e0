"""The KLIK task list in real Chromium, as Aarhus's programme leader: filter (htmx, the URL keeps
the filter), save the filter, open a task, go back to the same list, set the responsible person and
two performers and the status, and read the change log. axe-core on each page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _row_titles(page) -> list[str]:
    return page.locator("#results tbody th[scope=row] a").all_inner_texts()


def test_filter_save_open_back_assign_and_log(page, live_server):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/klik/")
    assert page.get_by_role("heading", level=1).inner_text() == "KLIK-opgaver – Aarhus"
    all_rows = _row_titles(page)
    assert len(all_rows) >= 10
    assert_accessible(page, "KLIK list")

    # Filter by project: htmx swaps the table in place and puts the filter in the URL.
    with page.expect_response(lambda r: "/klik/?" in r.url and r.request.headers.get("hx-request")):
        page.get_by_label("Projekt").select_option(label="SAPA")
    page.wait_for_url("**project=**")
    sapa_rows = _row_titles(page)
    assert sapa_rows and len(sapa_rows) < len(all_rows)
    assert all(code in " ".join(sapa_rows) for code in ("K53", "K54", "K55", "U10"))
    # Search narrows it further, by keyboard.
    search = page.get_by_label("Søg")
    search.fill("K53")
    search.press("Enter")
    page.wait_for_url("**q=K53**")
    assert [t.split()[0] for t in _row_titles(page)] == ["K53"]
    search.fill("")
    search.press("Enter")
    page.wait_for_function("() => !location.search.includes('q=K53')")
    filtered_url = page.url
    assert _query(filtered_url)["project"]
    assert _row_titles(page) == sapa_rows

    # Save the filter under a name; it is listed and brings the same list back.
    page.get_by_label("Gem filteret som").fill("Mine SAPA-opgaver")
    page.get_by_role("button", name="Gem filter").click()
    page.wait_for_load_state()
    saved = page.get_by_role("link", name="Mine SAPA-opgaver")
    assert saved.is_visible()
    assert_accessible(page, "KLIK list with a saved filter")
    page.goto(base + "/klik/")
    page.get_by_role("link", name="Mine SAPA-opgaver").click()
    page.wait_for_url("**project=**")
    assert _row_titles(page) == sapa_rows
    filtered_url = page.url

    # Open a task and go back with the browser: the same filtered list.
    page.get_by_role("link", name="K53", exact=False).first.click()
    page.wait_for_url("**/klik/*/")
    task_url = page.url
    assert "K53" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page, "KLIK task")
    page.go_back()
    page.wait_for_url(filtered_url)
    assert _row_titles(page) == sapa_rows
    # ... and with the page's own link back.
    page.goto(task_url)
    page.get_by_role("link", name="Tilbage til opgavelisten").click()
    page.wait_for_url(filtered_url)
    assert _row_titles(page) == sapa_rows

    # Choose the responsible person and two performers, then set the status.
    page.goto(task_url)
    page.get_by_label("Ansvarlig", exact=True).select_option(label="Sofie Bach Nielsen")
    page.get_by_label("Ole Dam").check()
    page.get_by_label("Lars Vestergaard").check()
    page.get_by_role("button", name="Gem ansvarlig og udførere").click()
    page.wait_for_load_state()
    page.get_by_label("Status").select_option(label="I gang")
    page.get_by_role("button", name="Gem status").click()
    page.wait_for_load_state()

    log = page.get_by_role("table", name="Ændringslog")
    log_text = log.inner_text()
    assert "Mette Kjær Lund" in log_text  # who
    assert "Sofie Bach Nielsen" in log_text  # responsible: – → Sofie
    assert "Lars Vestergaard" in log_text and "Ole Dam" in log_text  # the performers
    assert "Ikke startet" in log_text and "I gang" in log_text  # status from → to
    assert page.get_by_label("Ole Dam").is_checked()
    assert page.get_by_label("Lars Vestergaard").is_checked()
    assert_accessible(page, "KLIK task after changes")

    # The list shows the responsible person and both performers.
    page.goto(filtered_url)
    row = page.locator("#results tbody tr", has_text="K53")
    assert "Sofie Bach Nielsen" in row.inner_text()
    assert "Lars Vestergaard, Ole Dam" in row.inner_text()
