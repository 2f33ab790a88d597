"""letters.statements: the sentences a letter may assert, as decision tables (pure, no files)."""

from __future__ import annotations

from datetime import date

import pytest

from dunning.core.identity import Archived
from dunning.core.rules import Params
from dunning.letters.statements import department, earlier_notices, notice_record, recipients, salutation

from conftest import decide_one, instalment

D = date


@pytest.mark.parametrize(
    ("days", "by", "expected"),
    [
        ((), "我司", ""),
        ((D(2026, 10, 3),), "我司", "我司已于2026年10月3日向您书面催告"),
        ((D(2026, 10, 3), D(2026, 10, 10)), "我司", "我司已于2026年10月3日、10月10日先后2次向您书面催告"),
        ((D(2025, 12, 28), D(2026, 1, 4)), "委托人", "委托人已于2025年12月28日、2026年1月4日先后2次向您书面催告"),
        (
            tuple(D(2026, 9, d) for d in (1, 8, 15, 22, 29)),
            "我司",
            "我司已于2026年9月1日至9月29日期间先后5次向您书面催告",
        ),
    ],
)
def test_notice_record(days: tuple[date, ...], by: str, expected: str) -> None:
    assert notice_record(days, by=by) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("张三", "张三"),
        ("张三、李四", "张三、李四"),
        ("张三,李四", "张三、李四"),
        ("张三 / 李四", "张三、李四"),
        ("张三 李四", "张三、李四"),
        ("张三　李四", "张三、李四"),  # a full-width space
        ("张三&李四", "张三、李四"),
        ("张  三", "张  三"),  # a two-character name padded to line up: one buyer
        ("John Smith", "John Smith"),
        ("欧阳娜娜 John", "欧阳娜娜 John"),
        ("买买提·艾力", "买买提·艾力"),
    ],
)
def test_recipients(typed: str, expected: str) -> None:
    assert recipients(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "张三、李四："),
        ("张先生、李女士", "张先生、李女士："),
        ("尊敬的张先生：", "张先生："),
        ("  ", "张三、李四："),
    ],
)
def test_salutation(typed: str, expected: str) -> None:
    assert salutation([instalment(customer="张三/李四", salutation=typed)]) == expected


@pytest.mark.parametrize(
    ("signatory", "expected"),
    [("", ""), ("锦绣华府置业有限公司", ""), ("锦绣华府置业有限公司销售部", "销售部"), ("营销中心", "营销中心")],
)
def test_department(signatory: str, expected: str) -> None:
    assert department(Params(company_name="锦绣华府置业有限公司", signatory=signatory)) == expected


def test_earlier_notices_count_dated_dunning_letters_before_today_once_per_letter() -> None:
    d = decide_one(contract_no="HT-1", due_date=D(2026, 9, 1), payment_kind="首付款")
    key = ("ht-1", "首付款", "2026-09-01", None)
    entries = [
        Archived(*key, "reminder", 0, D(2026, 8, 29)),  # a reminder before the due date: no 催告
        Archived(*key, "letter", 1, D(2026, 9, 4)),
        Archived(*key, "letter", 1, D(2026, 9, 4)),  # the same letter listed twice
        Archived(*key, "letter", 2, None),  # no date: cannot be stated
        Archived(*key, "letter", 3, D(2026, 11, 20)),  # today's
        Archived("ht-2", "首付款", "2026-09-01", None, "letter", 1, D(2026, 9, 5)),  # another contract
    ]
    assert earlier_notices([d], [d], entries, as_of=D(2026, 11, 20)) == (D(2026, 9, 4),)
    assert earlier_notices([d], [], entries, as_of=D(2026, 11, 20)) == ()  # not listed: not this letter's
