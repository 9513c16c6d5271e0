"""An agreement can be signed only once KOMBIT has sent it; a municipality corrects its own
signature (date, signer, a new PDF) and KOMBIT withdraws one, each recorded old → new."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kombitportal.agreements import services
from kombitportal.agreements.models import Agreement, Signature
from kombitportal.core.models import AuditEvent
from tests.agreements.test_agreements import PDF, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(db):
    return Agreement.objects.create(kind="allonge", title="Allonge", dispatched=True)


@pytest.fixture
def signed(agreement, aarhus, user_a):
    return services.agreement_sign(
        agreement=agreement, municipality=aarhus, signed_on=date(2024, 11, 20),
        signer_name="Anna", document=pdf(), actor=user_a,
    )  # fmt: skip


def test_an_agreement_not_yet_sent_cannot_be_signed(aarhus, user_a, client_for):
    planned = Agreement.objects.create(kind="bilag", title="Bilag A", dispatched=False)
    with pytest.raises(ValidationError, match="ikke sendt"):
        services.agreement_sign(
            agreement=planned, municipality=aarhus, signed_on=date(2024, 11, 20),
            signer_name="Anna", document=None, actor=user_a,
        )  # fmt: skip
    client = client_for(user_a)
    page = client.get(f"/aftaler/{planned.pk}/").content.decode()
    assert "kan underskrives, når den er sendt" in page and "Gem underskrift" not in page
    response = client.post(
        f"/aftaler/{planned.pk}/underskriv/", {"signed_on": "2024-11-20", "signer_name": "A"}
    )
    assert response.status_code == 400 and not Signature.objects.exists()


def test_the_municipality_corrects_its_signature_and_replaces_the_pdf(
    signed, agreement, client_for, user_a
):
    new_pdf = PDF.replace(b"%%EOF", b"% rettet\n%%EOF")
    response = client_for(user_a).post(
        f"/aftaler/{agreement.pk}/underskrift/0751/ret/",
        {"correct-signed_on": "2024-11-21", "correct-signer_name": "Anna Andersen",
         "correct-document": pdf("ny.pdf", new_pdf)},
    )  # fmt: skip
    assert response.status_code == 302
    signed.refresh_from_db()
    assert (signed.signed_on, signed.signer_name) == (date(2024, 11, 21), "Anna Andersen")
    with signed.document.open("rb") as handle:
        assert handle.read() == new_pdf
    event = AuditEvent.objects.get(action="agreements.signature.change")
    assert event.actor == user_a
    assert event.changes["signed_on"] == ["2024-11-20", "2024-11-21"]
    assert event.changes["signer_name"] == ["Anna", "Anna Andersen"]


def test_a_correction_is_checked_like_a_signature(signed, agreement, client_for, user_a, user_b):
    response = client_for(user_a).post(
        f"/aftaler/{agreement.pk}/underskrift/0751/ret/",
        {"correct-signed_on": "2999-01-01", "correct-signer_name": "Anna",
         "correct-document": pdf("x.pdf", b"MZ not a pdf")},
    )  # fmt: skip
    assert response.status_code == 400
    signed.refresh_from_db()
    assert signed.signed_on == date(2024, 11, 20)
    # Another municipality cannot reach it at all; an employee may not correct it.
    assert (
        client_for(user_b)
        .post(
            f"/aftaler/{agreement.pk}/underskrift/0751/ret/",
            {"correct-signed_on": "2024-11-21", "correct-signer_name": "Bo"},
        )
        .status_code
        == 404
    )


def test_an_employee_may_not_correct(signed, staff_a):
    with pytest.raises(PermissionDenied):
        services.signature_correct(
            signature=signed, signed_on=date(2024, 11, 21), signer_name="X", document=None,
            actor=staff_a,
        )  # fmt: skip


def test_kombit_withdraws_a_signature_with_a_reason(
    signed, agreement, client_for, kombit_user, django_capture_on_commit_callbacks
):
    document = signed.document.name
    storage = signed.document.storage
    client = client_for(kombit_user)
    url = f"/aftaler/{agreement.pk}/underskrift/0751/tilbagekald/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert Signature.objects.filter(pk=signed.pk).exists()
    assert storage.exists(document)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Registreret på den forkerte aftale"})
    assert response.status_code == 302
    assert not storage.exists(document)  # the PDF goes with it
    assert not Signature.objects.filter(pk=signed.pk).exists()
    event = AuditEvent.objects.get(action="agreements.signature.withdraw")
    assert event.actor == kombit_user and event.note == "Registreret på den forkerte aftale"
    assert event.changes["signer_name"] == ["Anna", ""]


def test_a_municipality_cannot_withdraw(signed, agreement, client_for, user_a):
    url = f"/aftaler/{agreement.pk}/underskrift/0751/tilbagekald/"
    assert client_for(user_a).post(url, {"reason": "Fortryder"}).status_code == 403
    assert Signature.objects.filter(pk=signed.pk).exists()


class Unread:
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_too_large_upload_is_refused_before_its_body_is_read(agreement, user_a, rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from kombitportal.agreements import views

    request = rf.post(f"/aftaler/{agreement.pk}/underskriv/", content_type="multipart/form-data")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)
    request.META["wsgi.input"] = Unread()
    request._stream = Unread()
    request.user = user_a
    request.session = {}
    request._messages = FallbackStorage(request)
    response = views.sign(request, pk=agreement.pk)
    assert response.status_code == 413
    assert "højst 10 MB" in response.content.decode()
    assert not Signature.objects.exists()
