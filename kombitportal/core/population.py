"""Reading Danmarks Statistik's FOLK1A export (statistikbanken.dk or the Statbank API) into
population figures per municipality: every bad row is reported, and nothing is saved unless all
rows are good."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from kombitportal.core.models import Municipality

TOTALS = {"i alt", "alder i alt", "tot", "ialt", "total", "age, total", "both sexes"}
IGNORED_AREAS = re.compile(r"^(hele landet|all denmark|region |landsdel |province )", re.I)
QUARTER = re.compile(r"^(\d{4})K([1-4])$", re.I)


@dataclass
class PopulationFile:
    populations: dict[str, int] = field(default_factory=dict)  # municipality code → population
    population_date: date | None = None
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """Statbank exports are UTF-8 (with or without BOM) or Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _norm(name: str) -> str:
    name = name.strip().lower()
    name = re.sub(r"\s+(kommune|regionskommune)$", "", name)
    return re.sub(r"[\s\-]+", "-", name)


def read_population_file(raw: bytes, *, population_date: date | None = None) -> PopulationFile:
    text = decode(raw)
    lines = text.splitlines()
    # Skip Statbank's title lines until the header with OMRÅDE and INDHOLD.
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if "område" in line.lower() and "indhold" in line.lower()
        ),
        None,
    )
    result = PopulationFile()
    if start is None:
        result.errors.append("Filen har ingen overskriftslinje med kolonnerne OMRÅDE og INDHOLD.")
        return result
    header_line = lines[start]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    header = [h.strip().strip('"').upper() for h in next(reader)]
    column = {name: header.index(name) for name in header}
    total_columns = [column[c] for c in ("KØN", "ALDER", "CIVILSTAND") if c in column]

    by_key: dict[str, Municipality] = {}
    for municipality in Municipality.objects.all():
        by_key[municipality.code] = municipality
        by_key[municipality.code.lstrip("0")] = municipality
        by_key[_norm(municipality.name)] = municipality
        by_key[_norm(municipality.official_name)] = municipality

    periods: set[str] = set()
    seen: dict[str, int] = {}
    for offset, row in enumerate(reader):
        line_no = start + 2 + offset
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            result.errors.append(
                f"Linje {line_no}: for få kolonner ({len(row)} i stedet for {len(header)})."
            )
            continue
        if any(row[i].strip().strip('"').lower() not in TOTALS for i in total_columns):
            continue  # a breakdown by sex, age or marital status: only the totals count
        area = row[column["OMRÅDE"]].strip().strip('"')
        if IGNORED_AREAS.match(area):
            continue
        municipality = by_key.get(area) or by_key.get(_norm(area))
        if municipality is None:
            result.errors.append(f"Linje {line_no}: ukendt kommune “{area}”.")
            continue
        value = row[column["INDHOLD"]].strip().strip('"').replace(".", "").replace(" ", "")
        if not value.isdigit():
            result.errors.append(
                f"Linje {line_no}: indbyggertallet “{value}” for {municipality.name} er ikke et positivt heltal."
            )
            continue
        if municipality.code in seen:
            result.errors.append(
                f"Linje {line_no}: {municipality.name} står der allerede (linje {seen[municipality.code]})."
            )
            continue
        seen[municipality.code] = line_no
        result.populations[municipality.code] = int(value)
        if "TID" in column:
            periods.add(row[column["TID"]].strip().strip('"'))

    if population_date is None:
        if len(periods) > 1:
            result.errors.append(
                f"Filen har flere perioder ({', '.join(sorted(periods))}); vælg én med --date."
            )
        elif periods:
            match = QUARTER.match(next(iter(periods)))
            if match:
                year, quarter = int(match.group(1)), int(match.group(2))
                population_date = date(year, 3 * quarter - 2, 1)
            else:
                result.errors.append(
                    f"Perioden “{next(iter(periods))}” er ikke et kvartal som 2025K1; brug --date."
                )
        else:
            result.errors.append("Filen har ingen TID-kolonne; angiv datoen med --date.")
    result.population_date = population_date
    if not result.populations and not result.errors:
        result.errors.append("Filen indeholder ingen kommuner.")
    result.missing = sorted(
        m.name for m in Municipality.objects.exclude(code__in=result.populations)
    )
    return result
