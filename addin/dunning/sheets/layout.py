"""What the tool writes into a workbook, described without any Excel library: cells with a style
name, column widths, frozen panes, a filter, a chart. The openpyxl and xlwings workbooks render it.

The `催款看板` layout: the key figures on top, the per-row board sorted by urgency on the left
(header frozen), the summary tables and the ageing chart on its right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from dunning.core.board import Board
from dunning.core.columns import BOARD_SHEET_KEYS, Column, pick
from dunning.core.engine import Decision
from dunning.core.fields import BOARD_SHEET
from dunning.core.money import yuan
from dunning.core.summary import Line, Summary, summarise

BOARD_HEADER_ROW = 5
# long texts wrap in a column of this width (characters), so the printed board stays readable on A4
WRAPPED = {"下一步": 22, "说明": 34, "问题": 24}
CHART_ROWS = 16  # the ageing chart beside the summary tables
BOARD_COLUMNS = pick(BOARD_SHEET_KEYS)
COLUMNS = tuple(column.label for column in BOARD_COLUMNS)

YUAN_FORMAT = '"¥"#,##0.00;[Red]-"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_COLOUR, HEADER_TEXT_COLOUR, LATE_TEXT_COLOUR = "1F4E78", "FFFFFF", "C00000"


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    column: int
    value: object
    style: str = ""  # "", title, bold, header, box, late, link, or "stage:<code>"


def put_cells(rows: list[list[object]], cells: Iterable[Cell]) -> None:
    """A sheet's values as read (rows from A1), changed in place as these cells write it: rows and columns
    added as needed."""
    for cell in cells:
        rows.extend([] for _ in range(cell.row - len(rows)))
        line = rows[cell.row - 1]
        line.extend([None] * (cell.column - len(line)))
        line[cell.column - 1] = cell.value


SIDE_MARGIN, END_MARGIN = 0.4, 0.6  # a printed page's left and right, top and bottom margins (inches)


@dataclass(frozen=True)
class Chart:
    title: str
    axis_title: str
    categories: tuple[int, int, int]  # column, first row, last row
    data: tuple[int, int, int]  # column, header row (series name), last row
    anchor: tuple[int, int]


@dataclass
class SheetLayout:
    name: str
    cells: list[Cell] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None  # the first cell that scrolls
    auto_filter: tuple[int, int, int, int] | None = None  # first row, first column, last row, last column
    chart: Chart | None = None
    link: tuple[int, int, int, int] | None = None  # from (row, column) to (row, column) on the same sheet
    wrap: dict[int, int] = field(default_factory=dict)  # column → its width; text below the header wraps
    print_areas: tuple[tuple[int, int, int, int], ...] = ()  # each on its own pages: top, left, bottom, right
    title_row: int | None = None  # the header row repeated on every printed page
    orientation: Literal["landscape", "portrait"] = "landscape"  # the printed A4 page
    top_aligned: bool = False  # every cell below the title row top-aligned, as the wrapped texts are (a short sheet)

    @property
    def printed_title(self) -> int | None:
        """The row repeated on every printed page: the title row, else the one above the frozen rows."""
        return self.title_row or (self.freeze[0] - 1 if self.freeze else None) or None

    def add(self, row: int, column: int, value: object, style: str = "") -> None:
        self.cells.append(Cell(row, column, value, style))
        self.widths[column] = max(self.widths.get(column, 0), text_width(value))


def number_format(value: object) -> str | None:
    """The product's format for a value: money as ¥, dates and times; None for the rest."""
    if isinstance(value, Decimal):
        return YUAN_FORMAT
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def text_width(value: object) -> int:
    """Display width as shown: East Asian wide characters count two; money as ¥1,234,567.89 (its cell format)."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        text = yuan(value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def board_layout(board: Board) -> SheetLayout:
    summary = summarise(board)
    layout = SheetLayout(BOARD_SHEET)
    summary_column = len(COLUMNS) + 2
    _headline(layout, board, summary)
    layout.link = (3, 1, BOARD_HEADER_ROW, summary_column)
    _rows(layout, summary.rows)
    _summary_tables(layout, summary, left=summary_column)
    layout.widths[1] = text_width(COLUMNS[0])  # the long headline lines spill over; they do not size column A
    for row in (1, 2, 3):
        layout.widths.setdefault(row, 6)
    layout.freeze = (BOARD_HEADER_ROW + 1, 4)
    layout.wrap = {COLUMNS.index(label) + 1: width for label, width in WRAPPED.items()}
    table_bottom = BOARD_HEADER_ROW + max(len(summary.rows), 1)
    summary_bottom = max(cell.row for cell in layout.cells if cell.column >= summary_column)
    summary_right = max(cell.column for cell in layout.cells)
    layout.print_areas = (
        (1, 1, table_bottom, len(COLUMNS)),  # the per-row board, fitted to the page's width
        (BOARD_HEADER_ROW, summary_column, summary_bottom + CHART_ROWS, max(summary_right, summary_column + 12)),
    )
    layout.title_row = BOARD_HEADER_ROW
    return layout


def _headline(layout: SheetLayout, board: Board, summary: Summary) -> None:
    """Title, the key figures in one line of text, and the notes; the figures as numbers are in 总览."""
    layout.cells.append(Cell(1, 1, f"催款看板 · {board.sheet}", "title"))
    shown = []
    for label, value in summary.headline:
        text = yuan(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value
        shown.append(f"{label} {text}")
    layout.cells.append(Cell(2, 1, "　·　".join(shown), "bold"))
    notes = "；".join(board.notes)
    layout.cells.append(
        Cell(
            3, 1, "本表在每次刷新时重建，请勿在此填写；汇总与图表在右侧 →" + (f"　注：{notes}" if notes else ""), "link"
        )
    )


def _rows(layout: SheetLayout, rows: list[Decision]) -> None:
    for column, name in enumerate(COLUMNS, start=1):
        layout.add(BOARD_HEADER_ROW, column, name, "header")
    for row, d in enumerate(rows, start=BOARD_HEADER_ROW + 1):
        for number, shown in enumerate(BOARD_COLUMNS, start=1):
            layout.add(row, number, shown.cell(d), _style(shown, d))
    layout.auto_filter = (BOARD_HEADER_ROW, 1, BOARD_HEADER_ROW + len(rows), len(COLUMNS))


def _style(column: Column, d: Decision) -> str:
    if column.key == "stage_label":
        return f"stage:{d.shown_as.code}"
    return "late" if column.key == "late" and d.late else ""


def _table(
    layout: SheetLayout, top: int, left: int, title: str, header: tuple[str, ...], lines: Sequence[tuple[object, ...]]
) -> int:
    layout.add(top, left, title, "bold")
    for offset, name in enumerate(header):
        layout.add(top + 1, left + offset, name, "header")
    for row, line in enumerate(lines, start=top + 2):
        for offset, value in enumerate(line):
            layout.add(row, left + offset, value, "box")
    return top + 2 + len(lines) + 1


def _lines(lines: list[Line]) -> list[tuple[object, ...]]:
    return [(line.label, line.count, line.amount) for line in lines]


def _summary_tables(layout: SheetLayout, summary: Summary, *, left: int) -> None:
    top = _table(layout, BOARD_HEADER_ROW, left, "总览", ("项目", "数值"), [tuple(item) for item in summary.headline])
    top = _table(layout, top, left, "按阶段", ("阶段", "行数", "未结清欠款"), _lines(summary.by_stage))
    ageing_top = top
    top = _table(layout, top, left, "账龄（未结清）", ("账龄", "行数", "欠款"), _lines(summary.ageing))
    consultants = [(c.consultant, c.due_today, c.late, c.open_rows, c.overdue_amount) for c in summary.by_consultant]
    top = _table(
        layout,
        top,
        left,
        "按置业顾问（谁签约、谁负责）",
        ("置业顾问", "今日应办", "已延误", "未结清行", "逾期欠款"),
        consultants,
    )
    _table(layout, top, left, "按款项类型（未结清）", ("款项类型", "行数", "欠款"), _lines(summary.by_kind))
    last = ageing_top + 1 + len(summary.ageing)
    layout.chart = Chart(
        "未结清欠款账龄",
        "欠款（元）",
        (left, ageing_top + 2, last),
        (left + 2, ageing_top + 1, last),
        (BOARD_HEADER_ROW, left + 6),
    )
