"""The workbook interface on a live Excel book, through documented xlwings calls only. The ribbon
button runs the same jobs as the command line through it. Type-checked against xlwings' hints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlwings as xw

from dunning.bridge import excel_value
from dunning.sheets.layout import LETTER_STAGE_COLOUR, STAGE_COLOURS, Cell, SheetLayout
from dunning.sheets.reader import Values

HEADER_FILL, YUAN_FORMAT = "#1F4E78", '"¥"#,##0.00;[Red]-"¥"#,##0.00'


def to_excel(value: object) -> Any:
    """What COM takes: floats for Decimals, datetimes for dates; text that looks like a formula is
    kept as text with Excel's leading apostrophe."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return excel_value(value)


class XlwingsBook:
    def __init__(self, book: xw.Book) -> None:
        self.book = book

    @property
    def path(self) -> Path:
        return Path(self.book.fullname)

    def read(self) -> Values:
        sheets: dict[str, list[list[object]]] = {}
        for sheet in self.book.sheets:
            used = sheet.used_range
            rows: list[list[object]] = used.options(ndim=2, err_to_str=True).value or []
            pad: list[object] = [None] * (used.column - 1)
            above: list[list[object]] = [[] for _ in range(used.row - 1)]
            sheets[sheet.name] = above + [pad + list(row) for row in rows]
        return Values(self.path, sheets)

    def _sheet(self, name: str, *, after: str | None = None) -> xw.Sheet:
        names = [s.name for s in self.book.sheets]
        if name in names:
            return self.book.sheets[name]
        anchor = self.book.sheets[after] if after in names else None
        return self.book.sheets.add(name, after=anchor)

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        sheet = self._sheet(layout.name, after=after)
        sheet.clear()
        if not layout.cells:
            return
        rows = max(c.row for c in layout.cells)
        columns = max(c.column for c in layout.cells)
        grid: list[list[Any]] = [[None] * columns for _ in range(rows)]
        for cell in layout.cells:
            grid[cell.row - 1][cell.column - 1] = to_excel(cell.value)
        sheet.range((1, 1)).value = grid  # one call for every value
        for cell in layout.cells:
            self._style(sheet, cell)
        if layout.freeze:
            sheet.freeze_panes.freeze_at(sheet.range(layout.freeze))
        sheet.autofit("c")

    def _style(self, sheet: xw.Sheet, cell: Cell) -> None:
        if isinstance(cell.value, Decimal):
            sheet.range((cell.row, cell.column)).number_format = YUAN_FORMAT
        elif isinstance(cell.value, date):
            sheet.range((cell.row, cell.column)).number_format = "yyyy-mm-dd"
        if cell.style in ("title", "bold", "header", "late"):
            target = sheet.range((cell.row, cell.column))
            target.font.bold = True
            if cell.style == "header":
                target.color = HEADER_FILL
                target.font.color = "#FFFFFF"
            elif cell.style == "late":
                target.font.color = "#C00000"
        elif cell.style.startswith("stage:"):
            fill, _ = STAGE_COLOURS.get(cell.style.removeprefix("stage:"), LETTER_STAGE_COLOUR)
            sheet.range((cell.row, cell.column)).color = f"#{fill}"

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        target = self.book.sheets[sheet]
        for cell in cells:
            target.range((cell.row, cell.column)).value = to_excel(cell.value)
            if isinstance(cell.value, date):
                target.range((cell.row, cell.column)).number_format = "yyyy-mm-dd"

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        target = self._sheet(sheet)
        used = target.used_range
        empty = used.row == 1 and used.column == 1 and used.value in (None, "")
        if empty:
            target.range((1, 1)).value = list(header)
            target.range((1, 1), (1, len(header))).font.bold = True
            first = 2
        else:
            first = used.last_cell.row + 1
        if rows:
            target.range((first, 1)).value = [[to_excel(v) for v in row] for row in rows]

    def save(self) -> None:
        self.book.save()
