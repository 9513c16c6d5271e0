"""Exports of the list pages. A list describes its table once — columns with a Danish header and a
kind, then its rows, streamed — and `export_response` writes it in the format the URL asks for:
CSV (semicolon-separated, UTF-8 with a BOM so that Excel reads the Danish letters) or XLSX (openpyxl
in write-only mode, so memory stays the same however many rows: dates as dates in the Danish
format, numbers as numbers, a bold and frozen header row, column widths by kind). Both are written
to a temporary file and sent from it. No cell is ever a formula: text that a spreadsheet would take
as one gets a ' in front, in both formats alike (OWASP's CSV injection advice: a leading = + - @
tab or CR).

Every export has two URLs, `<route>.csv` and `<route>.xlsx` (`export_paths`), and every page links
to both with its current filter (`export_links`, the `{% export_links %}` tag)."""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any, NamedTuple

from django.http import FileResponse, Http404, QueryDict
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV, XLSX = "csv", "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows read from the database at a time by an export's `.iterator(chunk_size=...)`.
CHUNK_SIZE = 2000
# Dates as Danish readers write them, in both formats.
DATE_FORMAT, DATETIME_FORMAT = "%d.%m.%Y", "%d.%m.%Y %H:%M"
XLSX_FORMATS = {date: "dd.mm.yyyy", datetime: "dd.mm.yyyy hh:mm"}


def safe_cell(value: Any) -> Any:
    """Text that would start a formula, prefixed with '; numbers and dates as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class Kind(StrEnum):
    """What a column holds: how wide it is and how a spreadsheet shows its numbers."""

    TEXT = "text"
    LONG_TEXT = "long_text"  # titles, lists of names
    DATE = "date"  # a date, or the text of a date KOMBIT wrote approximately ("Midt jan 2025")
    DATETIME = "datetime"
    INTEGER = "integer"
    DECIMAL = "decimal"  # a mean, a figure with decimals
    AMOUNT = "amount"  # kroner with øre


WIDTHS = {
    Kind.TEXT: 16, Kind.LONG_TEXT: 48, Kind.DATE: 12, Kind.DATETIME: 17, Kind.INTEGER: 10,
    Kind.DECIMAL: 10, Kind.AMOUNT: 16,
}  # fmt: skip
NUMBER_FORMATS = {Kind.DECIMAL: "0.00", Kind.AMOUNT: "#,##0.00"}


@dataclass(frozen=True)
class Column:
    header: str | Promise
    kind: Kind = Kind.TEXT
    width: int | None = None  # in characters; by default the kind's, or the header's if wider

    @property
    def characters(self) -> int:
        return self.width or max(WIDTHS[self.kind], min(len(str(self.header)) + 2, 40))


@dataclass(frozen=True)
class Table:
    """An export: its file name (without the extension), its sheet's title, its columns and its
    rows (an iterable read once, in step with the writing: a generator over a queryset's
    `.iterator()` keeps memory flat)."""

    name: str
    title: str | Promise
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def approximate(text: str, day: date | None, precision: str) -> date | str:
    """A date KOMBIT wrote: the day itself when it is exact, else the text as written."""
    return day if precision == "day" and day is not None else text


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _text(value: str | Promise) -> str:
    """Text as both formats write it: guarded against formulas, without the control characters an
    XLSX file cannot hold."""
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _local(value: datetime) -> datetime:
    """A spreadsheet has no time zones: the Danish wall-clock time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_value(value: Any) -> Any:
    """A cell as the CSV writes it; decimals with a decimal comma, as Danish Excel reads them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return _text(value)


def write_csv(table: Table, handle: IO[bytes]) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text, delimiter=";")
    writer.writerow([_text(column.header) for column in table.columns])
    writer.writerows([csv_value(value) for value in row] for row in table.rows)
    text.flush()
    text.detach()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None) -> Any:
    """A value as the sheet's row takes it: a plain value, or a cell with its number format."""
    if isinstance(value, bool):
        return yes_no(value)
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime | date):
        day: Any = _local(value) if isinstance(value, datetime) else value  # a date is fine too
        cell = WriteOnlyCell(sheet, day)
        cell.number_format = XLSX_FORMATS[datetime if isinstance(value, datetime) else date]
        return cell
    if isinstance(value, Decimal | float):
        if number_format is None:
            return value
        number: Any = value  # openpyxl writes a Decimal as the number it is
        cell = WriteOnlyCell(sheet, number)
        cell.number_format = number_format
        return cell
    # Guarded: openpyxl takes text that starts with "=" as a formula, and no text here does.
    return _text(value)


def write_xlsx(table: Table, handle: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    # A sheet title has at most 31 characters and none of []:*?/\ .
    title = "".join(c for c in str(table.title) if c not in "[]:*?/\\")[:31] or "Eksport"
    sheet = workbook.create_sheet(title)
    for number, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.characters
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, _text(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = [NUMBER_FORMATS.get(column.kind) for column in table.columns]
    count = 0
    for row in table.rows:
        sheet.append(
            [_xlsx_cell(sheet, value, fmt) for value, fmt in zip(row, formats, strict=True)]
        )
        count += 1
    last = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(handle)


WRITERS: dict[str, Callable[[Table, IO[bytes]], None]] = {CSV: write_csv, XLSX: write_xlsx}


def export_response(table: Table, fmt: str) -> FileResponse:
    """The table as a download in `fmt` ("csv" or "xlsx"), written to a temporary file first (gone
    when the response is closed)."""
    if fmt not in WRITERS:
        raise Http404
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    WRITERS[fmt](table, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{table.name}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def export_paths(route: str, view: Callable[..., HttpResponseBase], name: str) -> list[URLPattern]:
    """The two URLs of an export: `<route>.csv` named `name` and `<route>.xlsx` named
    `<name>_xlsx`, both calling `view(request, ..., fmt=...)`."""
    return [
        path(f"{route}.{CSV}", view, {"fmt": CSV}, name=name),
        path(f"{route}.{XLSX}", view, {"fmt": XLSX}, name=f"{name}_{XLSX}"),
    ]


class ExportLinks(NamedTuple):
    csv: str
    xlsx: str


def export_links(name: str, *args: Any, query: QueryDict | None = None) -> ExportLinks:
    """The URLs of an export in both formats, with the page's filter (its query string, without
    the page number: an export has every page)."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params.pop("page", None)
    encoded = params.urlencode()
    suffix = f"?{encoded}" if encoded else ""
    namespace, _sep, base = name.rpartition(":")
    xlsx = f"{namespace}:{base}_{XLSX}" if namespace else f"{base}_{XLSX}"
    return ExportLinks(
        f"{reverse(name, args=args or None)}{suffix}",
        f"{reverse(xlsx, args=args or None)}{suffix}",
    )


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> FileResponse:
    """A CSV of text columns (the admin's export of the audit trail)."""
    table = Table(
        filename.removesuffix(f".{CSV}"),
        "",
        [Column(str(h)) for h in header],
        (list(row) for row in rows),
    )
    return export_response(table, CSV)
