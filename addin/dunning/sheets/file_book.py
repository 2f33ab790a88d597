"""The workbook interface on a file: values read fast (python-calamine); changes made in the file's
package (`dunning.sheets.ooxml`: our sheets rendered by openpyxl and moved in, the tracking cells set
in place, every other part copied byte for byte) and saved atomically with a backup
(`dunning.sheets.save`). (Named for what it works on, the file; it was `OpenpyxlBook` when openpyxl rewrote the whole file.)

The book is the file itself: its path is the real path (links and `..` resolved), so the run lock, the
letters' folder, the archive's file names and the backups are the same whichever name it was opened by."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from dunning.atomic import real_path
from dunning.core.errors import FileRefused, PackageDamaged, SaveRefused, WorkbookRefused
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.fidelity import refusals
from dunning.sheets.layout import Cell, SheetLayout
from dunning.sheets.ooxml import OoxmlBook
from dunning.sheets.package_scan import check_regular
from dunning.sheets.reader import Values, read_values
from dunning.sheets.save import check_not_open, check_writable, save_atomic

WRITABLE = (".xlsx", ".xlsm")


class FileBook:
    def __init__(self, path: Path, *, for_writing: bool = True, force: bool = False) -> None:
        check_regular(path)  # before any open: a FIFO would block it
        if for_writing:
            if path.suffix.lower() not in WRITABLE:
                raise FileRefused(P.NOT_XLSX, file=path.name)
            check_not_open(path)
            check_writable(path)
            found = refusals(path)
            stop = tuple(r.what for r in found if not r.forceable)
            if stop:
                raise SaveRefused(P.UNSAFE_SAVE, file=path.name, items=stop)
            lost = () if force else tuple(r.what for r in found if r.forceable)
            if lost:
                raise SaveRefused(P.SAVE_LOSES, file=path.name, items=lost)
        self._path = real_path(path)
        self._book: OoxmlBook | None = None

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> Values:
        return read_values(self._path)

    def _patch(self) -> OoxmlBook:
        if self._book is None:
            with self._damage():
                self._book = OoxmlBook(self._path)
        return self._book

    @contextmanager
    def _damage(self) -> Iterator[None]:
        """A part whose XML cannot be read: one message, nothing written. A refusal met inside the package
        (a cell, a part) is named with the file."""
        try:
            yield
        except WorkbookRefused as exc:
            if exc.file:
                raise
            raise exc.in_file(self._path.name) from exc
        except (etree.LxmlError, ValueError, KeyError) as exc:
            raise PackageDamaged(P.XML_UNPROCESSABLE, file=self._path.name, detail=str(exc)) from exc

    def _change(self, change: Callable[[OoxmlBook], None]) -> None:
        book = self._patch()
        with self._damage():
            change(book)

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        self._change(lambda book: book.put_sheet(layout, after=after))

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        self._change(lambda book: book.write(sheet, cells))

    def check_write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """The same writes on a scratch copy of the package in memory: a refusal (a formula or a
        locked cell of a protected sheet in a tracking column; 函件归档 or 催款看板 protected, which the
        button refuses too) is raised before any letter is made."""
        with self._damage():
            book = OoxmlBook(self._path)
            book.refuse_protected([ARCHIVE_SHEET, BOARD_SHEET])
            book.write(sheet, cells)

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self._change(lambda book: book.append(sheet, header, rows))

    def save(self) -> None:
        if self._book is not None and self._book.changed:
            with self._damage():
                self._book.settle()
            save_atomic(self._book, self._path)
