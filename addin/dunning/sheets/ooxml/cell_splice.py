"""Single cells set inside a worksheet's XML by splicing bytes: the `<c>` elements written, and the
`<row>` that holds them when it is new, are the only bytes that change (with the row's `spans` hint
and the sheet's `<dimension>` when a cell lands outside them). Values are written as Excel writes
them: numbers, booleans, dates as serial numbers, text as inline strings (the shared strings part
stays as it is)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from dunning.core.table import column_letter

_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_SHEET_DATA = re.compile(rb"<(?:(\w+):)?sheetData\b[^>]*?(/?)>")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(/?)>")
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(/?)>")
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*?/?>")
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*?\bref=")([^"]*)(")')
_REF = re.compile(r"([A-Z]+)(\d+)")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH_1900, EPOCH_1904 = datetime(1899, 12, 30), datetime(1904, 1, 1)


def attributes(tag: bytes) -> dict[str, str]:
    return {m[1].decode(): (m[2] if m[2] is not None else m[3]).decode() for m in _ATTR.finditer(tag)}


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class CellAt:
    column: int
    start: int
    end: int
    attrs: dict[str, str]
    body: bytes

    @property
    def has_formula(self) -> bool:
        return re.search(rb"<(?:\w+:)?f\b", self.body) is not None

    @property
    def has_value(self) -> bool:
        return re.search(rb"<(?:\w+:)?(?:v|is|f)\b", self.body) is not None


@dataclass
class RowAt:
    number: int
    start: int  # of the start tag
    tag_end: int
    end: int  # after `</row>` (or the empty tag)
    attrs: dict[str, str]
    empty_tag: bool
    cells: list[CellAt] = field(default_factory=list)


class SheetXml:
    """A worksheet part, its rows and cells located by position in the bytes."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        found = _SHEET_DATA.search(xml)
        if found is None:
            raise ValueError("worksheet without sheetData")
        self.prefix = (found[1] + b":") if found[1] else b""
        self.data_start, self.data_empty = found.end(), bool(found[2])
        self.data_end = found.end() if self.data_empty else xml.index(b"</" + self.prefix + b"sheetData>", found.end())
        self.rows = self._rows()
        self._by_number = {row.number: row for row in self.rows}
        self._edits: dict[tuple[int, int], bytes] = {}
        self._styles: dict[tuple[int, int], int] = {}  # of the cells set
        self.col_styles = self._col_styles()

    def _rows(self) -> list[RowAt]:
        rows: list[RowAt] = []
        pos, number = self.data_start, 0
        while (found := _ROW.search(self.xml, pos, self.data_end)) is not None:
            attrs = attributes(found[0])
            number = int(attrs.get("r", number + 1))
            empty = bool(found[1])
            end = (
                found.end()
                if empty
                else self.xml.index(b"</" + self.prefix + b"row>", found.end()) + len(self.prefix) + 6
            )
            row = RowAt(number, found.start(), found.end(), end, attrs, empty)
            if not empty:
                row.cells = self._cells(found.end(), end)
            rows.append(row)
            pos = end
        return rows

    def _cells(self, start: int, stop: int) -> list[CellAt]:
        cells, pos, column = [], start, 0
        while (found := _CELL.search(self.xml, pos, stop)) is not None:
            attrs = attributes(found[0])
            ref = _REF.fullmatch(attrs.get("r", ""))
            column = column_number(ref[1]) if ref else column + 1
            if found[1]:
                end, body = found.end(), b""
            else:
                close = self.xml.index(b"</" + self.prefix + b"c>", found.end())
                end, body = close + len(self.prefix) + 4, self.xml[found.end() : close]
            cells.append(CellAt(column, found.start(), end, attrs, body))
            pos = end
        return cells

    def _col_styles(self) -> dict[int, int]:
        styles: dict[int, int] = {}
        for found in _COL.finditer(self.xml, 0, self.data_start):
            attrs = attributes(found[0])
            if "style" in attrs:
                for column in range(int(attrs.get("min", "1")), min(int(attrs.get("max", "1")), 16384) + 1):
                    styles[column] = int(attrs["style"])
        return styles

    def row(self, number: int) -> RowAt | None:
        return self._by_number.get(number)

    def cell(self, row: int, column: int) -> CellAt | None:
        found = self.row(row)
        return None if found is None else next((c for c in found.cells if c.column == column), None)

    def style_of(self, row: int, column: int) -> int:
        """The cell format a cell shows: its own, else its row's (when customised), else its column's."""
        if (row, column) in self._styles:
            return self._styles[(row, column)]
        cell = self.cell(row, column)
        if cell is not None:
            return int(cell.attrs.get("s", "0"))
        found = self.row(row)
        if found is not None and found.attrs.get("customFormat") in ("1", "true") and "s" in found.attrs:
            return int(found.attrs["s"])
        return self.col_styles.get(column, 0)

    def last_row(self) -> int:
        """The last row holding a value (0 for none)."""
        return max((r.number for r in self.rows if any(c.has_value for c in r.cells)), default=0)

    def set(self, row: int, column: int, value: object, *, style: int, epoch1904: bool = False) -> None:
        self._styles[(row, column)] = style
        self._edits[(row, column)] = cell_xml(
            f"{column_letter(column - 1)}{row}", value, style=style, prefix=self.prefix, epoch1904=epoch1904
        )

    def to_bytes(self) -> bytes:
        """The part with every cell set: replaced in place, inserted in column order, new rows in row order."""
        splices: list[tuple[int, int, bytes]] = []
        by_row: dict[int, dict[int, bytes]] = {}
        for (row, column), xml in self._edits.items():
            by_row.setdefault(row, {})[column] = xml
        new_rows: dict[int, bytes] = {}
        for number, cells in by_row.items():
            found = self.row(number)
            if found is None:
                new_rows[number] = self._tag(b"row", f' r="{number}"'.encode()) + b"".join(
                    cells[c] for c in sorted(cells)
                )
                new_rows[number] += b"</" + self.prefix + b"row>"
            else:
                splices += self._row_splices(found, cells)
        splices += self._new_row_splices(new_rows)
        splices += self._dimension_splice()
        pieces, at = [], 0
        for start, end, text in sorted(splices, key=lambda s: (s[0], s[1])):  # an insertion before a replacement
            pieces += [self.xml[at:start], text]
            at = end
        return b"".join([*pieces, self.xml[at:]])

    def _tag(self, name: bytes, attrs: bytes) -> bytes:
        return b"<" + self.prefix + name + attrs + b">"

    def _row_splices(self, row: RowAt, cells: dict[int, bytes]) -> list[tuple[int, int, bytes]]:
        splices = []
        existing = {c.column: c for c in row.cells}
        inserts: dict[int, list[bytes]] = {}
        after_last = row.cells[-1].end if row.cells else row.tag_end
        for column in sorted(cells):
            if column in existing:
                splices.append((existing[column].start, existing[column].end, cells[column]))
                continue
            before = next((c for c in row.cells if c.column > column), None)
            inserts.setdefault(before.start if before else after_last, []).append(cells[column])
        for at, texts in inserts.items():
            splices.append((at, at, b"".join(texts)))
        start_tag = self.xml[row.start : row.tag_end]
        new_tag = _widen_spans(start_tag, min(cells), max(cells))
        if row.empty_tag:
            new_tag = new_tag[:-2].rstrip() + b">"
            splices = [
                (row.tag_end, row.tag_end, b"".join(cells[c] for c in sorted(cells)) + b"</" + self.prefix + b"row>")
            ]
        if new_tag != start_tag:
            splices.append((row.start, row.tag_end, new_tag))
        return splices

    def _new_row_splices(self, new_rows: dict[int, bytes]) -> list[tuple[int, int, bytes]]:
        if not new_rows:
            return []
        if self.data_empty:
            found = _SHEET_DATA.search(self.xml)
            assert found is not None
            opened = found[0][:-2].rstrip() + b">"
            body = b"".join(new_rows[n] for n in sorted(new_rows))
            return [(found.start(), found.end(), opened + body + b"</" + self.prefix + b"sheetData>")]
        inserts: dict[int, list[bytes]] = {}
        for number in sorted(new_rows):
            before = next((r for r in self.rows if r.number > number), None)
            inserts.setdefault(before.start if before else self.data_end, []).append(new_rows[number])
        return [(at, at, b"".join(texts)) for at, texts in inserts.items()]

    def _dimension_splice(self) -> list[tuple[int, int, bytes]]:
        found = _DIMENSION.search(self.xml, 0, self.data_start)
        if found is None or not self._edits:
            return []
        refs = [_REF.fullmatch(part) for part in found[2].decode().replace("$", "").split(":")]
        if not all(refs):
            return []
        corners = [(int(m[2]), column_number(m[1])) for m in refs if m]
        rows = [r for r, _ in corners] + [r for r, _ in self._edits]
        columns = [c for _, c in corners] + [c for _, c in self._edits]
        top, left, bottom, right = min(rows), min(columns), max(rows), max(columns)
        ref = f"{column_letter(left - 1)}{top}:{column_letter(right - 1)}{bottom}"
        if ref.split(":") == [found[2].decode()] * 2 or ref == found[2].decode():
            return []
        return [(found.start(2), found.end(2), ref.encode())]


def _widen_spans(tag: bytes, first: int, last: int) -> bytes:
    found = re.search(rb'\bspans="(\d+):(\d+)"', tag)
    if found is None:
        return tag
    low, high = min(int(found[1]), first), max(int(found[2]), last)
    return tag[: found.start()] + f'spans="{low}:{high}"'.encode() + tag[found.end() :]


def serial(value: date, *, epoch1904: bool) -> float:
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    delta = moment.replace(tzinfo=None) - (EPOCH_1904 if epoch1904 else EPOCH_1900)
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def cell_xml(ref: str, value: object, *, style: int, prefix: bytes = b"", epoch1904: bool = False) -> bytes:
    """One `<c>` element holding the value as Excel stores it."""
    p = prefix.decode()
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<{p}c r="{ref}"{s}/>'.encode()
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'.encode()
    if isinstance(value, date):
        number = serial(value, epoch1904=epoch1904)
        shown = str(int(number)) if number == int(number) else repr(number)
        return f'<{p}c r="{ref}"{s}><{p}v>{shown}</{p}v></{p}c>'.encode()
    if isinstance(value, (int, float, Decimal)):
        return f'<{p}c r="{ref}"{s}><{p}v>{value}</{p}v></{p}c>'.encode()
    text = _ILLEGAL.sub(" ", str(value))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{escape(text)}</{p}t></{p}is></{p}c>'.encode()
