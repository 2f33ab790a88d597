"""失联 and returned letters (issue 23): a 退回日期 on a contract's latest letter in 函件归档, or a 跟进记录 row with
结果 失联, makes the board's next action for its letter rows 核实联系方式 (置业顾问) and the letters send no posted
letter to it, until a later letter or log row shows contact again. Real workbooks, edited as staff would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from test_follow_up_letters import book, made, run, with_log

from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.core.delivery import Delivery, unreachable
from dunning.core.follow_up import Contact, Outcome
from dunning.core.messages import skip_line
from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import AS_OF, days

ARCHIVE = "函件归档"
ROWS = [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"],
        ["1-102", "HT002", "李四", "首付款", 80000, 0, days(-10), "王强"]]  # fmt: skip


def mark_returned(path: Path, contract: str, on: date) -> None:
    """Staff type the day the letter came back on the contract's archive row(s)."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[ARCHIVE]
    for row in sheet.iter_rows(min_row=2):
        if row[ARCHIVE_HEADER.index("合同编号")].value == contract:
            row[ARCHIVE_HEADER.index("退回日期")].value = on
    wb.save(path)


def action_of(path: Path, as_of: date, row: int) -> tuple[str, str, bool]:
    d = next(d for d in board_of(read_values(path), RunOptions(as_of=as_of)).decisions if d.sheet_row == row)
    return d.next_action, d.owner, d.letter_due


def test_a_returned_letter_sends_no_next_letter_until_contact_shows_again(tmp_path: Path) -> None:
    path = book(tmp_path, ROWS)
    assert set(made(run(path, AS_OF))) == {"HT001", "HT002"}
    assert action_of(path, days(7), 2)[2]  # the second letter is due
    mark_returned(path, "HT001", days(3))
    assert action_of(path, days(7), 2) == ("核实联系方式", "置业顾问", False)
    result = run(path, days(7))
    assert set(made(result)) == {"HT002"}  # the other contract's next letter goes out as before
    (skip,) = [s for s in result.plan.skipped if s.contract == "HT001"]
    assert skip.reason is SkipReason.UNREACHABLE and skip.day == days(3) and skip.rows == (2,)
    assert "11月23日起联系不上客户（函件退回或跟进记录记失联），不再寄函" in skip_line(skip)
    assert "核实联系方式" in skip_line(skip)
    with_log(path, [[days(8), "HT001", None, "电话", "已接通", None, None, "李娜", "新地址已核实"]])
    assert action_of(path, days(8), 2)[2]
    assert set(made(run(path, days(8)))) == {"HT001"}


def test_a_log_row_of_no_contact_stops_the_first_letter_too(tmp_path: Path) -> None:
    path = book(tmp_path, ROWS)
    with_log(path, [[days(-3), "HT001", None, "电话", "失联", None, None, "李娜", "空号"],
                    [days(-1), "HT001", None, "电话", "未接通", None, None, "李娜"]])  # fmt: skip
    assert action_of(path, AS_OF, 2) == ("核实联系方式", "置业顾问", False)
    (why,) = [d.why for d in board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions if d.sheet_row == 2]
    assert "11月17日起联系不上客户（函件退回或跟进记录记失联），暂停寄函：先核实联系方式" in why
    result = run(path, AS_OF)
    assert set(made(result)) == {"HT002"}
    (skip,) = [s for s in result.plan.skipped if s.contract == "HT001"]
    assert skip.reason is SkipReason.UNREACHABLE and skip.day == days(-3)


def letter(day: date, *, returned: date | None = None, received: date | None = None) -> Delivery:
    return Delivery("HT-1", "催款信", day, "", "", received, returned)


def contact(day: date, outcome: Outcome) -> Contact:
    return Contact(2, day, "ht-1", "", "电话", outcome)


def test_the_latest_event_decides() -> None:
    on = date(2026, 11, 20)
    returned = [letter(days(-7, base=on), returned=days(-2, base=on))]
    assert unreachable(returned, [], as_of=on) == {"ht-1": days(-2, base=on)}
    assert unreachable(returned, [], as_of=days(-3, base=on)) == {}  # not yet back on that day
    later = [*returned, letter(days(-1, base=on))]  # a later letter made: it is the latest, not returned
    assert unreachable(later, [], as_of=on) == {}
    assert unreachable(returned, [contact(days(-1, base=on), Outcome.REACHED)], as_of=on) == {}
    assert unreachable(returned, [contact(days(-1, base=on), Outcome.NO_ANSWER)], as_of=on) == {
        "ht-1": days(-2, base=on)
    }
    lost = [contact(days(-5, base=on), Outcome.UNREACHABLE)]
    assert unreachable([], lost, as_of=on) == {"ht-1": days(-5, base=on)}
    signed = [letter(days(-9, base=on), received=days(-4, base=on))]
    assert unreachable(signed, lost, as_of=on) == {}  # signed for after the log's 失联: reached
    assert unreachable(signed, [contact(days(-4, base=on), Outcome.UNREACHABLE)], as_of=on) == {}  # one day: contact
