"""The certificate roll-over check against a local HTTPS server (never the network): a
certificate that changes, one about to expire, a successor announced then used, and bad metadata
(a DTD, huge, HTML, 500, a redirect to another host, a timeout, a wrong signature), each recorded
as its finding, never a crash, the last good copy kept; `manage.py check_metadata` prints one line
per certificate and finding and exits 0 or 1; beat's task checks each source by id."""

import datetime

import pytest
from django.core.management import call_command

from contexthandler import checks, services, tasks
from contexthandler.models import Finding, MetadataSource, Sighting
from kombitportal.core.models import AuditEvent
from tests.core.test_metadata import NOW, Route, key_pair, metadata_xml

pytestmark = pytest.mark.django_db
A = key_pair("kombit-signing-a")
B = key_pair("kombit-signing-b")
C = key_pair("someone-else-c")


def source(url: str, *trusted) -> MetadataSource:
    return services.metadata_source_save(
        name="ch2", title="CH2", location=url, trusted_pem="".join(k.cert_pem for k in trusted)
    )


def codes(report) -> list[str]:
    return [line.code for line in report.findings]


def serve(server, body: bytes, path: str = "/md.xml", **route) -> str:
    server.routes[path] = Route(body, **route)
    return server.url(path)


def test_a_certificate_that_changes_new_and_gone(https_server):
    url = serve(https_server, metadata_xml([(A, "signing")], signer=A))
    src = source(url, A)
    first = checks.check_source(src, now=NOW)
    assert codes(first) == ["NEW", "OK"] and not first.needs_action
    # Same metadata: nothing new.
    assert codes(checks.check_source(src, now=NOW + datetime.timedelta(hours=4))) == ["OK"]
    # KOMBIT announces B in the metadata (still signed by A), then signs with B and drops A.
    serve(https_server, metadata_xml([(A, "signing"), (B, "signing")], signer=A))
    assert codes(checks.check_source(src, now=NOW + datetime.timedelta(hours=8))) == ["NEW", "OK"]
    serve(https_server, metadata_xml([(B, "signing")], signer=B))
    after = checks.check_source(src, now=NOW + datetime.timedelta(hours=12))
    assert codes(after) == ["GONE", "OK"]  # B is trusted through the overlap; A is gone
    assert Sighting.objects.get(sha256=A.certificate.sha256).gone_at is not None
    assert Sighting.objects.get(sha256=B.certificate.sha256).gone_at is None
    assert Finding.objects.filter(source=src).count() == 2 + 1 + 2 + 2
    assert AuditEvent.objects.filter(action="contexthandler.metadata.check").count() == 4


def test_a_certificate_about_to_expire_and_expired(https_server):
    url = serve(https_server, metadata_xml([(A, "signing")], signer=A))
    src = source(url, A)
    not_after = A.certificate.not_after
    soon = checks.check_source(src, now=not_after - datetime.timedelta(days=10))
    assert codes(soon) == ["NEW", "EXPIRING"] and soon.needs_action
    assert "in 9 days" in str(soon.findings[1]) or "in 10 days" in str(soon.findings[1])
    late = checks.check_source(src, now=not_after + datetime.timedelta(days=1))
    assert codes(late) == ["EXPIRED"]


def test_a_successor_not_announced_is_untrusted(https_server):
    url = serve(https_server, metadata_xml([(C, "signing")], signer=C))
    report = checks.check_source(source(url, A), now=NOW)
    assert codes(report) == ["UNTRUSTED"] and report.needs_action
    assert not Sighting.objects.exists()  # metadata that cannot be trusted is not used


def test_a_registered_successor_is_trusted_before_it_signs(https_server):
    url = serve(https_server, metadata_xml([(B, "signing")], signer=B))
    assert codes(checks.check_source(source(url, A, B), now=NOW)) == ["NEW", "OK"]


@pytest.mark.parametrize(
    ("route", "code"),
    [
        ({"body": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'}, "INVALID"),
        (
            {"body": b"<html><body>Login</body></html>", "headers": {"Content-Type": "text/html"}},
            "INVALID",
        ),
        ({"body": b"oops", "status": 500}, "UNREACHABLE"),
        (
            {
                "body": b"",
                "status": 302,
                "headers": {"Location": "https://elsewhere.example/md.xml"},
            },
            "UNREACHABLE",
        ),
        ({"trickle": 200}, "UNREACHABLE"),
    ],
    ids=["dtd", "html", "500", "redirect-to-another-host", "timeout"],
)
def test_bad_metadata_is_a_finding_and_the_last_good_copy_is_kept(
    settings, https_server, route, code
):
    settings.METADATA_TIMEOUT_SECONDS = 1
    url = serve(https_server, metadata_xml([(A, "signing")], signer=A))
    src = source(url, A)
    checks.check_source(src, now=NOW)
    https_server.routes["/md.xml"] = Route(**route)
    report = checks.check_source(src, now=NOW + datetime.timedelta(hours=4))
    assert codes(report) == [code] and report.needs_action
    # The last good copy: its certificate is still known and still the one shown.
    assert [c.sha256 for c in report.certificates] == [A.certificate.sha256]
    assert Sighting.objects.get().gone_at is None


def test_huge_metadata_is_invalid(settings, https_server):
    settings.METADATA_MAX_BYTES = 1000
    url = serve(https_server, metadata_xml([(A, "signing"), (B, "signing")], signer=A))
    assert codes(checks.check_source(source(url, A), now=NOW)) == ["INVALID"]


def test_a_wrong_signature_and_unsigned(https_server):
    signed = metadata_xml([(A, "signing")], signer=A)
    tampered = signed.replace(b"https://idp.", b"https://evil.")
    src = source(serve(https_server, tampered), A)
    assert codes(checks.check_source(src, now=NOW)) == ["UNTRUSTED"]
    serve(https_server, metadata_xml([(A, "signing")], signer=None))
    assert codes(checks.check_source(src, now=NOW + datetime.timedelta(hours=1))) == ["UNSIGNED"]


def test_the_command_prints_lines_and_exits_by_what_needs_action(https_server, capsys, tmp_path):
    url = serve(https_server, metadata_xml([(A, "signing")], signer=A))
    source(url, A)
    call_command("check_metadata")  # exit 0: nothing needs action
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("certificate ch2: subject='CN=kombit-signing-a'")
    assert f"sha256={A.certificate.sha256}" in out[0]
    assert out[1:] == ["NEW ch2: CN=kombit-signing-a", "OK ch2: 1 signing certificate(s)"]
    # An ad-hoc URL with its own trust, signed by someone else: exit 1.
    trust = tmp_path / "trust.pem"
    trust.write_text(A.cert_pem)
    other = serve(https_server, metadata_xml([(C, "signing")], signer=C), "/other.xml")
    with pytest.raises(SystemExit) as exited:
        call_command("check_metadata", other, "--trust", str(trust))
    assert exited.value.code == 1
    assert capsys.readouterr().out.startswith(f"UNTRUSTED {other}:")


def test_beat_queues_each_source_by_id_and_the_task_checks_it(
    https_server, django_capture_on_commit_callbacks, monkeypatch
):
    url = serve(https_server, metadata_xml([(A, "signing")], signer=A))
    src = source(url, A)
    sent = []
    monkeypatch.setattr(tasks.check_metadata_source, "delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_metadata_sources() == 1
    assert sent == [src.pk]
    assert tasks.check_metadata_source(src.pk)[-1].startswith("OK ")
    assert tasks.check_metadata_source(999999) == []


def test_the_demo_source_reads_kombit_s_external_test_metadata(db):
    call_command("load_demo", verbosity=0)
    src = MetadataSource.objects.get(name="ch2-eksterntest")
    # load_demo checked it once, today: its certificate expired on 28 March 2026.
    found = set(Finding.objects.filter(source=src).values_list("code", flat=True))
    assert found == {"NEW", "EXPIRED"}
    report = checks.check_source(src, now=datetime.datetime(2024, 11, 26, tzinfo=datetime.UTC))
    assert codes(report) == ["OK"]  # in the demo's November 2024 it was valid
    (cert,) = report.certificates
    assert "ADG_EXTTEST_Adgangsstyring_1" in cert.subject
    call_command("load_demo", verbosity=0)  # checked once only: load_demo stays idempotent
    assert Finding.objects.filter(source=src, code="NEW").count() == 1
