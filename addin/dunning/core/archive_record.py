"""函件归档's record: one row per letter made, its columns declared once. The header, a row's cells and where a
reader finds each column all derive from `ArchiveRow`'s fields.

Archives written before 函件编号 and 倒签原因 have 13 columns, before 寄送方式, 快递单号, 签收日期 and 退回日期 15. A
reader finds each column by its header name and, where the header lacks it, at the position it is written to
(the columns were only ever added at the end) when that heading is blank, so an old archive reads alike: its
missing columns read as blank. A column of the person's own (another heading) where one goes is not read as it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _blank_if_none(value: object) -> object:
    return value or None


def _column(header: str, *, cell: Callable[[Any], object] | None = None, **default: Any) -> Any:
    return field(metadata={"header": header, "cell": cell}, **default)


@dataclass(frozen=True)
class ArchiveRow:
    made_at: datetime = _column("生成时间")
    as_of: date = _column("基准日")
    contract_no: str = _column("合同编号")
    customer: str = _column("客户姓名")
    stage_label: str = _column("阶段")
    level_code: str = _column("级别代码")
    letter_no: int | None = _column("第几次")
    outstanding: Decimal = _column("欠款金额")
    late_fee: Decimal = _column("违约金")
    file: str = _column("文件")
    sha256: str = _column("SHA-256")
    operator: str = _column("操作人")
    keys: tuple[str, ...] = _column("幂等键", cell=";".join)
    reference: str = _column(
        "函件编号", default=""
    )  # a lawyer's letter's number, a dunning letter's <合同编号>-<第几次>
    backdate: str = _column("倒签原因", cell=_blank_if_none, default="")  # the run's --backdate reason
    # How the letter went out and what became of it: written blank by a run, filled in by staff.
    sent_by: str = _column("寄送方式", cell=_blank_if_none, default="")  # 快递, 挂号信, 当面递交, …
    tracking: str = _column("快递单号", cell=_blank_if_none, default="")
    received: date | None = _column("签收日期", default=None)
    returned: date | None = _column("退回日期", default=None)  # returned undelivered: the address is unreachable

    def cells(self) -> tuple[object, ...]:
        """The row as written, in the header's order."""
        return tuple((f.metadata["cell"] or _itself)(getattr(self, f.name)) for f in fields(self))


def _itself(value: object) -> object:
    return value


ARCHIVE_HEADER = tuple(f.metadata["header"] for f in fields(ArchiveRow))
WRITTEN_AT = {f.name: index for index, f in enumerate(fields(ArchiveRow))}  # field → 0-based column as written


def archive_columns(header: Sequence[object] | None) -> dict[str, int]:
    """Each field's 0-based column in an archive as read (its header row): by header name, else where written."""
    names = [str(cell).strip() if cell is not None else "" for cell in header or ()]
    return {f.name: _found(names, f.metadata["header"], WRITTEN_AT[f.name]) for f in fields(ArchiveRow)}


NOWHERE = 16384  # Excel's last column is 16384 (1-based): a column no row reaches reads blank


def _found(names: list[str], header: str, written: int) -> int:
    if header in names:
        return names.index(header)
    return written if written >= len(names) or not names[written] else NOWHERE


def cell_of(row: Sequence[object], column: int) -> object:
    return row[column] if column < len(row) else None


def day_of(value: object) -> date | None:
    """An archive cell holding a date (a datetime as read): its day; anything else None."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
