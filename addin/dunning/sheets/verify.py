"""`dunning verify-archive`: every archived letter file re-hashed against its 函件归档 row."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dunning.atomic import sha256
from dunning.core.archive_record import archive_columns, cell_of
from dunning.core.errors import SheetMissing
from dunning.core.fields import ARCHIVE_SHEET
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.reader import read_values


@dataclass
class Report:
    checked: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)
    altered: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered

    def lines(self) -> list[str]:
        lines = [f"函件归档：核对 {self.checked} 个文件，缺失 {len(self.missing)}，被改动 {len(self.altered)}"]
        lines += [f"  缺失  第{row}行 {name}" for row, name in self.missing]
        lines += [f"  被改动 第{row}行 {name}" for row, name in self.altered]
        return lines


def verify(workbook: Path) -> Report:
    values = read_values(workbook, sheets=(ARCHIVE_SHEET,))
    rows = values.sheets.get(ARCHIVE_SHEET)
    if rows is None:
        raise SheetMissing(P.NO_SHEET, file=workbook.name, sheet=ARCHIVE_SHEET)
    report = Report()
    at = archive_columns(rows[0] if rows else ())
    for number, row in enumerate(rows[1:], start=2):
        name = cell_of(row, at["file"]) or ""
        if not isinstance(name, str) or not name:
            continue
        report.checked += 1
        path = Path(name) if Path(name).is_absolute() else _beside(workbook, name)
        if not path.is_file():
            report.missing.append((number, name))
        elif sha256(path) != cell_of(row, at["sha256"]):
            report.altered.append((number, name))
    return report


def _beside(workbook: Path, name: str) -> Path:
    """A file recorded relative to the workbook's folder: the real file's folder when the workbook was
    opened through a symbolic link (where the letters go), else the folder as given."""
    given = workbook.parent / name
    if workbook.is_symlink() and not given.is_file():
        return Path(os.path.realpath(workbook)).parent / name
    return given
