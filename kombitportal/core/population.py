"""Reading Danmarks Statistik's FOLK1A CSV (a statistikbanken.dk export or the Statbank API) into
population figures per municipality code, with every bad row reported by its line number."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from kombitportal.core.models import Municipality

# Values meaning "all" in the KØN, ALDER and CIVILSTAND columns, as text or as Statbank codes.
TOTALS = {"i alt", "alder i alt", "tot", "ialt", "total", "age, total", "both sexes"}
BREAKDOWN_COLUMNS = ("KØN", "ALDER", "CIVILSTAND")
# Aggregates and Christiansø (in FOLK1A, but administered by the state, not a municipality).
IGNORED_AREAS = re.compile(
    r"^(hele landet|all denmark|region |landsdel |province |christiansø$)", re.IGNORECASE
)
# As codes (Statbank API, valuePresentation=Code): 000 the country, 081–085 regions, 01–11
# landsdele, 411 Christiansø. Municipality codes are 101 and up.
IGNORED_AREA_CODES = {"411"}
QUARTER = re.compile(r"^(\d{4})K([1-4])$", re.IGNORECASE)
INTEGER = re.compile(r"^\d+$|^\d{1,3}(\.\d{3})+$")  # 670000 or, Danish style, 670.000
DASHES = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
CODE_AND_VALUE = re.compile(r"^(\d{1,4})\s+\S")  # valuePresentation=CodeAndValue: "101 København"


@dataclass
class PopulationFile:
    populations: dict[str, int] = field(default_factory=dict)  # municipality code → population
    population_date: date | None = None
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # names of municipalities not in the file


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (a superset of ISO-8859-1's letters)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return unicodedata.normalize("NFC", text)


def _norm(name: str) -> str:
    name = DASHES.sub("-", name.strip().lower())
    return re.sub(r"-(kommune|regionskommune)$", "", name)


def _find_header(lines: list[str]) -> tuple[int, str, list[str]] | None:
    """Statbank exports may start with title lines; the header is the line naming both columns."""
    for index, line in enumerate(lines):
        for delimiter in (";", ","):
            cells = [cell.strip().upper() for cell in next(csv.reader([line], delimiter=delimiter))]
            if "OMRÅDE" in cells and "INDHOLD" in cells:
                return index, delimiter, cells
    return None


def _is_total(value: str) -> bool:
    value = value.lower()
    return value in TOTALS or value.split(" ", 1)[0] in {"tot", "ialt"}


def _area_key(area: str) -> str:
    """The code where the cell has one ("0101", "101", "101 København"), else the name."""
    match = CODE_AND_VALUE.match(area)
    return match.group(1) if match else area


def _is_ignored_area(area: str) -> bool:
    if area.isdigit():
        return int(area) < 100 or area.lstrip("0") in IGNORED_AREA_CODES
    return bool(IGNORED_AREAS.match(area))


def _municipality_lookup() -> dict[str, Municipality]:
    lookup: dict[str, Municipality] = {}
    for municipality in Municipality.objects.all():
        lookup[municipality.code] = municipality
        lookup[municipality.code.lstrip("0")] = municipality
        lookup[_norm(municipality.name)] = municipality
        lookup[_norm(municipality.official_name)] = municipality
    return lookup


def _quarter_start(period: str) -> date | None:
    match = QUARTER.match(period)
    if not match:
        return None
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


def read_population_file(raw: bytes, *, population_date: date | None = None) -> PopulationFile:
    """Parse a FOLK1A CSV. `population_date` overrides the date the TID column gives."""
    result = PopulationFile()
    lines = decode(raw).splitlines()
    found = _find_header(lines)
    if found is None:
        result.errors.append("The file has no header line with the columns OMRÅDE and INDHOLD.")
        return result
    start, delimiter, header = found
    column = {name: header.index(name) for name in header if name}
    breakdown = [column[name] for name in BREAKDOWN_COLUMNS if name in column]
    lookup = _municipality_lookup()

    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    next(reader)
    first_line_of: dict[str, int] = {}  # municipality code → line
    periods: dict[str, int] = {}  # TID value → first line
    for row in reader:
        line_no = start + reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) < len(header):
            result.errors.append(
                f"Line {line_no}: {len(cells)} columns where the header has {len(header)}."
            )
            continue
        if not all(_is_total(cells[i]) for i in breakdown):
            continue  # a breakdown by sex, age or marital status: only the totals count
        area = cells[column["OMRÅDE"]]
        key = _area_key(area)
        if _is_ignored_area(key):
            continue
        municipality = lookup.get(key) or lookup.get(_norm(key))
        if municipality is None:
            result.errors.append(f"Line {line_no}: unknown municipality “{area}”.")
            continue
        if "TID" in column:
            periods.setdefault(cells[column["TID"]], line_no)
        value = cells[column["INDHOLD"]]
        if not INTEGER.match(value):
            result.errors.append(
                f"Line {line_no}: the population of {municipality.name}, “{value}”, "
                "is not a whole number of 0 or more."
            )
            continue
        if municipality.code in first_line_of:
            result.errors.append(
                f"Line {line_no}: {municipality.name} appears twice "
                f"(also on line {first_line_of[municipality.code]})."
            )
            continue
        first_line_of[municipality.code] = line_no
        result.populations[municipality.code] = int(value.replace(".", ""))

    if population_date is None:
        population_date = _date_from_periods(periods, result.errors)
    result.population_date = population_date
    if not result.populations and not result.errors:
        result.errors.append("The file has no rows for municipalities.")
    result.missing = sorted(
        Municipality.objects.exclude(code__in=result.populations).values_list("name", flat=True)
    )
    return result


def _date_from_periods(periods: dict[str, int], errors: list[str]) -> date | None:
    if not periods:
        errors.append("The file has no TID column: give the population date with --date.")
        return None
    if len(periods) > 1:
        first, *others = sorted(periods.items(), key=lambda item: item[1])
        errors.extend(
            f"Line {line_no}: period {period} differs from {first[0]} (line {first[1]}); "
            "import one period at a time or give the date with --date."
            for period, line_no in others
        )
        return None
    period, line_no = next(iter(periods.items()))
    quarter_start = _quarter_start(period)
    if quarter_start is None:
        errors.append(
            f"Line {line_no}: period “{period}” is not a quarter like 2025K1; use --date."
        )
    return quarter_start
