"""A1 addresses: column letters, cell and area references as Excel writes them (`$A$1:$B$2`).

Excel's grid is 1,048,576 rows by 16,384 columns (XFD); a whole-column reference `A:A` or whole-row
reference `1:1` is an area that reaches the grid's edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_COLUMNS = re.compile(r"^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$")
_ROWS = re.compile(r"^\$?(\d{1,7}):\$?(\d{1,7})$")


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@dataclass(frozen=True, order=True)
class Area:
    """A rectangle of cells, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    @classmethod
    def cell(cls, row: int, column: int) -> Area:
        return cls(row, column, row, column)

    @property
    def rows(self) -> int:
        return self.bottom - self.top + 1

    @property
    def columns(self) -> int:
        return self.right - self.left + 1

    @property
    def size(self) -> int:
        return self.rows * self.columns

    def contains(self, row: int, column: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= column <= self.right

    def overlaps(self, other: Area) -> bool:
        return not (other.bottom < self.top or other.top > self.bottom or other.right < self.left
                    or other.left > self.right)  # fmt: skip

    def covers(self, other: Area) -> bool:
        return (
            self.top <= other.top
            and self.left <= other.left
            and self.bottom >= other.bottom
            and (self.right >= other.right)
        )

    def union(self, other: Area) -> Area:
        return Area(min(self.top, other.top), min(self.left, other.left), max(self.bottom, other.bottom),
                    max(self.right, other.right))  # fmt: skip

    def intersection(self, other: Area) -> Area | None:
        if not self.overlaps(other):
            return None
        return Area(max(self.top, other.top), max(self.left, other.left), min(self.bottom, other.bottom),
                    min(self.right, other.right))  # fmt: skip

    def address(self, *, row_absolute: bool = True, column_absolute: bool = True) -> str:
        """`$A$1` for one cell, `$A$1:$C$4` for more, `$A:$C` / `$1:$4` for whole columns / rows."""
        col = "$" if column_absolute else ""
        row = "$" if row_absolute else ""
        if self.top == 1 and self.bottom == MAX_ROW:
            return f"{col}{column_letter(self.left)}:{col}{column_letter(self.right)}"
        if self.left == 1 and self.right == MAX_COLUMN:
            return f"{row}{self.top}:{row}{self.bottom}"
        first = f"{col}{column_letter(self.left)}{row}{self.top}"
        if self.rows == 1 and self.columns == 1:
            return first
        return f"{first}:{col}{column_letter(self.right)}{row}{self.bottom}"

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.top, self.bottom + 1) for c in range(self.left, self.right + 1)]


def parse_cell(text: str) -> tuple[int, int] | None:
    """`B3` / `$B$3` → (3, 2); anything else → None."""
    match = _CELL.match(text.strip())
    if not match:
        return None
    row, column = int(match.group(2)), column_number(match.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
        return None
    return row, column


def parse_area(text: str) -> Area | None:
    """One area in A1 style without a sheet: `A1`, `A1:C4`, `$A$1:$C$4`, `A:C`, `3:5`."""
    text = text.strip()
    if (match := _COLUMNS.match(text)) is not None:
        first, last = sorted((column_number(match.group(1)), column_number(match.group(2))))
        return Area(1, first, MAX_ROW, last)
    if (match := _ROWS.match(text)) is not None:
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        return Area(first, 1, last, MAX_COLUMN)
    parts = text.split(":")
    if len(parts) == 1:
        cell = parse_cell(parts[0])
        return Area.cell(*cell) if cell else None
    if len(parts) != 2:
        return None
    start, end = parse_cell(parts[0]), parse_cell(parts[1])
    if start is None or end is None:
        return None
    return Area(min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


def split_sheet(reference: str) -> tuple[str | None, str]:
    """`'合同 执行'!A1` → ("合同 执行", "A1"); `Sheet1!A1` → ("Sheet1", "A1"); `A1` → (None, "A1")."""
    if "!" not in reference:
        return None, reference
    sheet, _, rest = reference.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, rest


def quote_sheet(name: str) -> str:
    """A sheet name as a reference needs it: quoted when it is not a plain word."""
    if re.fullmatch(r"[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*", name) and not parse_cell(name):
        return name
    return "'" + name.replace("'", "''") + "'"
