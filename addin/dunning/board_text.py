"""The board as a table in the terminal (rich)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from dunning.core.board import Board
from dunning.core.money import yuan

STAGE_STYLE = {
    "invalid": "magenta", "settled": "dim", "on_hold": "cyan", "litigation": "bold red",
    "lawyer_sent": "red", "lawyer_pending": "bold yellow", "not_due": "dim",
}  # fmt: skip


WRAPPING = ("下一步", "说明")
PIPED_WIDTH = 220  # a file or a pipe gets whole lines, one row each


def print_board(board: Board, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else PIPED_WIDTH)
    table = Table(title=f"催款看板 · 基准日 {board.as_of.isoformat()} · 规则 {board.rules.source}", show_lines=False)
    for name in ("行", "合同编号", "客户", "阶段", "次", "逾期", "欠款", "违约金", "下一步", "责任人", "截止", "说明"):
        table.add_column(name, overflow="fold", no_wrap=name not in WRAPPING)
    for d in board.decisions:
        due = d.action_due.isoformat() if d.action_due else ""
        table.add_row(
            str(d.sheet_row), d.inst.contract_no, d.inst.customer, d.stage_label,
            str(d.letter_no or ""), "" if d.days_overdue is None else str(d.days_overdue),
            yuan(d.outstanding), yuan(d.late_fee), d.next_action, d.owner,
            f"[red]{due} 逾期[/red]" if d.late else due, d.why,
            style=STAGE_STYLE.get(d.stage, ""),
        )  # fmt: skip
    console.print(table)
    for note in board.notes:
        console.print(f"注：{note}")
