"""`dunning refresh`: rebuild the 催款看板 sheet of a workbook file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from dunning.core.board import Board
from dunning.core.errors import WorkbookError
from dunning.sheets.board_sheet import write_board_sheet
from dunning.sheets.reader import load_board
from dunning.sheets.save import check_not_open, save_atomic

WRITABLE = (".xlsx", ".xlsm")


def refresh_workbook(path: Path, *, as_of: date | None, preset: str | None) -> Board:
    if path.suffix.lower() not in WRITABLE:
        raise WorkbookError(f"{path.name}: 只能更新 .xlsx 工作簿（请在 Excel 中另存为 .xlsx）")
    check_not_open(path)
    board = load_board(path, as_of=as_of, preset=preset)
    try:
        wb = openpyxl.load_workbook(path, rich_text=True, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError(f"{path.name}: 无法打开以写入（{exc}）") from exc
    write_board_sheet(wb, board, after=board.sheet)
    save_atomic(wb, path)
    return board
