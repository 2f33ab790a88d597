"""The `dunning` command: a thin layer that parses, calls the library, and turns the library's
errors into one clear line and a non-zero exit."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from dunning.core.errors import DunningError, ValueUnreadable
from dunning.core.money import ZERO, yuan

log = logging.getLogger(__name__)


# The package's records go to the workbook's log once a command sets it up, never to stderr: without
# this, Python's last-resort handler would print a refusal a second time, and a traceback.
logging.getLogger("dunning").addHandler(logging.NullHandler())


HELP_TEXT = "显示本说明并退出"


class _Command(TyperCommand):
    """A command whose --help option is described in Chinese like everything else."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class _Edge(TyperGroup):
    """The command line's one edge for the library's errors: any DunningError a command raises is one
    line on stderr, the message as it is, and exit code 2 (logged when the command set up the
    workbook's log)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context type is private
        try:
            return super().invoke(ctx)
        except DunningError as exc:
            log.warning("未执行：%s", exc)
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Edge, add_completion=False, no_args_is_help=True, help="催款看板：合同执行情况表的催款阶段、看板和催款函。"
)

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="基准日，如 2026-11-24 或 2026/11/24（默认：规则表的基准日，否则今天）")
]
Preset = Annotated[str | None, typer.Option("--rules", help="预设：默认 或 阶梯催收（优先于规则表）")]


def _regular_file(path: Path) -> Path:
    """The workbook argument: a regular file (a link followed), checked before a command logs beside it
    or opens it — a FIFO would block, a link loop would fail in `resolve`."""
    from dunning.sheets.package_scan import check_regular

    check_regular(path)
    return path


Workbook = Annotated[Path, typer.Argument(help="团队的合同执行情况表 .xlsx", callback=_regular_file)]


def _as_of(text: str | None) -> date | None:
    """The date forms the sheet takes when typed: 2026-11-24, 2026/11/24, 2026.11.24, 2026年11月24日 …"""
    if text is None:
        return None
    from dunning.core.dates import parse_date

    reason = "无法识别"
    try:
        day = parse_date(text)
    except ValueUnreadable as exc:
        day, reason = None, exc.reason
    if day is None:
        raise DunningError(f"--as-of 应为 YYYY-MM-DD（或 2026/11/24、2026.11.24、2026年11月24日）：{reason}「{text}」")
    return day


def _logged(workbook: Path, command: str) -> None:
    """A command that writes logs what it does to the workbook's log (`dunning.log`)."""
    from dunning.log import setup

    setup(workbook)
    log.info("dunning %s %s", command, workbook)


@app.command(cls=_Command)
def board(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，每个数据行一个对象")] = False,
) -> None:
    """显示催款看板（每个数据行的阶段、下一步、责任人、截止日期）。"""
    from dunning.core.columns import json_records
    from dunning.jobs import load_board

    result = load_board(workbook, as_of=_as_of(as_of), preset=rules)
    if as_json:
        _write_json_array(json_records(result.decisions))
        return
    from dunning.board_text import print_board

    print_board(result)


@app.command(cls=_Command)
def today(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 数组，每项待办一个对象")] = False,
) -> None:
    """显示今日待办：每个人（置业顾问按姓名、手续办理专员、市场部经理）今天要打的电话、要寄的函、要催的审批、要答复的异议，最急的在前。"""
    from dunning.jobs import today as today_job

    board, items = today_job(workbook, as_of=_as_of(as_of), preset=rules)
    if as_json:
        _write_json_array(iter([[json.dumps(item.record(), ensure_ascii=False) for item in items]]))
        return
    from dunning.today_text import today_lines

    for line in today_lines(items, as_of=board.as_of):
        typer.echo(line)


@app.command(cls=_Command)
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


def _write_json_array(blocks: Iterator[list[str]]) -> None:
    """A JSON array written one object per line, a block of encoded objects at a time: a 100,000-row
    board never sits in memory as one string."""
    write, first = sys.stdout.write, True
    for rows in blocks:
        if rows:
            write("[\n" if first else ",\n")
            write(",\n".join(rows))
            first = False
    write("[]\n" if first else "\n]\n")


Force = Annotated[bool, typer.Option("--force", help="即使保存会使数字签名或修改权限密码失效也继续（先备份）")]


@app.command(cls=_Command)
def refresh(workbook: Workbook, as_of: AsOf = None, rules: Preset = None, force: Force = False) -> None:
    """重建工作簿中的「催款看板」和「今日待办」工作表。"""
    from dunning.jobs import refresh_file as refresh_job

    _logged(workbook, "refresh")
    result = refresh_job(workbook, as_of=_as_of(as_of), preset=rules, force=force)
    typer.echo(
        f"已更新 {workbook} 的「催款看板」和「今日待办」：{len(result.decisions)} 行，基准日 {result.as_of.isoformat()}"
    )


@app.command(cls=_Command)
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
    from dunning.jobs import letters_file as letters_job
    from dunning.reports.summary import print_summary, progress_bar, to_pdf

    if not dry_run:
        _logged(workbook, "letters")
    with progress_bar(enabled=not as_json) as progress:
        result = letters_job(
            workbook,
            as_of=_as_of(as_of),
            preset=rules,
            out=out,
            templates=templates,
            dry_run=dry_run,
            progress=progress,
            force=force,
            future=future,
            backdate=backdate,
            no_prior_letters=no_prior_letters,
        )
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


@app.command(cls=_Command)
def approvals(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="模板文件夹（默认同 letters）")] = None,
) -> None:
    """生成营销副总审批材料：待审批律师函的名单和每份律师函的草稿（一个 Word 文件），不改动工作簿。"""
    from dunning.jobs import approvals as approvals_job
    from dunning.jobs import on_file

    _logged(workbook, "approvals")
    pack = approvals_job(
        on_file(workbook, for_writing=False), as_of=_as_of(as_of), preset=rules, out=out, templates=templates
    )
    if pack.file is None:
        typer.echo("没有待审批的律师函")
        return
    typer.echo(f"审批材料：{pack.file}（{len(pack.contracts)} 份合同：{'、'.join(pack.contracts)}）")
    for contract, why in pack.without_draft:
        typer.echo(f"  {contract} 未附律师函草稿：{why}")


@app.command("major-arrears", cls=_Command)
def major_arrears(
    workbook: Workbook,
    as_of: AsOf = None,
    rules: Preset = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
) -> None:
    """生成重大欠款上报表（报集团营销管理部）：逾期欠款达「重大欠款金额」或应起诉的合同，一个 Word 文件，不改动工作簿。"""
    from dunning.jobs import major_arrears as major_arrears_job
    from dunning.jobs import on_file

    _logged(workbook, "major-arrears")
    report = major_arrears_job(on_file(workbook, for_writing=False), as_of=_as_of(as_of), preset=rules, out=out)
    if report.file is None:
        typer.echo("没有需要上报的重大欠款")
        return
    total = yuan(sum((m.owed for m in report.contracts), ZERO))
    typer.echo(f"重大欠款上报表：{report.file}（{len(report.contracts)} 份合同，逾期欠款合计 {total}）")


@app.command(cls=_Command)
def promise(
    workbook: Workbook,
    contract: Annotated[str, typer.Option("--contract", help="合同编号")],
    as_of: AsOf = None,
    out: Annotated[Path | None, typer.Option("--out", help="存放的文件夹（默认：工作簿旁的「催款函」）")] = None,
) -> None:
    """按「跟进记录」中最近一次的承诺付款生成付款承诺书（一期）或分期还款协议（多期），供签字；不改动工作簿，不登记函件归档。"""
    from dunning.letters.promise import make_promise

    _logged(workbook, "promise")
    made = make_promise(workbook, contract, as_of=_as_of(as_of), out=out)
    typer.echo(f"{made.title}（草稿，待签字，未登记函件归档）：{made.file}")


@app.command(cls=_Command)
def init(workbook: Workbook) -> None:
    """添加「催款规则」表（默认规则，公司和律师事务所信息待填写）和「跟进记录」表，不改动工作簿的其他内容。"""
    from dunning.jobs import init as init_job
    from dunning.jobs import on_file

    _logged(workbook, "init")
    added = init_job(on_file(workbook))
    if "催款规则" in added:
        typer.echo(
            f"已在 {workbook} 中添加「催款规则」：请填写 公司名称、公司地址、联系电话、落款，以及律师事务所和承办律师"
        )
    else:
        typer.echo(f"{workbook} 已有「催款规则」，未作改动")
    if "跟进记录" in added:
        typer.echo("已添加「跟进记录」：每次联系客户记一行（承诺付款、有异议会暂停发函）")


templates_app = typer.Typer(cls=_Edge, help="函件模板：dunning templates check 检查占位符")
app.add_typer(templates_app, name="templates")


@templates_app.command("check", cls=_Command)
def templates_check(folder: Annotated[Path | None, typer.Argument(help="模板文件夹（默认：内置模板）")] = None) -> None:
    """列出每个模板的占位符，并标出未知的占位符或打不开的模板。"""
    from dunning.jobs import check_templates

    results = check_templates(folder)
    for name, fields, problem in results:
        typer.echo(f"{'✗' if problem else '✓'} {name}: {'、'.join(fields) or '（无占位符）'}")
        if problem:
            typer.echo(f"    {problem}")
    if any(problem for _, _, problem in results):
        raise typer.Exit(1)


@app.command("verify-archive", cls=_Command)
def verify_archive(workbook: Workbook) -> None:
    """重新计算「函件归档」中每个文件的 SHA-256，报告缺失或被改动的文件。"""
    from dunning.jobs import verify_archive as verify

    report = verify(workbook)
    for line in report.lines():
        typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


@app.command("install-addin", cls=_Command)
def install_addin(
    python: Annotated[str | None, typer.Option("--python", help="Excel 使用的 Python（默认：当前 Python）")] = None,
    check: Annotated[bool, typer.Option("--check", help="只检查安装，逐项打印 √/×（全部通过才退出码 0）")] = False,
) -> None:
    """把 dunning.xlam 加载项装入 Excel 的启动文件夹（Windows）；其他系统上说明该怎么做。更新：再运行一次。"""
    from dunning.addin_build.install import install_addin as install

    if check:
        from dunning.addin_build.install_check import check_install

        lines, ok = check_install(python=python)
        typer.echo("\n".join(lines))
        raise typer.Exit(0 if ok else 1)
    message = install(python=python)
    if sys.platform != "win32":  # nothing was installed: a script must not take this for success
        typer.echo(message, err=True)
        raise typer.Exit(1)
    typer.echo(message)


@app.command("uninstall-addin", cls=_Command)
def uninstall_addin() -> None:
    """从 Excel 的启动文件夹删除 dunning.xlam（催款函、函件归档和日志不删除）。"""
    from dunning.addin_build.install_check import uninstall_addin as uninstall

    typer.echo(uninstall())


@app.command(cls=_Command)
def bundle(
    folder: Annotated[Path, typer.Argument(help="离线安装包写入的文件夹")],
    source: Annotated[Path, typer.Option("--source", help="dunning 源码文件夹（默认：当前文件夹）")] = Path(),
    no_download: Annotated[bool, typer.Option("--no-download", help="只写脚本和说明，不下载")] = False,
) -> None:
    """为不能上网的 64 位 Windows 电脑准备离线安装包（wheels、install.bat、说明）。"""
    from dunning.addin_build.bundle import write_bundle

    write_bundle(folder, source=source, download=not no_download)
    typer.echo(f"离线安装包：{folder}（把整个文件夹拷到目标电脑，按 README-离线安装.txt 操作）")


@app.command(cls=_Command)
def demo(out: Annotated[Path, typer.Option("--out", help="示例工作簿复制到的文件夹")] = Path("dunning-demo")) -> None:
    """把示例工作簿复制到 --out 文件夹，在副本上生成催款函并更新看板。"""
    from dunning.demo import demo_lines, run_demo

    for line in demo_lines(*run_demo(out)):
        typer.echo(line)


def main() -> None:
    """The console script: an unexpected failure is one line and a log file, not a traceback."""
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
