"""The board in the terminal (rich), in the order of the `催款看板` sheet and fitted to the width.

Order: `dunning.core.summary.urgency`, the key the board sheet sorts by (late actions first, the
longest late first; then rows to fix; then by action date and stage).

Width: a contract number, a customer name or an amount is never cut or folded. The table fits the
terminal in three steps:

1. The two text columns 下一步 and 说明 wrap, down to 12 and 24 cells.
2. If it is still too wide, whole columns go, least needed first:
   说明 → 违约金 → 行 → 次 → 逾期 → 下一步 → 截止 → 责任人
   (合同编号, 客户, 阶段 and 欠款 always stay). The caption names what is hidden, and when 截止 is,
   how many rows are late (they are the first ones: the board marks late actions, SPEC §4).
3. If even those four do not fit (below about 65 columns for typical rows), each row becomes a
   block: contract number, customer and stage, then `名称：值` fields packed into lines; a line breaks
   only between fields (下一步 and 说明 fold when longer than a line), so nothing is hidden or cut.

A pipe or a file gets PIPED_WIDTH columns: every column, 说明 wrapped when a row needs more.

责任人 (谁签约、谁负责): where the stage's owner is the consultant's role (预先提醒, 律师函已发, or a
sheet ladder level whose 责任人 is 置业顾问 or an alias), the signing consultant's name from the row;
rows with no action owner (未到期, 暂缓催收, 已结清) show the signing consultant too, the case's owner.
Stages another role owns (手续办理专员 sends letters and fixes rows; 市场部经理 submits the approval
list to the 营销副总 and reports suits, SPEC §1 and §4) show that role: the sheet names no one for
it. A row without a consultant shows the role.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from dunning.core.board import Board
from dunning.core.columns import BY_KEY as BY_COLUMN_KEY
from dunning.core.engine import Decision
from dunning.core.fields import BY_KEY
from dunning.core.summary import urgency

LATE_STYLE = "red"
LATE_MARK = "已延误"

PIPED_WIDTH = 220  # a file or a pipe gets whole lines, never cut
CONSULTANT_ROLES = frozenset({BY_KEY["consultant"].name, *BY_KEY["consultant"].aliases})


def owner_name(d: Decision) -> str:
    """Who acts: the signing consultant's name for the consultant's stages and for rows with no
    action owner; another role (手续办理专员, 市场部经理) as it is."""
    if d.owner and d.owner not in CONSULTANT_ROLES:
        return d.owner
    return d.inst.consultant or d.owner


def _due(d: Decision) -> str:
    if d.action_due is None:
        return ""
    return f"{d.action_due.isoformat()} {LATE_MARK}" if d.late else d.action_due.isoformat()


@dataclass(frozen=True)
class Column:
    """A column of the output registry as the terminal lays it out."""

    key: str
    drop: int = 0  # 0: always shown; otherwise dropped in this order (1 first) when the table is too wide
    wrap: int = 0  # 0: never wrapped; otherwise the narrowest width it wraps to
    justify: JustifyMethod = "left"
    late_style: bool = False
    shown: Callable[[Decision], str] | None = None  # the terminal's own rendering, else the registry's text

    @property
    def name(self) -> str:
        return BY_COLUMN_KEY[self.key].short

    def value(self, d: Decision) -> str:
        return self.shown(d) if self.shown else BY_COLUMN_KEY[self.key].text(d)


COLUMNS = (
    Column("sheet_row", drop=3, justify="right"),
    Column("contract_no"),
    Column("customer"),
    Column("stage_label"),
    Column("letter_no", drop=4, justify="right"),
    Column("days_overdue", drop=5, justify="right"),
    Column("outstanding", justify="right"),
    Column("late_fee", drop=2, justify="right"),
    Column("next_action", drop=6, wrap=12),
    Column("owner", drop=8, shown=owner_name),
    Column("action_due", drop=7, late_style=True, shown=_due),
    Column("why", drop=1, wrap=24),
)
BLOCK_HEAD = ("合同编号", "客户", "阶段")  # the first line of a row's block, without names
BLOCK_FIELDS = ("欠款", "截止", "责任人", "下一步", "逾期", "次", "违约金", "行", "说明")  # then these, named


def ordered(board: Board) -> list[Decision]:
    """The rows in the board sheet's order."""
    return sorted(board.decisions, key=lambda d: urgency(d, board.as_of))


def _frame(count: int) -> int:
    """Cells a table of `count` columns adds to its content: padding of 1 each side, one rule between."""
    return 3 * count - 1


def fit(natural: dict[str, int], width: int) -> dict[str, int] | None:
    """Column name → width for the columns shown in `width` cells; None when even the columns that
    always stay do not fit. `natural` is each column's widest cell, header included."""
    low = {c.name: min(natural[c.name], c.wrap) if c.wrap else natural[c.name] for c in COLUMNS}
    shown = list(COLUMNS)
    for column in sorted((c for c in COLUMNS if c.drop), key=lambda c: c.drop):
        if sum(low[c.name] for c in shown) + _frame(len(shown)) <= width:
            break
        shown.remove(column)
    spare = width - sum(low[c.name] for c in shown) - _frame(len(shown))
    if spare < 0:
        return None
    widths = {c.name: low[c.name] for c in shown}
    for column in sorted((c for c in shown if c.wrap), key=lambda c: -c.drop):  # 下一步 before 说明
        extra = min(spare, natural[column.name] - widths[column.name])
        widths[column.name] += extra
        spare -= extra
    return widths


def _title(board: Board) -> str:
    return f"催款看板 · 基准日 {board.as_of.isoformat()} · 规则 {board.rules.source}"


def _cell(column: Column, d: Decision, value: str) -> Text:
    return Text(value, style=LATE_STYLE if column.late_style and d.late else "")


def _caption(rows: list[Decision], widths: dict[str, int]) -> str | None:
    hidden = [c.name for c in sorted(COLUMNS, key=lambda c: c.drop) if c.name not in widths]
    if not hidden:
        return None
    late = sum(1 for d in rows if d.late)
    return f"终端宽度不足，未显示：{'、'.join(hidden)}" + (
        f"；最前 {late} 行{LATE_MARK}" if late and "截止" in hidden else ""
    )


def _table(board: Board, rows: list[Decision], values: list[list[str]], widths: dict[str, int]) -> Table:
    table = Table(title=_title(board), caption=_caption(rows, widths), show_edge=False)
    shown = [(i, c) for i, c in enumerate(COLUMNS) if c.name in widths]
    for _, column in shown:
        table.add_column(
            column.name,
            width=widths[column.name],
            justify=column.justify,
            no_wrap=not column.wrap,
            overflow="fold" if column.wrap else "ignore",
        )
    for d, line in zip(rows, values, strict=True):
        table.add_row(*(_cell(c, d, line[i]) for i, c in shown), style=d.shown_as.style)
    return table


def _pack(parts: list[tuple[Text, bool]], width: int) -> list[tuple[Text, bool]]:
    """Parts (text, may fold) joined by two spaces into lines of at most `width` cells, a part
    never split; a part longer than a line gets a line of its own."""
    lines: list[tuple[Text, bool]] = []
    for part, folds in parts:
        if lines and lines[-1][0].cell_len + 2 + part.cell_len <= width:
            lines[-1][0].append("  ")
            lines[-1][0].append_text(part)
        else:
            lines.append((part.copy(), folds))
    return lines


def _blocks(console: Console, board: Board, rows: list[Decision], values: list[list[str]]) -> None:
    """Too narrow for a table: one block a row (see the module's docstring)."""
    console.print(Text(_title(board), style="bold"))
    by_name = {c.name: c for c in COLUMNS}
    for d, line in zip(rows, values, strict=True):
        cells = dict(zip(by_name, line, strict=True))
        style = d.shown_as.style
        parts = [(Text(cells[name], style=style), False) for name in BLOCK_HEAD if cells[name]]
        head = _pack(parts, console.width)
        fields = [
            (_cell(by_name[name], d, f"{name}：{cells[name]}"), bool(by_name[name].wrap))
            for name in BLOCK_FIELDS
            if cells[name]
        ]
        console.rule(style="dim")
        for text, folds in head + _pack(fields, console.width):
            console.print(text, overflow="fold" if folds else "ignore", no_wrap=not folds, crop=False)


def print_board(board: Board, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else PIPED_WIDTH)
    rows = ordered(board)
    values = [[c.value(d) for c in COLUMNS] for d in rows]
    natural = {c.name: max([cell_len(c.name), *(cell_len(line[i]) for line in values)]) for i, c in enumerate(COLUMNS)}
    widths = fit(natural, console.width)
    if widths is None:
        _blocks(console, board, rows, values)
    else:
        console.print(_table(board, rows, values, widths))
    for note in board.notes:
        console.print(f"注：{note}", markup=False)
