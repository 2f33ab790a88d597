"""`dunning check` in the terminal: her columns and what each is read as, then the fields."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from dunning.board_text import PIPED_WIDTH
from dunning.core.header_check import HeaderReport


def print_header_report(report: HeaderReport, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else PIPED_WIDTH)
    if report.row is None:
        console.print(f"[bold red]{'；'.join(report.problems)}[/]")
        return
    console.print(f"工作表「{report.sheet}」第{report.row}行是表头。")
    columns = Table(title="您的各列", title_justify="left", show_lines=False)
    for heading in ("列", "表头", "读作", "说明"):
        columns.add_column(heading, overflow="fold")
    for seen in report.columns:
        columns.add_row(seen.column, seen.header, seen.field or "—", seen.note)
    console.print(columns)
    fields = Table(title="本工具的字段", title_justify="left")
    for heading in ("字段", "类别", "在哪一列", "提示"):
        fields.add_column(heading, overflow="fold")
    for field in report.fields:
        where = f"{field.column}列「{field.header}」" if field.found else "未找到"
        hint = f"{field.suggestion}是否就是它？" if field.suggestion else ""
        style = "bold red" if field.role == "必填" and not field.found else None
        fields.add_row(field.name, field.role, where, hint, style=style)
    console.print(fields)
    if report.ok:
        console.print("[green]必填列齐全，可以生成看板。[/]")
    else:
        for problem in report.problems:
            console.print(f"[bold red]{problem}[/]")


WORTH_FILLING = ("letters_sent", "last_letter_date", "payment_kind", "unit", "phone", "address", "consultant")


def read_line(report: HeaderReport) -> str:
    """One line: which of her columns were read, as what; which were left alone."""
    read = [f"{c.column}列「{c.header}」→{c.field}" if c.header != c.field else f"{c.column}列「{c.header}」"
            for c in report.columns if c.field]  # fmt: skip
    unused = [f"{c.column}列「{c.header}」" for c in report.columns if not c.field]
    line = f"已读取您的 {len(read)} 列：{'、'.join(read)}"
    return line + (f"；未使用：{'、'.join(unused)}" if unused else "")


def first_run_lines(report: HeaderReport) -> list[str]:
    """What the first run on a workbook says at its top (`dunning check`, short)."""
    if report.row is None:
        return ["；".join(report.problems)]
    lines = [f"首次在此工作簿上生成函件：工作表「{report.sheet}」第{report.row}行是表头。", read_line(report)]
    missing = [f for f in report.fields if f.key in WORTH_FILLING and not f.found]
    if missing:
        named = "、".join(f.name + (f"（{f.suggestion}是否就是它？）" if f.suggestion else "") for f in missing)
        lines.append(f"表中没有的列（建议补上）：{named}")
    return lines
