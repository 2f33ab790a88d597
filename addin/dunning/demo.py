"""`dunning demo`: the sample workbook copied to a folder and refreshed there."""

from __future__ import annotations

import shutil
from pathlib import Path

from dunning.core.board import Board
from dunning.core.errors import WorkbookError

SAMPLE_NAME = "sample_contracts.xlsx"


def sample_workbook() -> Path:
    """The committed sample: inside the installed package, or in the source tree's workbook/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / SAMPLE_NAME, here.parents[1] / "workbook" / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise WorkbookError(f"找不到示例工作簿 {SAMPLE_NAME}")


def run_demo(out: Path) -> tuple[Path, Board]:
    from dunning.sheets.refresh import refresh_workbook

    out.mkdir(parents=True, exist_ok=True)
    target = out / SAMPLE_NAME
    shutil.copyfile(sample_workbook(), target)
    return target, refresh_workbook(target, as_of=None, preset=None)
