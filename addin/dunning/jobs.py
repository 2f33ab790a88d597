"""The jobs on a workbook file, as the command line and the button run them: refresh the board,
generate the letters. Each reads the file once, computes, writes, and saves atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dunning.core.board import Board
from dunning.core.errors import WorkbookError
from dunning.letters.batch import LettersResult, Progress, archive_rows, letters_job
from dunning.sheets.reader import ARCHIVE_SHEET, Values, board_of, name_excel_errors, read_values
from dunning.sheets.save import check_not_open, save_atomic

WRITABLE = (".xlsx", ".xlsm")


@dataclass
class Loaded:
    path: Path
    values: Values
    board: Board


def load(path: Path, *, as_of: date | None, preset: str | None, for_writing: bool) -> Loaded:
    if for_writing:
        if path.suffix.lower() not in WRITABLE:
            raise WorkbookError(f"{path.name}: 只能更新 .xlsx 工作簿（请在 Excel 中另存为 .xlsx）")
        check_not_open(path)
    values = read_values(path)
    board = board_of(values, as_of=as_of, preset=preset)
    name_excel_errors(path, board)
    return Loaded(path, values, board)


def open_for_writing(path: Path):  # noqa: ANN201 - an openpyxl Workbook
    import openpyxl

    try:
        return openpyxl.load_workbook(path, rich_text=True, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError(f"{path.name}: 无法打开以写入（{exc}）") from exc


def refresh(path: Path, *, as_of: date | None = None, preset: str | None = None) -> Board:
    from dunning.sheets.board_sheet import write_board_sheet

    loaded = load(path, as_of=as_of, preset=preset, for_writing=True)
    wb = open_for_writing(path)
    write_board_sheet(wb, loaded.board, after=loaded.board.sheet)
    save_atomic(wb, path)
    return loaded.board


def letters(path: Path, *, as_of: date | None = None, preset: str | None = None, out: Path | None = None,
            templates: Path | None = None, dry_run: bool = False, progress: Progress | None = None) -> LettersResult:  # fmt: skip
    """Make the letters due on the as-of date, archive them and move the tracking columns on."""
    from dunning.sheets.archive import append_archive, archived_keys, move_tracking, tracking_columns

    loaded = load(path, as_of=as_of, preset=preset, for_writing=not dry_run)
    board = loaded.board
    archived = archived_keys(loaded.values.sheets.get(ARCHIVE_SHEET))
    result = letters_job(board, workbook=path, archived=archived, out=out, templates=templates, dry_run=dry_run,
                         progress=progress)  # fmt: skip
    if dry_run or not result.made:
        return result
    wb = open_for_writing(path)
    ws = wb[board.sheet]
    _, _, header = loaded.values.data_table()
    columns = tracking_columns(ws, header)
    for made in result.made:
        for decision in made.letter.due:
            level = decision.level
            kind = "lawyer" if level and level.needs_approval else "none" if level and level.before_due else "letter"
            move_tracking(ws, columns, decision, kind=kind, as_of=board.as_of)
    append_archive(wb, archive_rows(result, workbook=path, now=datetime.now().replace(microsecond=0)))  # type: ignore[arg-type]
    save_atomic(wb, path)
    return result
