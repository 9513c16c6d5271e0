"""Settings refuse dangerous combinations: the demo IdP or the local secret key in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DEMO_IDP", "DEBUG"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import kombitportal.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_demo_idp_refused_without_debug():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 60, DEMO_IDP="1")
    assert result.returncode != 0
    assert "DEMO_IDP=1 with DEBUG off" in result.stderr


def test_demo_idp_can_be_forced():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 60, DEMO_IDP="1", DEMO_IDP_FORCE="1")
    assert result.returncode == 0, result.stderr


def test_local_secret_key_refused_without_debug():
    result = _import_settings(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
