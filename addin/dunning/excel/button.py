"""The ribbon button 生成催款函 / Generate letters, in Excel: the letters job on the workbook in front of
the user, then a refresh of 催款看板, then a message box. Progress shows in Excel's status bar; any
failure is a message box with its cause, never a traceback.

The add-in's RunPython names the active workbook as the caller (`--wb="<ActiveWorkbook.Name>"`): that is
the workbook to work on, and the add-in's RunMain has already told the user to open one when there is
none (VBA would otherwise stop at `ActiveWorkbook`). It is checked before any letter is written:
saved somewhere (the letters go beside it), not read-only, the sheets the button writes not protected.
While it writes, screen updating is off and calculation manual; both are put back as they were, and only
then is the workbook saved, once: Excel stores the calculation mode in the file, and the first workbook
opened sets it for the session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dunning.core.errors import DunningError
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, DATA_SHEET
from dunning.core.messages import NO_BOOK, TITLE
from dunning.core.refusals import RunRefusal, RunRefused
from dunning.letters.batch import LettersResult

if TYPE_CHECKING:
    from dunning.core.board import Board
    from dunning.sheets.xlwings_book import XlwingsBook

log = logging.getLogger(__name__)
WRITABLE = {".xlsx": 51, ".xlsm": 52}  # XlFileFormat: xlOpenXMLWorkbook, xlOpenXMLWorkbookMacroEnabled
CSV, TEXT, XLS = "CSV 文件", "文本文件", "Excel 97-2003 工作簿（.xls）"
FORMATS = {6: CSV, 22: CSV, 23: CSV, 24: CSV, 62: CSV, -4158: TEXT, 20: TEXT, 21: TEXT, 42: TEXT, 56: XLS,
           -4143: XLS, 39: XLS, 50: "Excel 二进制工作簿（.xlsb）", 60: "OpenDocument 电子表格（.ods）"}  # fmt: skip
SUFFIXES = {".csv": CSV, ".txt": TEXT, ".prn": TEXT, ".xls": XLS, ".xlsb": FORMATS[50], ".ods": FORMATS[60]}


def summary_text(result: LettersResult) -> str:
    """What the message box says: made, pending approval, escalations, skipped, folder."""
    lines = [f"已生成 {len(result.made)} 封函件（基准日 {result.board.as_of.isoformat()}）。"]
    if result.made:
        lines.append(f"文件夹：{result.folder}")
        if result.combined:
            lines.append(f"合并打印：{result.combined.name}")
    if result.plan.confirmed:
        rows = "、".join(str(row) for row in sorted({d.sheet_row for d in result.plan.confirmed}))
        lines.append(f"已按您的确认（此前未寄过催款信）：第{rows}行按第1次发出。")
    if result.plan.withheld:
        rows = "、".join(str(row) for row in sorted({d.sheet_row for d in result.plan.withheld}))
        lines.append(
            f"未发（表中没有催款记录）：第{rows}行。请在 已发催款信次数/最近催款信日期 补填已寄出的催款信后再按一次。"
        )
    lines += [line for _, line in result.follow_ups(limit=10)]
    return "\n".join(lines)


def todo_line(board: Board) -> str:
    """What the refreshed 今日待办 holds, in one line of the message."""
    from dunning.jobs.boards import todos
    from dunning.today_text import button_line

    return button_line(todos(board))


def target_book(caller: Any) -> Any | None:
    """The workbook in front of the user: the caller (Excel's active workbook), never an add-in."""
    try:
        name = caller.name
    except Exception:  # noqa: BLE001 - the workbook was closed under us
        return None
    return None if name.lower().endswith((".xlam", ".xla")) else caller


def refusal(book: Any) -> str | None:
    """Why the button must not write to this workbook, or None. Asked before any letter is made."""
    from dunning.sheets import excel_api

    name = book.name
    if "\\" not in book.fullname and "/" not in book.fullname:
        return f"{name} 还没有保存过：请先保存到一个文件夹（催款函会写在它旁边）。"
    kind = format_refused(name, excel_api.file_format(book))
    if kind is not None:
        why = "只存一张表，保存会用“函件归档”覆盖原文件" if kind in (CSV, TEXT) else "按钮只写入 .xlsx / .xlsm 工作簿"
        return f"{name} 是{kind}：{why}。请先“文件 → 另存为”，保存类型选“Excel 工作簿 (*.xlsx)”，在新文件中再按一次。"
    if excel_api.read_only(book):
        return f"{name} 是只读打开的：函件归档和跟踪列无法保存。请关闭后以可编辑方式打开，再按一次。"
    names = {sheet.name: sheet for sheet in book.sheets}
    locked = [n for n in (DATA_SHEET, ARCHIVE_SHEET, BOARD_SHEET) if n in names and excel_api.protected(names[n])]
    if locked:
        return f"工作表 {'、'.join(locked)} 受保护：请先撤销工作表保护（审阅 → 撤销工作表保护），再按一次。"
    return None


def format_refused(name: str, file_format: int | None) -> str | None:
    """What kind of file the button must not save into (its name, for the message), or None for .xlsx/.xlsm."""
    suffix = Path(name).suffix.lower()
    if suffix in WRITABLE and file_format in (None, *WRITABLE.values()):
        return None
    return SUFFIXES.get(suffix) or FORMATS.get(file_format or 0) or f"{suffix or '无扩展名'} 格式的文件"


@contextmanager
def quiet(app: Any) -> Iterator[None]:
    """Screen updating off and calculation manual while the button writes; put back as they were."""
    updating, calculation = app.screen_updating, app.calculation
    app.screen_updating = False
    app.calculation = "manual"
    try:
        yield
    finally:
        app.calculation = calculation
        app.screen_updating = updating


def run() -> None:
    import xlwings as xw

    caller = xw.Book.caller()
    app = caller.app
    book = target_book(caller)
    if book is None:
        app.alert(NO_BOOK, title=TITLE)
        return
    try:
        app.status_bar = "生成催款函：检查工作簿…"
        reason = refusal(book)
        if reason is not None:
            app.alert(f"未生成：{reason}", title=TITLE)
            return
        from dunning.log import setup

        setup(Path(book.fullname))
        log.info("button pressed on %s", book.fullname)
        text = _press(app, book)
        app.alert(text, title=TITLE)
    except RunRefused as exc:
        log.warning("未执行：%s", exc)
        app.alert(refused_text(exc), title=TITLE)
    except DunningError as exc:
        log.warning("未执行：%s", exc)
        app.alert(f"未完成：{exc}", title=TITLE)
    except Exception as exc:  # noqa: BLE001 - the person at Excel gets the cause, not a traceback
        log.exception("button failed")
        app.alert(f"未完成：{type(exc).__name__}: {exc}", title=TITLE)
    finally:
        app.status_bar = False


def refused_text(exc: RunRefused) -> str:
    """The message box of a refused run: the button never back-dates (it cannot say why)."""
    if not exc.has(RunRefusal.BACKDATED):
        return f"未完成：{exc}"
    from dunning.core.messages import button_refusal_text

    return "未生成：" + "；".join(button_refusal_text(r) for r in exc.refused)


def save_once(app: Any, port: XlwingsBook, result: LettersResult | None) -> None:
    """The save the letters job and the refresh asked for, made once; letters it fails to record are set
    aside as the letters job does."""
    if not port.unsaved:
        return
    app.status_bar = "保存工作簿…"
    try:
        port.save_now()
    except Exception as exc:
        if result is not None and result.made:
            from dunning.letters.batch import not_recorded

            log.exception("the workbook did not record the letters")
            raise not_recorded(result, exc) from exc
        raise


def _press(app: Any, book: Any) -> str:
    from dunning.jobs import RunOptions, handovers, letters, refresh
    from dunning.letters.first_run import question
    from dunning.letters.plan import Plan
    from dunning.sheets.reader import Values
    from dunning.sheets.xlwings_book import XlwingsBook

    port = XlwingsBook(book, save_later=True)

    def progress(done: int, total: int, contract: str) -> None:
        app.status_bar = f"生成催款函 {done}/{total}：{contract}"

    def ask(plan: Plan) -> bool:  # a first run with long-overdue rows and no letter history: asked once
        answer: str = app.alert(question(plan.withheld), title=TITLE, buttons="yes_no")
        return answer == "yes"

    options = RunOptions()  # the rules' 基准日, else today; no --backdate: a 基准日 long past is refused
    result: LettersResult | None = None
    kept: list[Values] = []  # the workbook's values as the letters run leaves them: read once per press
    try:
        with quiet(app):
            app.status_bar = "生成催款函：读取工作簿…"
            result = letters(port, options, progress=progress, ask=ask, keep=kept)
            app.status_bar = "更新催款看板…"
            board = refresh(port, options, values=kept[0])
    finally:  # calculation is hers again: the one save writes her mode into the file
        save_once(app, port, result)
    app.status_bar = "生成律师函审批材料和重大欠款上报表…"
    pack, report = handovers(board, port.path, options)
    text = f"{summary_text(result)}\n{todo_line(board)}"
    if result.columns is not None:  # a first run: which of her columns were read
        from dunning.header_text import read_line

        text += f"\n{read_line(result.columns)}"
    if pack.file is not None:
        text += f"\n律师函审批材料（名单和草稿）：{pack.file}"
    if report.file is not None:
        text += f"\n重大欠款上报表（{len(report.contracts)} 份合同）：{report.file}"
    return text
