"""One workbook interface, two implementations: a file through openpyxl (the command line, tests)
and a live book through xlwings (the ribbon button). The jobs in `dunning.jobs` use only this."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from dunning.sheets.layout import Cell, SheetLayout
from dunning.sheets.reader import Values


class WorkbookPort(Protocol):
    @property
    def path(self) -> Path:
        """The workbook's file: its folder holds the letters and a `函件模板` folder."""
        ...

    def read(self) -> Values:
        """Every sheet's values, rows from A1, as Excel last computed them."""
        ...

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        """Replace (or add) a sheet of the tool's with the layout."""
        ...

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Set single cells of an existing sheet (tracking columns)."""
        ...

    def check_write(self, sheet: str, cells: Sequence[Cell]) -> None:
        """Raise, naming the cell, if `write` of these cells would be refused; change nothing."""
        ...

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Add rows below the last used row, creating the sheet with its header when missing."""
        ...

    def save(self) -> None: ...
