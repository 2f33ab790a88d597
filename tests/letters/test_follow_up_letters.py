"""The collector's log (跟进记录, issue 23) read by the board and the letters, on real workbooks: a promise
kept open sends no letter and shows 承诺付款; a broken one resumes the ladder the day after its grace with
the next letter's number; a dispute stops the contract's letters until a later 异议已解决; the log's rows
are never rewritten (its sheet's XML the same bytes after a letters run)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from dunning.core.follow_up import HEADER, NOTE
from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, board_of, letters
from dunning.letters.batch import LettersResult
from dunning.sheets.ooxml.package import Package
from dunning.sheets.ooxml.workbook import WorkbookXml
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import letter_text, make_templates

LOG = "跟进记录"


def with_log(path: Path, contacts: Sequence[Sequence[object]]) -> Path:
    """The workbook with a 跟进记录 sheet as `dunning init` lays it out (note, header) and these rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LOG] if LOG in wb.sheetnames else wb.create_sheet(LOG)
    if ws.max_row <= 1:
        ws.append([NOTE])
        ws.append(list(HEADER))
    for contact in contacts:
        ws.append(list(contact))
    wb.save(path)
    return path


def book(tmp_path: Path, rows: Sequence[Sequence[object]]) -> Path:
    make_templates(tmp_path / "函件模板")
    return write_workbook(tmp_path / "team.xlsx", rows)


def run(path: Path, as_of: date) -> LettersResult:
    return letters(path, RunOptions(as_of=as_of, backdate=BACKDATE))


def made(result: LettersResult) -> dict[str, Path]:
    return {m.letter.contract_no: m.file for m in result.made}


def stage_of(path: Path, as_of: date, row: int) -> tuple[str, str, str]:
    d = next(d for d in board_of(read_values(path), RunOptions(as_of=as_of)).decisions if d.sheet_row == row)
    return d.stage, d.stage_label, d.why


def test_a_promise_kept_open_sends_no_letter_and_shows_promised(tmp_path: Path) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"],
                           ["1-102", "HT002", "李四", "首付款", 80000, 0, days(-10), "王强"]])  # fmt: skip
    with_log(path, [[days(-2), "HT001", None, "电话", "承诺付款", days(0), 100000, "李娜", "月底前一定付"]])
    stage, label, why = stage_of(path, AS_OF, 2)
    assert (stage, label) == ("promised", "承诺付款") and "承诺" in why and "暂停发函" in why
    result = run(path, AS_OF)
    assert set(made(result)) == {"HT002"}  # the other contract's letter goes out as before
    (skip,) = [s for s in result.plan.skipped if s.contract == "HT001"]
    assert skip.reason is SkipReason.PROMISED and skip.day == AS_OF and skip.until == days(1)


def test_a_broken_promise_resumes_the_ladder_the_day_after_its_grace(tmp_path: Path) -> None:
    # two letters sent, the last on 11-15; the next would be due 11-22; the customer promised 11-16 (+1 day grace)
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-30), "李娜", 2, days(-5)]])
    with_log(path, [[days(-5), "HT001", "", "电话", "承诺付款", days(-4), None, "李娜"]])
    assert stage_of(path, days(-3), 2)[0] == "promised"  # 11-17: the last day of grace
    assert not run(path, days(-3)).made
    stage, _, why = stage_of(path, days(-2), 2)  # 11-18: broken, the next letter due at once
    assert stage == "letter" and "承诺未兑现（承诺11月16日付款，累计失约1次）" in why and "第3封今天寄出" in why
    result = run(path, days(-2))
    assert [(m.letter.contract_no, m.letter.letter_no) for m in result.made] == [("HT001", 3)]
    assert made(result)["HT001"].name == "HT001_催款信_第3次.docx" and "第3次" in letter_text(made(result)["HT001"])


def test_a_broken_promise_with_no_letter_yet_sends_the_first_at_once(tmp_path: Path) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"]])
    with_log(path, [[days(-9), "HT001", "首付款", "电话", "承诺付款", days(-5), 50000, "李娜"]])
    result = run(path, AS_OF)
    assert [(m.letter.contract_no, m.letter.letter_no) for m in result.made] == [("HT001", 1)]
    assert "承诺未兑现" in stage_of(path, AS_OF, 2)[2]


def test_a_dispute_stops_the_contracts_letters_until_a_later_resolution(tmp_path: Path) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"],
                           ["1-101", "HT001", "张三", "分期款", 50000, 0, days(-8), "李娜"]])  # fmt: skip
    # the dispute names one instalment: the contract's letter (which would list both) waits
    with_log(path, [[days(-6), "HT001", "分期款", "电话", "有异议", None, None, "李娜", "对金额有异议"],
                    [days(-3), "HT001", "分期款", "电话", "已接通", None, None, "李娜"]])  # fmt: skip
    assert stage_of(path, AS_OF, 3)[:2] == ("disputed", "有异议")
    first = stage_of(path, AS_OF, 2)
    assert first[0] == "letter" and "客户有异议（第3行），本合同暂停发函" in first[2]
    result = run(path, AS_OF)
    assert not result.made
    (skip,) = [s for s in result.plan.skipped if s.contract == "HT001"]
    assert skip.reason is SkipReason.DISPUTED and skip.day == days(-6) and set(skip.rows) == {2, 3}
    with_log(path, [[days(-1), "HT001", "分期款", "上门", "异议已解决", None, None, "王经理"]])
    assert stage_of(path, AS_OF, 3)[0] == "letter"
    assert set(made(run(path, AS_OF))) == {"HT001"}


def test_a_dispute_before_the_as_of_date_only_counts(tmp_path: Path) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"]])
    with_log(path, [[days(3), "HT001", None, "电话", "有异议"]])  # typed ahead of a back-dated board
    assert stage_of(path, AS_OF, 2)[0] == "letter"


def _sheet_part(path: Path, name: str) -> bytes:
    entry = next(s for s in WorkbookXml(Package.open(path)).sheets() if s.name == name)
    with zipfile.ZipFile(path) as package:
        return package.read(entry.part)


@pytest.mark.parametrize("dispute", [False, True])
def test_the_logs_rows_are_the_same_bytes_after_a_letters_run(tmp_path: Path, dispute: bool) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"],
                           ["1-102", "HT002", "李四", "首付款", 80000, 0, days(-10), "王强"]])  # fmt: skip
    contacts = [[days(-4), "HT002", None, "电话", "未接通", None, None, "王强", "关机"],
                [days(-3), "HT002", None, "短信", "已接通", None, None, "王强"],
                [days(-2), "HT001", None, "电话", "有异议" if dispute else "已接通", None, None, "李娜"]]  # fmt: skip
    with_log(path, contacts)
    before = _sheet_part(path, LOG)
    result = run(path, AS_OF)
    assert set(made(result)) == ({"HT002"} if dispute else {"HT001", "HT002"})
    assert _sheet_part(path, LOG) == before
    ws = openpyxl.load_workbook(path)[LOG]
    assert [c.value for c in ws[2]] == list(HEADER) and ws.max_row == 5


def test_a_bad_log_cell_is_a_note_naming_it_and_the_other_rows_go_on(tmp_path: Path) -> None:
    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜"],
                           ["1-102", "HT002", "李四", "首付款", 80000, 0, days(-10), "王强"]])  # fmt: skip
    with_log(path, [["11月31日", "HT001", None, "电话", "有异议"], [days(-1), "HT002", None, "电话", "有异议"]])
    board = board_of(read_values(path), RunOptions(as_of=AS_OF))
    assert [d.stage for d in board.decisions] == ["letter", "disputed"]
    assert any(note.startswith("跟进记录 第3行 日期: ") and '"11月31日"' in note for note in board.notes), board.notes


def test_a_broken_promise_steps_the_letters_tone_up_one_grade(tmp_path: Path) -> None:
    """The issue's rule: after a broken promise the next letter is one grade sterner (温和 → 严正 → 严厉), the first
    two letters still at most 严正."""
    from dataclasses import replace

    from dunning.letters.context import tone

    path = book(tmp_path, [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-30), "李娜", 2, days(-5)]])
    with_log(path, [[days(-5), "HT001", "", "电话", "承诺付款", days(-4), None, "李娜"]])
    (letter,) = letters(path, RunOptions(as_of=days(-2), backdate=BACKDATE, dry_run=True)).plan.letters
    assert letter.letter_no == 3 and all(d.inst.broken_promises == 1 for d in letter.listed)
    kept = replace(letter, listed=tuple(d._replace(inst=d.inst._replace(broken_promises=0)) for d in letter.listed))
    assert (tone(kept), tone(letter)) == ("严正", "严厉")  # 32 days of about 61 towards the 律师函: 严正, then 严厉
    assert tone(replace(letter, letter_no=1)) == "严正"  # a first letter stays within 严正 all the same
