"""The `dunning` command: a thin layer that parses, calls the jobs, and turns the library's errors into one
clear line and a non-zero exit (cli_base). The commands that show or write the board and the letters are here;
the workbook's setup and the add-in's are in cli_setup."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dunning.cli_base import (
    AsOf,
    Command,
    Force,
    Preset,
    Process,
    Workbook,
    app,
    leave_now,
    log,
    logged,
    run_options,
    short_lived,
    write_json_array,
)
from dunning.core.money import ZERO, yuan


@app.command(cls=Command)
def board(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，每个数据行一个对象")] = False,
) -> None:
    """显示催款看板（每个数据行的阶段、下一步、责任人、截止日期）。"""
    from dunning.sheets.reader import Reading

    short_lived()
    options = run_options(as_of, rules)
    reading = Reading(workbook)  # calamine reads on its own thread while the board's modules load
    from dunning.core.columns import json_records
    from dunning.jobs import board_of

    result = board_of(reading.values(), options)
    if as_json:
        write_json_array(json_records(result.decisions))
        leave_now()
        return
    from dunning.board_text import print_board

    print_board(result)
    leave_now()


@app.command(cls=Command)
def today(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，每项待办一个对象")] = False,
) -> None:
    """显示今日待办：每个人（置业顾问按姓名、手续办理专员、市场部经理）今天要打的电话、要寄的函、要催的审批、要答复的异议，最急的在前。"""
    from dunning.jobs import today as today_job

    short_lived()
    board, items = today_job(workbook, run_options(as_of, rules))
    if as_json:
        write_json_array(iter([[json.dumps(item.record(), ensure_ascii=False) for item in items]]))
        leave_now()
        return
    from dunning.today_text import today_lines

    for line in today_lines(items, as_of=board.as_of):
        typer.echo(line)
    leave_now()


@app.command(cls=Command)
def check(
    workbook: Workbook,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON：每列读作哪个字段，每个字段在哪一列")] = False,
) -> None:
    """检查表头：每一列读作哪个字段（或未使用），每个字段在哪一列、缺少哪些、哪列像是它。"""
    from dunning.jobs import check_file

    report = check_file(workbook)
    if as_json:
        typer.echo(json.dumps(report.json(), ensure_ascii=False, indent=1))
    else:
        from dunning.header_text import print_header_report

        print_header_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command(cls=Command)
def refresh(workbook: Workbook, as_of: AsOf = None, rules: Preset = None, force: Force = False) -> None:
    """重建工作簿中的「催款看板」和「今日待办」工作表。"""
    from dunning.jobs import refresh as refresh_job

    logged(workbook, "refresh")
    result = refresh_job(workbook, run_options(as_of, rules, force=force))
    typer.echo(
        f"已更新 {workbook} 的「催款看板」和「今日待办」：{len(result.decisions)} 行，基准日 {result.as_of.isoformat()}"
    )


@app.command(cls=Command)
def letters(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="函件存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="模板文件夹（默认：工作簿旁的「函件模板」，否则内置模板）")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出将生成的函件，不写任何文件")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="另用 LibreOffice 把合并打印文件转为 PDF")] = False,
    force: Force = False,
    future: Annotated[bool, typer.Option("--future", help="允许基准日比今天晚 3 天以上（提前生成函件）")] = False,
    backdate: Annotated[
        str | None,
        typer.Option(
            "--backdate", metavar="原因", help="基准日比今天早 3 天以上时必填：补发的原因，记入函件归档和日志"
        ),
    ] = None,
    no_prior_letters: Annotated[
        bool,
        typer.Option(
            "--no-prior-letters",
            help="首次运行、表中没有任何催款记录时：确认早已逾期的客户此前从未收到催款信，按第1次发出（记入日志）",
        ),
    ] = False,
) -> None:
    """生成今日到期的催款函（Word），登记「函件归档」并更新跟踪列。"""
    from dunning.backdate import backdate_note, backdate_reason
    from dunning.jobs import letters as letters_job
    from dunning.reports.summary import print_summary, progress_bar, to_pdf

    if not dry_run:
        logged(workbook, "letters")
    options = run_options(as_of, rules, out=out, templates=templates, dry_run=dry_run, future=future,
                          backdate=backdate, no_prior_letters=no_prior_letters, force=force)  # fmt: skip
    with progress_bar(enabled=not as_json) as progress:
        result = letters_job(workbook, options, progress=progress)  # a dry run meets the same refusals
    pdf_note = to_pdf(result.combined) if pdf and result.combined else None
    reason = backdate_reason(backdate)  # as the job recorded it: one line
    if as_json:
        columns = result.columns.json() if result.columns is not None else None
        shown = result.as_json() | {"pdf": pdf_note, "backdate": reason, "columns": columns}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=1) + "\n")
        return
    if result.columns is not None:  # a first run: her columns as read, at the top
        from dunning.header_text import first_run_lines

        for line in first_run_lines(result.columns):
            typer.echo(line)
        typer.echo(f"（完整的列报告：dunning check {workbook}）")
    print_summary(result, pdf_note=pdf_note)
    if result.plan.confirmed:
        rows = "、".join(str(row) for row in sorted({d.sheet_row for d in result.plan.confirmed}))
        typer.echo(
            f"已按 --no-prior-letters 确认此前未寄过催款信：第{rows}行按第1次{'将' if dry_run else '已'}发出（记入日志）"
        )
    if reason and result.made:
        typer.echo(backdate_note(result.board.as_of, reason))


@app.command(cls=Command)
def approvals(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="模板文件夹（默认同 letters）")] = None,
) -> None:
    """生成营销副总审批材料：待审批律师函的名单和每份律师函的草稿（一个 Word 文件），不改动工作簿。"""
    from dunning.jobs import approvals as approvals_job

    logged(workbook, "approvals")
    pack = approvals_job(workbook, run_options(as_of, rules, out=out, templates=templates))
    if pack.file is None:
        typer.echo("没有待审批的律师函")
        return
    typer.echo(f"审批材料：{pack.file}（{len(pack.contracts)} 份合同：{'、'.join(pack.contracts)}）")
    for contract, why in pack.without_draft:
        typer.echo(f"  {contract} 未附律师函草稿：{why}")


@app.command("major-arrears", cls=Command)
def major_arrears(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
) -> None:
    """生成重大欠款上报表（报集团营销管理部）：逾期欠款达「重大欠款金额」或应起诉的合同，一个 Word 文件，不改动工作簿。"""
    from dunning.jobs import major_arrears as major_arrears_job

    logged(workbook, "major-arrears")
    report = major_arrears_job(workbook, run_options(as_of, rules, out=out))
    if report.file is None:
        typer.echo("没有需要上报的重大欠款")
        return
    total = yuan(sum((m.owed for m in report.contracts), ZERO))
    typer.echo(f"重大欠款上报表：{report.file}（{len(report.contracts)} 份合同，逾期欠款合计 {total}）")


@app.command(cls=Command)
def promise(
    workbook: Workbook,
    contract: Annotated[str, typer.Option("--contract", help="合同编号")],
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="模板文件夹（默认同 letters）")] = None,
) -> None:
    """按「跟进记录」中最近一次的承诺付款生成付款承诺书（一期）或分期还款协议（多期），供签字；不改动工作簿，不登记函件归档。"""
    from dunning.jobs import promise as promise_job

    logged(workbook, "promise")
    made = promise_job(workbook, contract, run_options(as_of, rules, out=out, templates=templates))
    typer.echo(f"{made.title}（草稿，待签字，未登记函件归档）：{made.file}")
    last = made.schedule.periods[-1]
    if last.balance and len(made.schedule.periods) > 1:
        from dunning.core.messages import balance_period_text

        typer.echo(balance_period_text(last.number, last.row, last.amount, earlier=last.number - 1))


from dunning import cli_setup  # noqa: E402, F401 - registers its commands on the app


def main() -> None:
    """The console script: an unexpected failure is one line and a log file, not a traceback."""
    Process.own = True
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - anything the library did not foresee
        log.exception("internal error")
        import os
        import tempfile
        import traceback

        handle, name = tempfile.mkstemp(prefix="dunning-error-", suffix=".log")  # private, new, never a link
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(traceback.format_exc())
        typer.echo(f"dunning: 内部错误 {type(exc).__name__}: {exc}（详情见 {Path(name)}，请发给维护人员）", err=True)
        raise SystemExit(3) from None
    finally:  # a caller that calls main() and goes on (a test) has its process back
        Process.own = False
