"""The 律师函's deadline counts from the customer's receipt (SPEC §4: 律师函签收日期 when known, else the day sent plus
律师函送达天数). Staff record receipts in 函件归档's 签收日期 (issue 23): where the team's sheet has no 律师函签收日期,
the archive's receipt of the posted 律师函 is the one the deadline counts from."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.core.rules import lawyer_deadline, preset_rules
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import HEADER, write_workbook

SENT = date(2026, 9, 1)
DUE = date(2026, 5, 10)
KEY = f"HT1|首付款|{DUE.isoformat()}|100000|lawyer_letter|0"


def book_with_archive(tmp_path: Path, *, received: date | None, typed: date | None = None) -> Path:
    row = ["1-101", "HT1", "张三", "首付款", 100000, 0, DUE, "李娜", 3, date(2026, 6, 20), "王总", SENT, None,
           typed]  # fmt: skip
    book = write_workbook(tmp_path / "台账.xlsx", [row], header=(*HEADER, "律师函签收日期"))
    wb = openpyxl.load_workbook(book)
    archive = wb.create_sheet("函件归档")
    archive.append(list(ARCHIVE_HEADER))
    line = dict.fromkeys(ARCHIVE_HEADER)
    line |= {"生成时间": datetime(2026, 9, 1, 9), "基准日": SENT, "合同编号": "HT1", "客户姓名": "张三", "阶段": "律师函",
             "级别代码": "lawyer_letter", "第几次": 0, "幂等键": KEY, "寄送方式": "EMS", "签收日期": received}  # fmt: skip
    archive.append(list(line.values()))
    wb.save(book)
    return book


def test_the_archives_receipt_moves_the_lawyers_deadline(tmp_path: Path) -> None:
    rules = preset_rules()
    received = SENT + timedelta(days=10)
    assert lawyer_deadline(SENT, rules) < SENT + timedelta(days=20) < lawyer_deadline(SENT, rules, received=received)
    as_of = SENT + timedelta(days=20)
    (row,) = board_of(read_values(book_with_archive(tmp_path, received=received)), RunOptions(as_of=as_of)).decisions
    assert row.stage == "lawyer_sent", row.why  # was 提起诉讼: the deadline counted from sent + 3 days
    assert row.action_due == lawyer_deadline(SENT, rules, received=received)
    assert "签收" in row.why, row.why


def test_the_sheets_own_receipt_stays_first_and_a_receipt_not_known_yet_is_not_used(tmp_path: Path) -> None:
    rules = preset_rules()
    typed = SENT + timedelta(days=4)
    book = book_with_archive(tmp_path, received=SENT + timedelta(days=10), typed=typed)
    (row,) = board_of(read_values(book), RunOptions(as_of=SENT + timedelta(days=17))).decisions
    assert (row.stage, row.action_due) == ("lawyer_sent", lawyer_deadline(SENT, rules, received=typed)), row.why
    later = tmp_path / "later"
    later.mkdir()
    as_of = SENT + timedelta(days=5)
    book = book_with_archive(later, received=SENT + timedelta(days=10))
    (row,) = board_of(read_values(book), RunOptions(as_of=as_of)).decisions
    assert row.action_due == lawyer_deadline(SENT, rules)  # the receipt is after the as-of date
