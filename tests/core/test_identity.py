"""core.identity as a table: which contract numbers are one contract, and how 函件归档's keys read back
(the key written since the amount is recorded, the key written before it, text that is no key)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.identity import Archived, archived_by_row, contract_id, instalment_key, parse_key
from dunning.core.parse import Instalment

DUE = date(2026, 11, 17)


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [("HT-20", "ht-20"), ("ＨＴ－２０", "HT-20"), ("HT -20", "HT-20"), ("HT\u300020", "ht20"), ("合同Ａ１", "合同a1")],
)
def test_spellings_of_one_contract(typed: str, same_as: str) -> None:
    assert contract_id(typed) == contract_id(same_as)


@pytest.mark.parametrize(("one", "other"), [("HT-20", "HT-21"), ("HT-20", "HT20"), ("HT-2O", "HT-20")])
def test_different_contracts(one: str, other: str) -> None:
    assert contract_id(one) != contract_id(other)


@pytest.mark.parametrize(
    ("key", "read"),
    [
        (
            "HT1|首付款|2026-11-17|300000|letter|1",
            Archived("ht1", "首付款", "2026-11-17", Decimal(300000), "letter", 1),
        ),
        ("HT1|首付款|2026-11-17|letter|2", Archived("ht1", "首付款", "2026-11-17", None, "letter", 2)),
        (
            "HT|1|首付款|2026-11-17|12.50|reminder|0",
            Archived("ht|1", "首付款", "2026-11-17", Decimal("12.5"), "reminder", 0),
        ),
        ("HT1||2026-11-17|letter_2|3", Archived("ht1", "", "2026-11-17", None, "letter_2", 3)),
        ("HT1|首付款|2026-11-17|letter|x", None),
        ("HT1|首付款|十一月|letter|1", None),
        ("letter|1", None),
        ("", None),
    ],
)
def test_keys_read_back(key: str, read: Archived | None) -> None:
    assert parse_key(key) == read


def test_the_key_written_reads_back_as_its_row() -> None:
    inst = Instalment(7, "HT-20", "张三", Decimal("300000.00"), DUE, payment_kind="首付款")
    entry = parse_key(f"{instalment_key(inst)}|letter|1", day=DUE)
    assert entry == Archived("ht-20", "首付款", "2026-11-17", Decimal(300000), "letter", 1, DUE)
    assert archived_by_row([inst], [entry]) == {7: [entry]}


def test_rows_due_the_same_day_are_told_apart_by_kind_then_amount() -> None:
    first = Instalment(2, "HT1", "张三", Decimal(300000), DUE, payment_kind="首期款")  # retyped from 首付款
    second = Instalment(3, "HT1", "张三", Decimal(200000), DUE, payment_kind="分期款")
    by_amount = parse_key("HT1|首付款|2026-11-17|300000|reminder|0")
    by_kind = parse_key("HT1|分期款|2026-11-17|1|reminder|0")
    old = parse_key("HT1|首付款|2026-11-17|reminder|0")  # no amount, kind retyped: cannot be told
    assert by_amount and by_kind and old
    assert archived_by_row([first, second], [by_amount, by_kind, old]) == {2: [by_amount], 3: [by_kind]}
