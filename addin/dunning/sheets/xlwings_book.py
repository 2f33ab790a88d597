"""The workbook interface on a live Excel book, through xlwings. The ribbon button runs the same jobs as
the command line through it. Type-checked against xlwings' hints.

Every call into Excel is a round trip (and, in automatic calculation mode, a write is a recalculation),
so writes go a block at a time: all of a sheet's values in one call, number formats and looks once per
rectangle of cells that share them (`dunning.sheets.blocks`), the stage colours as one conditional
format per stage. What xlwings has no call for is in `dunning.sheets.excel_api`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlwings as xw

from dunning.core.errors import CellRefused
from dunning.core.fields import BOARD_SHEET
from dunning.core.problems import WorkbookProblem as P
from dunning.core.stages import stage_of
from dunning.sheets import excel_api
from dunning.sheets.blocks import Rect, grid, grouped, rectangles
from dunning.sheets.excel_api import excel_value
from dunning.sheets.layout import (
    END_MARGIN,
    HEADER_COLOUR,
    HEADER_TEXT_COLOUR,
    LATE_TEXT_COLOUR,
    SIDE_MARGIN,
    Cell,
    SheetLayout,
    number_format,
)
from dunning.sheets.reader import OUR_SHEETS, Span, Values, from_a1
from dunning.sheets.xlwings_merges import table_merges

CHART_SIZE = (400.0, 215.0)  # points, as the file's chart (14 cm × 7.5 cm)
WIDTH_RANGE = (6, 60)


@dataclass(frozen=True)
class Look:
    fill: str | None = None
    font: str | None = None
    bold: bool = False
    size: int | None = None


def look_of(style: str) -> Look | None:
    if style == "header":
        return Look(HEADER_COLOUR, HEADER_TEXT_COLOUR, bold=True)
    if style == "title":
        return Look(bold=True, size=16)
    if style == "bold":
        return Look(bold=True)
    if style == "late":
        return Look(font=LATE_TEXT_COLOUR, bold=True)
    if style.startswith("stage:"):
        shown = stage_of(style.removeprefix("stage:"))
        return Look(shown.fill, shown.font, bold=shown.bold)
    return None


def by_value(style: str) -> bool:
    """Looks that follow the cell's value (a stage, 已延误): a conditional format where COM is there."""
    return style == "late" or style.startswith("stage:")


def to_excel(value: object) -> Any:
    """What COM takes: floats for Decimals, datetimes for dates. Text goes in with Excel's leading
    apostrophe, so that `12-05`, `00123` or `=1+1` stay the text they are instead of becoming a date,
    a number or a formula (the apostrophe is not part of the value)."""
    if isinstance(value, str) and value:
        return "'" + value
    return excel_value(value)


def address(rect: Rect) -> str:
    top, left, bottom, right = rect
    return f"{_letter(left)}{top}:{_letter(right)}{bottom}"


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class XlwingsBook:
    """With `save_later`, `save` only notes that the jobs asked for a save and `save_now` makes it: the
    button saves once, after putting calculation back to the user's mode (Excel stores the mode in the file)."""

    def __init__(self, book: xw.Book, *, save_later: bool = False) -> None:
        self.book = book
        self.save_later = save_later
        self.unsaved = False

    @property
    def path(self) -> Path:
        return Path(self.book.fullname)

    def read(self) -> Values:
        """Every sheet's values but the board's (rebuilt from the others): one read of each used range."""
        sheets: dict[str, list[list[object]]] = {}
        merged: dict[str, list[Span]] = {}
        for sheet in self.book.sheets:
            if sheet.name == BOARD_SHEET:
                continue
            used = sheet.used_range
            rows: list[list[object]] = used.options(ndim=2, err_to_str=True).value or []
            sheets[sheet.name] = from_a1(used.row, used.column, rows)
            if sheet.name not in OUR_SHEETS and used.api.MergeCells is not False:
                merged[sheet.name] = table_merges(sheet, sheets[sheet.name])
        return Values(self.path, sheets, merged=merged)

    def _sheet(self, name: str, *, after: str | None = None) -> xw.Sheet:
        names = [s.name for s in self.book.sheets]
        if name in names:
            return self.book.sheets[name]
        anchor = self.book.sheets[after] if after in names else None
        return self.book.sheets.add(name, after=anchor)

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        sheet = self._sheet(layout.name, after=after)
        for chart in list(sheet.charts):
            chart.delete()
        sheet.clear()
        if not layout.cells:
            return
        values = {(c.row, c.column): to_excel(c.value) for c in layout.cells}
        bottom, right = max(r for r, _ in values), max(c for _, c in values)
        sheet.range((1, 1)).value = [[values.get((r, c)) for c in range(1, right + 1)] for r in range(1, bottom + 1)]
        empty = {(c.row, c.column) for c in layout.cells if c.value in (None, "")}

        def gap(row: int, column: int) -> bool:
            return (row, column) not in values or (row, column) in empty

        self._formats(sheet, {(c.row, c.column): number_format(c.value) for c in layout.cells}, gap=gap)
        self._looks(sheet, layout.cells)
        for column, width in layout.widths.items():
            if column not in layout.wrap:
                sheet.range((1, column)).column_width = min(WIDTH_RANGE[1], max(WIDTH_RANGE[0], width + 2))
        self._wrap(sheet, layout, bottom=bottom)
        if layout.top_aligned and bottom > (layout.title_row or 1):
            sheet.range(((layout.title_row or 1) + 1, 1), (bottom, right)).vertical_alignment = "top"
        if excel_api.supported():
            self._window_and_chart(sheet, layout)

    def _wrap(self, sheet: xw.Sheet, layout: SheetLayout, *, bottom: int) -> None:
        """Long texts wrap in a column of the layout's width, top-aligned, below the title/header row: three calls
        per column, whatever the rows. Excel grows the rows' heights itself ("Microsoft Excel will change the row
        height of the range, if necessary, to accommodate the text", Range.WrapText): none are set here."""
        first = (layout.title_row or 1) + 1
        for column, width in layout.wrap.items():
            sheet.range((1, column)).column_width = width
            if bottom >= first:
                cells = sheet.range((first, column), (bottom, column))
                cells.wrap_text = True
                cells.vertical_alignment = "top"

    def _formats(self, sheet: xw.Sheet, formats: dict[tuple[int, int], str | None], *, gap: Any = None) -> None:
        for shown, places in grouped(formats).items():
            for rect in rectangles(places, gap=gap):
                sheet.range(address(rect)).number_format = shown

    def _looks(self, sheet: xw.Sheet, cells: Sequence[Cell]) -> None:
        conditional = excel_api.supported()
        looks = {(c.row, c.column): c.style for c in cells if look_of(c.style)}
        for style, places in grouped(looks).items():
            look = look_of(style)
            if look is None or (conditional and by_value(style)):
                continue
            for rect in rectangles(places):
                self._paint(sheet.range(address(rect)), look)
        if conditional:
            self._conditional(sheet, [c for c in cells if by_value(c.style)])

    def _paint(self, target: xw.Range, look: Look) -> None:
        if look.fill:
            target.color = f"#{look.fill}"
        if look.font:
            target.font.color = f"#{look.font}"
        if look.bold:
            target.font.bold = True
        if look.size:
            target.font.size = look.size

    def _conditional(self, sheet: xw.Sheet, cells: Sequence[Cell]) -> None:
        """One conditional format per (column, value): independent of the number of rows."""
        columns: dict[int, list[int]] = {}
        for cell in cells:
            columns.setdefault(cell.column, []).append(cell.row)
        seen: set[tuple[int, object]] = set()
        for cell in cells:
            look = look_of(cell.style)
            if look is None or (cell.column, cell.value) in seen or not isinstance(cell.value, str):
                continue
            seen.add((cell.column, cell.value))
            rows = columns[cell.column]
            span = address((min(rows), cell.column, max(rows), cell.column))
            excel_api.colour_by_value(
                sheet, span, cell.value, fill=look.fill, font=look.font or "000000", bold=look.bold
            )

    def _window_and_chart(self, sheet: xw.Sheet, layout: SheetLayout) -> None:
        if layout.auto_filter:
            excel_api.auto_filter(sheet, address(layout.auto_filter))
        if layout.chart:
            spec = layout.chart
            anchor = sheet.range(spec.anchor)
            chart = sheet.charts.add(anchor.left, anchor.top, *CHART_SIZE)
            chart.chart_type = "column_clustered"
            column, first, last = spec.categories
            data_column, _, data_last = spec.data
            source = f"{address((first, column, last, column))},{address((first, data_column, data_last, data_column))}"
            chart.set_source_data(sheet.range(source))
            excel_api.chart_title(chart, spec.title)
        title = layout.printed_title
        excel_api.page_setup(sheet, portrait=layout.orientation == "portrait",
                             area=",".join(address(area) for area in layout.print_areas),
                             title_rows=f"${title}:${title}" if title else "",
                             margins=(SIDE_MARGIN, END_MARGIN))  # fmt: skip
        if layout.freeze:
            active = self.book.sheets.active
            excel_api.freeze_panes(sheet, row=layout.freeze[0], column=layout.freeze[1])
            active.activate()

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Single cells of the team's sheet (tracking columns), a rectangle at a time; nothing else."""
        target = self.book.sheets[sheet]
        values = {(c.row, c.column): to_excel(c.value) for c in cells}
        for rect in rectangles(values):
            target.range(address(rect)).value = grid(rect, values)
        self._formats(target, {(c.row, c.column): number_format(c.value) for c in cells})
        for rect in rectangles([(c.row, c.column) for c in cells if c.style == "header"]):
            target.range(address(rect)).font.bold = True

    def check_write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Refuse, naming the cell, a tracking cell that holds a formula (writing would replace it);
        protection is checked when the button starts."""
        target = self.book.sheets[sheet]
        places = {(c.row, c.column) for c in cells}
        for rect in rectangles(places):
            formulas = target.range(address(rect)).formula  # one cell: its text; more: rows of texts (COM)
            rows = [[formulas]] if isinstance(formulas, str) else formulas
            for r, row in enumerate(rows, start=rect[0]):
                for c, formula in enumerate(row, start=rect[1]):
                    if (r, c) in places and isinstance(formula, str) and formula.startswith("="):
                        raise CellRefused(
                            P.FORMULA_TRACKING, sheet=sheet, cell=f"{_letter(c)}{r}", row=r, column=c, value=formula
                        )

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        target = self._sheet(sheet)
        used = target.used_range
        if used.row == 1 and used.column == 1 and used.value in (None, ""):
            target.range((1, 1)).value = [to_excel(name) for name in header]
            self._paint(target.range((1, 1), (1, len(header))), Look(bold=True))
            first = 2
        else:
            first = used.last_cell.row + 1
        if not rows:
            return
        target.range((first, 1)).value = [[to_excel(v) for v in row] for row in rows]
        formats = {(first + i, j + 1): number_format(v) for i, row in enumerate(rows) for j, v in enumerate(row)}
        self._formats(target, formats, gap=lambda _row, _column: True)

    def save(self) -> None:
        if self.save_later:
            self.unsaved = True
            return
        self.book.save()

    def save_now(self) -> None:
        """The save the jobs asked for, if any: one `Workbook.Save`."""
        if self.unsaved:
            self.book.save()
            self.unsaved = False
