"""A schedule of promises in 跟进记录 (several 承诺付款 rows logged on one 日期, as 分期还款协议 prints them) on
the board and in 今日待办: each period pauses the letters up to its own date + grace, a period missed breaks
the agreement ("乙方未按上述任何一期的日期足额付款的，甲方将恢复催收程序") — real .xlsx through the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.follow_up import HEADER as LOG_HEADER
from dunning.core.follow_up import NOTE

from conftest import BACKDATE, HEADER, write_workbook
from letters_helpers import letter_text, make_templates

runner = CliRunner()
COLUMNS = (*HEADER, "联系电话")
AGREED = date(2026, 11, 19)
FIRST, SECOND = date(2026, 11, 30), date(2026, 12, 31)  # the periods; 承诺宽限天数 1 (the default)


def book(
    tmp_path: Path, *, paid: int = 0, last: int | None = 170000, later: Sequence[object] = (),
    first_due: date = date(2026, 10, 20), letter_on: date = date(2026, 11, 1), second_due: date = date(2026, 11, 10),
) -> Path:  # fmt: skip
    """HT-S owes 270,000 due by 11-19: 首付款 200,000 (10-20, one letter on 11-01) + 分期款 70,000 (11-10);
    its 尾款 (2027) is not due. The schedule logged 11-19: 100,000 on 11-30, `last` (170,000) on 12-31."""
    path = write_workbook(tmp_path / "team.xlsx", [
        ["3-301", "HT-S", "周九", "首付款", 200000, paid, first_due, "李娜", 1, letter_on, None, None, None,
         "13300007777"],
        ["3-301", "HT-S", "周九", "分期款", 70000, 0, second_due, "李娜", None, None, None, None, None,
         "13300007777"],
        ["3-301", "HT-S", "周九", "尾款", 500000, 0, date(2027, 3, 1), "李娜", None, None, None, None, None,
         "13300007777"],
    ], header=COLUMNS)  # fmt: skip
    wb = openpyxl.load_workbook(path)
    log = wb.create_sheet("跟进记录")
    for line in ([NOTE], list(LOG_HEADER),
                 [AGREED, "HT-S", None, "上门", "承诺付款", FIRST, 100000, "李娜", "分两期"],
                 [AGREED, "HT-S", None, "上门", "承诺付款", SECOND, last, "李娜"]):  # fmt: skip
        log.append(list(line))
    if later:
        log.append(list(later))
    wb.save(path)
    return path


def board(path: Path, as_of: date) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["board", str(path), "--as-of", as_of.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return {row["payment_kind"]: row for row in json.loads(result.stdout)}


def today(path: Path, as_of: date) -> list[dict[str, object]]:
    result = runner.invoke(app, ["today", str(path), "--as-of", as_of.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)
    return [item for item in items if item["contract_no"] == "HT-S"]


def test_the_first_period_is_checked_on_its_own_date(tmp_path: Path) -> None:
    # 12-01 = 11-30 + 1 day of grace: period 1 is open, its check is due today (not period 2's on 2027-01-01)
    path = book(tmp_path)
    rows = board(path, date(2026, 12, 1))
    for kind in ("首付款", "分期款"):
        assert (rows[kind]["stage_label"], rows[kind]["action_due"], rows[kind]["letter_due"]) == (
            "承诺付款", "2026-12-01", False)  # fmt: skip
    assert "承诺11月30日前付款¥100,000.00" in str(rows["首付款"]["why"])
    assert rows["尾款"]["stage_label"] == "未到期"
    items = today(path, date(2026, 12, 1))
    assert [(i["who"], i["task"], i["due"], i["late"]) for i in items] == [
        ("李娜", "承诺到期核实", "2026-12-01", False)
    ]
    assert board(path, date(2026, 11, 25))["首付款"]["action_due"] == "2026-12-01"  # paused, not yet checked


def test_period_one_missed_resumes_the_ladder(tmp_path: Path) -> None:
    # 12-02, nothing paid: still owed 200,000 + 70,000 = 270,000 > 170,000 (period 2) → broken on 11-30;
    # the next letter is due the day it broke (11-30 + 1 + 1 = 12-02), period 2 pauses nothing
    path = book(tmp_path)
    rows = board(path, date(2026, 12, 2))
    first = rows["首付款"]
    assert (first["stage_label"], first["letter_due"], first["action_due"]) == ("催款信", True, "2026-12-02")
    assert "承诺未兑现（承诺11月30日付款，累计失约1次）" in str(first["why"])
    assert rows["分期款"]["stage_label"] != "承诺付款"
    assert "承诺到期核实" not in [i["task"] for i in today(path, date(2026, 12, 2))]


def test_period_one_paid_pauses_until_period_two(tmp_path: Path) -> None:
    # 12-02, 100,000 paid on the 首付款: still owed 100,000 + 70,000 = 170,000 ≤ 170,000 → kept;
    # period 2 open: 承诺付款 until 12-31 + 1 = 2027-01-01, its amount 170,000
    path = book(tmp_path, paid=100000)
    for kind, row in board(path, date(2026, 12, 2)).items():
        if kind != "尾款":
            assert (row["stage_label"], row["action_due"], row["letter_due"]) == ("承诺付款", "2027-01-01", False)
            assert "承诺12月31日前付款¥170,000.00" in str(row["why"]) and "承诺未兑现" not in str(row["why"])
    assert today(path, date(2026, 12, 2)) == []  # the next check on 2027-01-01
    # 99,999.99 short of period 1: 170,000.01 > 170,000 → broken
    short = book(tmp_path, paid=99999)
    assert board(short, date(2026, 12, 2))["首付款"]["stage_label"] == "催款信"


def test_a_blank_last_amount_keeps_the_schedule_through_period_one(tmp_path: Path) -> None:
    # period 2 is "the rest": period 1 cannot be judged by amount — checked on 12-01, then kept
    path = book(tmp_path, last=None)
    assert board(path, date(2026, 12, 1))["首付款"]["action_due"] == "2026-12-01"
    row = board(path, date(2026, 12, 2))["首付款"]
    assert (row["stage_label"], row["action_due"]) == ("承诺付款", "2027-01-01")
    assert "承诺未兑现" not in str(row["why"])
    # past period 2's grace with money owed: broken on 12-31, the ladder resumes (the 首付款, 74 days late,
    # is at the lawyer's letter by then)
    late = board(path, date(2027, 1, 2))["首付款"]
    assert late["stage_label"] == "律师函待审批" and "承诺未兑现（承诺2026年12月31日付款，累计失约1次）" in str(
        late["why"]
    )


def test_a_promise_logged_on_a_later_day_supersedes_the_schedule(tmp_path: Path) -> None:
    # on 11-28 (before period 1 fell due) the customer promised everything on 12-15: on 12-05 that promise
    # is open (check 12-16), period 1 is not broken and period 2 no longer counts
    path = book(tmp_path, later=[date(2026, 11, 28), "HT-S", None, "电话", "承诺付款", date(2026, 12, 15), 270000,
                                 "李娜"])  # fmt: skip
    row = board(path, date(2026, 12, 5))["首付款"]
    assert (row["stage_label"], row["action_due"]) == ("承诺付款", "2026-12-16")
    assert "承诺未兑现" not in str(row["why"])


def letters(path: Path, as_of: date) -> Any:
    make_templates(path.parent / "函件模板")
    result = runner.invoke(app, ["letters", str(path), "--as-of", as_of.isoformat(), "--backdate", BACKDATE, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_letter_a_missed_period_brings_is_one_grade_sterner(tmp_path: Path) -> None:
    # the 首付款 due 11-14, its 1st letter on 11-16 (the 2nd due 11-23, paused by the schedule), the 分期款 due
    # 11-16. 12-02, period 1 missed: the 2nd letter goes out that day; the worst, 18 days of the 62 to the
    # lawyer's letter (2027-01-15), < 1/3 is 温和, one grade up for the broken promise: 严正 (without the log:
    # 温和). With period 1 paid, no letter (period 2 open)
    late = date(2026, 11, 16)
    shown = letters(book(tmp_path, first_due=date(2026, 11, 14), letter_on=late, second_due=late), date(2026, 12, 2))
    (made,) = shown["generated"]
    assert (made["contract_no"], made["letter_no"]) == ("HT-S", 2)
    text = letter_text(Path(made["file"]))
    assert "催款函（严正）" in text, text[:200]
    (tmp_path / "paid").mkdir()
    paid = book(tmp_path / "paid", paid=100000, first_due=date(2026, 11, 14), letter_on=late, second_due=late)
    shown = letters(paid, date(2026, 12, 2))
    assert shown["generated"] == [] and {s["code"] for s in shown["skipped"]} == {"promise_open"}
