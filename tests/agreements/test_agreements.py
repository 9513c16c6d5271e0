"""Agreements: signing (with checked uploads), who is missing, scoping of signatures and documents,
visits, bills, and the number of queries of the list pages."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kombitportal.agreements import selectors, services
from kombitportal.agreements.models import Agreement, BillShare, Signature

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="aftale.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def agreement(db):
    return Agreement.objects.create(
        kind="dataudvekslingsaftale", title="SVR-dataudvekslingsaftale", dispatched=True
    )


def test_programme_leader_signs_with_pdf(agreement, aarhus, user_a):
    signature = services.agreement_sign(
        agreement=agreement,
        municipality=aarhus,
        signed_on=date(2024, 11, 20),
        signer_name="Anna",
        document=pdf(),
        actor=user_a,
    )
    assert not signature.on_behalf and signature.recorded_by_name == "Anna Aarhus"
    assert signature.document.name == f"signatures/{agreement.pk}/0751.pdf"
    with signature.document.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("aftale.exe", PDF), "PDF"),
        (pdf("aftale.pdf", b"MZ\x90\x00 not a pdf"), "ikke en PDF"),
        (pdf("aftale.pdf", PDF + b"0" * (10 * 1024 * 1024)), "10 MB"),
    ],
    ids=["wrong-extension", "wrong-content", "too-large"],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(agreement, aarhus, user_a, upload, message):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_sign(
            agreement=agreement,
            municipality=aarhus,
            signed_on=date(2024, 11, 20),
            signer_name="Anna",
            document=upload,
            actor=user_a,
        )
    assert message in str(excinfo.value)
    assert not Signature.objects.exists()


def test_path_tricks_in_the_file_name_do_not_matter(agreement, aarhus, user_a, settings):
    signature = services.agreement_sign(
        agreement=agreement,
        municipality=aarhus,
        signed_on=date(2024, 11, 20),
        signer_name="Anna",
        document=pdf("../../../etc/passwd.pdf"),
        actor=user_a,
    )
    assert signature.document.name == f"signatures/{agreement.pk}/0751.pdf"


def test_other_municipality_and_employees_cannot_sign(agreement, aarhus, user_b, staff_a):
    for actor in (user_b, staff_a):
        with pytest.raises(PermissionDenied):
            services.agreement_sign(
                agreement=agreement,
                municipality=aarhus,
                signed_on=date(2024, 11, 1),
                signer_name="X",
                document=None,
                actor=actor,
            )
    assert not Signature.objects.exists()


def test_kombit_records_on_behalf_and_twice_is_refused(agreement, odense, kombit_user):
    signature = services.agreement_sign(
        agreement=agreement,
        municipality=odense,
        signed_on=date(2024, 11, 1),
        signer_name="Bo",
        document=None,
        actor=kombit_user,
    )
    assert signature.on_behalf and signature.recorded_by_name == "Karl KOMBIT"
    with pytest.raises(ValidationError):
        services.agreement_sign(
            agreement=agreement,
            municipality=odense,
            signed_on=date(2024, 11, 2),
            signer_name="Bo",
            document=None,
            actor=kombit_user,
        )


def test_future_signing_date_is_refused(agreement, aarhus, user_a):
    with pytest.raises(ValidationError):
        services.agreement_sign(
            agreement=agreement,
            municipality=aarhus,
            signed_on=date(2999, 1, 1),
            signer_name="A",
            document=None,
            actor=user_a,
        )


def test_missing_list_and_csv(agreement, aarhus, kombit_user, client_for):
    services.agreement_sign(
        agreement=agreement,
        municipality=aarhus,
        signed_on=date(2024, 11, 1),
        signer_name="A",
        document=None,
        actor=kombit_user,
    )
    overview = selectors.signature_overview(user=kombit_user, agreement=agreement)
    assert len(overview.signed) == 1 and len(overview.missing) == 97
    response = client_for(kombit_user).get(f"/aftaler/{agreement.pk}/mangler.csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 98 and "Aarhus" not in [r[1] for r in rows]


def test_municipality_sees_only_its_own_signature(
    agreement, aarhus, odense, user_a, kombit_user, client_for
):
    services.agreement_sign(
        agreement=agreement,
        municipality=odense,
        signed_on=date(2024, 11, 1),
        signer_name="Hemmelig Odenseborger",
        document=None,
        actor=kombit_user,
    )
    body = client_for(user_a).get(f"/aftaler/{agreement.pk}/").content.decode()
    assert "Hemmelig Odenseborger" not in body and "Odense" not in body
    assert "har ikke underskrevet" in body
    listing = client_for(user_a).get("/aftaler/?state=waiting").content.decode()
    assert "SVR-dataudvekslingsaftale" in listing


def test_not_yet_sent_lists_the_planned_ones_for_a_municipality_too(
    agreement, aarhus, user_a, kombit_user
):
    Agreement.objects.create(kind="allonge", title="Kommende allonge", dispatched=False)
    for user, municipality in ((user_a, aarhus), (kombit_user, None)):
        planned = selectors.agreement_list(
            user=user, municipality=municipality, filters={"state": "planned"}
        )
        assert [a.title for a in planned] == ["Kommende allonge"]


def test_sign_through_the_page(agreement, aarhus, user_a, client_for):
    client = client_for(user_a)
    response = client.post(
        f"/aftaler/{agreement.pk}/underskriv/",
        {"signed_on": "2024-11-20", "signer_name": "Anna", "document": pdf()},
    )
    assert response.status_code == 302
    assert client.get(f"/aftaler/{agreement.pk}/dokument/0751/").status_code == 200
    response = client.post(
        f"/aftaler/{agreement.pk}/underskriv/", {"signed_on": "2024-11-20", "signer_name": "Anna"}
    )
    assert response.status_code == 400  # already signed


def test_bad_upload_through_the_page_is_explained(agreement, user_a, client_for):
    response = client_for(user_a).post(
        f"/aftaler/{agreement.pk}/underskriv/",
        {"signed_on": "2024-11-20", "signer_name": "Anna", "document": pdf("a.pdf", b"GIF89a")},
    )
    assert response.status_code == 400
    assert "Filen er ikke en PDF" in response.content.decode()
    assert not Signature.objects.exists()


def test_bill_is_split_exactly_and_shares_are_scoped(kombit_user, user_a, client_for):
    response = client_for(kombit_user).post(
        "/aftaler/udgifter/",
        {
            "title": "Kontanthjælpsreformen",
            "basis": "Direkte afledte omkostninger",
            "total_kr": "60000000",
        },
    )
    assert response.status_code == 302
    shares = BillShare.objects.all()
    assert shares.count() == 98 and sum(s.amount_ore for s in shares) == 60_000_000_00
    bill_url = response["Location"]
    body = client_for(user_a).get(bill_url).content.decode()
    assert "Aarhus" in body and "Odense" not in body
    assert (
        client_for(user_a).post("/aftaler/udgifter/", {"title": "x", "total_kr": "1"}).status_code
        == 403
    )


def test_load_demo_agreements_and_visits(db, client_for, kombit_user):
    from django.core.management import call_command

    call_command("load_demo")
    svr = Agreement.objects.get(title="SVR-dataudvekslingsaftale")
    assert svr.signatures.count() == 91
    body = client_for(kombit_user).get("/besoeg/").content.decode()
    assert "48 besøg afholdt" in body and "Kalundborg (i det nye år)" in body
    assert Agreement.objects.get(title__startswith="Allonge").deadline_text == "01.12.2024"
    pending = Agreement.objects.get(title__startswith="Datastandard")
    assert pending.dispatch.is_pending and pending.dispatch_pending_reason.startswith("Der pågår")


@pytest.mark.parametrize(
    "path", ["/aftaler/", "/aftaler/?q=aftale&state=waiting", "/besoeg/", "/aftaler/{agreement}/"]
)
def test_query_count_does_not_grow(path, user_a, kombit_user, client_for, db_sessions, aarhus):
    from kombitportal.agreements.models import Visit
    from kombitportal.core.models import Municipality, Role

    role = Role.objects.create(name="R", kind="general", status="published")

    def grow(n):
        municipalities = list(Municipality.objects.all()[:n])
        for i in range(n):
            a = Agreement.objects.create(kind="bilag", title=f"Aftale {i} {n}", dispatched=True)
            a.recipient_roles.add(role)
            Signature.objects.create(
                agreement=a,
                municipality=municipalities[i],
                signed_on="2024-01-01",
                signer_name="x",
                recorded_by_name="x",
            )
            Visit.objects.create(
                municipality=municipalities[i], status="held", when_text=f"0{1 + i % 9}-01-2024 {n}"
            )
        return a

    first = grow(3)
    url = path.format(agreement=first.pk)
    counts = {user.pk: _count(client_for(user), url) for user in (user_a, kombit_user)}
    grow(40)
    for user in (user_a, kombit_user):
        assert _count(client_for(user), url) == counts[user.pk], (path, user)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)
