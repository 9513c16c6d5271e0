"""Benchmark of the exports: KOMBIT's export of the KLIK task list across all municipalities —
every assignment, 98 × 300 = 29,400 rows on `generate_load_data --municipalities 98 --tasks 300`
— as XLSX and as CSV, timed through the whole request (session, middleware, view, the file), with
its peak memory, against one municipality's 300 rows in the same way: the exports stream their rows
from the database in chunks and openpyxl's write-only sheet keeps them in a temporary file, so the
peak should not grow with the rows (a tenth of them, one project's, is measured too).

    uv run --frozen python bench/bench_exports.py [--rounds 3]      (or: make bench)

Each export runs in a fresh `manage.py shell` process, `--rounds` times: the time of each request
(median and fastest), the queries it ran, the size of the file, and the growth of the process's
peak resident memory (resource.getrusage's ru_maxrss) during the requests over what the process
had after a warm-up export of a few rows. The XLSX of all municipalities is then opened with
openpyxl (read-only) to check its rows, its dates and its header.

The database is a fresh SQLite file in a temporary folder, or DATABASE_URL if set (migrated, and its
earlier load data replaced). Prints a table and writes it to bench-results/exports.txt. Reports the
target (the XLSX of 29,400 rows within 30 s, its peak memory growth within 1.5 × that of a tenth
of the rows plus 2 MB); never fails on speed.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results" / "exports.txt"
ALL_ROWS = 98 * 300

# Runs in `manage.py shell`: KOMBIT's consultant of the load data (made here, removed with the load
# data), a warm-up export, then ROUNDS exports of PATH through the test client, each streamed to
# OUT and timed, with its queries counted and the process's peak memory read before and after.
EXPORT = """
import resource, statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from kombitportal.accounts.models import User
from kombitportal.core.models import Organisation
user, _ = User.objects.get_or_create(
    username="load-kombit",
    defaults=dict(full_name="Belastning KOMBIT", email="kombit@belastning.example.dk",
                  portal_role=User.PortalRole.KOMBIT,
                  organisation=Organisation.objects.get(kind=Organisation.Kind.KOMBIT)),
)
client = Client(SERVER_NAME="127.0.0.1")
client.force_login(user)

def export(path, out=None):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    size = 0
    with open(out or "/dev/null", "wb") as handle:
        for chunk in response.streaming_content:
            size += len(chunk)
            handle.write(chunk)
    response.close()
    return size

export("/klik/eksport.{fmt}?kommune=0751&q=Belastning+1")  # warm-up: code, templates, connection
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for _ in range({rounds}):
    with CaptureQueriesContext(connection) as queries:  # the last round's
        started = time.perf_counter()
        size = export("{path}", "{out}")
        times.append((time.perf_counter() - started) * 1000)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("EXPORT", round(statistics.median(times)), round(min(times)), len(queries), size,
      before, after)
"""

CASES = (
    # (key, what, format, path)
    ("xlsx_all", "XLSX, all 98 municipalities", "xlsx", "/klik/eksport.xlsx"),
    # One of the load data's ten projects: a tenth of the rows, more than one chunk of them.
    (
        "xlsx_tenth",
        "XLSX, one project (a tenth)",
        "xlsx",
        "/klik/eksport.xlsx?q=Belastning+projekt+01",
    ),
    ("xlsx_one", "XLSX, one municipality", "xlsx", "/klik/eksport.xlsx?kommune=0751"),
    ("csv_all", "CSV, all 98 municipalities", "csv", "/klik/eksport.csv"),
    ("csv_one", "CSV, one municipality", "csv", "/klik/eksport.csv?kommune=0751"),
)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args[:1])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def check_xlsx(path: Path) -> str:
    """Open the XLSX of all municipalities as a person's spreadsheet would: its rows, the types of
    its dates and numbers, and no formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    rows = dates = formulas = 0
    header: tuple = ()
    for number, row in enumerate(sheet.iter_rows(values_only=False)):
        if number == 0:
            header = tuple(cell.value for cell in row)
            continue
        rows += 1
        for cell in row:
            dates += isinstance(cell.value, datetime)
            formulas += cell.data_type == "f"
    workbook.close()
    return (
        f"opened with openpyxl: {rows} rows, {dates} cells of real dates, {formulas} formulas; "
        f"header: {', '.join(str(h) for h in header)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="exports per case (3)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kombit-bench-exports-"))
    env = {
        **os.environ,
        "VAR_DIR": str(workdir),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL": "0",
        "DEMO_IDP": "0",
        "SAML_IDP_METADATA": "https://idp.invalid/metadata",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    results: dict[str, dict] = {}
    try:
        print(f"Setting up the {database} database in {workdir} ...", flush=True)
        manage(env, "migrate", "--noinput")
        started = time.monotonic()
        print(
            manage(env, "generate_load_data", "--municipalities", "98", "--tasks", "300").strip(),
            flush=True,
        )
        generate_seconds = time.monotonic() - started
        for key, what, fmt, path in CASES:
            print(f"Exporting {what} ({options.rounds} rounds) ...", flush=True)
            out = workdir / f"{key}.{fmt}"
            script = EXPORT.format(fmt=fmt, rounds=options.rounds, path=path, out=out)
            found = re.search(
                r"^EXPORT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$",
                manage(env, "shell", "--verbosity", "0", "-c", script),
                re.M,
            )
            if found is None:
                sys.exit(f"manage.py shell printed no EXPORT line for {what}")
            median, fastest, queries, size, before, after = (int(v) for v in found.groups())
            rows = out.read_bytes().count(b"\r\n") - 1 if fmt == "csv" else -1
            results[key] = {
                "what": what, "median": median, "fastest": fastest, "queries": queries,
                "size": size, "growth_kb": after - before, "peak_kb": after, "rows": rows,
            }  # fmt: skip
        checked = check_xlsx(workdir / "xlsx_all.xlsx")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def line(key: str) -> str:
        r = results[key]
        return (
            f"{r['what']:<30}{r['median']:>9}{r['fastest']:>9}{r['queries']:>9}"
            f"{r['size'] / 1024 / 1024:>9.1f}{r['growth_kb'] / 1024:>12.1f}{r['peak_kb'] / 1024:>10.0f}"
        )

    xlsx_all, xlsx_tenth = results["xlsx_all"], results["xlsx_tenth"]
    flat = xlsx_all["growth_kb"] <= 1.5 * xlsx_tenth["growth_kb"] + 2 * 1024
    verdict = "met" if xlsx_all["median"] <= 30_000 and flat else "NOT met"
    per_row = xlsx_all["median"] / ALL_ROWS * 1000
    report = "\n".join(
        [
            f"Export benchmark — {time.strftime('%Y-%m-%d %H:%M')}, {database}, KOMBIT's export of "
            f"the KLIK task list through the test client (session, middleware, view, file), "
            f"{options.rounds} rounds a case, each case in a fresh process",
            f"data: generate_load_data 98×300 in {generate_seconds:.1f} s ({ALL_ROWS} assignments); "
            f"CSV rows written: all {results['csv_all']['rows']}, one {results['csv_one']['rows']}",
            "",
            f"{'export':<30}{'ms':>9}{'best ms':>9}{'queries':>9}{'MB':>9}{'peak +MB':>12}"
            f"{'peak MB':>10}",
            *(line(key) for key, *_rest in CASES),
            "",
            f"XLSX of all municipalities: {per_row:.0f} µs a row; {checked}",
            "queries: of one request (session, user, the rows, read in chunks of 2,000); peak +MB: "
            "how much the process's peak resident memory grew during the exports, over what it "
            "had after a warm-up export",
            f"target: the XLSX of {ALL_ROWS} rows within 30 s and in constant memory (its peak "
            f"growth ≤ 1.5 × that of a tenth of the rows + 2 MB) — {verdict}",
        ]
    )
    print()
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
