"""Every column an output shows for a board row, in one registry: its key (the JSON name of SPEC §7),
its heading on the board sheet, its short heading in the terminal, how to get its value from a
decision, and its format. The JSON records, the 催款看板 sheet, the terminal table and `DUNNING_BOARD`
each pick their columns from here by key, in their own order; none spells a heading or a getter of
its own.

Values come out typed (Decimal money, dates, ints, text, bools); each output formats them by `fmt`:
JSON writes money as two-place strings and dates as ISO text, the sheet and Excel as numbers and
dates in the product's formats, the terminal as ¥ text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import repeat
from operator import attrgetter

from dunning.core.collector import paused
from dunning.core.engine import Decision
from dunning.core.money import cents_text, yuan
from dunning.core.parse import Instalment


class Fmt(Enum):
    TEXT = "text"
    INT = "int"
    MONEY = "money"
    DATE = "date"
    BOOL = "bool"
    LIST = "list"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the board sheet's heading (and DUNNING_BOARD's)
    short: str  # the terminal table's heading
    attr: str  # the decision's attribute it shows (`inst.…`: the row's own)
    fmt: Fmt = Fmt.TEXT
    mark: str = ""  # what a sheet or the terminal shows for a true BOOL (false shows nothing)
    get: Callable[[Decision], object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "get", attrgetter(self.attr))

    def json(self, d: Decision) -> object:
        """The value as `dunning board --json` writes it."""
        return self.json_of(self.get(d))

    def json_of(self, value: object) -> object:
        """A value of this column as `dunning board --json` writes it."""
        if value is None:
            return None
        if self.fmt is Fmt.MONEY:
            assert isinstance(value, Decimal)
            return cents_text(value)
        if self.fmt is Fmt.DATE:
            assert isinstance(value, date)
            return value.isoformat()
        if self.fmt is Fmt.LIST:
            assert isinstance(value, tuple)
            return list(value)
        return value

    def cell(self, d: Decision) -> object:
        """The value as the board sheet and Excel hold it: money as Decimal, dates as dates."""
        value = self.get(d)
        if self.fmt is Fmt.BOOL:
            return self.mark if value else ""
        if self.fmt is Fmt.LIST:
            assert isinstance(value, tuple)
            return "；".join(value)
        return value

    def text(self, d: Decision) -> str:
        """The value as the terminal shows it: money as ¥1,234.50."""
        value = self.cell(d)
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return yuan(value)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


REGISTRY: tuple[Column, ...] = (
    Column("sheet_row", "原表行", "行", "inst.sheet_row", Fmt.INT),
    Column("contract_no", "合同编号", "合同编号", "inst.contract_no"),
    Column("customer", "客户姓名", "客户", "inst.customer"),
    Column("stage", "阶段代码", "阶段代码", "stage"),
    Column("stage_label", "催款阶段", "阶段", "stage_label"),
    Column("letter_no", "第几次", "次", "letter_no", Fmt.INT),
    Column("days_overdue", "逾期天数", "逾期", "days_overdue", Fmt.INT),
    Column("outstanding", "欠款金额", "欠款", "outstanding", Fmt.MONEY),
    Column("late_fee", "违约金", "违约金", "late_fee", Fmt.MONEY),
    Column("next_action", "下一步", "下一步", "next_action"),
    Column("owner", "责任人", "责任人", "owner"),
    Column("action_due", "截止日期", "截止", "action_due", Fmt.DATE),
    Column("late", "延误", "延误", "late", Fmt.BOOL, mark="已延误"),
    Column("why", "说明", "说明", "why"),
    Column("problems", "问题", "问题", "problems", Fmt.LIST),
    Column("consultant", "置业顾问", "置业顾问", "inst.consultant"),
    Column("unit", "房号", "房号", "inst.unit"),
    Column("payment_kind", "款项类型", "款项类型", "inst.payment_kind"),
    Column("due_date", "约定付款日期", "到期", "inst.due_date", Fmt.DATE),
    Column("letter_due", "今日发函", "发函", "letter_due", Fmt.BOOL, mark="是"),
)  # fmt: skip
BY_KEY: dict[str, Column] = {column.key: column for column in REGISTRY}

# each output's columns, in its order
JSON_KEYS = tuple(column.key for column in REGISTRY)  # SPEC §7's fields, then the extra ones
BOARD_SHEET_KEYS = ("sheet_row", "contract_no", "customer", "stage_label", "letter_no", "action_due", "late",
                    "next_action", "owner", "consultant", "unit", "payment_kind", "days_overdue", "outstanding",
                    "late_fee", "why", "problems")  # fmt: skip
# SPEC §7: DUNNING_BOARD's header
EXCEL_BOARD_KEYS = ("stage_label", "letter_no", "days_overdue", "outstanding", "late_fee", "next_action", "owner",
                    "action_due")  # fmt: skip


def pick(keys: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(BY_KEY[key] for key in keys)


def record(d: Decision) -> dict[str, object]:
    """One row of `dunning board --json` (SPEC §7)."""
    return {column.key: column.json(d) for column in REGISTRY}


_encode = json.JSONEncoder(ensure_ascii=False).encode  # the compact form, in C
# many values encoded in one call, as `_encode` writes each, split apart at the NUL between them: JSON
# text holds no raw NUL (a string's control characters are escaped). For values that are not lists.
_encode_apart = json.JSONEncoder(ensure_ascii=False, separators=("\x00", ": ")).encode
# each column's text before its value: `{"sheet_row": `, `, "contract_no": ` …
_PREFIXES = tuple(("{" if at == 0 else ", ") + _encode(c.key) + ": " for at, c in enumerate(REGISTRY))
# where each column's value is: (index in the decision, index in its row or -1)
_PLACES = tuple(
    (Decision._fields.index("inst"), Instalment._fields.index(c.attr[5:]))
    if c.attr.startswith("inst.")
    else (Decision._fields.index(c.attr), -1)
    for c in REGISTRY
)


def json_records(decisions: Sequence[Decision], *, block: int = 4096) -> Iterator[list[str]]:
    """`record(d)` of each decision as the compact JSON encoder writes it, a block of rows at a time: made
    column by column, each column's distinct values formatted and encoded once (a board repeats its
    stages, dates, amounts and whys) with the text before it, each row then one join of its pieces."""
    encoded: list[dict[object, str]] = [{} for _ in REGISTRY]
    for start in range(0, len(decisions), block):
        with paused():  # core.collector: not while the caller writes the block
            fields = list(zip(*decisions[start : start + block], strict=True))  # the block's columns, in C
            rows = list(zip(*fields[_PLACES[0][0]], strict=True)) if fields else []
            pieces = [
                _encoded_column(column, rows[row] if row >= 0 else fields[at], known, prefix)
                for column, (at, row), known, prefix in zip(REGISTRY, _PLACES, encoded, _PREFIXES, strict=True)
            ]
            records = list(map("".join, zip(*pieces, repeat("}"), strict=False)))
        yield records


def _encoded_column(column: Column, values: Sequence[object], known: dict[object, str], prefix: str) -> list[str]:
    """One column's encoded values, each after its `prefix`; `known` keeps what earlier blocks encoded.
    Money is keyed by its text (Decimal 0 and -0 are equal but print differently), the rest by value (a
    column holds one type, so True never meets 1)."""
    if column.fmt is Fmt.INT and None not in values:  # a row's number: each distinct, none worth keeping
        return list(map(prefix.__add__, map(int.__repr__, values)))  # as json writes an int
    keys: Sequence[object] = list(map(str, values)) if column.fmt is Fmt.MONEY else values
    distinct = dict(zip(keys, values, strict=True))  # in C
    if new := {key: value for key, value in distinct.items() if key not in known}:
        shown = [column.json_of(value) for value in new.values()]
        texts = map(_encode, shown) if column.fmt is Fmt.LIST else _encode_apart(shown)[1:-1].split("\x00")
        known.update(zip(new, map(prefix.__add__, texts), strict=True))
    return list(map(known.__getitem__, keys))
