"""The house: the core (kombitportal/core, accounts, notifications, agreements, api) never imports an
area (klik, sapa, valg, contexthandler), nor names one of its models or URLs in a string; areas
plug into the core through kombitportal/core/areas.py and kombitportal/notifications/registry.py."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = (
    "kombitportal/core",
    "kombitportal/accounts",
    "kombitportal/notifications",
    "kombitportal/agreements",
    "kombitportal/feeds",
    "kombitportal/api",
)
AREAS = ("klik", "sapa", "valg", "contexthandler", "meetings")
# "klik.TaskAssignment" (a model), "klik.tasks.x" (a task), "klik:detail" (a URL name).
AREA_STRING = re.compile(rf"^({'|'.join(AREAS)})[.:]\w")


def core_modules() -> list[Path]:
    return sorted(
        path
        for package in CORE
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def area_references(path: Path) -> list[str]:
    """Every import of an area, and every string naming an area's model, task or URL, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if AREA_STRING.match(node.value):
                found.append(f"{node.lineno}: {node.value!r}")
            continue
        found += [f"{node.lineno}: import {name}" for name in names if name.split(".")[0] in AREAS]
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_the_core_is_found():
    modules = core_modules()
    assert len(modules) > 40
    assert ROOT / "kombitportal/notifications/selectors.py" in modules


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_names_an_area(path):
    assert area_references(path) == [], f"{path.relative_to(ROOT)} reaches into an area"


def test_the_check_sees_an_import_and_a_string(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nfrom klik.models import Task\ndef f():\n    import valg.rules\n"
        "x = models.ForeignKey('klik.TaskAssignment', on_delete=None)\ny = reverse('sapa:index')\n"
        "z = 'klikker.nu'\n"
    )
    assert area_references(module) == [
        "2: import klik.models",
        "4: import valg.rules",
        "5: 'klik.TaskAssignment'",
        "6: 'sapa:index'",
    ]


SHARED = re.compile(
    r"(\.\./|parents\[\d\]\s*/\s*\"|/)shared/(testdata|data|seed)|\"shared\"\s*/\s*\"(testdata|data|seed)\""
)


def test_nothing_reads_the_workplace_s_shared_folder():
    """A user who clones the repository has no ../shared: the project carries what it needs
    (tests/data/ch2 for the Context Handler artefacts)."""
    files = [*ROOT.glob("**/*.py"), ROOT / "Makefile", *ROOT.glob(".ci/*")]
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if ".venv" not in path.parts and path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SHARED.search(line) and path.name != "test_architecture.py"
    ]
    assert hits == []
    assert (ROOT / "tests/data/ch2/SOURCES.md").is_file()
