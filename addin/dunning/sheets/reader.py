"""Reading a workbook file's values in one pass (python-calamine), and finding our sheets in it.

Values are the cells' cached values, as Excel last computed them. Three things calamine does not
give as the team sees them are restored from the file itself, without a second read of the cells:

- an Excel error (`#N/A`) reads as an empty string: the sheet's XML is searched for its error cells
  (`t="e"`) only, and their codes put back, so a required cell holding `#N/A` is named as an error;
- a merged range covers cells calamine reads as blank: below the header, a merge down a text column
  (合同编号、客户姓名、房号 … across a contract's instalment rows) gives each row it covers the merged
  value; a merge down an amount, date or tracking column makes every row it spans unreadable (which
  row owes the amount cannot be known);
- characters no worksheet or letter may hold (a vertical tab pasted from Word) become spaces.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import cast

import python_calamine

from dunning.core.errors import DunningError, FileRefused, PackageDamaged, SheetMissing, WorkbookError
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, DATA_SHEET, FOLLOW_UP_SHEET, TODAY_SHEET
from dunning.core.parse import MergedCell, Uncomputed, fills_down
from dunning.core.problems import WorkbookProblem as P
from dunning.core.rules import Rules
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.rules_sheet import load_rules
from dunning.core.table import Header, column_letter, find_header
from dunning.core.text import EXCEL_ERRORS, clean_controls
from dunning.sheets.background import Background
from dunning.sheets.package_parts import package_copy
from dunning.sheets.package_scan import Checked, Walker, check_package, check_regular, column_of

OUR_SHEETS = (RULES_SHEET, BOARD_SHEET, ARCHIVE_SHEET, FOLLOW_UP_SHEET, TODAY_SHEET)
Span = tuple[int, int, int, int]  # a merged range, 0-based: first row, first column, last row, last column


@dataclass
class Values:
    """Every sheet's cell values of one workbook file, rows from A1."""

    path: Path
    sheets: dict[str, list[list[object]]]
    epoch1904: bool = False
    merged: dict[str, list[Span]] = field(default_factory=dict)  # per sheet, merges over more than one cell
    uncomputed: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # formula cells with no result

    def data_table(self) -> tuple[str, list[list[object]], Header]:
        """The team's sheet: `合同执行情况` if present, else the first sheet with our header."""
        names = [DATA_SHEET] if DATA_SHEET in self.sheets else [n for n in self.sheets if n not in OUR_SHEETS]
        first_error: DunningError | None = None
        for name in names:
            try:
                header = find_header(self.sheets[name], sheet=name)
            except WorkbookError as exc:
                first_error = first_error or exc
                continue
            fill_merged(self.sheets[name], header, self.merged.get(name, ()))
            mark_uncomputed(self.sheets[name], header, self.uncomputed.get(name, ()))
            return name, self.sheets[name], header
        if first_error is None:
            raise SheetMissing(P.NO_DATA_SHEET, file=self.path.name, sheet=DATA_SHEET)
        raise first_error


def from_a1(first_row: int, first_column: int, rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """A used range's values (from `first_row`, `first_column`, 1-based) as the sheet's rows from A1: the rows
    above empty, each row padded on the left; control characters replaced (`clean_controls`)."""
    pad: list[object] = [None] * (first_column - 1)
    out: list[list[object]] = [[] for _ in range(first_row - 1)]
    out += [pad + list(row) for row in rows]
    clean_controls(out)
    return out


def read_values(path: Path, *, sheets: tuple[str, ...] | None = None) -> Values:
    """Read the workbook's values; only the named sheets when given (those that exist). The file is
    checked first (`package_scan`): a regular file, within the limits however its zip and XML are made."""
    return Reading(path, sheets=sheets).values()


class Reading:
    """A workbook file being read (`read_values`): made once the file is checked, when calamine starts
    reading its cells on a thread of its own (in Rust, without Python's lock); the caller may load what
    it needs meanwhile, then asks for the `values`, which searches the package's XML while calamine reads."""

    def __init__(self, path: Path, *, sheets: tuple[str, ...] | None = None) -> None:
        check_regular(path)
        if path.suffix.lower() in (".csv", ".txt"):
            raise FileRefused(P.TEXT_FILE, file=path.name)
        self._path, self._sheets = path, sheets
        self._checked: Checked | None = check_package(path)
        checked = self._checked
        source: Path | bytes = path
        if checked is not None and (checked.parts.others or checked.reencoded):
            parts = checked.parts
            source = package_copy(path, replaced=checked.reencoded, workbook=parts.workbook, without=parts.others)
        self._reading = Background(lambda: _calamine_values(path, source, sheets))

    def values(self) -> Values:
        """The values read (once: the package's XML and the values are not kept here after)."""
        path, checked, self._checked = self._path, self._checked, None
        if checked is None or not checked.parts.workbook:  # .xls or .ods: no SpreadsheetML to look into
            values, merged = self._reading.result()
            for rows in values.values():
                clean_controls(rows)
            return Values(path, values, merged=merged)
        try:
            with zipfile.ZipFile(path) as package:
                facts = _package_facts(package, checked, self._sheets)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as exc:
            self._reading.result()  # calamine's own refusal of the file comes first, as when read in turn
            raise PackageDamaged(P.PACKAGE_UNREADABLE, file=path.name, detail=str(exc)) from None
        values, merged = self._reading.result()
        epoch1904, uncomputed = _restore(values, facts)
        return Values(path, values, epoch1904=epoch1904, merged=merged, uncomputed=uncomputed)


def _calamine_values(
    path: Path, source: Path | bytes, sheets: tuple[str, ...] | None
) -> tuple[dict[str, list[list[object]]], dict[str, list[Span]]]:
    """Every (named) sheet's values and merges, from the file or the package as given; any error
    calamine raises is one WorkbookError."""
    values: dict[str, list[list[object]]] = {}
    merged: dict[str, list[Span]] = {}
    name = ""
    try:
        if isinstance(source, bytes):
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            book = python_calamine.CalamineWorkbook.from_path(str(source))
        for name in (n for n in book.sheet_names if sheets is None or n in sheets):
            sheet = book.get_sheet_by_name(name)
            values[name] = cast("list[list[object]]", sheet.to_python(skip_empty_area=False))
            merged[name] = [
                (r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or () if (r1, c1) != (r0, c0)
            ]
    except python_calamine.PasswordError:
        raise FileRefused(P.PASSWORD, file=path.name) from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if name:
            raise PackageDamaged(P.SHEET_UNREADABLE, file=path.name, sheet=name, detail=detail) from None
        raise FileRefused(P.NOT_A_WORKBOOK, file=path.name, detail=detail) from None
    return values, merged


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")
_ESCAPED_CONTROL = re.compile(rb"_x00(?:0[0-8BCEFbcef]|1[0-9A-Fa-f])_|_x[Ff]{3}[EeFf]_")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CACHED = re.compile(rb"\s*(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?\s*<(?:\w+:)?v>([^<]*)<")


@dataclass
class _SheetFacts:
    """What a sheet's XML says that calamine's values do not: its error cells ((row, column, code),
    0-based), whether its text may hold control characters, its formula cells saved without a result."""

    errors: list[tuple[int, int, str]]
    controls: bool
    uncomputed: list[tuple[int, int]]


def _package_facts(
    package: zipfile.ZipFile, checked: Checked, sheets: tuple[str, ...] | None
) -> tuple[bool, dict[str, _SheetFacts]]:
    """From the package alone (while calamine reads the cells): whether dates count from 1904, and each
    (named) sheet's facts."""
    parts, reencoded = checked.parts, checked.reencoded
    workbook = reencoded.get(parts.workbook) or package.read(parts.workbook)
    strings = (reencoded.get(parts.strings) or package.read(parts.strings)) if parts.strings else b""
    controls_in_strings = _ESCAPED_CONTROL.search(strings) is not None
    facts: dict[str, _SheetFacts] = {}
    for name, part in parts.sheets.items():
        if sheets is not None and name not in sheets:
            continue
        xml = checked.xml.get(part, b"")
        places = _Places(xml)
        errors = _errors(xml, places) if b't="e"' in xml else []
        controls = controls_in_strings or not xml or _ESCAPED_CONTROL.search(xml) is not None
        uncomputed = _uncomputed(xml, places) if next(_no_results(xml), None) else []
        facts[name] = _SheetFacts(errors, controls, uncomputed)
    return _DATE1904.search(workbook) is not None, facts


def _restore(
    values: dict[str, list[list[object]]], found: tuple[bool, dict[str, _SheetFacts]]
) -> tuple[bool, dict[str, list[tuple[int, int]]]]:
    """Error codes and clean text put back into the sheets read. Returns whether dates count from 1904,
    and per sheet the formula cells saved without a result."""
    epoch1904, facts = found
    uncomputed: dict[str, list[tuple[int, int]]] = {}
    for name, rows in values.items():
        sheet = facts.get(name) or _SheetFacts([], controls=True, uncomputed=[])
        for row, column, code in sheet.errors:  # where calamine read an empty string
            if row < len(rows) and column < len(rows[row]) and rows[row][column] == "":
                rows[row][column] = code
        if sheet.controls:
            clean_controls(rows)
        if sheet.uncomputed:
            uncomputed[name] = sheet.uncomputed
    return epoch1904, uncomputed


# A formula with no cached result: `<f>…</f>` (or `<f …/>`) followed by no `<v>` or an empty one. A
# formula whose result is the empty text is `t="str"` with an empty `<v>`, and is not one of these.
_NO_RESULT = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|</(?:\w+:)?c>)"
)
# the same without prefixes, as two patterns each starting with a literal (which `re` looks for quickly):
# the general one tries every `<` of a 50 MB sheet in turn (a second for 100,000 rows)
_NO_VALUE = rb"\s*(?:<v\s*/>|<v>\s*</v>|</c>)"
_NO_RESULT_PLAIN = (re.compile(rb"</f>" + _NO_VALUE), re.compile(rb"<f\b[^>]*/>" + _NO_VALUE))
_PREFIXED_TAG = re.compile(rb":(?:[fv]|c>)")  # `<x:f>`, `<x:v>`, `</x:c>` (a regex: faster than `in` thrice)


def _no_results(xml: bytes) -> Iterator[re.Match[bytes]]:
    """_NO_RESULT's matches in `xml`, in order."""
    if _PREFIXED_TAG.search(xml):  # a prefixed tag may be there
        return _NO_RESULT.finditer(xml)
    closed, empty = (pattern.finditer(xml) for pattern in _NO_RESULT_PLAIN)
    return iter(sorted(chain(closed, empty), key=lambda match: match.start()))


class _Places:
    """(row, column), 0-based, of a cell tag of a sheet's XML: from its `r="A1"`, or, for a cell
    written without one, counted as calamine counts it (every tag walked once, only then)."""

    def __init__(self, xml: bytes) -> None:
        self._xml = xml
        self._walked: dict[int, tuple[int, int]] | None = None

    def of(self, start: int) -> tuple[int, int] | None:
        tag = self._xml[start : self._xml.find(b">", start) + 1]
        ref = _CELL_REF.search(tag)
        if ref is not None:
            return int(ref[2]) - 1, _column_index(ref[1])
        if self._walked is None:
            self._walked = {at: (row - 1, column - 1) for at, row, column in Walker().cells(self._xml)}
        return self._walked.get(start)


def _cell_start(xml: bytes, before: int) -> int:
    """Where the cell tag that holds the byte at `before` starts; -1 when there is none."""
    start = xml.rfind(b"<", 0, before)
    while start != -1 and not _CELL_TAG.match(xml, start):
        start = xml.rfind(b"<", 0, start)
    return start


def _uncomputed(xml: bytes, places: _Places) -> list[tuple[int, int]]:
    """(row, column), 0-based, of each formula cell saved without its result."""
    cells = []
    for match in _no_results(xml):
        start = _cell_start(xml, match.start())
        if start == -1:
            continue
        tag = xml[start : xml.find(b">", start) + 1]
        place = places.of(start)
        if place is None or b't="str"' in tag and match[0].find(b"</c") == -1:
            continue
        cells.append(place)
    return cells


def _errors(xml: bytes, places: _Places) -> list[tuple[int, int, str]]:
    """(row, column, code), 0-based, of each error cell (`t="e"`) holding a code Excel writes (`#N/A`)."""
    found = []
    at = xml.find(b't="e"')
    while at != -1:
        start, end = xml.rfind(b"<", 0, at), xml.find(b">", at)
        place = places.of(start) if _CELL_TAG.match(xml, start) else None
        cached = _CACHED.match(xml, end + 1) if place else None
        if place and cached and (code := cached[1].decode("ascii", "replace")) in EXCEL_ERRORS:
            found.append((*place, code))
        at = xml.find(b't="e"', at + 5)
    return found


def _column_index(letters: bytes) -> int:
    return column_of(letters) - 1


def fill_merged(rows: list[list[object]], header: Header, merged: Sequence[Span]) -> None:
    """Below the header, the cells a merge down one of our columns covers get the merged value (a text
    column), or all become a `MergedCell` naming the merge (any other column: unreadable). Idempotent."""
    key_of = {index: key for key, (index, _) in header.columns.items()}
    for first, left, last, right in merged:
        if first <= header.index or first >= len(rows) or last == first:  # a merge across one row: its own cells
            continue
        for column in range(left, right + 1):
            key = key_of.get(column)
            if key is None:
                continue
            if fills_down(key):
                top, start = (rows[first][left] if left < len(rows[first]) else None), first + 1
            else:  # the first row too: the merged amount or date is no more its own than the others'
                top, start = MergedCell(f"{column_letter(left)}{first + 1}"), first
            for row in range(start, min(last, len(rows) - 1) + 1):
                if column < len(rows[row]):
                    rows[row][column] = top


def mark_uncomputed(rows: list[list[object]], header: Header, cells: Sequence[tuple[int, int]]) -> None:
    """Below the header, each formula cell saved without a result in an amount, date or count column
    becomes `Uncomputed`: never read as blank or 0 (a 已收金额 summed from finance's sheet would otherwise
    ask for money paid). In a text column a formula's empty result cannot be told from a missing one
    (both are `<v></v>`) and reads as blank, which asks for nothing: a blank name is a missing required
    value, a blank 律师函审批人 no approval."""
    ours = {index for key, (index, _) in header.columns.items() if not fills_down(key)}
    for row, column in cells:
        if row <= header.index or row >= len(rows) or column not in ours:
            continue
        cells_of_row = rows[row]
        if column >= len(cells_of_row):
            cells_of_row.extend([""] * (column + 1 - len(cells_of_row)))
        cells_of_row[column] = Uncomputed(f"{column_letter(column)}{row + 1}")


def rules_of(values: Values, *, preset: str | None = None) -> Rules:
    return load_rules(values.sheets.get(RULES_SHEET), preset=preset)
