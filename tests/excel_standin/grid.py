"""A worksheet's cells and Excel's rules for writing into them, without COM.

- A value set through COM is stored as Excel stores it (`values.stored`); a date given to a General
  cell gives the cell a date format, as Excel does.
- Text set through COM is read as if typed (`values.typed`): a number, date or formula unless the
  cell is formatted as Text or the text starts with an apostrophe. A formula entered into a General cell
  that starts with TODAY() or NOW() gives the cell a date format (formats are kept, not inferred, when a
  file is opened).
- An array given to a larger range repeats a single row down / a single column across and fills the
  rest with #N/A; a scalar fills every cell.
- A legacy array formula (`FormulaArray`, {=…}; https://learn.microsoft.com/office/vba/api/excel.range.formulaarray)
  owns its whole range: writing into part of it fails with Excel's "You can't change part of an array.";
  writing over all of it replaces it.
- A dynamic-array formula (`Formula2`; https://learn.microsoft.com/office/vba/api/excel.range.formula2)
  spills its result into the empty cells below and to the right of it; a value typed into the spill
  range blocks it and the formula shows #SPILL!.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from excel_standin.addresses import Area
from excel_standin.com import excel_error
from excel_standin.values import GENERAL, SHORT_DATE, SHORT_DATETIME, ExcelError, stored, typed

XL_VALIGN_BOTTOM = -4107  # XlVAlign: a cell's vertical alignment unless set
PART_OF_ARRAY = "You can't change part of an array."
PROTECTED = ("The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the "
             "sheet. You might be requested to enter a password.")  # fmt: skip


@dataclass
class Cell:
    value: object = None  # None, float (dates too), str, bool, ExcelError
    formula: str | None = None  # the formula of a formula cell, or of the anchor of an array / a spill
    array: Area | None = None  # the legacy array formula this cell belongs to
    dynamic: bool = False  # entered through Formula2: the result spills
    spill: Area | None = None  # on a dynamic anchor: the cells its last result spilled into
    spilled_from: tuple[int, int] | None = None  # on a spilled cell: its anchor
    number_format: str = GENERAL
    prefix: str = ""
    bold: bool = False
    italic: bool = False
    font_color: int | None = None
    font_size: float | None = None
    fill: int | None = None
    wrap: bool = False  # Range.WrapText
    vertical: int = XL_VALIGN_BOTTOM  # Range.VerticalAlignment, an XlVAlign
    parsed: Any = None  # the formula's syntax tree, parsed once

    def is_blank(self) -> bool:
        return self.value is None and self.formula is None and self.array is None

    def has_format(self) -> bool:
        return (self.number_format != GENERAL or self.bold or self.italic or self.font_color is not None
                or self.font_size is not None or self.fill is not None or self.wrap
                or self.vertical != XL_VALIGN_BOTTOM)  # fmt: skip


@dataclass
class SheetView:
    """What a window shows of a sheet and keeps per sheet: panes, scroll position, gridlines."""

    split_row: int = 0
    split_column: int = 0
    frozen: bool = False
    scroll_row: int = 1
    scroll_column: int = 1
    gridlines: bool = True


@dataclass
class Grid:
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[Area] = field(default_factory=list)  # merged ranges, as the file holds them

    def merge_area(self, row: int, column: int) -> Area | None:
        return next((area for area in self.merged if area.contains(row, column)), None)

    def get(self, row: int, column: int) -> Cell | None:
        return self.cells.get((row, column))

    def cell(self, row: int, column: int) -> Cell:
        found = self.cells.get((row, column))
        if found is None:
            found = self.cells[(row, column)] = Cell()
        return found

    def value(self, row: int, column: int) -> object:
        found = self.cells.get((row, column))
        return None if found is None else found.value

    def used(self) -> Area | None:
        """The rectangle of every cell with content or a format, as `UsedRange` reports it."""
        keys = [key for key, cell in self.cells.items() if not cell.is_blank() or cell.has_format()]
        if not keys:
            return None
        rows, columns = [r for r, _ in keys], [c for _, c in keys]
        return Area(min(rows), min(columns), max(rows), max(columns))

    def in_area(self, area: Area) -> Iterable[tuple[tuple[int, int], Cell]]:
        if area.size <= len(self.cells):
            for key in area.cells():
                if key in self.cells:
                    yield key, self.cells[key]
        else:
            for key, cell in list(self.cells.items()):
                if area.contains(*key):
                    yield key, cell

    def arrays(self) -> list[Area]:
        return [
            cell.array
            for (r, c), cell in self.cells.items()
            if cell.array and (r, c) == (cell.array.top, cell.array.left)
        ]


def guard(grid: Grid, area: Area, *, protected: bool) -> None:
    """Refuse a write Excel refuses: a protected sheet, or part of an array formula."""
    if protected:
        raise excel_error(PROTECTED)
    for array in grid.arrays():
        if array.overlaps(area) and not area.covers(array):
            raise excel_error(PART_OF_ARRAY)


def _drop_formula(grid: Grid, row: int, column: int, cell: Cell) -> None:
    if cell.array is not None:
        for key in cell.array.cells():
            member = grid.get(*key)
            if member is not None:
                member.array, member.formula, member.value = None, None, None
    if cell.spill is not None:
        clear_spill(grid, (row, column), cell)
    cell.formula, cell.parsed, cell.dynamic, cell.spilled_from = None, None, False, None


def clear_spill(grid: Grid, anchor: tuple[int, int], cell: Cell) -> None:
    if cell.spill is None:
        return
    for key in cell.spill.cells():
        member = grid.get(*key)
        if key != anchor and member is not None and member.spilled_from == anchor:
            member.value, member.spilled_from = None, None
    cell.spill = None


def write(grid: Grid, row: int, column: int, value: object, *, today: date, formula_kind: str = "legacy") -> bool:
    """One cell set through COM (Value/Formula/Formula2); True when it became a formula."""
    cell = grid.cell(row, column)
    _drop_formula(grid, row, column, cell)
    cell.prefix = ""
    if isinstance(value, str):
        entry = typed(value, cell.number_format, today=today)
        if entry.formula is not None:
            cell.formula, cell.value, cell.dynamic = entry.formula, None, formula_kind == "dynamic"
            if cell.number_format == GENERAL and (shown := _entry_format(entry.formula)) is not None:
                cell.number_format = shown
            return True
        cell.value, cell.prefix = entry.value, entry.prefix
        if entry.number_format and cell.number_format == GENERAL:
            cell.number_format = entry.number_format
        return False
    cell.value, shown = stored(value)
    if shown and cell.number_format == GENERAL:
        cell.number_format = shown
    return False


def _entry_format(formula: str) -> str | None:
    """The format Excel gives a General cell when a formula starting with TODAY() or NOW() is entered."""
    head = formula[1:].lstrip().upper()
    return SHORT_DATE if head.startswith("TODAY(") else SHORT_DATETIME if head.startswith("NOW(") else None


def shaped(data: object, area: Area) -> list[list[object]]:
    """What each cell of the area receives when the data is assigned to it."""
    if not isinstance(data, (list, tuple)):
        return [[data] * area.columns for _ in range(area.rows)]
    rows = [list(r) if isinstance(r, (list, tuple)) else None for r in data]
    table: list[list[object]] = [list(data)] if any(r is None for r in rows) else [r for r in rows if r is not None]
    out: list[list[object]] = []
    for i in range(area.rows):
        source = table[0] if len(table) == 1 else table[i] if i < len(table) else None
        line: list[object] = []
        for j in range(area.columns):
            if source is None:
                line.append(ExcelError.NA)
            elif len(source) == 1:
                line.append(source[0])
            else:
                line.append(source[j] if j < len(source) else ExcelError.NA)
        out.append(line)
    return out


def clear(grid: Grid, area: Area, *, contents: bool, formats: bool) -> None:
    for key, cell in list(grid.in_area(area)):
        if contents:
            _drop_formula(grid, key[0], key[1], cell)
            cell.value, cell.prefix = None, ""
        if formats:
            cell.number_format, cell.bold, cell.italic = GENERAL, False, False
            cell.font_color, cell.font_size, cell.fill = None, None, None
            cell.wrap, cell.vertical = False, XL_VALIGN_BOTTOM
        if cell.is_blank() and not cell.has_format():
            del grid.cells[key]
