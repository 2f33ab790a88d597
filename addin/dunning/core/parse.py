"""Rows of `合同执行情况` as typed → `Instalment`s with their problems.

A cell that cannot be read becomes a `CellProblem` naming sheet, row, column and value. The row is
`invalid` when the unreadable cell is one the stage or the amounts depend on: the required
columns, and any filled 已收金额, 违约金日利率, 暂缓催收至 or tracking cell — guessing those could
send a customer a wrong letter. Text columns never make a row invalid.

Rows are read column by column with each column's distinct values parsed once (a sheet repeats its
due dates, amounts, names and kinds), which is what makes a 100,000-row sheet quick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial
from itertools import compress, repeat
from operator import eq, is_, itemgetter, or_
from typing import NamedTuple

from dunning.core.dates import parse_date
from dunning.core.errors import CellProblem, ValueUnreadable
from dunning.core.fields import BY_KEY, REQUIRED_KEYS
from dunning.core.money import ZERO, parse_amount, parse_rate
from dunning.core.text import EXCEL_ERRORS, clean, is_excel_error

# field key → (column index in the row, header text as found in the sheet)
ColumnMap = Mapping[str, tuple[int, str]]

MISSING = "缺少必填值"
LOAN_KINDS = ("按揭", "贷款", "公积金")  # a 款项类型 naming a loan: its date is the bank's, not the buyer's
LOAN_PENDING = ("待放款", "按揭中", "银行审批中", "未放款", "放款中", "审批中", "待银行放款")  # a due cell saying so


def awaits_loan(kind: str, due_cell: object) -> bool:
    """A loan instalment not yet lent: its due cell says so, or it is blank and its 款项类型 names a loan."""
    if isinstance(due_cell, str) and due_cell.strip():
        text = clean(due_cell).replace(" ", "")
        return any(word in text for word in LOAN_PENDING)
    return due_cell in (None, "") and any(word in kind for word in LOAN_KINDS)


TOTAL_WORDS = ("合计", "总计", "小计", "total")
TOTAL_FIRST = frozenset("合总小Tt \u3000\t\u200b\ufeff")


class Instalment(NamedTuple):
    """One data row of the contract sheet, typed. Immutable (a named tuple: a dataclass frozen at
    construction costs four times as much to build, and a board builds one per row): a check that finds
    a problem returns the row with the problem added (`with_problems`); its key is its row's number."""

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
    lawyer_tracking_no: str = ""
    lawyer_received_date: date | None = None
    suit_date: date | None = None  # filed at court: the row is 诉讼中
    case_no: str = ""
    salutation: str = ""  # 称谓: how the letters greet the buyer(s), e.g. 张先生、李女士
    stated_outstanding: str = ""  # her 未收金额 as typed: cross-checked (board.check_rows), never used
    # not sheet columns:
    last_level: str = ""  # the ladder code of the last letter sent, as 函件归档 records it ("" = unknown)
    awaiting_loan: bool = False  # a 按揭/贷款/公积金 instalment with no date yet (the bank has not lent): 按揭办理中
    paid_unknown: bool = False  # 已收金额 could not be read: an unreadable row's outstanding is not known either
    # from the collector's log (core.follow_up), as of the board's date:
    disputed_on: date | None = None  # an open dispute (有异议, no later 异议已解决): 有异议, no letters
    promised_on: date | None = None  # a promise kept open (承诺付款日期 + grace ≥ as-of): 承诺付款
    promised_amount: Decimal | None = None
    broken_on: date | None = None  # the last broken promise's date: the ladder resumes at once
    broken_promises: int = 0
    unreachable_on: date | None = None  # a returned letter or 失联 (core.delivery): 核实联系方式, no posted letter
    problems: tuple[CellProblem, ...] = ()
    invalid: bool = False

    def with_problems(self, found: Sequence[CellProblem], *, invalid: bool = False) -> Instalment:
        """This row with more problems; `invalid` when one of them stops it."""
        if not found and not invalid:
            return self
        return self._replace(problems=(*self.problems, *found), invalid=self.invalid or invalid)


# the fields read from the sheet's columns, in the order the constructor takes them (right after sheet_row)
_FIELD_ORDER = tuple(name for name in Instalment._fields if name in BY_KEY)
assert list(Instalment._fields[1 : 1 + len(_FIELD_ORDER)]) == list(_FIELD_ORDER)
_DEFAULTS = {name: Instalment._field_defaults[name] for name in _FIELD_ORDER}


def parse_count(value: object) -> int | None:
    """A count of letters: a whole number ≥ 0."""
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount < 0 or amount != amount.to_integral_value():
        raise ValueUnreadable("不是非负整数")
    return int(amount)


@dataclass(frozen=True, slots=True)
class CellMark:
    """What the reader put in a cell of ours whose value cannot be used: the row becomes 数据有误."""

    ref: str  # the cell (or a merged range's first cell) as `C5`

    reason = ""


@dataclass(frozen=True, slots=True)
class MergedCell(CellMark):
    """A cell of a merged range down a column whose value the rows cannot share (an amount, a date)."""

    reason = "合并单元格：金额、日期和次数须每行单独填写"

    def __str__(self) -> str:
        return f"与{self.ref}合并"


@dataclass(frozen=True, slots=True)
class Uncomputed(CellMark):
    """A formula cell saved without its result (a file saved by a program that does not calculate)."""

    reason = "公式没有计算结果：请在 Excel 中打开并保存一次"

    def __str__(self) -> str:
        return f"{self.ref} 的公式"


MERGED = MergedCell.reason


def fills_down(key: str) -> bool:
    """Whether a merge down this field's column gives each row it covers the merged value (text)."""
    return key in _TEXT_KEYS


_EXCEL_ERROR = object()  # what a text cell holding an Excel error reads as, until it is named


@lru_cache(maxsize=65536)
def _clean_text_marked(value: str) -> object:
    return _EXCEL_ERROR if value.strip().upper() in EXCEL_ERRORS else clean(value)


def text_of(value: object) -> str:
    """A text cell as shown: cleaned; a number typed in a text column without its `.0`."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = _clean_text_marked(value)
        return "" if text is _EXCEL_ERROR else text  # type: ignore[return-value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a contract number or phone typed as a number
    if isinstance(value, date):
        return value.isoformat()
    return clean(str(value))


def _cell(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


_TEXT_KEYS = frozenset({"contract_no", "customer", "unit", "payment_kind", "consultant", "phone", "address", "note",
                         "lawyer_approved_by", "lawyer_tracking_no", "case_no", "salutation",
                         "stated_outstanding"})  # fmt: skip
_DATE_KEYS = frozenset({"due_date", "hold_until", "last_letter_date", "lawyer_letter_date", "lawyer_received_date",
                        "suit_date"})  # fmt: skip
_PARSERS: dict[str, Callable[[object], object]] = {
    "amount_due": parse_amount, "amount_paid": parse_amount, "late_fee_rate": parse_rate,
    "letters_sent": parse_count,
}  # fmt: skip


def _parser(key: str, *, epoch1904: bool) -> Callable[[object], object]:
    if key in _TEXT_KEYS:
        return text_of
    if key in _DATE_KEYS:
        return partial(parse_date, epoch1904=epoch1904)
    return _PARSERS[key]


def _attempt(parser: Callable[[object], object], value: object, default: object) -> tuple[object, bool]:
    """(parsed value or the default, whether the cell needs a closer look)."""
    try:
        parsed = parser(value)
    except ValueUnreadable:
        return default, True
    if parsed is None or parsed == "":
        return default, is_excel_error(value)
    return parsed, False


def _parse_column(
    raw: Sequence[object], parser: Callable[[object], object], default: object
) -> tuple[list[object], list[bool] | None]:
    """Parse a column, each distinct value once; blanks become the field's default.

    Returns the values and, when any cell needs a closer look (unreadable, or an Excel error), which ones."""
    if parser is text_of:
        if set(map(type, raw)) == {str}:  # calamine reads blanks as "": the usual case
            texts: list[object] = list(map(_clean_text_marked, raw))
        else:
            texts = [
                _EXCEL_ERROR if isinstance(v, CellMark) else _clean_text_marked(v) if v.__class__ is str else text_of(v)
                for v in raw
            ]
        if _EXCEL_ERROR not in texts:
            return texts, None
        return ["" if t is _EXCEL_ERROR else t for t in texts], [t is _EXCEL_ERROR for t in texts]
    try:
        distinct: dict[object, object] = dict.fromkeys(raw)
    except TypeError:  # an unhashable value
        distinct = {}
    if not distinct or ((0 in distinct or 1 in distinct) and bool in set(map(type, raw))):
        # a boolean would share its dictionary entry with 0 or 1 (True == 1 == 1.0): parse one by one
        results = [_attempt(parser, value, default) for value in raw]
        flags = [bad for _, bad in results]
        return [value for value, _ in results], flags if any(flags) else None
    bad_values: dict[object, bool] = {}
    for value in distinct:
        distinct[value], bad_values[value] = _attempt(parser, value, default)
    values = list(map(distinct.__getitem__, raw))
    return values, list(map(bad_values.__getitem__, raw)) if any(bad_values.values()) else None


def parse_rows(
    numbered: Sequence[tuple[int, Sequence[object]]], columns: ColumnMap, *, sheet: str, epoch1904: bool = False
) -> list[Instalment]:
    """Read data rows, given as (sheet row number, cells). Never raises for a cell's content."""
    count = len(numbered)
    rows = [cells for _, cells in numbered]
    width = min(map(len, rows), default=0)
    keys = list(columns)
    indices = [columns[key][0] for key in keys]
    raws: list[Sequence[object]]
    if count and max(indices) < width == max(map(len, rows)):  # a rectangle (calamine's rows): transpose in C
        transposed = list(zip(*rows, strict=True))
        raws = [transposed[index] for index in indices]
    elif count and max(indices) < width:  # every row is wide enough: take each column in C
        raws = [list(map(itemgetter(index), rows)) for index in indices]
    else:
        raws = [[_cell(cells, index) for cells in rows] for index in indices]
    parsed: dict[str, list[object]] = {}
    closer: list[bool] | None = None  # the rows with a cell to look at closer
    for key, raw in zip(keys, raws, strict=False):
        parsed[key], flags = _parse_column(raw, _parser(key, epoch1904=epoch1904), _DEFAULTS[key])
        if flags is not None:
            closer = flags if closer is None else list(map(or_, closer, flags))
    order = [parsed.get(key) or repeat(_DEFAULTS[key], count) for key in _FIELD_ORDER]
    # each row's tuple made by zip and built by tuple.__new__, both in C (the named tuple's own __new__ is
    # a Python function: a third of the parse)
    trailing = [repeat(default) for default in _TRAILING]
    numbers = [number for number, _ in numbered]
    instalments = list(map(_new_instalment, zip(numbers, *order, *trailing, strict=False)))  # trailing: endless
    for number in sorted(_closer_rows(parsed, closer, count)):
        instalments[number] = _gather_problems(
            instalments[number], numbered[number][1], columns, sheet=sheet, epoch1904=epoch1904
        )
    return instalments


_new_instalment = partial(tuple.__new__, Instalment)
# the defaults of the fields after the sheet's (last_level … invalid)
_TRAILING = tuple(Instalment._field_defaults.values())[len(_FIELD_ORDER) :]
assert Instalment._fields[1 + len(_FIELD_ORDER) :] == tuple(Instalment._field_defaults)[len(_FIELD_ORDER) :]


def _closer_rows(parsed: Mapping[str, list[object]], closer: list[bool] | None, count: int) -> set[int]:
    """The rows to look at closer: a cell flagged, or a required value blank (its column's default)."""
    rows = set(compress(range(count), closer)) if closer is not None else set()
    for key in REQUIRED_KEYS:
        if key not in parsed:
            return set(range(count))
        blank = _DEFAULTS[key]  # None by identity: Decimal's == against None asks numbers' ABCs, slowly
        rows.update(compress(range(count), map(is_ if blank is None else eq, parsed[key], repeat(blank))))
    return rows


def _gather_problems(
    inst: Instalment, cells: Sequence[object], columns: ColumnMap, *, sheet: str, epoch1904: bool
) -> Instalment:
    """The slow path, for the few rows with something to say: name each cell's problem."""
    found: list[CellProblem] = []
    invalid = False
    named: set[str] = set()
    loan = "due_date" in columns and awaits_loan(inst.payment_kind, _cell(cells, columns["due_date"][0]))
    for key, (index, header) in columns.items():
        raw = _cell(cells, index)
        if loan and key == "due_date":
            named.add(key)  # 待放款: not unreadable, not missing; the row is 按揭办理中
            continue
        if isinstance(raw, CellMark):
            found.append(CellProblem(sheet, inst.sheet_row, header, str(raw), raw.reason))
            invalid = True
            named.add(key)
            continue
        if key in _TEXT_KEYS:
            if is_excel_error(raw):
                found.append(CellProblem(sheet, inst.sheet_row, header, raw, "Excel 错误"))
            continue
        try:
            _parser(key, epoch1904=epoch1904)(raw)
        except ValueUnreadable as exc:
            found.append(CellProblem(sheet, inst.sheet_row, header, _shown(raw), exc.reason))
            invalid = True
            named.add(key)
    for key in REQUIRED_KEYS:
        if getattr(inst, key) in ("", None) and key not in named:
            header = columns[key][1] if key in columns else BY_KEY[key].name
            found.append(CellProblem(sheet, inst.sheet_row, header, None, MISSING))
            invalid = True
    if loan or "amount_paid" in named:
        inst = inst._replace(awaiting_loan=loan, paid_unknown="amount_paid" in named)
    return inst.with_problems(found, invalid=invalid)


def parse_row(
    values: Sequence[object], columns: ColumnMap, *, sheet: str, sheet_row: int, epoch1904: bool = False
) -> Instalment:
    """Read one data row. Never raises for a cell's content."""
    return parse_rows([(sheet_row, values)], columns, sheet=sheet, epoch1904=epoch1904)[0]


def _shown(raw: object) -> object:
    return raw.strip() if isinstance(raw, str) else raw


def is_empty_in(values: Sequence[object], columns: ColumnMap) -> bool:
    """Nothing in any of our columns (a row holding only a pre-filled 序号 or a remark of its own)."""
    return is_empty_row([_cell(values, index) for index, _ in columns.values()])


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
    contract = text_of(_cell(values, columns["contract_no"][0])).replace(" ", "").lower()
    if contract and not contract.startswith(TOTAL_WORDS):
        return False
    for value in values:
        if isinstance(value, str) and text_of(value).replace(" ", "").lower().startswith(TOTAL_WORDS):
            return True
    return False
