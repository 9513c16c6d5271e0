"""Files attached to a task by the municipality: checked by name and content and size like the
agreements' PDFs, stored under a random name, served only to that municipality and KOMBIT, each
upload and removal in the task's log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klik.models import TaskAttachment, TaskLogEntry
from tests.klik.conftest import assignment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name="plan.pdf", content=PDF, kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.fixture
def k53(tasks, aarhus):
    return assignment(tasks["k53"], aarhus)


def test_attach_download_and_remove(k53, user_a, client_for, django_capture_on_commit_callbacks):
    client = client_for(user_a)
    response = client.post(f"/klik/{k53.pk}/filer/", {"file": upload("Projektplan Æ.pdf")})
    assert response.status_code == 302
    (attached,) = TaskAttachment.objects.filter(assignment=k53)
    assert attached.name == "Projektplan Æ.pdf" and attached.size == len(PDF)
    assert (
        attached.file.name.startswith(f"klik/{k53.pk}/") and "Projektplan" not in attached.file.name
    )
    page = client.get(f"/klik/{k53.pk}/").content.decode()
    assert "Projektplan Æ.pdf" in page
    download = client.get(f"/klik/{k53.pk}/filer/{attached.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    stored, storage = attached.file.name, attached.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/klik/{k53.pk}/filer/{attached.pk}/slet/").status_code == 302
    assert not TaskAttachment.objects.exists() and not storage.exists(stored)
    log = list(
        TaskLogEntry.objects.filter(assignment=k53, field="files").values_list(
            "old_value", "new_value"
        )
    )
    assert sorted(log) == [("", "Projektplan Æ.pdf"), ("Projektplan Æ.pdf", "")]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("virus.exe", b"MZ\x90\x00"),
            "Vedhæft en PDF-, Word-, Excel-, PowerPoint-, PNG- eller JPEG-fil.",
        ),
        (
            upload("plan.pdf", b"MZ\x90\x00 not a pdf"),
            "Filens indhold er ikke, hvad dens navn siger.",
        ),
        (upload("billede.png", PDF, "image/png"), "Filens indhold er ikke, hvad dens navn siger."),
        (upload("stor.pdf", PDF + b"0" * (10 * 1024 * 1024)), "Filen er større end 10 MB."),
    ],
    ids=["wrong-kind", "not-a-pdf", "pdf-named-png", "too-large"],
)
def test_wrong_files_are_refused_and_nothing_is_kept(k53, user_a, client_for, file, message):
    response = client_for(user_a).post(f"/klik/{k53.pk}/filer/", {"file": file})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TaskAttachment.objects.exists()
    assert not TaskLogEntry.objects.filter(field="files").exists()


def test_a_png_is_fine(k53, user_a, client_for):
    assert (
        client_for(user_a)
        .post(f"/klik/{k53.pk}/filer/", {"file": upload("skærm.png", PNG, "image/png")})
        .status_code
        == 302
    )
    assert TaskAttachment.objects.get().content_type == "image/png"


def test_no_other_municipality_gets_it(k53, user_a, user_b, kombit_user, staff_a, client_for):
    client_for(user_a).post(f"/klik/{k53.pk}/filer/", {"file": upload()})
    attached = TaskAttachment.objects.get()
    url = f"/klik/{k53.pk}/filer/{attached.pk}/"
    assert client_for(user_b).get(url).status_code == 404
    assert client_for(kombit_user).get(url).status_code == 200
    assert client_for(staff_a).get(url).status_code == 200  # the same municipality reads it
    assert client_for(staff_a).post(f"{url}slet/").status_code == 403  # not hers to remove
    assert client_for(user_b).post(f"{url}slet/").status_code == 404
    assert client_for(user_b).post(f"/klik/{k53.pk}/filer/", {"file": upload()}).status_code == 404
    assert TaskAttachment.objects.count() == 1
