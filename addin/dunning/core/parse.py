"""One row of `合同执行情况` as typed → an `Instalment` with its problems.

A cell that cannot be read becomes a `CellProblem` naming sheet, row, column and value. The row is
`invalid` when the unreadable cell is one the stage or the amounts depend on: the required
columns, and any filled 已收金额, 违约金日利率, 暂缓催收至 or tracking cell — guessing those could
send a customer a wrong letter. Text columns never make a row invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dunning.core.dates import parse_date
from dunning.core.errors import CellProblem, ValueUnreadable
from dunning.core.money import ZERO, parse_amount, parse_rate
from dunning.core.text import clean, is_excel_error

# field key → (column index in the row, header text as found in the sheet)
ColumnMap = Mapping[str, tuple[int, str]]

TOTAL_WORDS = ("合计", "总计", "小计", "total")


@dataclass(slots=True)
class Instalment:
    sheet_row: int
    contract_no: str = ""
    customer: str = ""
    amount_due: Decimal | None = None
    due_date: date | None = None
    unit: str = ""
    payment_kind: str = ""
    amount_paid: Decimal = ZERO
    consultant: str = ""
    phone: str = ""
    address: str = ""
    late_fee_rate: Decimal | None = None
    hold_until: date | None = None
    note: str = ""
    letters_sent: int = 0
    last_letter_date: date | None = None
    lawyer_approved_by: str = ""
    lawyer_letter_date: date | None = None
    problems: list[CellProblem] = field(default_factory=list)
    invalid: bool = False


def parse_count(value: object) -> int | None:
    """A count of letters: a whole number ≥ 0."""
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount < 0 or amount != amount.to_integral_value():
        raise ValueUnreadable("不是非负整数")
    return int(amount)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "" if is_excel_error(value) else clean(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a contract number or phone typed as a number
    if isinstance(value, date):
        return value.isoformat()
    return clean(str(value))


_TEXT_KEYS = ("contract_no", "customer", "unit", "payment_kind", "consultant", "phone", "address", "note",
              "lawyer_approved_by")  # fmt: skip
_DATE_KEYS = ("due_date", "hold_until", "last_letter_date", "lawyer_letter_date")
_PARSERS: dict[str, Callable[[object], object]] = {
    "amount_due": parse_amount, "amount_paid": parse_amount, "late_fee_rate": parse_rate,
    "letters_sent": parse_count,
}  # fmt: skip


def parse_row(values: Sequence[object], columns: ColumnMap, *, sheet: str, sheet_row: int,
              epoch1904: bool = False) -> Instalment:  # fmt: skip
    """Read one data row. Never raises for a cell's content."""
    inst = Instalment(sheet_row)
    width = len(values)
    for key, (index, header) in columns.items():
        raw = values[index] if index < width else None
        if key in _TEXT_KEYS:
            text = _text(raw)
            if text == "" and is_excel_error(raw):
                inst.problems.append(CellProblem(sheet, sheet_row, header, raw, "Excel 错误"))
            setattr(inst, key, text)
            continue
        try:
            parsed = parse_date(raw, epoch1904=epoch1904) if key in _DATE_KEYS else _PARSERS[key](raw)
        except ValueUnreadable as exc:
            inst.problems.append(CellProblem(sheet, sheet_row, header, _shown(raw), _reason(exc)))
            inst.invalid = True
            continue
        if parsed is not None:
            setattr(inst, key, parsed)
    for key in ("contract_no", "customer", "amount_due", "due_date"):
        if getattr(inst, key) in ("", None) and not _already_named(inst, columns, key):
            header = columns[key][1] if key in columns else _canonical(key)
            inst.problems.append(CellProblem(sheet, sheet_row, header, None, "缺少必填值"))
            inst.invalid = True
    return inst


def _reason(exc: ValueUnreadable) -> str:
    return exc.reason


def _shown(raw: object) -> object:
    return raw.strip() if isinstance(raw, str) else raw


def _already_named(inst: Instalment, columns: ColumnMap, key: str) -> bool:
    if key not in columns:
        return False
    header = columns[key][1]
    return any(p.column == header for p in inst.problems)


def _canonical(key: str) -> str:
    from dunning.core.fields import BY_KEY

    return BY_KEY[key].name


def is_empty_row(values: Sequence[object]) -> bool:
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, str) and clean(value) == "":
            continue
        return False
    return True


def is_totals_row(values: Sequence[object], columns: ColumnMap) -> bool:
    """合计/总计/小计 (or Total) in a text cell, and no contract number other than that word."""
    contract = values[columns["contract_no"][0]] if columns["contract_no"][0] < len(values) else None
    contract_text = _text(contract).replace(" ", "").lower()
    if contract_text and not contract_text.startswith(TOTAL_WORDS):
        return False
    for value in values:
        if isinstance(value, str) and clean(value).replace(" ", "").lower().startswith(TOTAL_WORDS):
            return True
    return False
