"""The portal's login through a key roll-over of the IdP, without a restart.

SAML_IDP_METADATA is a file the test rewrites between logins (the portal reads it again when it
changes); SAML_IDP_METADATA_TRUST registers only the old key A. KOMBIT first announces its
successor B in metadata signed by A, then signs with B and stops listing A: responses signed by B
log in from the announcement on, responses signed by A are refused once A is no longer listed."""

import logging
import os
from pathlib import Path

import pytest

from kombitportal.accounts.models import User
from tests.accounts.saml_helpers import (
    IDP_ENTITY_ID,
    assert_refused,
    landing,
    post_response,
    response_spec,
    signed,
    start_login,
    throwaway_key_pair,
)
from tests.core.test_metadata import KeyPair, metadata_xml

SSO = "https://idp.example.test/runtime/saml2/issue.idp"
A = KeyPair(*throwaway_key_pair("kombit-idp-a"))
B = KeyPair(*throwaway_key_pair("kombit-idp-b"))
C = KeyPair(*throwaway_key_pair("someone-else-c"))


class IdP:
    """The metadata file and trust the portal is configured with, rewritten like an operator's
    deployment would: a new file in place, with a new modification time."""

    def __init__(self, folder: Path, settings):
        self.path = folder / "idp-metadata.xml"
        self.stamp = 1_700_000_000
        trust = folder / "kombit-a.pem"
        trust.write_text(A.cert_pem)
        settings.SAML_IDP_METADATA = str(self.path)
        settings.SAML_IDP_METADATA_TRUST = [str(trust)]

    def publish(self, listed: list[KeyPair], *, signer: KeyPair | None) -> None:
        self.path.write_bytes(
            metadata_xml(
                [(pair, "signing") for pair in listed],
                signer=signer,
                entity_id=IDP_ENTITY_ID,
                sso=SSO,
            )
        )
        self.stamp += 60
        os.utime(self.path, (self.stamp, self.stamp))


@pytest.fixture
def idp(db, settings, tmp_path, caplog) -> IdP:
    caplog.set_level(logging.INFO)
    return IdP(tmp_path, settings)


def _login(client, key: KeyPair):
    request_id = start_login(client, "/roller/")
    return post_response(
        client, signed(response_spec(request_id), key_pair=(key.cert_pem, key.key_pem))
    )


def _logs_in(client, key: KeyPair) -> bool:
    response = _login(client, key)
    logged_in = response.status_code == 302 and landing(response) == "/roller/"
    client.logout()
    return logged_in


def test_login_follows_the_roll_over_without_a_restart(client, idp, caplog):
    idp.publish([A], signer=A)
    assert _logs_in(client, A)

    # The successor is announced: both keys log in during the overlap.
    idp.publish([A, B], signer=A)
    assert _logs_in(client, B)
    assert _logs_in(client, A)

    # KOMBIT signs with B and lists only B; B is trusted because A's metadata announced it.
    idp.publish([B], signer=B)
    assert _logs_in(client, B)
    response = _login(client, A)
    assert_refused(client, response, caplog, "signature validation failed", users=1)
    assert User.objects.count() == 1


def test_metadata_signed_by_an_unknown_key_is_not_used(client, idp, caplog):
    idp.publish([A], signer=A)
    assert _logs_in(client, A)

    # Someone replaces the file with metadata of their own key: the last good copy stays in use.
    idp.publish([C], signer=C)
    assert _logs_in(client, A)
    response = _login(client, C)
    assert_refused(client, response, caplog, "signature validation failed", users=1)
    assert any("UNTRUSTED" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_without_a_good_copy_login_is_unavailable(client, idp):
    idp.publish([B], signer=B)  # never announced by A
    response = client.get("/saml/login/")
    assert response.status_code == 503
    assert "Login er ikke tilgængeligt lige nu" in response.content.decode()

    idp.publish([A], signer=None)  # unsigned, while trust is configured
    assert client.get("/saml/login/").status_code == 503

    idp.publish([A], signer=A)
    assert client.get("/saml/login/").status_code == 302


def test_idp_settings_list_every_signing_certificate(client, idp, rf):
    from kombitportal.accounts.keys import pem_body
    from kombitportal.accounts.saml import idp_settings

    idp.publish([A, B], signer=A)
    multi = idp_settings(rf.get("/saml/login/"))["x509certMulti"]
    assert multi["signing"] == [pem_body(A.cert_pem), pem_body(B.cert_pem)]
    assert multi["encryption"] == []


def test_a_file_missing_for_a_moment_keeps_the_last_good_copy(client, idp):
    idp.publish([A], signer=A)
    assert _logs_in(client, A)
    idp.path.unlink()  # a deployment that removes the file before copying the new one
    assert _logs_in(client, A)
