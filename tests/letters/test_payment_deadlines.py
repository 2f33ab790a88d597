"""Deadlines a customer can meet (issue 19): every 催款信 gives 催告期限天数 (7) from its date, on a working
day, however close the board's next escalation is; the 律师函's deadline falls on a working day too; where
the escalation comes sooner, the lawyer's letter waits for the last 催款信's deadline, and the board says so;
the board never announces a letter that will not be sent. Real workbooks, the built-in templates, the
letters read back."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dunning.core.errors import RulesError
from dunning.core.outcomes import SkipReason
from dunning.core.rules_sheet import load_rules
from dunning.jobs import RunOptions, board_of
from dunning.jobs import letters as run_letters
from dunning.letters.batch import LettersResult
from dunning.sheets.reader import read_values
from dunning.sheets.rules_layout import rules_layout

from conftest import BACKDATE, COMPANY, write_workbook
from letters_helpers import letter_text


def letters_file(path: Path, **options: Any) -> LettersResult:
    """The letters job on these fixed past dates: back-dated with the tests' reason."""
    return run_letters(path, RunOptions(backdate=BACKDATE, **options))


FRIDAY = date(2026, 11, 20)  # the sample's 基准日
RULES = [["参数", "值"], *COMPANY, ["律师事务所", "浙江锦程律师事务所"]]


def row(due: date, *, letters: int | None = None, last: date | None = None, approver: str | None = None,
        sent: date | None = None) -> list[object]:  # fmt: skip
    return ["1-101", "HT1", "张三", "尾款", 300000, 0, due, "王强", letters, last, approver, sent]


def only_letter(book: Path, as_of: date) -> tuple[str, str]:
    """(file name, text) of the one letter a run makes."""
    made = letters_file(book, as_of=as_of).made
    assert len(made) == 1, [m.file.name for m in made]
    return made[0].file.name, letter_text(made[0].file)


def stated(text: str) -> list[str]:
    """The payment deadlines a letter states: `于2026年11月27日前` or `于2026年11月27日（含当日）前`."""
    return re.findall(r"于(\d{4}年\d{1,2}月\d{1,2}日)(?:（含当日）)?前", text)


@pytest.mark.parametrize(
    ("due", "old_deadline"),
    [
        (date(2026, 9, 21), "2026年11月21日"),  # escalates on 11-22: the day after the letter, a Saturday
        (date(2026, 9, 22), "2026年11月22日"),  # escalates on 11-23: a Sunday
        (date(2026, 9, 20), "2026年11月20日"),  # escalates on 11-21: the letter's own day
    ],
    ids=["next-day-saturday", "sunday", "same-day"],
)
def test_a_letter_just_before_the_escalation_still_gives_seven_days(
    tmp_path: Path, due: date, old_deadline: str
) -> None:
    book = write_workbook(tmp_path / "台账.xlsx", [row(due, letters=8, last=date(2026, 11, 13))], rules=RULES)
    name, text = only_letter(book, FRIDAY)
    assert name == "HT1_催款信_第9次.docx"  # the ninth letter, the firmest
    assert stated(text) == ["2026年11月27日"], old_deadline


def test_a_deadline_on_a_weekend_moves_to_monday(tmp_path: Path) -> None:
    saturday = date(2026, 11, 21)  # + 7 = Saturday 11-28 → Monday 11-30
    book = write_workbook(tmp_path / "台账.xlsx", [row(date(2026, 10, 20), letters=3, last=date(2026, 11, 14))],
                          rules=RULES)  # fmt: skip
    assert stated(only_letter(book, saturday)[1]) == ["2026年11月30日"]


def test_the_demand_period_is_a_rules_parameter(tmp_path: Path) -> None:
    rules = [*RULES, ["催告期限天数", 10]]  # 11-20 + 10 = Monday 11-30
    book = write_workbook(tmp_path / "台账.xlsx", [row(date(2026, 10, 20), letters=3, last=date(2026, 11, 13))],
                          rules=rules)  # fmt: skip
    assert stated(only_letter(book, FRIDAY)[1]) == ["2026年11月30日"]
    assert load_rules(rules).params.demand_days == 10
    assert load_rules(None).params.demand_days == 7


@pytest.mark.parametrize("value", [0, -3, "一周"])
def test_a_demand_period_that_is_not_a_positive_number_is_refused(value: object) -> None:
    with pytest.raises(RulesError, match="催告期限天数"):
        load_rules([["参数", "值"], ["催告期限天数", value]])


def test_init_writes_the_demand_period_with_its_meaning() -> None:
    cells = {(c.row, c.column): c.value for c in rules_layout().cells}
    found = [r for (r, c), v in cells.items() if c == 1 and v == "催告期限天数"]
    assert len(found) == 1
    assert cells[(found[0], 2)] == 7 and "付款期限" in str(cells[(found[0], 3)])


def test_the_lawyers_deadline_on_a_weekend_moves_to_monday_on_the_board_and_in_the_letter(tmp_path: Path) -> None:
    made_on = date(2026, 11, 10)  # + 3 days to arrive + 15 = Saturday 11-28 → Monday 11-30
    book = write_workbook(tmp_path / "台账.xlsx", [row(date(2026, 8, 1), letters=9, last=date(2026, 10, 1),
                                                       approver="刘总")], rules=RULES)  # fmt: skip
    name, text = only_letter(book, made_on)
    assert name == "HT1_律师函.docx" and "2026年11月30日" in text and "2026年11月28日" not in text
    for day, stage in ((date(2026, 11, 29), "lawyer_sent"), (date(2026, 11, 30), "lawyer_sent"),
                       (date(2026, 12, 1), "litigation")):  # fmt: skip
        d = board_of(read_values(book), RunOptions(as_of=day)).decisions[0]
        assert d.stage == stage, (day, d.why)
        assert stage == "litigation" or d.action_due == date(2026, 11, 30)
        assert day != date(2026, 11, 29) or "期限11月30日" in d.why


def test_an_approved_lawyers_letter_waits_for_the_last_letters_deadline(tmp_path: Path) -> None:
    """The 9th letter went out on Sunday 11-15: its deadline is 11-22, a Sunday, so Monday 11-23. The
    lawyer's letter, approved, goes out from 11-24; the board and the run both say so."""
    book = write_workbook(tmp_path / "台账.xlsx", [row(date(2026, 9, 1), letters=9, last=date(2026, 11, 15),
                                                       approver="刘总")], rules=RULES)  # fmt: skip
    wait = "第9封催款信的付款期限11月23日（含当日）未满：期满后（11月24日起）再发律师函"
    result = letters_file(book, as_of=FRIDAY)
    assert result.made == []
    assert [(s.reason, s.rows, s.level, s.number, s.until) for s in result.plan.skipped] == [
        (SkipReason.LAWYER_WAITS, (2,), "律师函", 9, date(2026, 11, 23))
    ]
    d = result.board.decisions[0]
    assert d.stage == "lawyer_letter" and not d.letter_due and not d.late
    assert d.action_due == date(2026, 11, 24) and d.why.endswith(wait)

    on_the_deadline = board_of(read_values(book), RunOptions(as_of=date(2026, 11, 23))).decisions[0]
    assert on_the_deadline.action_due == date(2026, 11, 24) and not on_the_deadline.letter_due

    result = letters_file(book, as_of=date(2026, 11, 24))
    assert [m.file.name for m in result.made] == ["HT1_律师函.docx"]
    d = result.board.decisions[0]  # due since 11-24, not since SPEC's 11-04: it could not go out before
    assert d.letter_due and d.action_due == date(2026, 11, 24) and not d.late and d.why.endswith("今天寄出")


def test_the_board_shows_the_escalation_not_a_letter_that_will_not_be_sent(tmp_path: Path) -> None:
    """The 8th letter went out on 11-20; the 9th would be due 11-27, but the row escalates on 11-23 (due
    9-22 + 2 months): the board's next step is the escalation on 11-23, as its why says."""
    book = write_workbook(tmp_path / "台账.xlsx", [row(date(2026, 9, 22), letters=8, last=FRIDAY)], rules=RULES)
    d = board_of(read_values(book), RunOptions(as_of=FRIDAY)).decisions[0]
    assert d.stage == "letter" and d.letter_no == 9  # SPEC §4: k = letters sent + 1
    assert (d.next_action, d.owner, d.action_due) == ("转律师函审批", "市场部经理", date(2026, 11, 23))
    assert d.why == "逾期59天，已发8封催款信；11月23日起转律师函"
    assert "下一封" not in d.why and "11月27日" not in d.why

    sooner = write_workbook(tmp_path / "b.xlsx", [row(date(2026, 10, 22), letters=5, last=FRIDAY)], rules=RULES)
    ordinary = board_of(read_values(sooner), RunOptions(as_of=FRIDAY)).decisions[
        0
    ]  # the next letter before the escalation: shown
    assert (ordinary.next_action, ordinary.action_due) == ("寄发催款信", date(2026, 11, 27))
