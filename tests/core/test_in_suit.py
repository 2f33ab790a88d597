"""诉讼中 (in_suit, SPEC §4): a row with 起诉日期 is followed by the 市场部经理, gets no letter, and its
precedence sits after on_hold and before litigation; an unreadable 起诉日期 makes the row 数据有误."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.board import check_rows
from dunning.core.engine import decide
from dunning.core.fields import NAME_TO_KEY, header_key
from dunning.core.parse import parse_row
from dunning.core.rules import preset_rules
from dunning.core.text import clean

from conftest import AS_OF, assert_stage, days, decide_one, instalment

SUIT = date(2026, 11, 25)
CASE = "（2026）浙0110民初123号"

# (case, row values, expected stage)
TABLE = [
    ("filed: in suit", {"due_date": days(-100), "suit_date": SUIT, "case_no": CASE}, "in_suit"),
    ("filed without a case number", {"due_date": days(-100), "suit_date": SUIT}, "in_suit"),
    ("in suit beats litigation", {"due_date": days(-100), "lawyer_letter_date": days(-30), "suit_date": SUIT},
     "in_suit"),
    ("in suit beats an approved lawyer's letter", {"due_date": date(2026, 9, 19), "lawyer_approved_by": "刘总",
                                                   "suit_date": SUIT}, "in_suit"),
    ("in suit beats a letter due", {"due_date": days(-3), "suit_date": SUIT}, "in_suit"),
    ("hold beats in suit", {"due_date": days(-100), "hold_until": days(5), "suit_date": SUIT}, "on_hold"),
    ("settled beats in suit", {"due_date": days(-100), "amount_paid": Decimal(100000), "suit_date": SUIT},
     "settled"),
]  # fmt: skip


@pytest.mark.parametrize(("values", "stage"), [(v, s) for _, v, s in TABLE], ids=[c for c, _, _ in TABLE])
def test_in_suit_precedence(values: dict[str, object], stage: str) -> None:
    assert_stage(decide_one(**values), stage)


def test_in_suit_owner_action_and_no_letter() -> None:
    d = decide_one(due_date=days(-100), suit_date=SUIT, case_no=CASE, lawyer_approved_by="刘总")
    assert (d.stage_label, d.owner, d.next_action) == ("诉讼中", "市场部经理", "跟进诉讼进展")
    assert d.action_due is None and not d.late and not d.letter_due and d.letter_no is None
    assert d.outstanding == Decimal(100000) and d.days_overdue == 100 and d.late_fee > 0
    assert d.why == f"已于2026年11月25日起诉（案号{CASE}），跟进诉讼进展"
    assert decide_one(due_date=days(-100), suit_date=SUIT).why == "已于2026年11月25日起诉（案号未登记），跟进诉讼进展"


@pytest.mark.parametrize(("header", "key"), [("起诉日期", "suit_date"), ("立案日期", "suit_date"),
                                             ("suit_date", "suit_date"), ("案号", "case_no"), ("case_no", "case_no")])  # fmt: skip
def test_the_columns_and_their_aliases(header: str, key: str) -> None:
    assert NAME_TO_KEY[header_key(header)] == key


COLUMNS = {"contract_no": (0, "合同编号"), "customer": (1, "客户姓名"), "amount_due": (2, "应收金额"),
           "due_date": (3, "约定付款日期"), "suit_date": (4, "立案日期"), "case_no": (5, "案号")}  # fmt: skip


def test_a_readable_suit_date_and_case_number_are_read() -> None:
    inst = parse_row(["HT1", "张三", 1000, "2026/9/1", "2026年11月25日", CASE], COLUMNS, sheet="s", sheet_row=2)
    assert (inst.suit_date, inst.case_no, inst.invalid) == (SUIT, clean(CASE), False)  # clean: half-width brackets


def test_an_unreadable_suit_date_makes_the_row_invalid_naming_column_and_value() -> None:
    inst = parse_row(["HT1", "张三", 1000, "2026/9/1", "2026/13/45", CASE], COLUMNS, sheet="s", sheet_row=2)
    assert inst.invalid
    (problem,) = inst.problems
    assert "立案日期" in problem.short() and "2026/13/45" in problem.short()
    assert_stage(decide(inst, preset_rules(), as_of=AS_OF), "invalid")


def _checked(**values: object) -> tuple[str, ...]:
    (inst,) = check_rows([instalment(due_date=days(-100), **values)], sheet="s", as_of=AS_OF)
    return tuple(p.short() for p in inst.problems)


def test_a_case_number_without_a_suit_date_and_a_suit_date_after_the_as_of_date_are_problems() -> None:
    (problem,) = _checked(case_no=CASE)
    assert "案号" in problem and "没有起诉日期" in problem
    (problem,) = _checked(suit_date=days(1))
    assert "起诉日期" in problem and "晚于基准日" in problem
    assert _checked(suit_date=days(-1), case_no=CASE) == ()
