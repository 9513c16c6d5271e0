"""Settings refuse dangerous combinations: the demo IdP or the local secret key in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEMO_IDP", "DEBUG", "SAML_IDP_METADATA", "PORTAL_TODAY"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import kombitportal.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "SAML_IDP_METADATA": "https://n2adgangsstyring.stoettesystemerne.dk/runtime/saml2/metadata.idp",
}


def test_a_production_start_with_idp_metadata_is_accepted():
    result = _import_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_a_production_start_without_idp_metadata_is_refused():
    """Without SAML_IDP_METADATA the portal would trust the demo IdP's key from var/."""
    result = _import_settings(**PRODUCTION | {"SAML_IDP_METADATA": ""})
    assert result.returncode != 0
    assert "SAML_IDP_METADATA must be set when DEBUG is off" in result.stderr
    forced = _import_settings(**PRODUCTION | {"SAML_IDP_METADATA": "", "DEMO_IDP_FORCE": "1"})
    assert forced.returncode == 0, forced.stderr


def test_portal_today_must_be_a_date():
    result = _import_settings(PORTAL_TODAY="26-11-2024")
    assert result.returncode != 0
    assert "PORTAL_TODAY must be a date, YYYY-MM-DD" in result.stderr
    assert _import_settings(PORTAL_TODAY="2024-11-26").returncode == 0


def test_demo_idp_refused_without_debug():
    result = _import_settings(**PRODUCTION | {"DEMO_IDP": "1"})
    assert result.returncode != 0
    assert "DEMO_IDP=1 with DEBUG off" in result.stderr


def test_demo_idp_can_be_forced():
    result = _import_settings(**PRODUCTION | {"DEMO_IDP": "1", "DEMO_IDP_FORCE": "1"})
    assert result.returncode == 0, result.stderr


def test_local_secret_key_refused_without_debug():
    result = _import_settings(**PRODUCTION | {"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
