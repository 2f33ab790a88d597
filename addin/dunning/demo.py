"""`dunning demo`: the sample workbook copied to a folder and refreshed there."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from dunning.core.board import Board
from dunning.core.errors import FileRefused
from dunning.core.problems import WorkbookProblem as P
from dunning.letters.batch import LettersResult

SAMPLE_NAME = "sample_contracts.xlsx"


def sample_workbook() -> Path:
    """The committed sample: inside the installed package, or in the source tree's workbook/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / SAMPLE_NAME, here.parents[1] / "workbook" / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise FileRefused(P.SAMPLE_MISSING, file=SAMPLE_NAME)


def run_demo(out: Path) -> tuple[Path, Board, LettersResult]:
    """Copy the sample (and the built-in templates, as 函件模板 to edit), make its letters, refresh its board.
    The letters are dated the sample's 基准日, which is in the past: the run gives its reason for that."""
    from dunning.backdate import DEMO_REASON
    from dunning.jobs import RunOptions, letters, on_file, refresh
    from dunning.letters.templates import builtin_templates

    out.mkdir(parents=True, exist_ok=True)
    target = out / SAMPLE_NAME
    shutil.copyfile(sample_workbook(), target)
    templates = out / "函件模板"
    if not templates.exists():
        templates.mkdir()
        for template in sorted(builtin_templates().glob("*.docx")):  # the templates only: no scripts, no caches
            shutil.copyfile(template, templates / template.name)
    book = on_file(target)  # one workbook for both jobs, as the Excel button does
    options = RunOptions(backdate=DEMO_REASON)  # the sample's 基准日 is in the past: said so
    made = letters(book, options)
    return target, refresh(book, options), made


def demo_lines(path: Path, result: Board, made: LettersResult) -> list[str]:
    """What `dunning demo` says: the copy, the letters (and the back-dating note when the sample's day is past),
    the board."""
    from dunning.backdate import DEMO_REASON, backdate_note

    lines = [f"示例工作簿：{path}", f"催款函：{len(made.made)} 封，在 {made.folder}；合并打印文件：{made.combined}"]
    if made.made and made.board.as_of < date.today():
        lines.append(backdate_note(made.board.as_of, DEMO_REASON, where="「函件归档」的 倒签原因"))
    lines.append(
        f"看板已更新：{len(result.decisions)} 行，基准日 {result.as_of.isoformat()}；用 Excel 打开「催款看板」查看"
    )
    return lines
