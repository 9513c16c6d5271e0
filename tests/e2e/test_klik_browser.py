"""The KLIK task list in real Chromium, as Aarhus's programme leader: filter (htmx, the URL keeps
the filter), save the filter, open a task, go back to the same list (browser and link), replace the
responsible person and the performers with two others, set the status, and read the change log
(who, what, from → to). axe-core on each page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED = "Mine SAPA-opgaver"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _tasks(page):
    return page.get_by_role("table", name="KLIK-opgaver")


def _task_links(page):
    return _tasks(page).get_by_role("rowheader").get_by_role("link")


def _row_titles(page) -> list[str]:
    """The task links in the list's row headers, top to bottom."""
    return _task_links(page).all_inner_texts()


def _log_rows(page) -> list[list[str]]:
    """The change log as [who, what, from, to] per entry (the time left out), newest first."""
    log = page.get_by_role("table", name="Ændringslog")
    rows = log.get_by_role("row").filter(has=page.get_by_role("cell"))
    return [row.get_by_role("cell").all_inner_texts()[1:] for row in rows.all()]


def test_filter_save_open_back_assign_and_log(page, live_server):
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/klik/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK-opgaver – Aarhus")
    all_rows = _row_titles(page)
    assert len(all_rows) >= 10
    assert_accessible(page, "KLIK list")

    # Filter by project: htmx swaps the table in place and puts the filter in the URL.
    with page.expect_response(lambda r: "/klik/?" in r.url and r.request.headers.get("hx-request")):
        page.get_by_label("Projekt").select_option(label="SAPA")
    page.wait_for_url("**project=**")
    project = _query(page.url)["project"]
    sapa_rows = _row_titles(page)
    assert sapa_rows and len(sapa_rows) < len(all_rows)
    assert all(code in " ".join(sapa_rows) for code in ("K53", "K54", "K55", "U10"))
    # The live search narrows it further as one types (one request once the typing stops) ...
    search = page.get_by_label("Søg")
    search.press_sequentially("K53")
    page.wait_for_url("**q=K53**")
    expect(_task_links(page)).to_have_count(1)
    assert _row_titles(page)[0].split()[0] == "K53"
    assert _query(page.url)["project"] == project  # the project filter stays
    # ... and emptying the box by keyboard gives the whole SAPA list back.
    search.press("Control+a")
    search.press("Backspace")
    page.wait_for_function("() => !location.search.includes('q=K53')")
    expect(_task_links(page)).to_have_count(len(sapa_rows))
    assert _query(page.url)["project"] == project
    assert _row_titles(page) == sapa_rows

    # Save the filter under a name; it is listed and brings the same list back.
    page.get_by_label("Gem filteret som").fill(SAVED)
    page.get_by_role("button", name="Gem filter").click()
    expect(page.get_by_text(f"Filteret “{SAVED}” er gemt.")).to_be_visible()
    expect(page.get_by_role("link", name=SAVED, exact=True)).to_be_visible()
    assert _query(page.url)["project"] == project
    assert_accessible(page, "KLIK list with a saved filter")
    page.goto(base + "/klik/")
    expect(_task_links(page)).to_have_count(len(all_rows))
    page.get_by_role("link", name=SAVED, exact=True).click()
    page.wait_for_url("**project=**")
    assert _query(page.url)["project"] == project
    assert _row_titles(page) == sapa_rows
    filtered_url = page.url

    # Open a task and go back with the browser: the same filtered list.
    _task_links(page).filter(has_text="K53").click()
    page.wait_for_url("**/klik/*/")
    task_url = page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("K53")
    assert_accessible(page, "KLIK task")
    page.go_back()
    page.wait_for_url(filtered_url)
    assert _row_titles(page) == sapa_rows
    # ... and with the page's own link back.
    page.goto(task_url)
    page.get_by_role("link", name="Tilbage til opgavelisten").click()
    page.wait_for_url(filtered_url)
    assert _row_titles(page) == sapa_rows

    # The demo gave K53 in Aarhus to Sofie Bach Nielsen, as responsible and as the performer.
    # Choose Ole Dam as responsible and Ole Dam and Lars Vestergaard as performers in her place.
    page.goto(task_url)
    responsible = page.get_by_label("Ansvarlig", exact=True)
    expect(
        responsible.get_by_role("option", name="Sofie Bach Nielsen", selected=True)
    ).to_be_attached()
    expect(page.get_by_label("Sofie Bach Nielsen")).to_be_checked()
    responsible.select_option(label="Ole Dam")
    page.get_by_label("Sofie Bach Nielsen").uncheck()
    page.get_by_label("Ole Dam").check()
    page.get_by_label("Lars Vestergaard").check()
    page.get_by_role("button", name="Gem ansvarlig og udførere").click()
    expect(page.get_by_text("Ansvarlig og udførere er gemt.")).to_be_visible()
    expect(responsible.get_by_role("option", name="Ole Dam", selected=True)).to_be_attached()
    expect(page.get_by_label("Ole Dam")).to_be_checked()
    expect(page.get_by_label("Lars Vestergaard")).to_be_checked()
    expect(page.get_by_label("Sofie Bach Nielsen")).not_to_be_checked()
    # Then the status.
    page.get_by_label("Status").select_option(label="I gang")
    page.get_by_role("button", name="Gem status").click()
    expect(page.get_by_text("Status er gemt.")).to_be_visible()
    assert page.url == task_url

    # The change log: one row per change, who, what, from → to (newest first).
    assert _log_rows(page)[:3] == [
        ["Mette Kjær Lund", "Status", "Ikke startet", "I gang"],
        ["Mette Kjær Lund", "Udførere", "Sofie Bach Nielsen", "Lars Vestergaard, Ole Dam"],
        ["Mette Kjær Lund", "Ansvarlig", "Sofie Bach Nielsen", "Ole Dam"],
    ]
    assert_accessible(page, "KLIK task after changes")

    # The filtered list shows the new status, the responsible person and both performers.
    page.goto(filtered_url)
    row = _tasks(page).get_by_role("row").filter(has=page.get_by_role("link", name="K53"))
    status, responsible, performers = row.get_by_role("cell").all_inner_texts()[-3:]
    assert (status, responsible, performers) == ("I gang", "Ole Dam", "Lars Vestergaard, Ole Dam")


def test_back_after_an_htmx_filter_shows_the_whole_page(page, live_server):
    """htmx updates the table and pushes the URL; the full page and the partial share that URL.
    Back from a task must give the full page — layout, the filter in the form, the narrowed rows —
    never the cached partial alone."""
    call_command("load_demo")
    base = live_server.url
    log_in(page, base, "Mette Kjær Lund")
    page.goto(base + "/klik/")
    all_rows = _row_titles(page)
    with page.expect_response(lambda r: "/klik/?" in r.url and r.request.headers.get("hx-request")):
        page.get_by_label("Projekt").select_option(label="SAPA")
    page.wait_for_url("**project=**")
    filtered_url = page.url
    sapa_rows = _row_titles(page)
    assert sapa_rows and len(sapa_rows) < len(all_rows)

    _task_links(page).filter(has_text="K53").click()
    page.wait_for_url("**/klik/*/")
    page.go_back()
    page.wait_for_url(filtered_url)
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK-opgaver – Aarhus")
    expect(page.get_by_role("navigation", name="Portalens områder")).to_be_visible()
    expect(
        page.get_by_label("Projekt").get_by_role("option", name="SAPA", selected=True)
    ).to_be_attached()
    assert _row_titles(page) == sapa_rows
