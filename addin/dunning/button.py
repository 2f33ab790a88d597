"""The ribbon button 生成催款函 / Generate letters, in Excel: the letters job on the workbook in front of
the user, then a refresh of 催款看板, then a message box. Progress shows in Excel's status bar; any
failure is a message box with its cause, never a traceback.

The add-in's RunPython names the active workbook as the caller (`--wb="<ActiveWorkbook.Name>"`): that is
the workbook to work on, and the add-in's RunMain has already told the user to open one when there is
none (VBA would otherwise stop at `ActiveWorkbook`). It is checked before any letter is written:
saved somewhere (the letters go beside it), not read-only, the sheets the button writes not protected.
While it writes, screen updating is off and calculation manual; both are put back as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dunning.core.errors import DunningError, LettersBackdated
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, DATA_SHEET
from dunning.letters.batch import LettersResult

TITLE = "催款看板"
NO_BOOK = "请先打开合同执行情况表（含“合同执行情况”工作表的工作簿），再按“生成催款函”。"
log = logging.getLogger(__name__)


def summary_text(result: LettersResult) -> str:
    """What the message box says: made, pending approval, escalations, skipped, folder."""
    lines = [f"已生成 {len(result.made)} 封函件（基准日 {result.board.as_of.isoformat()}）。"]
    if result.made:
        lines.append(f"文件夹：{result.folder}")
        if result.combined:
            lines.append(f"合并打印：{result.combined.name}")
    lines += [line for _, line in result.follow_ups(limit=10)]
    return "\n".join(lines)


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
    if excel_api.read_only(book):
        return f"{name} 是只读打开的：函件归档和跟踪列无法保存。请关闭后以可编辑方式打开，再按一次。"
    names = {sheet.name: sheet for sheet in book.sheets}
    locked = [n for n in (DATA_SHEET, ARCHIVE_SHEET, BOARD_SHEET) if n in names and excel_api.protected(names[n])]
    if locked:
        return f"工作表 {'、'.join(locked)} 受保护：请先撤销工作表保护（审阅 → 撤销工作表保护），再按一次。"
    return None


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
        with quiet(app):
            text = _press(app, book)
        app.alert(text, title=TITLE)
    except LettersBackdated as exc:  # the button never back-dates: it cannot say why
        from dunning.backdate import button_refusal

        log.warning("未执行：%s", exc)
        app.alert(f"未生成：{button_refusal(exc)}", title=TITLE)
    except DunningError as exc:
        log.warning("未执行：%s", exc)
        app.alert(f"未完成：{exc}", title=TITLE)
    except Exception as exc:  # noqa: BLE001 - the person at Excel gets the cause, not a traceback
        log.exception("button failed")
        app.alert(f"未完成：{type(exc).__name__}: {exc}", title=TITLE)
    finally:
        app.status_bar = False


def _press(app: Any, book: Any) -> str:
    from dunning.jobs import handovers, letters, refresh
    from dunning.sheets.xlwings_book import XlwingsBook

    port = XlwingsBook(book)

    def progress(done: int, total: int, contract: str) -> None:
        app.status_bar = f"生成催款函 {done}/{total}：{contract}"

    app.status_bar = "生成催款函：读取工作簿…"
    result = letters(port, progress=progress)  # no --backdate here: a 基准日 long past is refused
    app.status_bar = "更新催款看板…"
    board = refresh(port)
    app.status_bar = "生成律师函审批材料和重大欠款上报表…"
    pack, report = handovers(board, port.path)
    text = summary_text(result)
    if pack.file is not None:
        text += f"\n律师函审批材料（名单和草稿）：{pack.file}"
    if report.file is not None:
        text += f"\n重大欠款上报表（{len(report.contracts)} 份合同）：{report.file}"
    return text
