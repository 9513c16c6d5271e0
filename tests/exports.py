"""Reading the portal's exports back in tests: the CSV as Excel's `;`-separated UTF-8 with a BOM,
the XLSX with openpyxl, and both at once with the checks every export must pass."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:], newline=""), delimiter=";"))


def read_xlsx(response) -> list[list[Any]]:
    """The first sheet's values; every cell checked not to be a formula."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row), [c.value for c in row]
        rows.append([cell.value for cell in row])
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in next(sheet.iter_rows(max_row=1)))
    return rows


def as_csv_text(value: Any) -> str:
    """What the CSV says for a value the XLSX holds (a number: as Python writes it)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def same_cell(written: str, held: Any) -> bool:
    """The CSV's cell and the XLSX's say the same: a number the same number (the CSV with a
    decimal comma), anything else the same text."""
    if isinstance(held, int | float | Decimal) and not isinstance(held, bool):
        return Decimal(written.replace(",", ".")) == Decimal(str(held))
    return written == as_csv_text(held)


def assert_same(rows_csv: list[list[str]], rows_xlsx: list[list[Any]]) -> None:
    assert len(rows_csv) == len(rows_xlsx), (len(rows_csv), len(rows_xlsx))
    for written, held in zip(rows_csv, rows_xlsx, strict=True):
        assert len(written) == len(held), (written, held)
        assert all(same_cell(w, h) for w, h in zip(written, held, strict=True)), (written, held)


def both(client, url: str, *, query: str = "") -> tuple[list[list[str]], list[list[Any]]]:
    """The export at `url` (its .csv) and its .xlsx sibling with the same query: the same header
    and the same cells, the XLSX's dates as dates and numbers as numbers."""
    assert url.endswith(".csv"), url
    suffix = f"?{query}" if query else ""
    rows_csv = read_csv(client.get(f"{url}{suffix}"))
    rows_xlsx = read_xlsx(client.get(f"{url.removesuffix('.csv')}.xlsx{suffix}"))
    assert_same(rows_csv, rows_xlsx)
    return rows_csv, rows_xlsx
