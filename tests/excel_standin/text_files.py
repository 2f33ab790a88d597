"""Workbooks that are not Office Open XML files: their `FileFormat`, and a CSV file opened and saved.

- `Workbook.FileFormat` is an XlFileFormat number (https://learn.microsoft.com/office/vba/api/excel.xlfileformat):
  xlOpenXMLWorkbook 51 (.xlsx), xlOpenXMLWorkbookMacroEnabled 52 (.xlsm), xlOpenXMLAddIn 55 (.xlam), xlCSV 6,
  xlCurrentPlatformText -4158 (.txt), xlExcel8 56 (.xls), xlExcel12 50 (.xlsb), xlOpenDocumentSpreadsheet 60.
- A CSV file opens as one sheet named after the file (at most 31 characters); each field is read as if typed
  (`values.typed`: numbers, dates, TRUE/FALSE; a field starting with "=" stays text here). It is read as
  UTF-8 when it starts with a byte-order mark, else in the system's code page (GBK on a Chinese Windows).
- `Save` of a CSV workbook writes only the active sheet, as CSV, over the file (Excel warns that other sheets
  are lost only when alerts are on, and not at all through COM): other sheets are not in the file.
- .xls, .xlsb and .ods: the stand-in reads no such file itself; a test gives one Office Open XML content
  (read as such) and the format is Excel's for the extension. Saving one is not modelled.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from excel_standin.values import GENERAL, from_serial, is_date, typed

FILE_FORMATS = {".xlsx": 51, ".xlsm": 52, ".xlam": 55, ".xla": 18, ".csv": 6, ".txt": -4158, ".xls": 56,
                ".xlsb": 50, ".ods": 60}  # fmt: skip
XL_CSV = 6
OOXML = (".xlsx", ".xlsm", ".xlam", ".xla")


def file_format(path: Path) -> int:
    return FILE_FORMATS.get(path.suffix.lower(), 51)


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def read_csv(path: Path) -> tuple[list[list[str]], str]:
    data = path.read_bytes()
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "gbk"
    return list(csv.reader(io.StringIO(data.decode(encoding), newline=""))), encoding


def csv_text(sheet: Any) -> list[list[str]]:
    """The sheet's used cells as a CSV writes them: dates as y/m/d, whole numbers without a decimal point."""
    cells = sheet.grid.cells
    if not cells:
        return []
    bottom, right = max(r for r, _ in cells), max(c for _, c in cells)
    return [[_shown(cells.get((r, c))) for c in range(1, right + 1)] for r in range(1, bottom + 1)]


def _shown(cell: Any) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and is_date(cell.number_format or GENERAL):
        day = from_serial(value)
        return f"{day.year}/{day.month}/{day.day}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def load_csv(app: Any, path: Path, *, read_only: bool = False) -> Any:
    from excel_standin.book import Workbook
    from excel_standin.sheet import Worksheet

    rows, encoding = read_csv(path)
    book = Workbook(app, path, read_only=read_only)
    book.file_format, book.text_encoding = XL_CSV, encoding
    sheet = Worksheet(app, book, path.stem[:31])
    for r, fields in enumerate(rows, start=1):
        for c, text in enumerate(fields, start=1):
            found = typed(text, GENERAL, today=app.today)
            if found.value is None and found.formula is None:
                continue
            cell = sheet.grid.cell(r, c)
            cell.value = text if found.formula is not None else found.value
            cell.number_format = found.number_format or GENERAL
    book.sheets.append(sheet)
    book.active_sheet = sheet
    return book


def save_csv(book: Any) -> None:
    """The active sheet only, over the file."""
    write_csv(book.path, csv_text(book.active_sheet), book.text_encoding)
