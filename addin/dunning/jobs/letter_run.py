"""The letters job, as the command line and the button run it: read the workbook once, refuse what must
not run, plan and render (letters.batch), then record the letters in the workbook — archive rows and tracking
columns — in one save."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from dunning.backdate import backdate_reason
from dunning.core.board import Board
from dunning.core.fields import ARCHIVE_SHEET
from dunning.core.header_check import check_header
from dunning.core.messages import refusal_text
from dunning.core.refusals import RunFacts, RunRefused, refusals
from dunning.core.run_options import RunOptions
from dunning.jobs.boards import board_of
from dunning.jobs.recording import archive_rows, recorded
from dunning.jobs.workbook import Book, opened
from dunning.letters.batch import LettersResult, Progress, letters_job, not_recorded
from dunning.letters.lawyer import LawyerRecord
from dunning.letters.plan import Plan, PlannedLetter
from dunning.run_lock import run_lock
from dunning.sheets.layout import Cell
from dunning.sheets.log_sheet import add_missing_log
from dunning.sheets.port import WorkbookPort
from dunning.sheets.reader import OUR_SHEETS, Values
from dunning.sheets.save import remove_stale_temporaries

log = logging.getLogger(__name__)

Ask = Callable[[Plan], bool]  # a first run's question (letters.first_run): were no letters sent before?


def letters(
    book: Book,
    options: RunOptions,
    *,
    progress: Progress | None = None,
    ask: Ask | None = None,
    keep: list[Values] | None = None,
) -> LettersResult:
    """Make the letters due on the as-of date, archive them and move the tracking columns on. One run at
    a time per workbook (a dry run changes nothing and takes no lock, and meets the same refusals). `ask`: the
    button's Yes/No box on a first run with long-overdue rows and no letter history. `keep` receives the
    workbook's values as the run leaves them (what it read, with what it wrote), for a refresh that need not
    read again."""
    port = opened(book, options)
    if options.dry_run:
        return _letters(port, options, progress=progress, ask=None, keep=keep)
    with run_lock(port.path, command="letters"):
        remove_stale_temporaries(port.path)
        return _letters(port, options, progress=progress, ask=ask, keep=keep)


def _letters(
    book: WorkbookPort,
    options: RunOptions,
    *,
    progress: Progress | None,
    ask: Ask | None,
    keep: list[Values] | None = None,
) -> LettersResult:
    from dunning.core.delivery import not_marked_sent
    from dunning.sheets.archive import (
        archived_files,
        archived_letters,
        archived_references,
        header_cells,
        latest_run,
        tracking_cells,
        tracking_columns,
    )

    reason = backdate_reason(options.backdate)
    values = book.read()
    board = board_of(values, options)
    if keep is not None:
        keep.append(values)
    archive = values.sheets.get(ARCHIVE_SHEET)
    warnings = _refuse(board, book.path, options, last_run=latest_run(archive), reason=reason)
    titles = header_cells(archive, reason=reason)  # new columns' headings over an older 函件归档
    archived = archived_letters(archive)  # with the day each was made: the letters state earlier notices
    name, rows, header = values.data_table()
    columns, added = tracking_columns(rows, header, values.merged.get(name, ()))

    def tracking(letters: Sequence[PlannedLetter]) -> list[Cell]:
        cells = list(added)
        for letter in letters:
            for decision in letter.due:
                cells += tracking_cells(columns, decision, as_of=board.as_of)
        return cells

    def before_writing(plan: Plan) -> None:  # a cell the save would refuse stops the run before any letter
        book.check_write(board.sheet, tracking(plan.letters))
        if titles:
            book.check_write(ARCHIVE_SHEET, titles)

    result = letters_job(
        board,
        workbook=book.path,
        archived=archived,
        options=options,
        progress=progress,
        archived_files=archived_files(archive),
        before_writing=before_writing,
        record=LawyerRecord(archived, archived_references(archive)),  # the archive read once for both
        ask=ask,
    )
    if result.plan.first_run:  # her columns as read, at the top of what the first run says
        result.columns = check_header(values.sheets, ours=frozenset(OUR_SHEETS))
    result.warnings += warnings
    result.unsent = not_marked_sent(archive, as_of=board.as_of)  # the archive as read, before this run's rows
    if options.dry_run or not result.made:
        if not options.dry_run and add_missing_log(book, values):  # no letter, but the first run adds 跟进记录
            book.save()
        return result
    _record(book, values, result, tracking([made.letter for made in result.made]), titles, reason=reason)
    if result.plan.confirmed:
        _log_confirmed(result, asked=ask is not None and not options.no_prior_letters)
    _log_made(result, reason=reason)
    return result


def _record(
    book: WorkbookPort,
    values: Values,
    result: LettersResult,
    written: list[Cell],
    titles: list[Cell],
    *,
    reason: str | None,
) -> None:
    """The letters made recorded in the workbook in one save: the tracking cells, the archive's new headings
    and its rows; the values as read changed the same way. A failed save sets the letters aside."""
    from dunning.core.archive_record import ARCHIVE_HEADER

    board = result.board
    try:
        book.write(board.sheet, written)
        now = datetime.now().replace(microsecond=0)
        if titles:  # an archive of an earlier version: its new columns named
            book.write(ARCHIVE_SHEET, titles)
        entries = archive_rows(result, workbook=book.path, now=now, backdate=reason)
        book.append(ARCHIVE_SHEET, ARCHIVE_HEADER, entries)
        add_missing_log(book, values)  # the first run that finds no 跟进记录 adds it, in this save
        book.save()
        recorded(values, board.sheet, written, titles, entries)
    except Exception as exc:  # noqa: BLE001 - whatever stopped the save, the workbook does not know these letters
        log.exception("letters %s: the workbook did not record them", board.as_of.isoformat())
        raise not_recorded(result, exc) from exc


def _log_made(result: LettersResult, *, reason: str | None) -> None:
    as_of = result.board.as_of
    if reason is not None:
        today = date.today()
        late = (today - as_of).days
        log.warning("letters %s: dated %d days before today (%s), --backdate %s", as_of, late, today, reason)
    log.info(
        "letters %s: %d made in %s (%s), %d skipped, %d awaiting approval",
        as_of.isoformat(),
        len(result.made),
        result.folder,
        "、".join(m.letter.contract_no for m in result.made),
        len(result.plan.skipped),
        len(result.plan.pending_approval),
    )


def _log_confirmed(result: LettersResult, *, asked: bool) -> None:
    """A first run's confirmation that no letter went out before: who said so and for which rows."""
    rows = sorted({d.sheet_row for d in result.plan.confirmed})
    log.warning(
        "letters %s: no prior letters confirmed (%s) for %d rows, sent as letter 1: %s",
        result.board.as_of.isoformat(),
        "button: yes" if asked else "--no-prior-letters",
        len(rows),
        ", ".join(map(str, rows)),
    )


def _refuse(
    board: Board, workbook: Path, options: RunOptions, *, last_run: date | None, reason: str | None
) -> list[str]:
    """Refuse the run before any letter (core.refusals). A dry run meets every refusal of the real run
    with the same message; it may preview any day, so the refusals of the day itself are listed instead
    (实际运行会被拒绝：…): returned as its warnings."""
    facts = RunFacts(
        board.as_of, date.today(), company=bool(board.rules.params.company_name), last_run=last_run,
        typed=options.as_of is not None, future=options.future, backdate=reason is not None, workbook=workbook.name,
    )  # fmt: skip
    found = refusals(facts)
    stopping = [r for r in found if not (options.dry_run and r.refusal.of_the_day)]
    if stopping:
        raise RunRefused(stopping)
    return [f"实际运行会被拒绝：{refusal_text(r)}" for r in found]
