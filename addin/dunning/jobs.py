"""The jobs, as the command line and the button run them: refresh the board, generate the letters.
Each reads the workbook once, computes, writes through the workbook interface, and saves once."""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dunning.atomic import real_path
from dunning.backdate import backdate_reason
from dunning.core.board import Board, compute_board
from dunning.core.errors import DunningError
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, FOLLOW_UP_SHEET
from dunning.core.follow_up import read_log
from dunning.core.header_check import HeaderReport, check_header
from dunning.core.messages import refusal_text
from dunning.core.money import ZERO
from dunning.core.refusals import RunFacts, RunRefused, refusals
from dunning.core.today import Todo
from dunning.letters.batch import LetterOptions, LettersResult, Progress, letters_job, not_recorded
from dunning.letters.lawyer import LawyerRecord
from dunning.letters.plan import Plan, PlannedLetter
from dunning.reports.approvals import ApprovalPack
from dunning.reports.arrears_report import ArrearsReport
from dunning.run_lock import run_lock
from dunning.sheets.layout import Cell, SheetLayout, board_layout
from dunning.sheets.log_sheet import add_missing_log
from dunning.sheets.port import WorkbookPort
from dunning.sheets.reader import OUR_SHEETS, Values, read_values, rules_of
from dunning.sheets.save import remove_stale_temporaries
from dunning.sheets.verify import Report as VerifyReport


def board_of(
    values: Values, *, as_of: date | None = None, preset: str | None = None, today: date | None = None
) -> Board:
    """The board of a workbook's values. The as-of date: given, else the rules' 基准日, else today (`today`:
    the caller's clock, e.g. Excel's, when it is not this process's)."""
    rules = rules_of(values, preset=preset)
    when = as_of or rules.params.as_of or today or date.today()
    name, rows, header = values.data_table()
    from dunning.core.delivery import deliveries
    from dunning.sheets.archive import archived_letters

    archive = values.sheets.get(ARCHIVE_SHEET) or []
    log = read_log(values.sheets.get(FOLLOW_UP_SHEET), epoch1904=values.epoch1904)
    board = compute_board(
        rows,
        rules,
        as_of=when,
        sheet=name,
        epoch1904=values.epoch1904,
        header=header,
        archive=archived_letters(archive),
        follow_up=log,
        delivery=deliveries(archive),
    )
    board.archive = archive  # the approval pack's and the major-arrears report's letter history
    return board


def load_board(path: Path, *, as_of: date | None = None, preset: str | None = None) -> Board:
    """`dunning board`: the board of a workbook file, read once, nothing written."""
    return board_of(read_values(path), as_of=as_of, preset=preset)


def today(path: Path, *, as_of: date | None = None, preset: str | None = None) -> tuple[Board, list[Todo]]:
    """`dunning today`: each person's work on the as-of date (calls, letters, approvals, disputes, suits)."""
    from dunning.core.today import todo_list
    from dunning.sheets.archive import archived_letters

    board = load_board(path, as_of=as_of, preset=preset)
    return board, todo_list(board, archived_letters(board.archive))


log = logging.getLogger(__name__)


@dataclass
class Loaded:
    values: Values
    board: Board


def load(book: WorkbookPort, *, as_of: date | None, preset: str | None) -> Loaded:
    values = book.read()
    return Loaded(values, board_of(values, as_of=as_of, preset=preset))


def refresh(
    book: WorkbookPort, *, as_of: date | None = None, preset: str | None = None, values: Values | None = None
) -> Board:
    """Rebuild 催款看板 (from `values` when the caller holds the workbook's values as they now are)."""
    with run_lock(book.path, command="refresh"):
        remove_stale_temporaries(book.path)
        values = values if values is not None else book.read()
        add_missing_log(book, values)  # the first run that finds no 跟进记录 adds it, in this save
        board = board_of(values, as_of=as_of, preset=preset)
        book.put_sheet(board_layout(board), after=board.sheet)
        book.put_sheet(_today_sheet(board), after=BOARD_SHEET)
        book.save()
    log.info("refresh %s: %d rows on 催款看板", board.as_of.isoformat(), len(board.decisions))
    return board


def _today_sheet(board: Board) -> SheetLayout:
    from dunning.core.today import todo_list
    from dunning.sheets.archive import archived_letters
    from dunning.sheets.today_layout import today_layout

    return today_layout(todo_list(board, archived_letters(board.archive)), as_of=board.as_of, sheet=board.sheet)


Ask = Callable[[Plan], bool]  # a first run's question (letters.first_run): were no letters sent before?


def letters(
    book: WorkbookPort,
    options: LetterOptions | None = None,
    *,
    progress: Progress | None = None,
    ask: Ask | None = None,
    keep: list[Values] | None = None,
) -> LettersResult:
    """Make the letters due on the as-of date, archive them and move the tracking columns on. One run at
    a time per workbook (a dry run changes nothing and takes no lock). `ask`: the button's Yes/No box
    on a first run with long-overdue rows and no letter history. `keep` receives the workbook's values as
    the run leaves them (what it read, with what it wrote), for a refresh that need not read again."""
    options = options or LetterOptions()
    if options.dry_run:
        return _letters(book, options, progress=progress, ask=None, keep=keep)
    with run_lock(book.path, command="letters"):
        remove_stale_temporaries(book.path)
        return _letters(book, options, progress=progress, ask=ask, keep=keep)


def _letters(
    book: WorkbookPort,
    options: LetterOptions,
    *,
    progress: Progress | None,
    ask: Ask | None,
    keep: list[Values] | None = None,
) -> LettersResult:
    from dunning.core.archive_record import ARCHIVE_HEADER
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
    loaded = load(book, as_of=options.as_of, preset=options.preset)
    if keep is not None:
        keep.append(loaded.values)
    board = loaded.board
    dry_run = options.dry_run
    archive = loaded.values.sheets.get(ARCHIVE_SHEET)
    warnings = _refuse(board, book.path, options, last_run=latest_run(archive), reason=reason)
    titles = header_cells(archive, reason=reason)  # new columns' headings over an older 函件归档
    today = date.today()
    archived = archived_letters(archive)  # with the day each was made: the letters state earlier notices
    name, rows, header = loaded.values.data_table()
    columns, added = tracking_columns(rows, header, loaded.values.merged.get(name, ()))

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
        result.columns = check_header(loaded.values.sheets, ours=frozenset(OUR_SHEETS))
    result.warnings += warnings
    result.unsent = not_marked_sent(archive, as_of=board.as_of)  # the archive as read, before this run's rows
    if dry_run or not result.made:
        if not dry_run and add_missing_log(book, loaded.values):  # no letter, but the first run adds 跟进记录
            book.save()
        return result
    try:
        written = tracking([made.letter for made in result.made])
        book.write(board.sheet, written)
        now = datetime.now().replace(microsecond=0)
        if titles:  # an archive of an earlier version: its new columns named
            book.write(ARCHIVE_SHEET, titles)
        entries = archive_rows(result, workbook=book.path, now=now, backdate=reason)
        book.append(ARCHIVE_SHEET, ARCHIVE_HEADER, entries)
        add_missing_log(book, loaded.values)
        book.save()
        recorded(loaded.values, board.sheet, written, titles, entries)
    except Exception as exc:  # noqa: BLE001 - whatever stopped the save, the workbook does not know these letters
        log.exception("letters %s: the workbook did not record them", board.as_of.isoformat())
        raise not_recorded(result, exc) from exc
    if result.plan.confirmed:
        _log_confirmed(result, asked=ask is not None and not options.no_prior_letters)
    if reason is not None:
        late = (today - board.as_of).days
        log.warning("letters %s: dated %d days before today (%s), --backdate %s", board.as_of, late, today, reason)
    log.info(
        "letters %s: %d made in %s (%s), %d skipped, %d awaiting approval",
        board.as_of.isoformat(),
        len(result.made),
        result.folder,
        "、".join(m.letter.contract_no for m in result.made),
        len(result.plan.skipped),
        len(result.plan.pending_approval),
    )
    return result


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
    board: Board, workbook: Path, options: LetterOptions, *, last_run: date | None, reason: str | None
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


def _record_of(archive: Sequence[Sequence[object]] | None) -> LawyerRecord:
    """函件归档's letters (with their day and 函件编号) and every 函件编号 it holds: what the approval pack's
    drafts refer to (they take no number)."""
    from dunning.sheets.archive import archived_letters, archived_references

    return LawyerRecord(archived_letters(archive), archived_references(archive))


def approvals(
    book: WorkbookPort,
    *,
    as_of: date | None = None,
    preset: str | None = None,
    out: Path | None = None,
    templates: Path | None = None,
) -> ApprovalPack:
    """The vice-president's approval pack for every contract whose lawyer's letter awaits approval;
    reads the workbook, writes one Word file beside the letters, changes nothing in the workbook."""
    board = board_of(book.read(), as_of=as_of, preset=preset)
    return _approval_pack(board, book.path, out=out, templates=templates)


def major_arrears(
    book: WorkbookPort, *, as_of: date | None = None, preset: str | None = None, out: Path | None = None
) -> ArrearsReport:
    """The major-arrears report for group marketing management; reads the workbook, writes one Word
    file beside the letters, changes nothing in the workbook."""
    board = board_of(book.read(), as_of=as_of, preset=preset)
    return _arrears_report(board, book.path, out=out)


def handovers(
    board: Board, path: Path, *, out: Path | None = None, templates: Path | None = None
) -> tuple[ApprovalPack, ArrearsReport]:
    """What the button hands over after the letters: the vice-president's approval pack and the
    major-arrears report, each written only when it has something in it."""
    return _approval_pack(board, path, out=out, templates=templates), _arrears_report(board, path, out=out)


def _approval_pack(board: Board, path: Path, *, out: Path | None, templates: Path | None) -> ApprovalPack:
    from dunning.letters.files import letter_folder
    from dunning.letters.templates import templates_folder
    from dunning.reports.approvals import make_pack

    folder = letter_folder(path, as_of=board.as_of, out=out)
    record = _record_of(board.archive)  # the drafts refer to earlier 律师函 as the letters will
    return make_pack(board, folder=folder, templates=templates_folder(path, templates), record=record)


def _arrears_report(board: Board, path: Path, *, out: Path | None) -> ArrearsReport:
    from dunning.letters.files import letter_folder
    from dunning.reports.arrears_report import make_report

    return make_report(board, folder=letter_folder(path, as_of=board.as_of, out=out))


def init(book: WorkbookPort) -> tuple[str, ...]:
    """Add a 催款规则 sheet with the default rules and blanks to fill in, and an empty 跟进记录 (the
    collector's log) after it: the sheets added (none when both are there already)."""
    from dunning.core.rules_sheet import SHEET as RULES_SHEET
    from dunning.sheets.rules_layout import follow_up_layout, rules_layout

    added: list[str] = []
    with run_lock(book.path, command="init"):
        values = book.read()
        name, _, _ = values.data_table()
        if RULES_SHEET not in values.sheets:
            book.put_sheet(rules_layout(), after=name)
            added.append(RULES_SHEET)
        if FOLLOW_UP_SHEET not in values.sheets:
            book.put_sheet(follow_up_layout(), after=RULES_SHEET if RULES_SHEET in (*values.sheets, *added) else name)
            added.append(FOLLOW_UP_SHEET)
        if added:
            book.save()
    return tuple(added)


def archive_rows(
    result: LettersResult, *, workbook: Path, now: datetime, backdate: str | None = None
) -> list[tuple[object, ...]]:
    """One 函件归档 row per letter made; the file named relative to the workbook's folder when inside it;
    the run's --backdate reason in 倒签原因."""
    from dunning.core.archive_record import ArchiveRow

    rows = []
    for made in result.made:
        letter = made.letter
        try:
            shown = str(made.file.relative_to(real_path(workbook).parent))
        except ValueError:
            shown = str(made.file)
        owed = sum((d.outstanding for d in letter.listed), ZERO)
        fees = sum((d.late_fee for d in letter.listed), ZERO)
        rows.append(
            ArchiveRow(
                made_at=now,
                as_of=result.board.as_of,
                contract_no=letter.contract_no,
                customer=letter.customer,
                stage_label=letter.main.stage_label,
                level_code=letter.level.code,
                letter_no=letter.letter_no,
                outstanding=owed,
                late_fee=fees,
                file=shown,
                sha256=made.sha256,
                operator=operator(),
                keys=letter.keys,
                reference=letter.reference,
                backdate=backdate or "",
            ).cells()
        )
    return rows


def operator() -> str:
    """Who ran the job, for the archive's 操作人."""
    try:
        return os.environ.get("USERNAME") or getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return ""


def on_file(path: Path, *, for_writing: bool = True, force: bool = False) -> WorkbookPort:
    from dunning.sheets.file_book import FileBook

    return FileBook(path, for_writing=for_writing, force=force)


def refresh_file(path: Path, *, as_of: date | None = None, preset: str | None = None, force: bool = False) -> Board:
    return refresh(on_file(path, force=force), as_of=as_of, preset=preset)


def letters_file(
    path: Path,
    *,
    as_of: date | None = None,
    preset: str | None = None,
    out: Path | None = None,
    templates: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    future: bool = False,
    backdate: str | None = None,
    no_prior_letters: bool = False,
) -> LettersResult:
    """The letters job on a workbook file (the command line's), its options given one by one."""
    options = LetterOptions(
        as_of, preset, out, templates, dry_run=dry_run, future=future, backdate=backdate,
        no_prior_letters=no_prior_letters,
    )  # fmt: skip
    return letters(on_file(path, force=force), options, progress=progress)  # a dry run meets the same refusals


def check_file(path: Path) -> HeaderReport:
    """`dunning check`: what each column of the team's sheet is read as, before anything is computed."""
    return check_header(read_values(path).sheets, ours=frozenset(OUR_SHEETS))


def check_templates(folder: Path | None = None) -> list[tuple[str, list[str], str | None]]:
    """`dunning templates check`: each template's placeholders and its problem (None when it has none)."""
    from dunning.letters.render import check_folder
    from dunning.letters.templates import builtin_templates

    folder = folder or builtin_templates()
    if not folder.is_dir():
        raise DunningError(f"找不到模板文件夹：{folder}")
    return check_folder(folder)


def verify_archive(workbook: Path) -> VerifyReport:
    """`dunning verify-archive`: every archived letter file re-hashed against its 函件归档 row."""
    from dunning.sheets.verify import verify

    return verify(workbook)


def recorded(
    values: Values,
    sheet: str,
    cells: Sequence[Cell],
    titles: Sequence[Cell],
    entries: Sequence[Sequence[object]],
) -> None:
    """The values as read, changed in place as a letters run wrote the workbook: its tracking cells, the archive's
    new headings and its rows appended after the last row (with the header when 函件归档 was empty)."""
    from dunning.core.archive_record import ARCHIVE_HEADER

    for name, changes in ((sheet, cells), (ARCHIVE_SHEET, titles)):
        rows = values.sheets.setdefault(name, [])
        for cell in changes:
            rows.extend([] for _ in range(cell.row - len(rows)))
            line = rows[cell.row - 1]
            line.extend([None] * (cell.column - len(line)))
            line[cell.column - 1] = cell.value
    archive = values.sheets.setdefault(ARCHIVE_SHEET, [])
    if not any(value not in (None, "") for row in archive for value in row):
        archive[:] = [list(ARCHIVE_HEADER)]
    archive.extend(list(row) for row in entries)
