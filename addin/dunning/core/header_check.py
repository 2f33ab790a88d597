"""What `dunning check` says about a team's sheet before anything is computed from it: each of her
columns and the field it is read as (or why it is left alone), and each field the product knows:
found in which column, missing, or a near-miss header offered as its column.

Pure: sheets come in as rows of values (as the reader gives them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dunning.core.fields import BY_KEY, DATA_SHEET, FIELDS, NAME_TO_KEY, Role, header_key
from dunning.core.table import HEADER_SCAN_ROWS, column_letter, header_row, match_header, near_miss


@dataclass(frozen=True)
class ColumnSeen:
    column: str  # the column letter, as `E`
    header: str  # her heading, as typed
    field: str  # the field's Chinese name it is read as; "" when left alone
    key: str  # the field's key (JSON); ""
    note: str  # why it is left alone, or what reading it means


@dataclass(frozen=True)
class FieldSeen:
    key: str
    name: str
    role: str  # 必填 / 可选 / 跟踪
    column: str  # its column letter, "" when missing
    header: str  # her heading for it
    suggestion: str  # for a missing field: a header cell that looks like it, as `E列「应收日期2」`

    @property
    def found(self) -> bool:
        return bool(self.column)


@dataclass(frozen=True)
class HeaderReport:
    sheet: str
    row: int | None  # the header row (1-based), None when no row looks like one
    columns: tuple[ColumnSeen, ...]
    fields: tuple[FieldSeen, ...]
    problems: tuple[str, ...]  # what stops the board: missing required fields, a field in two columns

    @property
    def ok(self) -> bool:
        return not self.problems

    def json(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "header_row": self.row,
            "ok": self.ok,
            "problems": list(self.problems),
            "columns": [vars(c) for c in self.columns],
            "fields": [{**vars(f), "found": f.found} for f in self.fields],
        }


_TRACKING_NOTE = "由本工具维护（缺少时自动添加在表格右侧）"


def check_header(sheets: Mapping[str, Sequence[Sequence[object]]], *, ours: frozenset[str]) -> HeaderReport:
    """The report for the team's sheet, the one the board reads: 合同执行情况 when present, else the first
    sheet with a complete header; without one, the sheet whose header row names most fields."""
    names = [DATA_SHEET] if DATA_SHEET in sheets else [n for n in sheets if n not in ours]
    if not names:
        return HeaderReport("", None, (), _fields({}, []), ("工作簿中没有合同执行情况表",))
    found = {name: header_row(sheets[name]) for name in names}
    sheet = next((n for n in names if found[n][2]), None) or max(names, key=lambda n: (found[n][1], -names.index(n)))
    index, count, _ = found[sheet]
    if count == 0:
        need = "、".join(BY_KEY[k].name for k in BY_KEY if BY_KEY[k].role is Role.REQUIRED)
        return HeaderReport(
            sheet, None, (), _fields({}, []), (f"{sheet}: 前{HEADER_SCAN_ROWS}行中没有可识别的表头（需要 {need}）",)
        )
    cells = list(sheets[sheet][index])
    columns, duplicates, _ = match_header(cells)
    fields = _fields(columns, cells)
    missing = [f"缺少必填列 {f.name}" + (f"（{f.suggestion}是否就是它？）" if f.suggestion else "")
               for f in fields if f.role == Role.REQUIRED.value and not f.found]  # fmt: skip
    return HeaderReport(sheet, index + 1, _columns(cells, columns), fields, (*missing, *duplicates))


def _columns(cells: Sequence[object], columns: Mapping[str, tuple[int, str]]) -> tuple[ColumnSeen, ...]:
    at = {index: key for key, (index, _) in columns.items()}
    seen = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = at.get(index)
        if key is not None:
            field = BY_KEY[key]
            note = (
                _TRACKING_NOTE
                if field.role is Role.TRACKING
                else "仅用于核对，不代替 应收金额−已收金额"
                if key == "stated_outstanding"
                else ""
            )
            seen.append(ColumnSeen(column_letter(index), cell.strip(), field.name, key, note))
            continue
        other = NAME_TO_KEY.get(header_key(cell))
        if other is not None:
            first = column_letter(columns[other][0])
            note = f"与{first}列同为{BY_KEY[other].name}：读{first}列，本列不读"
        else:
            note = "未使用（不是本工具认识的列名）"
        seen.append(ColumnSeen(column_letter(index), cell.strip(), "", "", note))
    return tuple(seen)


def _fields(columns: Mapping[str, tuple[int, str]], cells: Sequence[object]) -> tuple[FieldSeen, ...]:
    out = []
    for field in FIELDS:
        place = columns.get(field.key)
        if place is not None:
            out.append(FieldSeen(field.key, field.name, field.role.value, column_letter(place[0]), place[1], ""))
        else:
            guess = near_miss(field.key, cells) if cells else ""
            out.append(FieldSeen(field.key, field.name, field.role.value, "", "", guess))
    return tuple(out)
