"""The `dunning` command: a thin layer that parses, calls the library, and turns the library's
errors into one clear line and a non-zero exit."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from dunning.core.errors import DunningError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="催款看板：合同执行情况表的催款阶段、看板和催款函。")

AsOf = Annotated[str | None, typer.Option("--as-of", help="基准日 YYYY-MM-DD（默认：规则表的基准日，否则今天）")]
Preset = Annotated[str | None, typer.Option("--rules", help="预设：默认 或 阶梯催收（优先于规则表）")]
Workbook = Annotated[Path, typer.Argument(help="团队的合同执行情况表 .xlsx")]


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DunningError(f"--as-of 应为 YYYY-MM-DD：{text}") from None


def _fail(exc: DunningError) -> typer.Exit:
    typer.echo(f"dunning: {exc}", err=True)
    return typer.Exit(2)


@app.command()
def board(workbook: Workbook, as_of: AsOf = None, rules: Preset = None,
          as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，每个数据行一个对象")] = False) -> None:  # fmt: skip
    """显示催款看板（每个数据行的阶段、下一步、责任人、截止日期）。"""
    from dunning.core.board import record
    from dunning.sheets.reader import load_board

    try:
        result = load_board(workbook, as_of=_as_of(as_of), preset=rules)
    except DunningError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps([record(d) for d in result.decisions], ensure_ascii=False, indent=1) + "\n")
        return
    from dunning.board_text import print_board

    print_board(result)


@app.command()
def refresh(workbook: Workbook, as_of: AsOf = None, rules: Preset = None) -> None:
    """重建工作簿中的「催款看板」工作表。"""
    from dunning.sheets.refresh import refresh_workbook

    try:
        result = refresh_workbook(workbook, as_of=_as_of(as_of), preset=rules)
    except DunningError as exc:
        raise _fail(exc) from None
    typer.echo(f"已更新 {workbook} 的「催款看板」：{len(result.decisions)} 行，基准日 {result.as_of.isoformat()}")


@app.command()
def demo(out: Annotated[Path, typer.Option("--out", help="示例工作簿复制到的文件夹")] = Path("dunning-demo")) -> None:
    """把示例工作簿复制到 --out 文件夹，并在副本上更新看板。"""
    from dunning.demo import run_demo

    try:
        path, result = run_demo(out)
    except DunningError as exc:
        raise _fail(exc) from None
    typer.echo(f"示例工作簿：{path}")
    typer.echo(
        f"看板已更新：{len(result.decisions)} 行，基准日 {result.as_of.isoformat()}；用 Excel 打开「催款看板」查看"
    )


def main() -> None:
    app()
