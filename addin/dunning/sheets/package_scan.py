"""Bounded reads: what is checked of a workbook file before python-calamine reads it, so that no file,
however it was made, hangs the process, aborts it or takes gigabytes of memory.

* Only a regular file is read: a FIFO would block the open forever, /dev/zero never ends.
* The zip's directory is checked first (entries, sizes claimed); then every entry is inflated in
  chunks and its real size counted, so a zip lying about its sizes is refused when the real size
  passes the limit, whatever its directory says.
* Each sheet's extent is found from its own cells, not from its `<dimension>` tag: calamine holds a
  sheet as one dense rectangle from A1 to its last cell, so one cell at XFD290000 would ask for
  152 GB. A cell is counted where calamine puts it: at its `r` reference, or, written without one,
  in the column after the previous cell of its row; a row without `r` follows the previous row.
* An XML part in another encoding than UTF-8 (UTF-16, or declared GB2312 …), which calamine cannot
  read, is re-encoded as UTF-8 (`as_utf8`), and a sheet's extent found from the re-encoded XML.
"""

from __future__ import annotations

import copy
import errno
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from dunning.core.errors import FileRefused, PackageDamaged, PackageTooLarge, WorkbookError, WorkbookRefused
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.ooxml.package import as_utf8, needs_utf8, rels_part
from dunning.sheets.package_parts import Parts, find_parts

MAX_ENTRIES = 10_000
MAX_PART_BYTES = 400 * 1024 * 1024  # one sheet's XML: about a million cells of ours
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 300_000
# The dense rectangle costs about 40 bytes a cell by the time the reader has it as Python lists
# (measured: 300,000 rows × 100 columns = 30 M cells, 1.2 GB peak; × 160 columns, 1.9 GB). 30 M cells
# keep a read near 1.2 GB and let a sheet of MAX_ROWS rows have 100 columns.
MAX_CELLS = 30_000_000
CHUNK = 1 << 20
MAX_TAG = 1 << 20  # an unfinished tag carried from one chunk to the next: no real tag is this long
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and a password-protected .xlsx)

# A cell tag that is not `<c r="…">` with a column up to CV (100) and a row below 300,000 — written
# without `r`, with other attributes first, or beyond those bounds. A sheet without any (and without
# a namespace prefix on its cells) is within FAST_ROWS × FAST_COLUMNS, inside the limits, and needs no
# counting: one pass of a regex in C, not a Python step per cell.
FAST_ROWS, FAST_COLUMNS = 299_999, 100
_UNUSUAL_CELL = re.compile(rb'<c(?![^\s/>])(?! r="(?:[A-Z]|[AB][A-Z]|C[A-V])(?:[1-9][0-9]{0,4}|[12][0-9]{5})")')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # `<x:c …>`: calamine reads cells by their local name
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]*)([0-9]*)""")
_KINDS = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
}


def check_regular(path: Path) -> None:
    """Refuse, naming what it is, anything but a regular file (a link is followed), before any open."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileRefused(P.NOT_FOUND, file=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused(P.LINK_LOOP, file=path) from None
        raise FileRefused(P.PATH_UNOPENABLE, file=path, detail=str(exc.strerror)) from None
    except ValueError as exc:  # a NUL in the name
        raise FileRefused(P.BAD_NAME, file=path, detail=str(exc)) from None
    if stat.S_ISDIR(mode):
        raise FileRefused(P.IS_FOLDER, file=path)
    if not stat.S_ISREG(mode):
        raise FileRefused(P.SPECIAL_FILE, file=path, detail=_KINDS.get(stat.S_IFMT(mode), "特殊文件"))


@dataclass(frozen=True)
class Checked:
    """A package found within the limits: its parts, each sheet part's XML as the check inflated it
    (the reader looks into it again, and need not inflate it twice), in UTF-8, and every XML part that
    was in another encoding, re-encoded as UTF-8 (calamine reads those instead)."""

    parts: Parts
    xml: dict[str, bytes]
    reencoded: dict[str, bytes] = field(default_factory=dict)


def check_package(path: Path) -> Checked | None:
    """Check the package against the limits before calamine reads it; None when the file is no zip
    (an .xls, or something calamine will name)."""
    try:
        package = zipfile.ZipFile(path)
    except OSError as exc:
        raise FileRefused(P.UNOPENABLE, file=path.name, detail=str(exc.strerror or exc)) from None
    except (zipfile.BadZipFile, ValueError, EOFError):
        with path.open("rb") as stream:
            head = stream.read(8)
        if head.startswith(b"PK") and head != OLE2:
            raise PackageDamaged(P.ZIP_INCOMPLETE, file=path.name) from None
        return None
    try:
        with package:
            return _check(path, package)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise PackageDamaged(P.UNINFLATABLE, file=path.name, detail=str(exc)) from None


def _check(path: Path, package: zipfile.ZipFile) -> Checked:
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise PackageTooLarge(P.TOO_MANY_PARTS, file=path.name, size=len(entries), limit=MAX_ENTRIES)
    for entry in entries:  # what the directory claims: refused at once, nothing inflated
        _check_part_size(path, entry.filename, entry.file_size)
    _check_total(path, sum(entry.file_size for entry in entries))
    by_name = {entry.filename: entry for entry in entries}
    try:
        parts = find_parts(
            list(by_name), lambda name: _utf8(path, name, b"".join(_chunks(path, package, by_name[name])))
        )
    except WorkbookRefused as exc:
        raise exc.in_file(path.name) from None
    if parts.binary:
        raise FileRefused(P.XLSB, file=path.name)
    sheets, xml, reencoded = {part: name for name, part in parts.sheets.items()}, dict[str, bytes](), dict[str, bytes]()
    needed = {*sheets, parts.workbook, rels_part(parts.workbook), parts.strings}  # what the board is read from
    total = 0
    for entry in entries:
        chunks = _chunks(path, package, entry)
        if entry.filename.lower().endswith((".xml", ".rels")):
            chunks = _in_utf8(path, entry.filename, chunks, reencoded, needed=entry.filename in needed)
        sheet = sheets.get(entry.filename)
        if sheet:
            xml[entry.filename] = _scan(path, entry, chunks, sheet=sheet)
        total += len(xml[entry.filename]) if sheet else sum(len(chunk) for chunk in chunks)
        _check_total(path, total)
    return Checked(parts, xml, reencoded)


def _in_utf8(
    path: Path, part: str, chunks: Iterator[bytes], reencoded: dict[str, bytes], *, needed: bool
) -> Iterator[bytes]:
    """An XML part's chunks as they are when it is UTF-8; else the whole part re-encoded as UTF-8 (and
    recorded in `reencoded`), in chunks. A part the board is not read from (`needed` false: document
    properties, a file merely named .xml) that cannot be re-encoded is passed on as it is, not refused."""
    first = next(chunks, b"")
    if not needs_utf8(first):
        return chain((first,), chunks)
    data = first + b"".join(chunks)
    try:
        data = reencoded[part] = _utf8(path, part, data)
    except WorkbookError:
        if needed:
            raise
    return (data[at : at + CHUNK] for at in range(0, len(data), CHUNK))


def _utf8(path: Path, part: str, data: bytes) -> bytes:
    try:
        return as_utf8(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PackageDamaged(P.PART_ENCODING, file=path.name, part=part, detail=str(exc).splitlines()[0]) from None


def _chunks(path: Path, package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """The entry inflated a chunk at a time, refused once more than MAX_PART_BYTES came out: zipfile
    would stop at the size the directory claims, so it is told the limit instead (the CRC still
    checks the whole entry)."""
    unbounded = copy.copy(entry)
    unbounded.file_size = MAX_PART_BYTES + 1
    size = 0
    with package.open(unbounded) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            _check_part_size(path, entry.filename, size)
            yield chunk
    if size != entry.file_size:
        raise PackageDamaged(
            P.PART_SIZE_MISMATCH, file=path.name, part=entry.filename, size=size, claimed=entry.file_size
        )


def _scan(path: Path, entry: zipfile.ZipInfo, chunks: Iterator[bytes], *, sheet: str) -> bytes:
    """The sheet part's XML, its extent checked: quickly while every cell is an ordinary one, else from
    the start again (the chunks seen, then the rest) counting every row and cell."""
    if FAST_ROWS > MAX_ROWS or FAST_ROWS * FAST_COLUMNS > MAX_CELLS:  # limits lowered: count every cell
        return _count(path, entry, chunks, sheet=sheet)
    seen, tail = list[bytes](), b""
    for chunk in chunks:
        seen.append(chunk)
        text, tail = _split(path, entry, tail + chunk)
        if _UNUSUAL_CELL.search(text) or _PREFIXED.search(text):
            return _count(path, entry, chain(seen, chunks), sheet=sheet)
    if _UNUSUAL_CELL.search(tail) or _PREFIXED.search(tail):
        return _count(path, entry, iter(seen), sheet=sheet)
    return b"".join(seen)


def _split(path: Path, entry: zipfile.ZipInfo, data: bytes) -> tuple[bytes, bytes]:
    """The data up to an unfinished tag at its end, and that tag (carried to the next chunk)."""
    start = data.rfind(b"<")
    if start == -1 or data.find(b">", start) != -1:
        return data, b""
    if len(data) - start > MAX_TAG:
        raise PackageTooLarge(P.TAG_TOO_LONG, file=path.name, part=entry.filename, limit=MAX_TAG)
    return data[:start], data[start:]


def _count(path: Path, entry: zipfile.ZipInfo, chunks: Iterable[bytes], *, sheet: str) -> bytes:
    """Every row and cell tag walked, positions counted as calamine counts them; the extent checked."""
    seen, tail, walker = list[bytes](), b"", Walker()
    for chunk in chain(chunks, (b"",)):
        seen.append(chunk)
        text, tail = _split(path, entry, tail + chunk) if chunk else (tail, b"")
        for _ in walker.cells(text):
            pass
        _check_extent(path, sheet, walker.rows, walker.columns)
    return b"".join(seen)


class Walker:
    """The place of each cell of a sheet's XML, fed in order (whole or in chunks that end between
    tags): at its `r` reference, else in the column after the previous cell of its row; a row without
    `r` follows the previous row. Also the last row and column any cell occupies."""

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self._row = self._column = 0

    def cells(self, text: bytes) -> Iterator[tuple[int, int, int]]:
        """(offset of its tag in `text`, row, column), 1-based, of each cell tag in `text`."""
        for tag in _TAG.finditer(text):
            ref = _REF.search(tag[2])
            letters, digits = (ref[1], ref[2]) if ref else (b"", b"")
            if tag[1] == b"row":
                self._row, self._column = (_number(digits) if digits else self._row + 1), 0
                continue
            self._column = column_of(letters) if letters else self._column + 1
            row = _number(digits) if digits else self._row
            self.rows, self.columns = max(self.rows, row), max(self.columns, self._column)
            yield tag.start(), row, self._column


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 9 else 10**9


def column_of(letters: bytes) -> int:
    """A column's number (A = 1) from its letters, either case."""
    number = 0
    for letter in letters[:6].upper():
        number = number * 26 + letter - 64
    return number


def _check_extent(path: Path, sheet: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise PackageTooLarge(P.TOO_MANY_ROWS, file=path.name, sheet=sheet, row=rows, limit=MAX_ROWS)
    if rows * columns > MAX_CELLS:
        raise PackageTooLarge(
            P.TOO_MANY_CELLS,
            file=path.name,
            sheet=sheet,
            row=rows,
            column=columns,
            size=rows * columns,
            limit=MAX_CELLS,
        )


def _check_part_size(path: Path, part: str, size: int) -> None:
    if size > MAX_PART_BYTES:
        raise PackageTooLarge(P.PART_TOO_BIG, file=path.name, part=part, size=size, limit=MAX_PART_BYTES)


def _check_total(path: Path, total: int) -> None:
    if total > MAX_TOTAL_BYTES:
        raise PackageTooLarge(P.TOTAL_TOO_BIG, file=path.name, size=total, limit=MAX_TOTAL_BYTES)
