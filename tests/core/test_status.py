"""The municipality's whole KOMBIT status (/status/) and its PDF (/status.pdf): each area's
section, the empty roles that block mail; a municipal user gets only their own by any parameter,
KOMBIT chooses one; the PDF holds the sections and figures (text extracted with pypdf), loads
nothing from outside the portal, and the page runs a fixed number of queries."""

import io
import re
from datetime import date

import pypdf
import pytest
from django.core.management import call_command

from kombitportal.core import pdf
from kombitportal.core.approxdate import parse_approximate_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, settings):
    settings.PORTAL_TODAY = date(2024, 11, 26)
    call_command("load_demo", verbosity=0)


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_page_gathers_every_area(demo, user_a, client_for):
    page = client_for(user_a).get("/status/").content.decode()
    assert "KOMBIT-status for Aarhus" in page
    for heading in ("KLIK-opgaver", "Aftaler", "SAPA", "Valg", "Context Handler 2",
                    "Tomme roller, der forhindrer KOMBITs mails"):  # fmt: skip
        assert f">{heading}" in page, heading
    assert "4 aftaler venter på kommunens underskrift" in page
    assert "Aarhus Kommune AD FS" in page and "Underskriv aftale – mellem dataadgang" in page


def test_a_municipality_gets_only_its_own(demo, user_a, client_for):
    client = client_for(user_a)
    page = client.get("/status/?kommune=0461").content.decode()
    assert "KOMBIT-status for Aarhus" in page and "Odense" not in page
    text = text_of(client.get("/status.pdf?kommune=0461"))
    assert "KOMBIT-status for Aarhus" in text and "Odense" not in text


def test_kombit_chooses_a_municipality(demo, kombit_user, client_for):
    client = client_for(kombit_user)
    page = client.get("/status/").content.decode()
    assert "Vælg den kommune, hvis status du vil se." in page
    assert client.get("/status.pdf").status_code == 302
    assert "KOMBIT-status for Odense" in client.get("/status/?kommune=0461").content.decode()
    assert client.get("/status/?kommune=9999").status_code == 404


def test_the_pdf_holds_the_sections_and_figures(demo, user_a, client_for):
    text = text_of(client_for(user_a).get("/status.pdf"))
    assert "KOMBIT-status for Aarhus" in text
    assert "Anna Aarhus" in text  # who made it, on the cover
    assert "26. november 2024" in text
    assert "4 aftaler venter på kommunens underskrift" in text
    assert "Side 1 af" in text
    for heading in ("KLIK-opgaver", "Kommende opgaver", "Check-ins i Rul 1", "Context Handler 2"):
        assert heading in text, heading


def test_klik_names_the_most_urgent_tasks_and_counts_the_rest(demo, user_a, client_for, aarhus):
    from klik.area import STATUS_ROWS
    from klik.models import Project, Task
    from klik.services import task_publish

    project = Project.objects.create(name="Ekstra")
    for n in range(STATUS_ROWS + 5):
        task = Task(project=project, title=f"Ekstra {n:02}")
        task.end = parse_approximate_date(f"{n + 1}.10.2024", reference=date(2024, 10, 1))
        task.save()
        task_publish(task=task)
    client = client_for(user_a)
    page = client.get("/status/").content.decode()
    section = page.split(">KLIK-opgaver")[1].split("<h2")[0]
    # The overdue extra tasks end first: the ten named are the earliest ten of them.
    assert f"De {STATUS_ROWS} mest presserende åbne opgaver" in section
    assert "Ekstra 00" in section and f"Ekstra {STATUS_ROWS - 1:02}" in section
    assert f"Ekstra {STATUS_ROWS:02}" not in section
    opened = re.search(r"Se alle (\d+) åbne opgaver i KLIK-listen", section)
    assert opened and 'href="/klik/?kommune=0751&amp;status=open"' in section
    text = text_of(client.get("/status.pdf"))
    assert f"De {STATUS_ROWS} mest presserende åbne opgaver" in text
    assert f"Se alle {opened.group(1)} åbne opgaver" in text


def test_the_pdf_loads_nothing_from_outside_the_portal(rf):
    with pytest.raises(pdf.RefusedURL):
        pdf.static_file("https://evil.example/x.css")
    with pytest.raises(pdf.RefusedURL):
        pdf.static_file("http://testserver/media/secret.pdf")
    content, mime = pdf.static_file("http://testserver/static/css/print.css")
    assert content.startswith(b"/*") and mime == "text/css"


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_runs_a_fixed_number_of_queries(
    demo, extra, user_a, client_for, django_assert_num_queries, db_sessions, aarhus
):
    from klik.models import Project, Task
    from klik.services import task_publish

    project = Project.objects.create(name="Ekstra")
    for n in range(extra):
        task_publish(task=Task.objects.create(project=project, title=f"Ekstra {n}"))
    client = client_for(user_a)
    client.get("/status/")
    # Session, user; KLIK (2), agreements (2), SAPA's steps and agreements (6), Valg (2),
    # Context Handler (5), the empty roles the areas' open work needs (4 and 3 more).
    with django_assert_num_queries(28):
        assert client.get("/status/").status_code == 200


def test_kort_nyt_is_generated_from_the_data(demo, kombit_user, client_for):
    client = client_for(kombit_user)
    page = client.get("/kort-nyt/").content.decode()
    for heading in (
        "Oversigt over kritisk/tværgående KLIK-opgaver",
        "Overblik over tilslutnings- og databehandleraftaler",
        "Besøg hos de kommunale direktioner",
        "SAPA", "Valg", "Context Handler 2", "Ny rolle i rollegalleriet",
    ):  # fmt: skip
        assert f">{heading}</h2>" in page, heading
    assert "FLIS-dataansvarlig pr. anvendt dataområde - KP" in page
    assert "Forventes udsendt 1. februar" in page and "Slut dec/start jan" in page
    text = text_of(client.get("/kort-nyt.pdf"))
    assert "Kort nyt fra KOMBIT" in text and "Dagens status dækker følgende områder:" in text
    assert "3,97" in text and "SVR-dataudvekslingsaftale: 7 kommuner har ikke underskrevet." in text


def test_kort_nyt_offers_every_municipality_s_status(demo, kombit_user, client_for):
    page = client_for(kombit_user).get("/kort-nyt/").content.decode()
    assert 'action="/status/alle/"' in page and "Alle kommuners status som PDF (ZIP)" in page


def test_kort_nyt_is_kombit_s(demo, user_a, client_for):
    assert client_for(user_a).get("/kort-nyt/").status_code == 403
    assert client_for(user_a).get("/kort-nyt.pdf").status_code == 403


@pytest.mark.parametrize("extra", [0, 30])
def test_kort_nyt_runs_a_fixed_number_of_queries(
    demo, extra, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    from klik.models import Project, Task
    from klik.services import task_publish

    project = Project.objects.create(name="Ekstra")
    for n in range(extra):
        task = Task.objects.create(project=project, title=f"Ekstra {n}", critical=True)
        task_publish(task=task)
    client = client_for(kombit_user)
    client.get("/kort-nyt/")
    # Session, user; KLIK (1), the agreements with their roles and the visits (4), SAPA (8), Valg
    # (5), Context Handler (4), the new roles (1).
    with django_assert_num_queries(26):
        assert client.get("/kort-nyt/").status_code == 200


def test_the_98_at_a_glance(demo, kombit_user, client_for):
    client = client_for(kombit_user)
    page = client.get("/kommuner/").content.decode()
    assert page.count('class="tile tile--') == 98 + 4  # the tiles and the legend's swatches
    assert "Region Midtjylland" in page and "Aarhus" in page
    ch2 = client.get("/kommuner/?vis=contexthandler").content.decode()
    assert "ingen IdP" in ch2 and "bruger CH1" in ch2  # words, not colour alone
    signatures = client.get("/kommuner/?vis=aftaler").content.decode()
    assert "4 mangler" in signatures
    assert client.get("/kommuner/?vis=nonsense").status_code == 200  # the first measure


@pytest.mark.parametrize("extra", [0, 20])
def test_the_grid_runs_a_fixed_number_of_queries(
    demo, extra, kombit_user, client_for, django_assert_num_queries, db_sessions
):
    from kombitportal.agreements.models import Agreement

    for n in range(extra):
        Agreement.objects.create(kind="tilslutningsaftale", title=f"Ekstra {n}", dispatched=True)
    client = client_for(kombit_user)
    client.get("/kommuner/")
    # Session, user; KLIK (1), the agreements (3), Context Handler (4), the regions with their
    # municipalities (2).
    with django_assert_num_queries(12):
        assert client.get("/kommuner/").status_code == 200


def test_every_municipality_s_status_is_made_by_a_task_that_can_run_twice(
    demo, kombit_user, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    import zipfile

    from kombitportal.core import reports, tasks
    from kombitportal.core.models import ReportJob

    queued = []
    monkeypatch.setattr(tasks.build_status_reports, "delay", lambda pk: queued.append(pk))
    client = client_for(kombit_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/status/alle/")
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/status/alle/{job.pk}/"
    assert queued == [job.pk]
    assert "I kø" in client.get(f"/status/alle/{job.pk}/").content.decode()
    assert client.get(f"/status/alle/{job.pk}/fil/").status_code == 404  # not ready yet
    # Two municipalities, so the test is quick; the page asks for all 98.
    ReportJob.objects.filter(pk=job.pk).update(codes=["0751", "0461"])
    assert tasks.build_status_reports(job.pk) == "Klar"
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    first = (job.file.name, job.finished_at)
    assert tasks.build_status_reports(job.pk) == "Klar"  # again: left as it is
    job.refresh_from_db()
    assert (job.file.name, job.finished_at) == first
    partial = client.get(f"/status/alle/{job.pk}/", headers={"HX-Request": "true"})
    assert "Hent ZIP-filen" in partial.content.decode() and "<html" not in partial.content.decode()
    download = client.get(f"/status/alle/{job.pk}/fil/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == ["status-0461-Odense.pdf", "status-0751-Aarhus.pdf"]
    text = "\n".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(archive.read(names[1]))).pages
    )
    assert "KOMBIT-status for Aarhus" in text and "Karl KOMBIT" in text
    assert reports.build(999999) is None
