"""The ribbon button 生成催款函 / Generate letters, in Excel: the letters job on the calling book,
then a refresh of 催款看板, then a message box. Progress shows in Excel's status bar; any failure
is a message box with its cause, never a traceback."""

from __future__ import annotations

from dunning.core.errors import DunningError
from dunning.letters.batch import LettersResult

TITLE = "催款看板"


def summary_text(result: LettersResult) -> str:
    """What the message box says: made, pending approval, escalations, skipped, folder."""
    lines = [f"已生成 {len(result.made)} 封函件（基准日 {result.board.as_of.isoformat()}）。"]
    if result.made:
        lines.append(f"文件夹：{result.folder}")
        if result.combined:
            lines.append(f"合并打印：{result.combined.name}")
    lines += [line for _, line in result.follow_ups(limit=10)]
    return "\n".join(lines)


def run() -> None:
    import xlwings as xw

    from dunning.jobs import letters, refresh
    from dunning.sheets.xlwings_book import XlwingsBook

    book = xw.Book.caller()
    app = book.app
    port = XlwingsBook(book)

    def progress(done: int, total: int, contract: str) -> None:
        app.status_bar = f"生成催款函 {done}/{total}：{contract}"

    try:
        app.status_bar = "生成催款函：读取工作簿…"
        result = letters(port, progress=progress)
        app.status_bar = "更新催款看板…"
        refresh(port)
        app.alert(summary_text(result), title=TITLE)
    except DunningError as exc:
        app.alert(f"未完成：{exc}", title=TITLE)
    except Exception as exc:  # noqa: BLE001 - the person at Excel gets the cause, not a traceback
        app.alert(f"未完成：{type(exc).__name__}: {exc}", title=TITLE)
    finally:
        app.status_bar = False
