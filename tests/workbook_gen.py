"""Whole team workbooks as people keep them, for property tests.

`books()` is a hypothesis strategy drawing a `BookSpec`: what every instalment truly holds, how each
of its cells was typed, and where every row of `合同执行情况` lands (title and note rows, the header,
data rows, blank rows, a totals row). `write_book(spec, path)` writes it to .xlsx with openpyxl or
xlsxwriter. The spec is the tests' oracle: what the board and the letters must say is worked out from
it, never from the code under test.

What a drawn workbook may have (each a feature in `FEATURES`, drawn on or off per example so that a
failing example shrinks to the fewest features; `books(exclude=...)` leaves features out):
title and note rows above the header; blank rows; 合同编号/客户姓名/房号 merged down a contract's
rows; aliased, decorated and shuffled headers with columns that are not ours (序号, 面积); Excel error
cells (cached error values: plain error cells with openpyxl, formulas with their cached error with
xlsxwriter); cells nothing can be read from (`2026/13/45`, `待定`); dates typed as text and as serial
numbers; amounts typed as text (`12,250.00`, `¥…`, `…元`, `…万`); a totals row; control characters
pasted from Word (`\x0b`, stored as Excel stores them, `_x000B_`); partial payments and over-payments;
many instalments per contract; instalments on hold; letters already sent; lawyer's letters approved
or sent, for all of a contract's long-overdue rows or (`partial_approval`) some; a contract's rows
some more and some less than 2 months overdue (`mixed_ages`); rows whose first column is empty; a row
carrying another contract's customer; contract numbers typed as numbers; no `催款规则` sheet (with
it, a law firm is named, so lawyer's letters are made). Each workbook has at most 30 rows; the as-of
date is drawn up to `LATEST_AS_OF` (a fixed day, so an example is the same workbook whatever day the suite
runs), the due dates from 130 days before it to 12 days after.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import strategies as st

DATA_SHEET, RULES_SHEET = "合同执行情况", "催款规则"
# The latest as-of date drawn: fixed, so the inputs do not drift by day; in the past, as letters dated
# ahead of today are refused.
LATEST_AS_OF = date(2026, 11, 30)
MAX_ROWS = 30

FEATURES = (
    "title_rows", "blank_rows", "merged_cells", "aliased_headers", "shuffled_columns", "foreign_columns",
    "error_cells", "text_dates", "serial_dates", "text_amounts", "totals_row", "control_chars",
    "partial_payments", "over_payments", "many_instalments", "holds", "tracking", "lawyer_track",
    "empty_first_column", "wrong_customer", "number_contract_no", "no_rules_sheet", "xlsxwriter",
    "unreadable_cells", "mixed_ages", "partial_approval", "mismatch_on_invalid_row",
)  # fmt: skip

# Headers: the field's Chinese name first, then the names SPEC.md §3.1 says must be recognised too.
HEADERS: dict[str, tuple[str, ...]] = {
    "contract_no": ("合同编号", "合同号", "contract_no", "网签合同号", "合同编码"),
    "customer": ("客户姓名", "客户", "买受人", "customer", "业主姓名", "购房人", "客户名称"),
    "amount_due": ("应收金额", "应付金额", "应交金额", "amount_due", "应收款", "应缴金额", "本期应收"),
    "due_date": ("约定付款日期", "应付日期", "应交日期", "付款期限", "到期日", "due_date", "应收日期", "应收款日期",
                 "计划收款日期"),
    "unit": ("房号", "房源", "单元", "unit", "房间号", "房屋编号"),
    "payment_kind": ("款项类型", "款项", "payment_kind", "款项名称", "收款项目"),
    "amount_paid": ("已收金额", "已付金额", "实收金额", "amount_paid", "已付款", "实收款", "已收款"),
    "consultant": ("置业顾问", "销售员", "经办人", "consultant", "销售顾问", "业务员"),
    "phone": ("联系电话", "电话", "手机", "phone", "联系方式", "手机号码"),
    "address": ("通讯地址", "地址", "address", "联系地址"), "late_fee_rate": ("违约金日利率", "late_fee_rate"),
    "hold_until": ("暂缓催收至", "hold_until"), "note": ("备注", "note"),
    "letters_sent": ("已发催款信次数", "letters_sent"), "last_letter_date": ("最近催款信日期", "last_letter_date"),
    "lawyer_approved_by": ("律师函审批人", "lawyer_approved_by"),
    "lawyer_letter_date": ("律师函寄出日期", "lawyer_letter_date"),
}  # fmt: skip
REQUIRED = ("contract_no", "customer", "amount_due", "due_date")
OPTIONAL = ("unit", "amount_paid", "consultant", "phone", "address", "late_fee_rate", "hold_until", "note")
TRACKING = ("letters_sent", "last_letter_date", "lawyer_approved_by", "lawyer_letter_date")
FOREIGN = {"seq": "序号", "area": "建筑面积（㎡）"}  # columns that are not ours: kept, ignored
MERGEABLE = ("contract_no", "customer", "unit")
MONEY = frozenset({"amount_due", "amount_paid"})
# An Excel error in one of these makes the row `invalid` (SPEC.md §4: a required cell missing, or a
# filled cell the amounts depend on unreadable); in a text column it is only a problem.
INVALIDATING = frozenset({*REQUIRED, "amount_paid", "hold_until"})
ERROR_FIELDS = (*REQUIRED, "amount_paid", "consultant", "phone", "address", "note")
# Cells typed so that nothing can be read from them (a filled cell the stage depends on: the row is invalid)
GARBLED: dict[str, tuple[object, ...]] = {
    "due_date": ("2026/13/45", "10000-01-01", 2958466, "下月初", "2026年2月30日"),
    "amount_due": ("待定", "约五万", "12.5.3"), "amount_paid": ("已付一半", "见备注"), "hold_until": ("下周", "2026/02/30"),
}  # fmt: skip

# Names chosen so that none is part of another, of any other text in the workbook, or of the letters'
# boilerplate: a letter that shows a name shows that customer (checked in test_generated_workbooks).
CUSTOMERS = ("林黛玉", "薛宝钗", "史湘云", "贾探春", "王熙凤", "秦可卿", "妙玉", "李纨", "甄英莲", "晴雯", "袭人",
             "香菱", "鸳鸯", "尤三姐")  # fmt: skip
CONSULTANTS = ("张丽", "王磊", "刘洋", "陈静")
ADDRESSES = ("杭州市余杭区文一西路88号", "杭州市西湖区古墩路1号", "绍兴市越城区解放北路9号", "湖州市德清县武康街3号")
KINDS = ("定金", "首付款", "分期款", "尾款", "按揭款")
NOTES = ("", "", "客户出差", "已电话沟通", "按揭审批中")
COMPANY, LAW_FIRM, APPROVER = "锦绣华府置业有限公司", "浙江明理律师事务所", "刘总"
TITLES = (("锦绣华府 合同执行情况表",), ("制表：销售部", None, None, "单位：元"), (), ("说明：红色为逾期",))
CONTROL = ("\x0b", "\x07", "\x01", "\x1f", "\n", "\t")  # \x0b: a line break pasted from Word
ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?")
ERROR_FORMULAS = {"#N/A": "=NA()", "#VALUE!": '="a"+1', "#REF!": "=#REF!", "#DIV/0!": "=1/0", "#NAME?": "=FOO()"}
EXCEL_EPOCH = date(1899, 12, 30)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ExcelError:
    """A cell holding an Excel error as its cached value."""

    code: str


@dataclass(frozen=True)
class Unreadable:
    """A cell typed so that no value can be read from it (written as `value`)."""

    value: object


@dataclass(frozen=True)
class Contract:
    number: str  # 合同编号 as the sheet shows it
    customer: str  # the customer's name, without what was pasted into it
    unit: str
    consultant: str
    phone: str
    address: str
    merged: bool = False  # 合同编号/客户姓名/房号 merged down the contract's rows
    number_cell: object = None  # 合同编号 as typed, when not the text itself (a number)


@dataclass(frozen=True)
class Instalment:
    """One data row: the true values, and the cells as typed (field key → value; an ExcelError hides
    the true value)."""

    contract: Contract
    kind: str
    amount_due: Decimal
    due_date: date
    amount_paid: Decimal = Decimal(0)
    hold_until: date | None = None
    letters_sent: int = 0
    last_letter: date | None = None
    approver: str = ""
    lawyer_date: date | None = None
    customer: str = ""  # the name typed in this row when it is not the contract's
    cells: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> frozenset[str]:
        return frozenset(k for k, v in self.cells.items() if isinstance(v, ExcelError))

    @property
    def unreadable(self) -> frozenset[str]:
        return frozenset(k for k, v in self.cells.items() if isinstance(v, Unreadable))

    @property
    def valid(self) -> bool:
        return not (self.errors | self.unreadable) & INVALIDATING

    @property
    def owed(self) -> Decimal:
        """max(0, 应收 − 已收), from the true values."""
        return max(Decimal(0), self.amount_due - self.amount_paid)

    def held(self, as_of: date) -> bool:
        return self.hold_until is not None and self.hold_until >= as_of

    @property
    def shown_customer(self) -> str:
        return self.customer or self.contract.customer


@dataclass(frozen=True)
class Line:
    """A row below the header: `data` (an instalment), `blank` or `totals`."""

    kind: str
    inst: Instalment | None = None
    cells: tuple[object, ...] = ()  # a blank or totals row as typed, from column A


@dataclass(frozen=True)
class BookSpec:
    as_of: date
    columns: tuple[tuple[str, str], ...]  # (field key, header text as typed), from column A
    lines: tuple[Line, ...]
    above: tuple[tuple[object, ...], ...] = ()  # title and note rows above the header
    rules_sheet: bool = True
    writer: str = "openpyxl"
    features: frozenset[str] = frozenset()

    @property
    def header_row(self) -> int:
        return len(self.above) + 1

    def rows(self) -> dict[int, Line]:
        """Sheet row number → line, for every row below the header."""
        return {self.header_row + 1 + i: line for i, line in enumerate(self.lines)}

    def data_rows(self) -> dict[int, Instalment]:
        return {row: line.inst for row, line in self.rows().items() if line.inst is not None}

    def grid(self) -> list[list[object]]:
        """Every row from row 1 as typed; a merged block's lower cells empty (as Excel keeps them)."""
        keys = [key for key, _ in self.columns]
        grid: list[list[object]] = [list(row) for row in self.above]
        grid.append([text for _, text in self.columns])
        previous: Instalment | None = None
        for line in self.lines:
            inst = line.inst
            if inst is None:
                grid.append(list(line.cells))
                previous = None
                continue
            lower = previous is not None and inst.contract.merged and previous.contract is inst.contract
            grid.append([None if lower and key in MERGEABLE else inst.cells.get(key) for key in keys])
            previous = inst
        return grid

    def merges(self) -> list[tuple[int, int, int]]:
        """(first row, column, last row), 1-based, of every block merged down a column."""
        blocks: list[tuple[int, int, int]] = []
        rows = sorted(self.data_rows().items())
        i = 0
        while i < len(rows):
            first, inst = rows[i]
            j = i
            while j + 1 < len(rows) and rows[j + 1][0] == rows[j][0] + 1 and rows[j + 1][1].contract is inst.contract:
                j += 1
            if inst.contract.merged and j > i:
                for column, (key, _) in enumerate(self.columns, start=1):
                    if key in MERGEABLE:
                        blocks.append((first, column, rows[j][0]))
            i = j + 1
        return blocks


# ---------------------------------------------------------------------------------------------
# Typing: how people put a value into a cell


def serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def date_cell(day: date, style: str) -> object:
    return {"date": datetime(day.year, day.month, day.day), "serial": serial(day), "slash": f"{day.year}/{day.month}/{day.day}",
            "iso": day.isoformat(), "chinese": f"{day.year}年{day.month}月{day.day}日"}[style]  # fmt: skip


def money_cell(amount: Decimal, style: str) -> object:
    if style == "number":
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    if style == "wan" and amount % 100 == 0:
        return f"{(amount / 10000).normalize():f}万"
    if style == "yuan":
        return f"{amount:,.2f}".rstrip("0").rstrip(".") + "元"
    return f"¥{amount:,.2f}" if style == "symbol" else f"{amount:,.2f}"


def pasted(text: str, char: str, at: int) -> str:
    """A control character pasted into a text (at its end when `at` is past it)."""
    at = min(at, len(text))
    return text[:at] + char + text[at:]


def plain(text: str) -> str:
    """A text as a reader compares names: NFKC, no control characters, no white space."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cc")


# ---------------------------------------------------------------------------------------------
# Strategies


def _header_text(draw: st.DrawFn, key: str, on: frozenset[str]) -> str:
    if key in FOREIGN:
        return FOREIGN[key]
    names = HEADERS[key]
    if "aliased_headers" not in on:
        return names[0]
    text = draw(st.sampled_from(names))
    decoration = draw(st.sampled_from(("", "", "unit", "star", "break")))
    if decoration == "unit" and key in MONEY:
        return f"{text}（元）"
    if decoration == "star" and key in REQUIRED:
        return f"* {text}"
    if decoration == "break" and len(text) >= 4 and not text.isascii():
        return f"{text[:2]}\n{text[2:]}"
    return text


@st.composite
def _columns(draw: st.DrawFn, on: frozenset[str]) -> tuple[tuple[str, str], ...]:
    keys = [*REQUIRED, "payment_kind"]
    keys += [k for k in OPTIONAL if draw(st.booleans())]
    wanted = {"letters_sent", "last_letter_date"} if "tracking" in on else set()
    wanted |= {"lawyer_approved_by"} if "lawyer_track" in on else set()
    keys += [k for k in TRACKING if k in wanted or draw(st.booleans())]  # the tool appends those missing
    if "holds" in on and "hold_until" not in keys:
        keys.append("hold_until")
    if "foreign_columns" in on:
        keys += [k for k in FOREIGN if draw(st.booleans())]
    if "shuffled_columns" in on:
        keys = draw(st.permutations(keys))
    else:
        order = ["seq", "unit", "contract_no", "customer", "payment_kind", "amount_due", "amount_paid", "due_date",
                 *[k for k in (*OPTIONAL, *TRACKING, "area") if k not in ("unit", "amount_paid")]]  # fmt: skip
        keys = sorted(keys, key=order.index)
    if "empty_first_column" in on:  # a column that is blank on some rows comes first
        first = draw(st.sampled_from(("seq", "note", "unit")))
        keys = [first, *(k for k in keys if k != first)]
    else:  # the first column is filled on every data row (merged and error cells elsewhere)
        first = "seq" if "seq" in keys else "payment_kind"
        keys = [first, *(k for k in keys if k != first)]
    return tuple((key, _header_text(draw, key, on)) for key in keys)


@st.composite
def _contract(draw: st.DrawFn, index: int, customer: str, on: frozenset[str], *, rows: int) -> Contract:
    number, typed = f"HT2026{index + 1:04d}", None
    if "number_contract_no" in on and draw(st.booleans()):
        typed = 20260001 + index
        number = str(typed)
    building, floor, room = draw(st.integers(1, 9)), draw(st.integers(1, 30)), draw(st.integers(1, 4))
    return Contract(number, customer, f"{building}-{floor}{room:02d}", draw(st.sampled_from(CONSULTANTS)),
                    f"138{draw(st.integers(10_000_000, 99_999_999))}", draw(st.sampled_from(ADDRESSES)),
                    merged="merged_cells" in on and rows > 1 and draw(st.booleans()), number_cell=typed)  # fmt: skip


def _paid(draw: st.DrawFn, due: Decimal, on: frozenset[str]) -> Decimal:
    kinds = ["none", "full"] + ["partial"] * ("partial_payments" in on) + ["over"] * ("over_payments" in on)
    kind = draw(st.sampled_from(kinds))
    if kind == "full":
        return due
    if kind == "partial":
        share = Decimal(draw(st.integers(1, 99))) / 100
        return (due * share).quantize(CENT, rounding=ROUND_HALF_UP)
    if kind == "over":
        return due + Decimal(draw(st.integers(1, 2_000_000))) / 100
    return Decimal(0)


@st.composite
def _instalment(draw: st.DrawFn, contract: Contract, due_date: date, as_of: date, keys: frozenset[str],
                on: frozenset[str], *, approved: bool) -> Instalment:  # fmt: skip
    due = Decimal(draw(st.integers(100_000, 30_000_000))) / 100
    if draw(st.booleans()):
        due = due.quantize(Decimal(100))
    paid = _paid(draw, due, on) if "amount_paid" in keys else Decimal(0)
    overdue = (as_of - due_date).days
    values: dict[str, object] = {}
    if "holds" in on and draw(st.integers(0, 2)) == 0:
        values["hold_until"] = as_of + timedelta(days=draw(st.integers(-10, 30)))
    if {"letters_sent", "last_letter_date"} <= keys and "tracking" in on and overdue > 1 and draw(st.booleans()):
        values["letters_sent"] = draw(st.integers(1, 3))
        values["last_letter"] = due_date + timedelta(days=draw(st.integers(1, overdue)))
    if "partial_approval" in on:  # some long-overdue rows of the contract approved, others not
        approved = draw(st.booleans())
    if "lawyer_approved_by" in keys and "lawyer_track" in on and overdue > 62 and approved:
        values["approver"] = APPROVER
        if "lawyer_letter_date" in keys and draw(st.booleans()):
            values["lawyer_date"] = as_of - timedelta(days=draw(st.integers(0, min(30, overdue - 62))))
    inst = Instalment(contract, draw(st.sampled_from(KINDS)), due, due_date, paid, **values)  # type: ignore[arg-type]
    inst.cells.update(_typed_cells(draw, inst, keys, on))
    return inst


def _typed_cells(draw: st.DrawFn, inst: Instalment, keys: frozenset[str], on: frozenset[str]) -> dict[str, object]:
    contract = inst.contract
    date_styles = ["date"] + ["serial"] * ("serial_dates" in on) + ["slash", "iso", "chinese"] * ("text_dates" in on)
    money_styles = ["number"] + ["plain", "symbol", "yuan", "wan"] * ("text_amounts" in on)

    def typed_date(day: date | None) -> object:
        return None if day is None else date_cell(day, draw(st.sampled_from(date_styles)))

    number = contract.number if contract.number_cell is None else contract.number_cell
    cells: dict[str, object] = {
        "contract_no": number, "customer": inst.shown_customer, "unit": contract.unit,
        "payment_kind": inst.kind, "consultant": contract.consultant, "phone": contract.phone,
        "address": contract.address, "note": draw(st.sampled_from(NOTES)),
        "amount_due": money_cell(inst.amount_due, draw(st.sampled_from(money_styles))),
        "amount_paid": None if inst.amount_paid == 0 and draw(st.booleans())
        else money_cell(inst.amount_paid, draw(st.sampled_from(money_styles))),
        "due_date": typed_date(inst.due_date), "hold_until": typed_date(inst.hold_until),
        "letters_sent": inst.letters_sent or None, "last_letter_date": typed_date(inst.last_letter),
        "lawyer_approved_by": inst.approver or None, "lawyer_letter_date": typed_date(inst.lawyer_date),
        "late_fee_rate": draw(st.sampled_from((None, None, 0.0005, "万分之五", "0.03%"))),
        "seq": None, "area": draw(st.sampled_from((89.37, 105.62, 143.66))),
    }  # fmt: skip
    if "control_chars" in on:
        for key in ("customer", "address", "note", "consultant", "unit"):
            if draw(st.integers(0, 2)) == 0 and isinstance(cells[key], str) and cells[key]:
                cells[key] = pasted(str(cells[key]), draw(st.sampled_from(CONTROL)), draw(st.integers(0, 4)))
    if "error_cells" in on and draw(st.integers(0, 5)) == 0:
        choices = [k for k in ERROR_FIELDS if k in keys and not (contract.merged and k in MERGEABLE)]
        if choices:
            cells[draw(st.sampled_from(choices))] = ExcelError(draw(st.sampled_from(ERRORS)))
    if "unreadable_cells" in on and draw(st.integers(0, 5)) == 0:
        choices = [k for k in GARBLED if k in keys and not isinstance(cells.get(k), ExcelError)]
        if choices:
            key = draw(st.sampled_from(choices))
            cells[key] = Unreadable(draw(st.sampled_from(GARBLED[key])))
    return {key: value for key, value in cells.items() if key in keys}


def _due_dates(draw: st.DrawFn, as_of: date, count: int, on: frozenset[str]) -> list[date]:
    """Due dates near the as-of date. Without `mixed_ages` a contract's instalments are all more than 2
    months overdue (the lawyer's track) or all less."""
    low, high = -130, 12
    if "mixed_ages" not in on:
        low, high = (-130, -63) if draw(st.booleans()) else (-58, 12)
    offsets = draw(st.lists(st.integers(low, high), min_size=count, max_size=count, unique=True))
    return [as_of + timedelta(days=d) for d in sorted(offsets)]


@st.composite
def books(draw: st.DrawFn, *, exclude: frozenset[str] | set[str] = frozenset()) -> BookSpec:
    """A whole team workbook (at most 30 rows on `合同执行情况`)."""
    on = frozenset(f for f in FEATURES if f not in exclude and draw(st.booleans()))
    as_of = draw(st.dates(date(2025, 1, 1), LATEST_AS_OF))
    columns = draw(_columns(on))
    keys = frozenset(key for key, _ in columns)
    most = 8 if "many_instalments" in on else 2
    counts = [draw(st.integers(1, most)) for _ in range(draw(st.integers(1, 4)))]
    counts = [max(1, min(c, 18 - sum(counts[:i]) - (len(counts) - 1 - i))) for i, c in enumerate(counts)]
    names = draw(st.permutations(CUSTOMERS))
    blocks: list[list[Instalment]] = []
    for index, count in enumerate(counts):
        contract = draw(_contract(index, names[index], on, rows=count))
        approved = draw(st.booleans())
        blocks.append([draw(_instalment(contract, day, as_of, keys, on, approved=approved))
                       for day in _due_dates(draw, as_of, count, on)])  # fmt: skip
    if "wrong_customer" in on:
        blocks = _wrong_customer(draw, blocks, names[len(counts)], on)
    lines = _lines(draw, blocks, columns, on)
    above = tuple(draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=3))) if "title_rows" in on else ()
    return BookSpec(as_of, columns, lines, above, rules_sheet="no_rules_sheet" not in on,
                    writer="xlsxwriter" if "xlsxwriter" in on else "openpyxl", features=on)  # fmt: skip


def _wrong_customer(draw: st.DrawFn, blocks: list[list[Instalment]], stranger: str, on: frozenset[str]
                    ) -> list[list[Instalment]]:  # fmt: skip
    """One row of a contract carries another contract's customer (a row copied and not corrected), or a
    name no other contract has. With `mismatch_on_invalid_row` that row is invalid (its due date
    unreadable); without, all the contract's cells are readable."""
    candidates = [(b, r) for b, rows in enumerate(blocks) for r in range(1, len(rows))
                  if not rows[r].contract.merged and "customer" not in rows[r].errors]  # fmt: skip
    if not candidates:
        return blocks
    b, r = draw(st.sampled_from(candidates))
    others = [rows[0].contract.customer for i, rows in enumerate(blocks) if i != b] or [stranger]
    name = draw(st.sampled_from(others))
    old = blocks[b][r]
    new = Instalment(old.contract, old.kind, old.amount_due, old.due_date, old.amount_paid, old.hold_until,
                     old.letters_sent, old.last_letter, old.approver, old.lawyer_date, customer=name,
                     cells={**old.cells, "customer": name})  # fmt: skip
    blocks[b] = [*blocks[b][:r], new, *blocks[b][r + 1 :]]
    if "mismatch_on_invalid_row" in on:  # and nothing can be read from its due date
        new.cells["due_date"] = Unreadable(draw(st.sampled_from(GARBLED["due_date"])))
    else:
        for inst in blocks[b]:
            inst.cells.update(_readable(inst))
    return blocks


def _readable(inst: Instalment) -> dict[str, object]:
    """Plain typed values for the cells of a row that hold an Excel error or cannot be read."""
    truth: dict[str, object] = {
        "contract_no": inst.contract.number_cell or inst.contract.number, "customer": inst.shown_customer,
        "amount_due": money_cell(inst.amount_due, "number"), "amount_paid": money_cell(inst.amount_paid, "number"),
        "due_date": date_cell(inst.due_date, "date"), "consultant": inst.contract.consultant,
        "phone": inst.contract.phone, "address": inst.contract.address, "note": "",
        "hold_until": date_cell(inst.hold_until, "date") if inst.hold_until else None,
    }  # fmt: skip
    return {key: truth[key] for key in inst.errors | inst.unreadable}


def _lines(draw: st.DrawFn, blocks: list[list[Instalment]], columns: tuple[tuple[str, str], ...],
           on: frozenset[str]) -> tuple[Line, ...]:  # fmt: skip
    width = len(columns)
    lines: list[Line] = []
    seq = 0
    for rows in blocks:
        if "blank_rows" in on and lines:
            lines += [Line("blank", cells=draw(st.sampled_from(((), (None, " "), ("",)))))] * draw(st.integers(0, 2))
        for inst in rows:
            seq += 1
            if "seq" in inst.cells:
                blank_first = "empty_first_column" in on and draw(st.booleans())
                inst.cells["seq"] = None if blank_first else seq
            if "empty_first_column" in on and columns[0][0] in ("note", "unit") and draw(st.booleans()):
                inst.cells[columns[0][0]] = None
            lines.append(Line("data", inst))
    if "totals_row" in on:
        if "blank_rows" in on and draw(st.booleans()):
            lines.append(Line("blank"))
        totals: list[object] = [None] * width
        label = draw(st.sampled_from((0, [key for key, _ in columns].index("contract_no"))))
        totals[label] = draw(st.sampled_from(("合计", "总计", "合  计")))
        for column, (key, _) in enumerate(columns):
            if key in MONEY:
                insts = [line.inst for line in lines if line.inst is not None]
                total = sum((i.amount_due if key == "amount_due" else i.amount_paid for i in insts), Decimal(0))
                totals[column] = float(total)
        lines.append(Line("totals", cells=tuple(totals)))
    assert len(lines) + 4 <= MAX_ROWS  # 18 data rows, 6 blank, a totals row and a blank; 3 titles, the header
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# Writing


RULES_ROWS = (
    ("参数", "值"), ("公司名称", COMPANY), ("公司地址", "杭州市余杭区良渚街道锦绣路88号"),
    ("联系电话", "0571-86886688"), ("落款", f"{COMPANY}销售部"), ("律师事务所", LAW_FIRM),
    ("律师事务所地址", "杭州市上城区解放路100号"), ("律师事务所电话", "0571-87000000"),
)  # fmt: skip


def write_book(spec: BookSpec, path: Path) -> Path:
    """The workbook file of a spec, written the way its `writer` says."""
    if spec.writer == "xlsxwriter":
        _write_xlsxwriter(spec, path)
    else:
        _write_openpyxl(spec, path)
    return path


def _title_merged(spec: BookSpec) -> bool:
    return bool(spec.above) and len(spec.above[0]) == 1 and len(spec.columns) > 1


def _escaped(text: str) -> str:
    """A control character as Excel stores it in the file (`_x000B_`)."""
    return "".join(f"_x{ord(c):04X}_" if ord(c) < 32 and c not in "\t\n\r" else c for c in text)


def _write_openpyxl(spec: BookSpec, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = DATA_SHEET
    for r, row in enumerate(spec.grid(), start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c)
            if isinstance(value, Unreadable):
                value = value.value
            if isinstance(value, ExcelError):
                cell.value = value.code
                cell.data_type = "e"
            elif isinstance(value, str):
                cell.value = _escaped(value)
                cell.data_type = "s"
            else:
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = "yyyy/m/d"
    for first, column, last in spec.merges():
        ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
    if _title_merged(spec):  # the title across the table
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(spec.columns))
    if spec.rules_sheet:
        rules = wb.create_sheet(RULES_SHEET)
        for row in RULES_ROWS:
            rules.append(list(row))
    wb.save(path)


def _write_xlsxwriter(spec: BookSpec, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(DATA_SHEET)
    day = wb.add_format({"num_format": "yyyy/m/d"})
    grid = spec.grid()
    merged = {(first - 1, column - 1): last - 1 for first, column, last in spec.merges()}

    def put(r: int, c: int, value: object) -> None:
        if isinstance(value, Unreadable):
            value = value.value
        if isinstance(value, ExcelError):
            ws.write_formula(r, c, ERROR_FORMULAS[value.code], None, value.code)
        elif isinstance(value, str):
            ws.write_string(r, c, value)
        elif isinstance(value, datetime):
            ws.write_datetime(r, c, value, day)
        elif isinstance(value, int | float):
            ws.write_number(r, c, value)

    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) in merged:
                ws.merge_range(r, c, merged[r, c], c, None)
            if value is not None:
                put(r, c, value)
    if _title_merged(spec):
        ws.merge_range(0, 0, 0, len(spec.columns) - 1, None)
        put(0, 0, grid[0][0])
    if spec.rules_sheet:
        rules = wb.add_worksheet(RULES_SHEET)
        for r, row in enumerate(RULES_ROWS):
            for c, value in enumerate(row):
                rules.write_string(r, c, value)
    wb.close()


# ---------------------------------------------------------------------------------------------
# Small workbooks by hand, for regression tests of what the generator found


def contract(number: str = "HT20260001", customer: str = "林黛玉", *, merged: bool = False, unit: str = "1-101",
             address: str = ADDRESSES[0]) -> Contract:  # fmt: skip
    return Contract(number, customer, unit, CONSULTANTS[0], "13800000000", address, merged=merged)


BASIC_COLUMNS = ("unit", "contract_no", "customer", "payment_kind", "amount_due", "amount_paid", "due_date",
                 "hold_until", "letters_sent", "last_letter_date", "lawyer_approved_by", "lawyer_letter_date")  # fmt: skip


def instalment(of: Contract, kind: str, amount_due: int | str, due_date: date, *, amount_paid: int | str = 0,
               cells: dict[str, object] | None = None, **values: object) -> Instalment:  # fmt: skip
    """A data row typed plainly (numbers, real dates), with `cells` overriding how some cells are typed."""
    inst = Instalment(of, kind, Decimal(amount_due), due_date, Decimal(amount_paid), **values)  # type: ignore[arg-type]
    typed = {"contract_no": of.number, "customer": inst.shown_customer, "unit": of.unit, "payment_kind": kind,
             "amount_due": money_cell(inst.amount_due, "number"), "amount_paid": money_cell(inst.amount_paid, "number"),
             "due_date": date_cell(due_date, "date"), "letters_sent": inst.letters_sent or None,
             "hold_until": date_cell(inst.hold_until, "date") if inst.hold_until else None,
             "last_letter_date": date_cell(inst.last_letter, "date") if inst.last_letter else None,
             "lawyer_approved_by": inst.approver or None,
             "lawyer_letter_date": date_cell(inst.lawyer_date, "date") if inst.lawyer_date else None}  # fmt: skip
    inst.cells.update(typed | (cells or {}))
    return inst


def book(as_of: date, *rows: Instalment | Line, columns: tuple[str, ...] = BASIC_COLUMNS, writer: str = "openpyxl",
         above: tuple[tuple[object, ...], ...] = (), rules_sheet: bool = True) -> BookSpec:  # fmt: skip
    lines = tuple(row if isinstance(row, Line) else Line("data", row) for row in rows)
    return BookSpec(as_of, tuple((key, HEADERS[key][0]) for key in columns), lines, above, rules_sheet, writer)
