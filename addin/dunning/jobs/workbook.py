"""The workbook a job works on, and the jobs that compute no board: `dunning init`, `check`, `templates check`,
`verify-archive`."""

from __future__ import annotations

from pathlib import Path

from dunning.core.errors import TemplateFolderMissing
from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.header_check import HeaderReport, check_header
from dunning.core.run_options import RunOptions
from dunning.run_lock import run_lock
from dunning.sheets.port import WorkbookPort
from dunning.sheets.reader import OUR_SHEETS, read_values
from dunning.sheets.verify import Report as VerifyReport

Book = WorkbookPort | Path  # a job's workbook: the one open in Excel (the button's), or a file (the command line's)


def on_file(path: Path) -> WorkbookPort:
    """A workbook file opened for writing: one value for several jobs in a row (the demo's), or for `init`."""
    return opened(path, RunOptions())


def opened(book: Book, options: RunOptions, *, for_writing: bool = True) -> WorkbookPort:
    """The job's workbook: a file opened for the job (--force from the options), or the port it was given."""
    if not isinstance(book, Path):
        return book
    from dunning.sheets.file_book import FileBook

    return FileBook(book, for_writing=for_writing, force=options.force)


def init(book: WorkbookPort) -> tuple[str, ...]:
    """Add a 催款规则 sheet with the default rules and blanks to fill in, and an empty 跟进记录 (the
    collector's log) after it: the sheets added (none when both are there already)."""
    from dunning.core.rules_sheet import SHEET as RULES_SHEET
    from dunning.sheets.layout import put_cells
    from dunning.sheets.log_sheet import add_missing_log
    from dunning.sheets.rules_layout import rules_layout

    added: list[str] = []
    with run_lock(book.path, command="init"):
        values = book.read()
        name, _, _ = values.data_table()
        if RULES_SHEET not in values.sheets:
            rules = rules_layout()
            book.put_sheet(rules, after=name)
            put_cells(values.sheets.setdefault(RULES_SHEET, []), rules.cells)  # the log goes after it
            added.append(RULES_SHEET)
        if add_missing_log(book, values):
            added.append(FOLLOW_UP_SHEET)
        if added:
            book.save()
    return tuple(added)


def check_file(path: Path) -> HeaderReport:
    """`dunning check`: what each column of the team's sheet is read as, before anything is computed."""
    return check_header(read_values(path).sheets, ours=frozenset(OUR_SHEETS))


def check_templates(folder: Path | None = None) -> list[tuple[str, list[str], str | None]]:
    """`dunning templates check`: each template's placeholders and its problem (None when it has none)."""
    from dunning.letters.render import check_folder
    from dunning.letters.templates import builtin_templates

    folder = folder or builtin_templates()
    if not folder.is_dir():
        raise TemplateFolderMissing(folder)
    return check_folder(folder)


def verify_archive(workbook: Path) -> VerifyReport:
    """`dunning verify-archive`: every archived letter file re-hashed against its 函件归档 row."""
    from dunning.sheets.verify import verify

    return verify(workbook)
