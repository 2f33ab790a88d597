"""The short message for a customer (core/sms.py): the wording filled, one SMS segment (70 characters) at
most, shortened in a fixed order (the phone, then the company), kept whole and flagged when even that is
too long; an unknown placeholder in the rules sheet refused with its sheet, row, parameter and name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning.core.errors import RulesError
from dunning.core.rules_sheet import load_rules
from dunning.core.sms import (
    SEGMENT,
    SMS_OVERDUE,
    SMS_REMINDER,
    short_company,
    sms_length,
    sms_text,
    sms_wording,
    too_long,
)

DUE = date(2026, 12, 10)
COMPANY, SHORT, PHONE = "锦绣华府置业有限公司", "锦绣华府置业", "0571-86886688"
NAMES = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=20)
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
KINDS = st.sampled_from(["首付款", "第二期房款", "按揭款", "定金", ""])


def _text(customer: str, amount: Decimal = Decimal(120000), *, wording: str = SMS_OVERDUE, kind: str = "首付款",
          company: str = COMPANY, phone: str = PHONE) -> str:  # fmt: skip
    return sms_text(wording, customer=customer, kind=kind, amount=amount, due=DUE, company=company, phone=phone)


def test_the_default_overdue_message() -> None:
    assert (
        _text("张三")
        == "张三您好，您的首付款120,000.00元已于2026年12月10日到期未付，请尽快付款。锦绣华府置业 0571-86886688"
    )


def test_the_default_reminder_message_and_a_blank_kind() -> None:
    text = _text("李四", Decimal("5000.5"), wording=SMS_REMINDER, kind="")
    assert text == "李四您好，您的款项5,000.50元将于2026年12月10日到期，请按时付款。锦绣华府置业 0571-86886688"


def test_the_company_signs_with_its_short_name() -> None:
    assert [short_company(n) for n in (COMPANY, "某某股份有限公司", "某某有限责任公司", "有限公司", " 某某置业 ")] == [
        SHORT, "某某", "某某", "有限公司", "某某置业"]  # fmt: skip


def _name_for(length: int, *, wording: str = SMS_OVERDUE) -> str:
    """A customer name that makes the whole message (with the phone) exactly `length` characters."""
    base = sms_length(_text("", wording=wording))
    return "王" * (length - base)


def test_the_boundary_seventy_is_kept_whole_seventy_one_drops_the_phone() -> None:
    at = _text(_name_for(SEGMENT))
    assert sms_length(at) == SEGMENT and at.endswith(PHONE) and not too_long(at)
    over = _text(_name_for(SEGMENT + 1))
    assert PHONE not in over and over.endswith(SHORT) and sms_length(over) == SEGMENT + 1 - len(" " + PHONE)


def test_then_the_company_then_whole_and_flagged() -> None:
    without_phone = sms_length(_text("")) - len(" " + PHONE)
    name = "王" * (SEGMENT + 1 - without_phone)  # one over without the phone: the company goes too
    text = _text(name)
    assert SHORT not in text and PHONE not in text and sms_length(text) <= SEGMENT
    bare = without_phone - len(SHORT)
    hopeless = "王" * (SEGMENT + 1 - bare)  # over even bare: kept whole (two segments either way), flagged
    whole = _text(hopeless)
    assert whole.endswith(f"{SHORT} {PHONE}") and too_long(whole)


def test_a_character_outside_the_bmp_counts_two() -> None:
    assert sms_length("𠮷") == 2 and sms_length("吉") == 1 and len("𠮷") == 1


@given(customer=NAMES, amount=AMOUNTS, kind=KINDS, wording=st.sampled_from([SMS_REMINDER, SMS_OVERDUE]))
def test_one_segment_unless_flagged_and_never_without_the_facts(
    customer: str, amount: Decimal, kind: str, wording: str
) -> None:
    text = _text(customer, amount, wording=wording, kind=kind)
    assert customer in text and f"{amount:,.2f}元" in text and "2026年12月10日" in text and (kind or "款项") in text
    bare = _text(customer, amount, wording=wording, kind=kind, company="", phone="")
    if too_long(text):  # flagged only when even the bare message is over, and then it is whole
        assert too_long(bare) and text.endswith(f"{SHORT} {PHONE}")
    else:
        assert sms_length(text) <= SEGMENT


@given(customer=NAMES, amount=AMOUNTS)
def test_the_phone_goes_only_when_the_whole_message_is_over(customer: str, amount: Decimal) -> None:
    text = _text(customer, amount)
    whole_length = sms_length(customer) + sms_length(_text("", amount))
    assert text.endswith(PHONE) == (whole_length <= SEGMENT or whole_length > SEGMENT + _slack(amount))


def _slack(amount: Decimal) -> int:
    """How much over a segment the whole message may be and still fit once the phone and company go."""
    bare = sms_length(_text("", amount, company="", phone=""))
    return sms_length(_text("", amount)) - bare


def test_full_width_braces_are_read_and_chinese_punctuation_kept() -> None:
    assert sms_wording("｛客户｝您好，请于｛到期日｝前付款。") == "{客户}您好，请于{到期日}前付款。"
    assert sms_wording("  ") is None and sms_wording(None) is None


def test_an_unknown_placeholder_is_refused_naming_sheet_row_parameter_and_name() -> None:
    rows = [["参数", "值"], ["公司名称", COMPANY], ["催款短信", "{姓名}您好，您的{金额}元已逾期。{公司}"]]
    with pytest.raises(RulesError) as caught:
        load_rules(rows)
    (message,) = caught.value.messages
    assert message.startswith('催款规则 第3行 催款短信 "{姓名}您好')
    assert "{姓名}" in message.split(":", 1)[1] and "{客户}" in message


def test_the_rules_sheet_wording_is_used() -> None:
    rules = load_rules([["参数", "值"], ["提醒短信", "{客户}：{款项}{金额}元，{到期日}到期。{公司}"]])
    assert rules.params.sms_reminder == "{客户}：{款项}{金额}元，{到期日}到期。{公司}"
    assert rules.params.sms_overdue == SMS_OVERDUE
