"""The workbook side of the letters job: the `函件归档` archive and the tracking columns.

Both are written in the same save of the workbook, after every letter file of the run exists, so a
crash leaves either no trace of the run in the workbook (the rerun makes the same letters again)
or the whole run recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dunning.core.engine import Decision
from dunning.core.fields import BY_KEY, TRACKING_KEYS
from dunning.core.table import Header, match_header
from dunning.sheets.cells import BOLD, HEADER_FILL, HEADER_FONT, YUAN_FORMAT, put
from dunning.sheets.reader import ARCHIVE_SHEET

ARCHIVE_HEADER = ("生成时间", "基准日", "合同编号", "客户姓名", "阶段", "级别代码", "第几次", "欠款金额", "违约金",
                  "文件", "SHA-256", "操作人", "幂等键")  # fmt: skip
KEY_COLUMN = ARCHIVE_HEADER.index("幂等键")
FILE_COLUMN = ARCHIVE_HEADER.index("文件")
HASH_COLUMN = ARCHIVE_HEADER.index("SHA-256")


@dataclass(frozen=True)
class ArchiveRow:
    made_at: datetime
    as_of: date
    contract_no: str
    customer: str
    stage_label: str
    level_code: str
    letter_no: int | None
    outstanding: Decimal
    late_fee: Decimal
    file: str
    sha256: str
    operator: str
    keys: tuple[str, ...]

    def cells(self) -> tuple[object, ...]:
        return (self.made_at, self.as_of, self.contract_no, self.customer, self.stage_label, self.level_code,
                self.letter_no, self.outstanding, self.late_fee, self.file, self.sha256, self.operator,
                ";".join(self.keys))  # fmt: skip


def archived_keys(rows: list[list[object]] | None) -> set[str]:
    """Every key already in the archive (its rows as read, header first)."""
    keys: set[str] = set()
    for row in (rows or [])[1:]:
        value = row[KEY_COLUMN] if KEY_COLUMN < len(row) else None
        if isinstance(value, str) and value:
            keys.update(value.split(";"))
    return keys


def archive_sheet(wb: Workbook) -> Worksheet:
    if ARCHIVE_SHEET in wb.sheetnames:
        return wb[ARCHIVE_SHEET]
    ws = wb.create_sheet(ARCHIVE_SHEET)
    for column, name in enumerate(ARCHIVE_HEADER, start=1):
        cell = put(ws, 1, column, name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT  # type: ignore[attr-defined]
    for column, width in zip("ABCDEFGHIJKLM", (20, 12, 18, 14, 12, 14, 8, 16, 14, 60, 66, 10, 40), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    return ws


def append_archive(wb: Workbook, rows: list[ArchiveRow]) -> None:
    ws = archive_sheet(wb)
    next_row = ws.max_row + 1
    for offset, row in enumerate(rows):
        for column, value in enumerate(row.cells(), start=1):
            cell = put(ws, next_row + offset, column, value)
            if isinstance(value, Decimal):
                cell.number_format = YUAN_FORMAT  # type: ignore[attr-defined]
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"  # type: ignore[attr-defined]


def tracking_columns(ws: Worksheet, header: Header) -> dict[str, int]:
    """Column numbers (1-based) of the tracking fields, appending any that are missing at the right."""
    row = header.index + 1
    cells = [c.value for c in ws[row]]
    columns, _, _ = match_header(cells)
    last = max((i for i, v in enumerate(cells) if v not in (None, "")), default=-1) + 1
    found: dict[str, int] = {}
    for key in TRACKING_KEYS:
        if key in columns:
            found[key] = columns[key][0] + 1
            continue
        last += 1
        cell = put(ws, row, last, BY_KEY[key].name)
        cell.font = BOLD  # type: ignore[attr-defined]
        source = ws.cell(row=row, column=max(1, last - 1))
        if source.has_style:
            cell._style = source._style  # type: ignore[attr-defined]  # the header's own look
        found[key] = last
    return found


def move_tracking(ws: Worksheet, columns: dict[str, int], decision: Decision, *, kind: str, as_of: date) -> None:
    """Record one letter in its row: a dunning letter counts and dates; a lawyer's letter dates."""
    row = decision.sheet_row
    if kind == "lawyer":
        put(ws, row, columns["lawyer_letter_date"], as_of)
    elif kind == "letter":
        put(ws, row, columns["letters_sent"], decision.inst.letters_sent + 1)
        put(ws, row, columns["last_letter_date"], as_of)
