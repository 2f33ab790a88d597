"""Finding the table in a sheet: the header row by its names, then the data rows below it.

Title rows and a note row above the header are normal; columns come in any order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dunning.core.errors import HeaderRefused
from dunning.core.fields import BY_KEY, NAME_TO_KEY, REQUIRED_KEYS, TRACKING_KEYS, header_key
from dunning.core.parse import TOTAL_FIRST, ColumnMap, is_empty_in, is_totals_row
from dunning.core.problems import WorkbookProblem as P

HEADER_SCAN_ROWS = 30
NEAR_MISS = 0.6  # difflib ratio from which a header is offered as the missing field's column


@dataclass(frozen=True, slots=True)
class Header:
    index: int  # 0-based position of the header row in the rows given
    columns: dict[str, tuple[int, str]]  # field key → (column index, header text)
    unknown: tuple[str, ...]  # header cells that are not ours (kept, ignored)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A second column read as one of these fields would change amounts, dates or the stage: refused. For
# the others (a second 电话 beside 联系电话) the first column is read and the second is left alone.
_ONE_COLUMN_ONLY = frozenset({*REQUIRED_KEYS, "amount_paid", "late_fee_rate", "hold_until", *TRACKING_KEYS,
                              "lawyer_received_date", "suit_date"})  # fmt: skip


def match_header(cells: Sequence[object]) -> tuple[dict[str, tuple[int, str]], list[str], list[str]]:
    """Map header cells to fields. Returns (columns, duplicate messages, cells not read)."""
    columns: dict[str, tuple[int, str]] = {}
    duplicates: list[str] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = NAME_TO_KEY.get(header_key(cell))
        if key is None:
            unknown.append(cell.strip())
        elif key in columns:
            first = columns[key]
            if key in _ONE_COLUMN_ONLY:
                duplicates.append(
                    f"{column_letter(first[0])}列「{first[1]}」和{column_letter(index)}列「{cell.strip()}」"
                    f"都是{BY_KEY[key].name}"
                )
            else:
                unknown.append(cell.strip())
        else:
            columns[key] = (index, cell.strip())
    return columns, duplicates, unknown


def header_row(rows: Sequence[Sequence[object]]) -> tuple[int, int, bool]:
    """(row index, fields it names, complete) of the header among the top rows: the first row naming every
    required field; else the row naming most fields (the later one on a tie), not complete. The board reads
    the first, the refusal and `dunning check` name either."""
    best: tuple[int, int] = (0, -1)
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, _, _ = match_header(cells)
        if all(k in columns for k in REQUIRED_KEYS):
            return index, len(columns), True
        best = max(best, (len(columns), index))
    found, index = best
    return index, found, False


def find_header(rows: Sequence[Sequence[object]], *, sheet: str, first_row: int = 1) -> Header:
    """The first row among the top rows that names every required column."""
    index, found, complete = header_row(rows)
    if found == 0:
        raise HeaderRefused(P.NO_HEADER, sheet=sheet, limit=HEADER_SCAN_ROWS)
    columns, duplicates, unknown = match_header(rows[index])
    if complete:
        if duplicates:
            raise HeaderRefused(P.DUPLICATE_HEADER, sheet=sheet, row=first_row + index, items=tuple(duplicates))
        return Header(index, columns, tuple(unknown))
    missing = [k for k in REQUIRED_KEYS if k not in columns]
    raise HeaderRefused(
        P.MISSING_COLUMNS,
        sheet=sheet,
        row=first_row + index,
        value=tuple(missing),
        items=tuple(missing_text(k, rows[index]) for k in missing),
    )


def missing_text(key: str, cells: Sequence[object]) -> str:
    """`约定付款日期（可写作 应付日期、到期日…；E列「应收日期2」像是它，请改成其中一个）`."""
    field = BY_KEY[key]
    names = "、".join((field.name, *[a for a in field.aliases if a.isascii() is False][:5]))
    guess = near_miss(key, cells)
    hint = f"；{guess}是否就是它？是的话请把表头改成其中一个" if guess else ""
    return f"{field.name}（可写作 {names} 等{hint}）"


def near_miss(key: str, cells: Sequence[object]) -> str:
    """The header cell not read as any field that is closest to one of the field's names, as `E列「应收日期2」`."""
    field = BY_KEY[key]
    names = [header_key(n) for n in (field.name, *field.aliases) if not n.isascii()]
    best: tuple[float, str] = (0.0, "")
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip() or header_key(cell) in NAME_TO_KEY:
            continue
        text = header_key(cell)
        score = max(difflib.SequenceMatcher(None, text, name).ratio() for name in names)
        if score > best[0]:
            best = (score, f"{column_letter(index)}列「{cell.strip()}」")
    return best[1] if best[0] >= NEAR_MISS else ""


def data_rows(
    rows: Sequence[Sequence[object]], header: Header, *, first_row: int = 1
) -> Iterator[tuple[int, Sequence[object]]]:
    """(sheet row number, cells) for every data row: something in our columns, not a totals row."""
    columns: ColumnMap = header.columns
    contract = columns["contract_no"][0]
    for offset, cells in enumerate(rows[header.index + 1 :], start=header.index + 1 + first_row):
        value = cells[contract] if contract < len(cells) else None
        if isinstance(value, str) and value and value[0] not in TOTAL_FIRST:
            yield offset, cells  # the common case: a contract number
        elif not is_empty_in(cells, columns) and not is_totals_row(cells, columns):
            yield offset, cells
