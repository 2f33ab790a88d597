"""The board, the one way every caller outside the core gets it (`board_of`), and the jobs that show it:
`dunning board`'s and the functions' board, 今日待办 (`today`), the refresh of 催款看板 and 今日待办."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from dunning.core.board import Board, compute_board
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, FOLLOW_UP_SHEET
from dunning.core.follow_up import read_log
from dunning.core.run_options import RunOptions
from dunning.core.today import Todo
from dunning.jobs.workbook import Book, opened
from dunning.run_lock import run_lock
from dunning.sheets.layout import SheetLayout, board_layout
from dunning.sheets.log_sheet import add_missing_log
from dunning.sheets.reader import Values, read_values, rules_of
from dunning.sheets.save import remove_stale_temporaries

log = logging.getLogger(__name__)


def board_of(values: Values, options: RunOptions, *, today: date | None = None) -> Board:
    """The board of a workbook's values (`read_values(path)`, or `book.read()`). The as-of date: the options',
    else the rules' 基准日, else today (`today`: the caller's clock, e.g. Excel's, when it is not this process's)."""
    rules = rules_of(values, preset=options.preset)
    when = options.as_of or rules.params.as_of or today or date.today()
    name, rows, header = values.data_table()
    from dunning.core.delivery import deliveries
    from dunning.sheets.archive import archived_letters

    archive = values.sheets.get(ARCHIVE_SHEET) or []
    log_rows = read_log(values.sheets.get(FOLLOW_UP_SHEET), epoch1904=values.epoch1904)
    board = compute_board(
        rows,
        rules,
        as_of=when,
        sheet=name,
        epoch1904=values.epoch1904,
        header=header,
        archive=archived_letters(archive),
        follow_up=log_rows,
        delivery=deliveries(archive),
    )
    board.archive = archive  # the approval pack's and the major-arrears report's letter history
    return board


def today(book: Book, options: RunOptions) -> tuple[Board, list[Todo]]:
    """`dunning today`: each person's work on the as-of date (calls, letters, approvals, disputes, suits)."""
    board = board_of(read_values(book) if isinstance(book, Path) else book.read(), options)
    return board, todos(board)


def todos(board: Board) -> list[Todo]:
    """今日待办's items: the board's work on its as-of date, with the calls after the letters 函件归档 holds."""
    from dunning.core.today import todo_list
    from dunning.sheets.archive import archived_letters

    return todo_list(board, archived_letters(board.archive))


def refresh(book: Book, options: RunOptions, *, values: Values | None = None) -> Board:
    """Rebuild 催款看板 and 今日待办 (from `values` when the caller holds the workbook's values as they now are)."""
    port = opened(book, options)
    with run_lock(port.path, command="refresh"):
        remove_stale_temporaries(port.path)
        values = values if values is not None else port.read()
        add_missing_log(port, values)  # the first run that finds no 跟进记录 adds it, in this save
        board = board_of(values, options)
        port.put_sheet(board_layout(board), after=board.sheet)
        port.put_sheet(_today_sheet(board), after=BOARD_SHEET)
        port.save()
    log.info("refresh %s: %d rows on 催款看板", board.as_of.isoformat(), len(board.decisions))
    return board


def _today_sheet(board: Board) -> SheetLayout:
    from dunning.sheets.today_layout import today_layout

    return today_layout(todos(board), as_of=board.as_of, sheet=board.sheet)
