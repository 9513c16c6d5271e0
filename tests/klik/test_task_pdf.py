"""A task saved as PDF (weasyprint): the task, its guides, people, files and log, in Danish, only
for who may see the task; the PDF loads nothing but the portal's own static files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from klik import services
from klik.models import Guide
from kombitportal.core.pdf import RefusedURL, static_file
from tests.klik.conftest import assignment

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def k53(tasks, aarhus, people_a, user_a):
    task = tasks["k53"]
    task.description = "Aftalen skal underskrives af kommunens dataansvarlige."
    task.save()
    Guide.objects.create(task=task, title="Vejledning til aftalen", url="https://example.dk/k53")
    work = assignment(task, aarhus)
    services.assignment_set_people(
        assignment=work,
        responsible=people_a["Sofie Bach"],
        performers=[people_a["Ole Dam"], people_a["Lars Vest"]],
        actor=user_a,
    )
    services.assignment_set_status(assignment=work, status="in_progress", actor=user_a)
    services.attachment_add(
        assignment=work,
        upload=SimpleUploadedFile("Projektplan.pdf", b"%PDF-1.7\n%%EOF\n"),
        actor=user_a,
    )
    return work


def test_the_pdf_holds_the_task_its_guides_people_files_and_log(k53, user_a, client_for):
    response = client_for(user_a).get(f"/klik/{k53.pk}/opgave.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="klik-K53-0751.pdf"'
    text = pdf_text(response)
    for expected in [
        "K53 Opret og underskriv dataudvekslingsaftale",
        "SAPA · Aarhus",
        "Slut dec/start jan",  # the dates as KOMBIT wrote them
        "Midt jan 2025",
        "Aftalen skal underskrives af kommunens dataansvarlige.",
        "Vejledning til aftalen",
        "https://example.dk/k53",
        "Ansvarlig",
        "Sofie Bach",
        "Lars Vest, Ole Dam",
        "Projektplan.pdf",
        "Ændringslog",
        "I gang",
        "Side 1 af 1",
    ]:
        assert expected in text, expected
    assert "Lavet " in text and "fra programlederportalen" in text


def test_a_task_without_changes_says_so(tasks, aarhus, user_a, client_for):
    work = assignment(tasks["u10"], aarhus)
    text = pdf_text(client_for(user_a).get(f"/klik/{work.pk}/opgave.pdf"))
    assert "U10 Oplær brugere" in text and "Ingen ændringer endnu." in text


def test_only_who_may_see_the_task_gets_its_pdf(k53, user_b, kombit_user, client_for):
    assert client_for(user_b).get(f"/klik/{k53.pk}/opgave.pdf").status_code == 404
    assert "Sofie Bach" in pdf_text(client_for(kombit_user).get(f"/klik/{k53.pk}/opgave.pdf"))


def test_the_detail_page_links_the_pdf(k53, user_a, client_for):
    page = client_for(user_a).get(f"/klik/{k53.pk}/").content.decode()
    assert f'href="/klik/{k53.pk}/opgave.pdf"' in page and "Gem opgaven som PDF" in page


@pytest.mark.parametrize(
    "url",
    [
        "https://example.dk/tracker.png",
        "file:///etc/passwd",
        "http://testserver/klik/1/",
        "http://testserver/static/../settings.py",
        "http://testserver/static/css/none.css",
    ],
)
def test_the_pdf_loads_only_the_portals_static_files(url):
    with pytest.raises(RefusedURL):
        static_file(url)


def test_the_fetcher_serves_a_static_file():
    content, mime = static_file("http://testserver/static/css/print.css")
    assert mime == "text/css" and b"@page" in content


def test_a_local_task_pdf_is_named_by_its_title(aarhus, user_a, client_for):
    work = services.local_task_create(
        municipality=aarhus,
        title="Informér borgerservice om SAPA",
        description="",
        start=None,
        end=None,
        actor=user_a,
    )
    response = client_for(user_a).get(f"/klik/{work.pk}/opgave.pdf")
    assert (
        'filename="klik-informer-borgerservice-om-sapa-0751.pdf"' in response["Content-Disposition"]
    )
    assert "Lokal opgave · Aarhus" in pdf_text(response)
