"""Every UI string is marked and translated into Danish, the portal's first language."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[1]
IGNORED = (".venv", ".git", "var", "staticfiles", "node_modules", ".pytest_cache", ".ruff_cache")


def test_danish_catalogue_is_complete(tmp_path):
    if not shutil.which("xgettext") or not shutil.which("msgfmt"):
        require_service("gettext", "xgettext/msgfmt not installed")
    # makemessages on a copy of the tree: new msgids show up as untranslated without touching ours.
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED))
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "da",
            "--no-location",
            "--no-obsolete",
            "--ignore",
            "tests",
            "--ignore",
            ".venv",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    po = copy / "locale" / "da" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"run `make messages` and translate: {stats.strip()}"
    )


def test_compiled_catalogue_is_current(tmp_path):
    if not shutil.which("msgfmt"):
        require_service("gettext", "msgfmt not installed")
    po = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
    mo = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.mo"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), "django.mo is stale: run `make messages`"
