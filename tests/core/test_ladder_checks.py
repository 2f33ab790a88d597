"""A ladder's order (SPEC §5, and the credit-control practice it follows): a level counted from the
previous letter applies only once the letter before it went out, and the level that needs approval
(the lawyer's letter) is the last one. Sheets written as rows, decisions worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dunning.core.errors import RulesError
from dunning.core.rules import Rules
from dunning.core.rules_sheet import LADDER_HEADER, load_rules

from conftest import decide_one

FIRST = ["first", "首封催款信", 1, "日", "到期日", "催款信", None, "否", "手续办理专员", "寄发首封"]
SECOND = ["second", "再次催款信", 30, "日", "到期日", "催款信", None, "否", "手续办理专员", "寄发第二封"]
FOLLOW = ["follow", "跟进函", 10, "日", "上一封函", "催款信", None, "否", "手续办理专员", "寄发跟进函"]
LATER = ["later", "最后催告", 90, "日", "到期日", "催款信", None, "否", "手续办理专员", "寄发最后催告"]
LAWYER = ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"]


def ladder_sheet(*levels: list[object]) -> list[list[object]]:
    return [["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], [], list(LADDER_HEADER), *levels]


@pytest.fixture
def rules() -> Rules:
    return load_rules(ladder_sheet(FIRST, SECOND, FOLLOW))


DUE = date(2026, 10, 1)  # first begins 10-02, second 10-31; follow 10 days after the letter before it
# (case, letters sent, last letter, as-of) → (stage, action due)
FOLLOW_TABLE = [
    ("no letter yet: the first letter, due within 3 days", 0, None, date(2026, 10, 5), "first", date(2026, 10, 4)),
    ("first sent 10-02; 18 days later the second has not begun: wait for it", 1, date(2026, 10, 2),
     date(2026, 10, 20), "first", date(2026, 10, 31)),
    ("first sent 10-02; the second begins 10-31", 1, date(2026, 10, 2), date(2026, 10, 31), "second",
     date(2026, 11, 2)),
    ("second sent 10-31; 9 days later: the follow-up begins 11-10", 2, date(2026, 10, 31), date(2026, 11, 9),
     "second", date(2026, 11, 10)),
    ("second sent 10-31; the 10th day: follow-up", 2, date(2026, 10, 31), date(2026, 11, 10), "follow",
     date(2026, 11, 12)),
]  # fmt: skip


@pytest.mark.parametrize(("sent", "last", "as_of", "stage", "action_due"), [c[1:] for c in FOLLOW_TABLE],
                         ids=[c[0] for c in FOLLOW_TABLE])  # fmt: skip
def test_a_level_counted_from_the_previous_letter_waits_for_that_letter(
    rules: Rules, sent: int, last: date | None, as_of: date, stage: str, action_due: date
) -> None:
    decision = decide_one(rules=rules, due_date=DUE, letters_sent=sent, last_letter_date=last, as_of=as_of)
    assert (decision.stage, decision.action_due) == (stage, action_due), decision.why


def test_the_first_letter_alone_does_not_open_the_follow_up(rules: Rules) -> None:
    """10 days after the first letter the follow-up would have begun, had the second been sent."""
    decision = decide_one(rules=rules, due_date=DUE, letters_sent=1, last_letter_date=date(2026, 10, 2),
                          as_of=date(2026, 10, 12))  # fmt: skip
    assert (decision.stage, decision.next_action, decision.letter_due) == ("first", "等待下一级催收", False)


@pytest.mark.parametrize(
    ("levels", "row", "message"),
    [
        ((FIRST, LAWYER, LATER), 6, '需审批 "是": 需审批的级别（律师函）应为最后一级'),
        ((LAWYER, LATER), 5, '需审批 "是": 需审批的级别（律师函）应为最后一级'),
        ((FOLLOW, FIRST), 5, '起算 "上一封函": 第一级没有上一封函可以起算'),
        ((FIRST, [*FOLLOW[:2], 0, *FOLLOW[3:]]), 6, '起始 "0": 从上一封函起算时应大于0'),
        (
            (["early", "预先", -3, "日", "到期日", "律师函", None, "是", "", ""],),
            5,
            '需审批 "是": 到期前的级别不能需要审批',
        ),
    ],
    ids=[
        "approval-in-the-middle",
        "approval-first",
        "first-from-previous-letter",
        "follow-up-at-zero",
        "approval-before-due",
    ],
)
def test_a_ladder_out_of_order_is_refused_naming_the_row(levels: tuple[list[object], ...], row: int,
                                                        message: str) -> None:  # fmt: skip
    with pytest.raises(RulesError) as caught:
        load_rules(ladder_sheet(*levels))
    assert caught.value.messages == [f"催款规则 第{row}行 {message}"]


def test_the_approval_level_last_is_accepted() -> None:
    rules = load_rules(ladder_sheet(FIRST, SECOND, LAWYER))
    assert [lv.code for lv in rules.levels] == ["first", "second", "lawyer_letter"]
    assert rules.approval_level is not None and rules.approval_level.code == "lawyer_letter"
