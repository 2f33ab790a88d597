"""The workbook side of the letters job: `函件归档` rows and the tracking columns' cells.

Both are written in the same save of the workbook, after every letter file of the run exists, so a
crash leaves either no trace of the run in the workbook (the rerun makes the same letters again)
or the whole run recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dunning.core.archive_record import ARCHIVE_HEADER, WRITTEN_AT, archive_columns, cell_of, day_of
from dunning.core.delivery import typed_day
from dunning.core.engine import Decision
from dunning.core.errors import HeaderRefused
from dunning.core.fields import ARCHIVE_SHEET, BY_KEY, TRACKING_KEYS
from dunning.core.identity import Archived, parse_key
from dunning.core.problems import WorkbookProblem as P
from dunning.core.table import Header, column_letter, match_header
from dunning.sheets.layout import Cell

KEY_COLUMN = WRITTEN_AT["keys"]  # where 13-column archives end


def header_cells(rows: Sequence[Sequence[object]] | None, *, reason: str | None) -> list[Cell]:
    """The header cells an archive written by an earlier version lacks (its columns stop at 幂等键):
    written with the run's rows, so every value has its heading. A column of the person's own where
    倒签原因 goes is left alone, unless this run has a reason to put under it: then the run is refused; one
    where 函件编号 goes (written on every row) refuses the run. One where a delivery column (寄送方式, 快递单号,
    签收日期, 退回日期: written blank, filled by staff) goes is left alone and not read as it."""
    header = list(rows[0]) if rows else []
    if not any(value not in (None, "") for value in header):
        return []  # no archive yet (the append writes the whole header), or no heading to extend
    cells = []
    for index, name in enumerate(ARCHIVE_HEADER[KEY_COLUMN + 1 :], start=KEY_COLUMN + 1):
        found = header[index] if index < len(header) else None
        if found in (None, ""):
            cells.append(Cell(1, index + 1, name, "header"))
        elif str(found).strip() != name and (name == "函件编号" or (name == "倒签原因" and reason is not None)):
            raise HeaderRefused(
                P.ARCHIVE_COLUMN_TAKEN, sheet=ARCHIVE_SHEET, cell=f"{column_letter(index)}1", row=1, column=index + 1,
                value=found, detail=name,
            )  # fmt: skip
    return cells


def archived_keys(rows: Sequence[Sequence[object]] | None) -> set[str]:
    """Every key already in the archive (its rows as read, header first)."""
    keys: set[str] = set()
    at = archive_columns(_header(rows))["keys"]
    for row in list(rows or [])[1:]:
        value = cell_of(row, at)
        if isinstance(value, str) and value:
            keys.update(value.split(";"))
    return keys


def archived_files(rows: Sequence[Sequence[object]] | None) -> list[str]:
    """Every letter file the archive records, as recorded (relative to the workbook's folder or absolute)."""
    files = []
    at = archive_columns(_header(rows))["file"]
    for row in list(rows or [])[1:]:
        value = cell_of(row, at)
        if isinstance(value, str) and value:
            files.append(value)
    return files


def archived_letters(rows: Sequence[Sequence[object]] | None) -> list[Archived]:
    """Every letter the archive records for an instalment (one per key), with the as-of date it was
    made on: which level each numbered letter of an instalment was, and how many went out when."""
    found: list[Archived] = []
    at = archive_columns(_header(rows))
    for row in list(rows or [])[1:]:
        value = cell_of(row, at["keys"])
        if not isinstance(value, str) or not value:
            continue
        day = day_of(cell_of(row, at["as_of"]))
        reference = _reference(cell_of(row, at["reference"]))
        received = typed_day(cell_of(row, at["received"]))
        found += [
            entry._replace(reference=reference, received=received)
            for key in value.split(";")
            if (entry := parse_key(key, day=day)) is not None
        ]
    return found


def archived_references(rows: Sequence[Sequence[object]] | None) -> list[str]:
    """Every 函件编号 the archive holds, whatever became of its letter's file: a number once given is
    never given again."""
    at = archive_columns(_header(rows))["reference"]
    return [reference for row in list(rows or [])[1:] if (reference := _reference(cell_of(row, at)))]


def _reference(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header(rows: Sequence[Sequence[object]] | None) -> Sequence[object]:
    return rows[0] if rows else ()


def latest_run(rows: Sequence[Sequence[object]] | None) -> date | None:
    """The latest as-of date the archive records: a run dated before it is refused."""
    at = archive_columns(_header(rows))["as_of"]
    return max((day for row in list(rows or [])[1:] if (day := day_of(cell_of(row, at))) is not None), default=None)


def tracking_columns(
    rows: Sequence[Sequence[object]], header: Header, merged: Sequence[tuple[int, int, int, int]] = ()
) -> tuple[dict[str, int], list[Cell]]:
    """Column numbers (1-based) of the tracking fields, and the header cells to add at the right of
    the table for the missing ones: after the last used column and after any merge (0-based first row,
    first column, last row, last column) reaching the header row or below (a 备注 header merged across
    three columns would hide a column put under it)."""
    cells = list(rows[header.index])
    columns, _, _ = match_header(cells)
    last = max([_last_used_column(rows), *(right for _, _, bottom, right in merged if bottom >= header.index)]) + 1
    found: dict[str, int] = {}
    added: list[Cell] = []
    for key in TRACKING_KEYS:
        if key in columns:
            found[key] = columns[key][0] + 1
            continue
        last += 1
        added.append(Cell(header.index + 1, last, BY_KEY[key].name, "header"))
        found[key] = last
    return found, added


def _last_used_column(rows: Sequence[Sequence[object]]) -> int:
    """The 0-based index of the rightmost column holding any value in any row (-1 for none): new
    columns go after it, never over a note or a phone number in a column without a header."""
    last = -1
    for cells in rows:
        for index in range(len(cells) - 1, last, -1):
            if cells[index] not in (None, ""):
                last = index
                break
    return last


def tracking_cells(columns: dict[str, int], decision: Decision, *, as_of: date) -> list[Cell]:
    """One letter recorded in its row: a dunning letter counts and dates; a lawyer's letter dates;
    a reminder leaves the row as it is (it is in the archive)."""
    level, row = decision.level, decision.sheet_row
    if level is None or level.before_due:
        return []
    if level.needs_approval:
        return [Cell(row, columns["lawyer_letter_date"], as_of)]
    return [Cell(row, columns["letters_sent"], decision.inst.letters_sent + 1),
            Cell(row, columns["last_letter_date"], as_of)]  # fmt: skip
