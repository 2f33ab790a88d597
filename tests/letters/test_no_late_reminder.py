"""No reminder after the due date, whatever the ladder (issue 18, finding 7): a 预先提醒函 goes out before
the due date, never on it or after it (SPEC §4). A ladder whose first letter waits for the month's end
leaves an overdue row waiting for that letter, not at the reminder; a level counted from 月末 or one
that begins after the due date is never a reminder. Real workbook, built-in templates, files read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunning.core.errors import RulesError
from dunning.core.rules import Level, Params, Unit, make_rules
from dunning.core.rules_sheet import LADDER_HEADER, load_rules
from dunning.core.stages import Kind
from dunning.jobs import RunOptions, letters

from conftest import AS_OF, BACKDATE, COMPANY, days, decide_one, write_workbook
from letters_helpers import letter_text

HEADER = ("合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期")
REMINDER = ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"]
MONTH_END_LETTER = ["letter", "催款信", 0, "日", "月末", "催款信", 7, "否", "手续办理专员", "寄发催款信"]


def rules_sheet(*levels: list[object]) -> list[list[object]]:
    return [["参数", "值"], *COMPANY, [], list(LADDER_HEADER), *levels]


def test_a_month_end_ladder_makes_no_reminder_on_or_after_the_due_date(tmp_path: Path) -> None:
    rows = [
        ("HT-1", "张三", "分期款", 100000, 0, date(2026, 11, 10)),  # overdue; the month-end letter on 11-30
        ("HT-2", "李四", "分期款", 100000, 0, AS_OF),  # due today: the phone call, no letter
        ("HT-3", "王五", "分期款", 100000, 0, days(2)),  # the one reminder due
    ]
    book = write_workbook(tmp_path / "台账.xlsx", rows, header=HEADER, rules=rules_sheet(REMINDER, MONTH_END_LETTER))
    result = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))

    board = {d.inst.contract_no: d for d in result.board.decisions}
    assert board["HT-1"].stage == "not_due" and not board["HT-1"].letter_due
    assert board["HT-1"].action_due == date(2026, 11, 30) and not board["HT-1"].late
    assert board["HT-1"].why == "逾期10天，11月30日起催款信"
    assert board["HT-2"].stage == "reminder" and not board["HT-2"].letter_due  # 电话提醒 today

    planned = [letter for letter in result.plan.letters if letter.level.before_due]
    assert [letter.contract_no for letter in planned] == ["HT-3"]
    for letter in planned:
        assert all(d.inst.due_date is not None and d.inst.due_date > AS_OF for d in letter.listed)
    found = sorted((tmp_path / "催款函").rglob("*预先提醒*.docx"))
    files = [p.name for p in found]
    assert files == ["HT-3_预先提醒.docx"]
    assert "将于2026年11月22日到期" in letter_text(found[0])


def test_the_default_ladder_calls_on_the_due_date_but_writes_no_letter() -> None:
    on_the_day = decide_one(due_date=AS_OF)
    assert on_the_day.stage == "reminder" and on_the_day.action_due == AS_OF and not on_the_day.letter_due
    assert decide_one(due_date=days(1)).letter_due


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (["early", "月末提醒", -20, "日", "月末", "催款信", None, "否", "", ""], '起始 "-20日": 起算为月末时不能为负数'),
        (["reminder", "预先提醒", 0, "日", "月末", "预先提醒函", None, "否", "", ""], '函件模板 "预先提醒函": 预先提醒函只用于到期前'),
        (["reminder", "预先提醒", 2, "日", "到期日", "预先提醒函", None, "否", "", ""], "预先提醒函只用于到期前的级别"),
        (["reminder", "预先提醒", 0, "月", "到期日", "预先提醒函", None, "否", "", ""], "预先提醒函只用于到期前的级别"),
    ],
    ids=["month-end-before-due", "month-end-reminder", "reminder-after-due", "zero-months-is-the-day-after"],
)  # fmt: skip
def test_a_reminder_that_could_fall_after_the_due_date_is_refused_naming_its_row(
    level: list[object], message: str
) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(rules_sheet(level, MONTH_END_LETTER))
    assert message in str(caught.value) and "催款规则 第7行" in str(caught.value)


def test_a_level_beginning_after_the_due_date_is_no_reminder() -> None:
    """0 月 from the due date begins the day after it (月 means "more than n months"): a letter level."""
    level = ["soon", "到期次日", 0, "月", "到期日", "催款信", None, "否", "", ""]
    rules = load_rules(rules_sheet(level))
    assert rules.levels[0].unit is Unit.MONTHS and not rules.levels[0].before_due
    assert decide_one(rules=rules, due_date=AS_OF).stage == "not_due"
    assert decide_one(rules=rules, due_date=days(-1)).stage == "soon"


def test_a_reminder_level_beginning_after_the_due_date_is_passed_over() -> None:
    """However the ladder was made: the row goes on to the next level, never to a reminder after the date."""
    ladder = (Level("reminder", "预先提醒", Kind.REMINDER, 2, template="预先提醒函"),
              Level("letter", "催款信", Kind.LETTER, 5, template="催款信"))  # fmt: skip
    rules = make_rules(Params(), ladder)
    assert decide_one(rules=rules, due_date=days(-3)).stage == "not_due"
    assert decide_one(rules=rules, due_date=days(-5)).stage == "letter"
