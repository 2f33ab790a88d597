"""The changes the tool makes to a workbook file, made in its package and nowhere else: our sheets
(`催款看板` rebuilt, `函件归档` appended to or created), single cells of the team's sheet, and the
records these need in workbook.xml, its relationships, the content types and styles.xml."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dunning.core.errors import CellRefused, FileRefused, SaveRefused, SheetMissing, WorkbookRefused
from dunning.core.problems import WorkbookProblem as P
from dunning.core.table import column_letter
from dunning.sheets.layout import DATE_FORMAT, Cell, SheetLayout, number_format
from dunning.sheets.ooxml.cell_splice import SheetXml
from dunning.sheets.ooxml.package import Package, as_utf8
from dunning.sheets.ooxml.styles import Styles
from dunning.sheets.ooxml.transplant import put_sheet
from dunning.sheets.ooxml.workbook import WorkbookXml

STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.'
    b'openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    b'</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    b'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    b'<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    b'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    b'xfId="0"/></cellXfs></styleSheet>'
)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]+)</")
_PROTECTED = re.compile(rb'<(?:\w+:)?sheetProtection\b[^>]*\bsheet="(?:1|true)"')


class SheetsProtected(SaveRefused):
    """Sheets of ours under sheet protection (`items`, also `sheets`): the command line refuses them as the
    button does."""

    @property
    def workbook(self) -> str:
        return self.file

    @property
    def sheets(self) -> tuple[str, ...]:
        return self.items


def _is_protected(xml: SheetXml) -> bool:
    """Whether the sheet's `<sheetProtection>` protects its contents (Excel's ProtectContents)."""
    return _PROTECTED.search(xml.xml[: xml.data_start] + xml.xml[xml.data_end :]) is not None


def plain(value: object) -> object:
    """A value as the product writes it: money to the fen."""
    if isinstance(value, Decimal) and value.as_tuple().exponent != 0:
        return value.quantize(Decimal("0.01"))
    return value


class OoxmlBook:
    def __init__(self, path: Path) -> None:
        try:
            self.package = Package.open(path)
            self.book = WorkbookXml(self.package)
        except (KeyError, OSError) as exc:
            raise FileRefused(P.UNOPENABLE_FOR_WRITING, file=path.name, detail=str(exc)) from exc
        except WorkbookRefused as exc:  # a damaged or unsupported package: named with the file
            raise exc.in_file(path.name) from exc
        self.name = path.name
        self._styles: Styles | None = None
        self._written: dict[str, set[int]] = {}  # sheet → columns written, for the recalculation check

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            self._styles = Styles(self.package.read(self._styles_part()))
        return self._styles

    def _styles_part(self) -> str:
        found = next((r.target for r in self.package.rels(self.book.part) if r.type == "styles"), None)
        if found is None:
            folder = posixpath.dirname(self.book.part)
            found = posixpath.join(folder, "styles.xml")
            if found in self.package:  # a stray part nothing points to: left as it is
                found = self.package.free_name(posixpath.join(folder, "styles{}.xml"))
            self.package.put(found, _MINIMAL_STYLES)
            self.package.add_rel(self.book.part, "styles", found)
            self.package.set_content_types({found: STYLES_TYPE})
        return found

    def _part(self, sheet: str) -> str:
        entry = self.book.find(sheet)
        if entry is None:
            raise SheetMissing(P.NO_SHEET, file=self.name, sheet=sheet)
        return entry.part

    def _sheet_xml(self, part: str) -> SheetXml:
        return SheetXml(as_utf8(self.package.read(part)))

    def refuse_protected(self, sheets: Sequence[str]) -> None:
        """Refuse, as the button does, when any of these sheets is there and protected."""
        locked = [s for s in sheets if self.book.find(s) is not None and _is_protected(self._sheet_xml(self._part(s)))]
        if locked:
            raise SheetsProtected(P.SHEETS_PROTECTED, file=self.name, items=tuple(locked))

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        self.refuse_protected([layout.name])
        put_sheet(self.package, self.book, self.styles, layout, after=after)
        self._written[layout.name] = set()

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Set cells of an existing sheet, each keeping its format (a date one given a date format);
        a formula is never written over, nor a locked cell of a protected sheet."""
        part = self._part(sheet)
        xml = self._sheet_xml(part)
        protected = _is_protected(xml)
        for cell in cells:
            ref = f"{column_letter(cell.column - 1)}{cell.row}"
            found = xml.cell(cell.row, cell.column)
            if found is not None and found.has_formula:
                raise CellRefused(P.FORMULA_CELL, sheet=sheet, cell=ref, row=cell.row, column=cell.column)
            style = self._style(xml, cell, keep=found is not None)
            if protected and self.styles.is_locked(style):
                raise CellRefused(P.LOCKED_CELL, sheet=sheet, cell=ref, row=cell.row, column=cell.column)
            xml.set(cell.row, cell.column, plain(cell.value), style=style, epoch1904=self.book.epoch1904)
            self._written.setdefault(sheet, set()).add(cell.column)
        self.package.put(part, xml.to_bytes())

    def _style(self, xml: SheetXml, cell: Cell, *, keep: bool) -> int:
        base = xml.style_of(cell.row, cell.column)
        if cell.style == "header" and not keep:
            left = xml.style_of(cell.row, cell.column - 1) if cell.column > 1 else 0
            return left or self.styles.derive(base, bold=True)
        code = number_format(cell.value)
        if isinstance(cell.value, date) and not isinstance(cell.value, datetime):
            return self.styles.date_format_of(base, DATE_FORMAT)
        if code is not None and (isinstance(cell.value, datetime) or self.styles.xf(base).get("numFmtId", "0") == "0"):
            return self.styles.derive(base, code=code)
        return base

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Rows below the sheet's last row holding a value; the sheet made, with its header, if missing."""
        if self.book.find(sheet) is None:
            self.put_sheet(_new_sheet(sheet, header, rows), after=None)
            return
        self.refuse_protected([sheet])
        part = self._part(sheet)
        xml = self._sheet_xml(part)
        first = xml.last_row() + 1
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                base = xml.style_of(first + offset, column)
                code = number_format(value)
                style = self.styles.derive(base, code=code) if code is not None else base
                xml.set(first + offset, column, plain(value), style=style, epoch1904=self.book.epoch1904)
        self.package.put(part, xml.to_bytes())
        self._written[sheet] = set()

    def to_bytes(self) -> bytes:
        self.settle()
        return self.package.to_bytes()

    def save(self, filename: str) -> None:
        self.settle()
        self.package.save(filename)

    @property
    def changed(self) -> bool:
        return bool(self._written)

    def settle(self) -> None:
        """The workbook-level records brought in line with the changes (idempotent)."""
        if self._stale_formulas():
            self.book.recalculate_on_open()
        self.book.save()
        if self._styles is not None and self._styles.dirty:
            self.package.put(self._styles_part(), self._styles.to_bytes())
            self._styles.dirty = False

    def _stale_formulas(self) -> bool:
        """Whether a formula outside our writes may read a cell we wrote: one that names a sheet of
        ours, or on (or naming) a sheet whose cells we set, one that mentions a written column."""
        whole = tuple(name for name, columns in self._written.items() if not columns)
        cells = {name: columns for name, columns in self._written.items() if columns}
        if whole and self.book.formulas_mention(whole):
            return True
        for entry in self.book.sheets():
            if entry.name in whole or entry.part not in self.package:
                continue
            for found in _FORMULA.finditer(as_utf8(self.package.read(entry.part))):
                text = html.unescape(found[1].decode("utf-8", "replace"))
                if any(name in text for name in whole):
                    return True
                if any(_mentions(text, columns, here=entry.name == name, name=name) for name, columns in cells.items()):
                    return True
        return False


def _mentions(formula: str, columns: set[int], *, here: bool, name: str) -> bool:
    if not here and name not in formula:
        return False
    letters = "|".join(column_letter(c - 1) for c in columns)
    return re.search(rf"(?<![A-Za-z_\d.])\$?(?:{letters})(?:\$?\d|:)", formula) is not None


def _new_sheet(name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> SheetLayout:
    layout = SheetLayout(name)
    for column, title in enumerate(header, start=1):
        layout.add(1, column, title, "header")
    for row, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            layout.add(row, column, value)
    layout.widths = {c: min(68, w) for c, w in layout.widths.items()}
    layout.freeze = (2, 1)
    return layout
