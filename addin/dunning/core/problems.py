"""Why a workbook cannot be read or written, as data: the problem (`WorkbookProblem`) and the facts its
message names (`WorkbookFacts`: the file, sheet, part, cell …). The words are core.error_text's; code and
tests branch on the problem and read the facts (core.errors' WorkbookRefused and its kinds carry them)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class WorkbookProblem(Enum):
    """What is wrong; the value is a stable code."""

    # the path itself (file: the path as given)
    NOT_FOUND = "not_found"
    LINK_LOOP = "link_loop"
    PATH_UNOPENABLE = "path_unopenable"  # detail: the system's reason
    BAD_NAME = "bad_name"  # detail: why the name is invalid (a NUL in it)
    IS_FOLDER = "is_folder"
    SPECIAL_FILE = "special_file"  # detail: what it is (a FIFO, a device …)
    # the file's kind (file: its name)
    UNOPENABLE = "unopenable"  # detail: the system's reason
    TEXT_FILE = "text_file"  # a .csv or .txt
    PASSWORD = "password"
    XLSB = "xlsb"
    NOT_A_WORKBOOK = "not_a_workbook"  # detail: the reader's reason
    NOT_XLSX = "not_xlsx"  # only .xlsx/.xlsm are updated
    SAMPLE_MISSING = "sample_missing"  # the committed sample workbook is not installed
    UNOPENABLE_FOR_WRITING = "unopenable_for_writing"  # detail
    # the package damaged (part: the zip entry, when one is to blame)
    ZIP_INCOMPLETE = "zip_incomplete"
    UNINFLATABLE = "uninflatable"  # detail
    PACKAGE_UNREADABLE = "package_unreadable"  # detail
    PART_ENCODING = "part_encoding"  # detail
    PART_SIZE_MISMATCH = "part_size_mismatch"  # size: inflated; claimed: what the zip's directory says
    PART_XML = "part_xml"  # detail: the parser's first line
    XML_UNPROCESSABLE = "xml_unprocessable"  # detail
    NO_WORKBOOK_PART = "no_workbook_part"  # part: the target named, "" when no relationship names one
    CHECKSUM = "checksum"
    NOT_ZIP = "not_zip"
    CENTRAL_DIRECTORY = "central_directory"
    LOCAL_HEADER = "local_header"
    PART_NAMES_CLASH = "part_names_clash"  # part and detail: the two spellings
    SHEET_UNREADABLE = "sheet_unreadable"  # sheet, detail: the reader's reason
    # zip features the writer does not copy faithfully
    ZIP_LAYOUT = "zip_layout"  # ZIP64, spanned or prefixed
    ENTRY_ENCODING = "entry_encoding"  # part: encrypted or compressed some other way
    OVER_4GB = "over_4gb"
    # beyond the limits (limit: the bound; size: what was found)
    TOO_MANY_PARTS = "too_many_parts"
    PART_TOO_BIG = "part_too_big"
    TOTAL_TOO_BIG = "total_too_big"
    TAG_TOO_LONG = "tag_too_long"
    TOO_MANY_ROWS = "too_many_rows"  # sheet, row: its last row
    TOO_MANY_CELLS = "too_many_cells"  # sheet, row and column: its last row and column
    # sheets and headers
    NO_DATA_SHEET = "no_data_sheet"  # no sheet with our header
    NO_SHEET = "no_sheet"  # sheet: the one asked for
    NO_HEADER = "no_header"  # sheet, limit: how many top rows were searched
    DUPLICATE_HEADER = "duplicate_header"  # sheet, row, items: the duplicates
    MISSING_COLUMNS = "missing_columns"  # sheet, row, value: the missing keys, items: what each would be
    ARCHIVE_COLUMN_TAKEN = "archive_column_taken"  # sheet, cell, value: the heading there, detail: ours
    # cells the run must not write
    FORMULA_CELL = "formula_cell"  # sheet, cell
    FORMULA_TRACKING = "formula_tracking"  # sheet, cell, value: the formula (Excel's own book)
    LOCKED_CELL = "locked_cell"  # sheet, cell
    # saving
    UNSAFE_SAVE = "unsafe_save"  # items: what the file has that the command line cannot keep
    SAVE_LOSES = "save_loses"  # items: what a save would break (--force allows it)
    OPEN_ELSEWHERE = "open_elsewhere"  # detail: the program (Excel, LibreOffice)
    BACKUP_FAILED = "backup_failed"  # file: the path; detail
    SAVE_FAILED = "save_failed"  # file: the path; detail
    SHEETS_PROTECTED = "sheets_protected"  # items: our sheets under sheet protection
    BOOK_STRUCTURE_LOCKED = "book_structure_locked"  # sheet: the one to add
    NOT_A_WORKSHEET = "not_a_worksheet"  # sheet: a chart or macro sheet of ours' name


@dataclass(frozen=True, slots=True)
class WorkbookFacts:
    """What a workbook problem's message names; a field is empty ("" / None / ()) when it does not apply."""

    problem: WorkbookProblem
    file: str = ""  # the file's name (or its path, for a problem with the path itself)
    sheet: str = ""
    part: str = ""  # a zip entry of the package
    cell: str = ""  # A1 reference
    row: int | None = None
    column: int | None = None
    value: object = None  # a cell's content, a formula, the missing keys
    detail: str = ""  # a reason from the system or a parser, a program's name …
    items: tuple[str, ...] = ()
    size: int | None = None
    limit: int | None = None
    claimed: int | None = None


class PathReason(Enum):
    """Why the product will not use a path (`atomic.PathRefused`); the value is a stable code."""

    LINK_LOOP = "link_loop"  # the path's links lead back to themselves; detail: the system's reason
    READ_ONLY = "read_only"  # the workbook is read-only (by its mode bits)
    HARD_LINKS = "hard_links"  # the workbook has other names (links: how many names in all)
    BACKUP_NOT_A_FOLDER = "backup_not_a_folder"  # .dunning-backup is a link or a file
    LOCK_PLANTED = "lock_planted"  # a link or a foreign file where the run lock belongs


class LockCase(Enum):
    """Why a run could not take the workbook's run lock (`run_lock.Busy`)."""

    HELD = "held"  # another run holds it: holder says who
    CONTENDED = "contended"  # taken again and again while this run tried
    UNCREATABLE = "uncreatable"  # the lock file cannot be made in the folder; detail: the system's reason


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a run lock, as its file says ("?" for what it does not say, command "" when none)."""

    user: str = "?"
    host: str = "?"
    pid: str = "?"
    command: str = ""
    started: str = "?"

    @classmethod
    def of(cls, text: dict[str, object]) -> LockHolder:
        """From the lock file's JSON (any of it missing or of another type)."""
        return cls(
            user=str(text.get("user", "?")), host=str(text.get("host", "?")), pid=str(text.get("pid", "?")),
            command=str(text.get("command") or ""), started=str(text.get("started", "?")),
        )  # fmt: skip


class SaveHazard(Enum):
    """What in a file a headless save cannot keep (`sheets.fidelity.Refusal`)."""

    STRICT = "strict"  # Strict Open XML: refused even with --force
    PART_NAMES_CLASH = "part_names_clash"  # two entries for one part (first, second: the spellings)
    SIGNATURE = "signature"  # a digital signature the save would invalidate
    MODIFY_PASSWORD = "modify_password"  # a password to modify the save would bypass

    @property
    def forceable(self) -> bool:
        """--force goes on anyway (with the backup)."""
        return self in (SaveHazard.SIGNATURE, SaveHazard.MODIFY_PASSWORD)
