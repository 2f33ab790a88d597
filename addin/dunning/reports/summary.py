"""What the letters job tells a person: a progress bar for batches, a summary, the PDF conversion."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dunning.letters.batch import LettersResult
from dunning.letters.batch import Progress as ProgressCallback


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    shown: list[Progress] = []  # started with the first letter: a refused run prints nothing but its message

    def advance(done: int, total: int, contract: str) -> None:
        if not shown:
            columns = (TextColumn("生成催款函"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"))
            shown.append(Progress(*columns, TimeRemainingColumn(), console=Console(stderr=True), transient=True))
            shown[0].start()
            shown[0].add_task("", total=total)
        shown[0].update(shown[0].task_ids[0], completed=done, total=total, description=contract)

    try:
        yield advance
    finally:
        if shown:
            shown[0].stop()


def to_pdf(docx: Path) -> str:
    """Convert with LibreOffice when it is installed; say so plainly when it is not."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "未安装 LibreOffice，未生成 PDF（可在 Word 中打开合并文件另存为 PDF）"
    try:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return f"PDF 转换失败：{exc}"
    pdf = docx.with_suffix(".pdf")
    if not pdf.is_file():  # LibreOffice exits 0 when it cannot load the file (e.g. Writer not installed)
        return f"PDF 转换失败：LibreOffice 未能打开 {docx.name}（是否安装了 LibreOffice Writer？）"
    return str(pdf)


FOLLOW_UP_STYLE = {
    "refused": "bold red",
    "pending": "yellow",
    "escalation": "red",
    "skipped": "dim",
    "set_aside": "bold red",
    "unsent": "yellow",
}


def print_summary(result: LettersResult, *, pdf_note: str | None = None, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=True)  # whole lines, so contract numbers are never cut
    plan = result.plan
    verb = "将生成" if result.dry_run else "已生成"
    count = len(plan.letters) if result.dry_run else len(result.made)
    console.print(f"[bold]{verb} {count} 封函件[/bold]（基准日 {result.board.as_of.isoformat()}）→ {result.folder}")
    for letter in plan.letters:
        number = f" 第{letter.letter_no}次" if letter.letter_no else ""
        console.print(
            f"  {letter.contract_no} {letter.customer}：{letter.level.label}{number}（{len(letter.listed)} 期）"
        )
    if result.combined:
        console.print(f"合并打印文件：{result.combined}")
    if pdf_note:
        console.print(f"PDF：{pdf_note}")
    for kind, line in result.follow_ups():
        console.print(f"[{FOLLOW_UP_STYLE[kind]}]{line}[/{FOLLOW_UP_STYLE[kind]}]")
