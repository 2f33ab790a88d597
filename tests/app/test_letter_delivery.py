"""Delivery of every letter (issue 23): 函件归档 has 寄送方式, 快递单号, 签收日期 and 退回日期 at its end, written blank
by a run for staff to fill; an archive of an earlier version gains the headings, and what staff typed in the rows
above stays as it was, byte for byte."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.archive_record import ARCHIVE_HEADER, archive_columns
from package_helpers import sheet_part

from conftest import days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ARCHIVE = "函件归档"
DELIVERY = ["寄送方式", "快递单号", "签收日期", "退回日期"]
REASON = "补登历史函件"


def team_book(folder: Path, as_of: date) -> Path:
    make_templates(folder / "函件模板")
    rows = [["1-101", "HT1", "张三", "首付款", 100000, 0, days(-5, base=as_of), "李娜"],
            ["1-102", "HT2", "李四", "尾款", 80000, 0, days(-5, base=as_of), "王强"]]  # fmt: skip
    return write_workbook(folder / "team.xlsx", rows)


def letters(book: Path, as_of: date) -> tuple[int, str, str]:
    result = runner.invoke(app, ["letters", str(book), "--as-of", as_of.isoformat(), "--backdate", REASON])
    return result.exit_code, result.stdout, result.stderr


def sheet_xml(book: Path, title: str) -> str:
    """The sheet's part as stored in the .xlsx."""
    return sheet_part(book, title)


def row_xml(xml: str, number: int) -> str:
    found = re.search(rf'<row r="{number}"[ >].*?</row>', xml, re.S)
    assert found, f"row {number} not in the sheet"
    return found.group(0)


def test_an_archive_of_fifteen_columns_gains_the_delivery_headings_and_keeps_what_staff_typed(tmp_path: Path) -> None:
    as_of = date.today() - timedelta(days=40)
    book = team_book(tmp_path, as_of)
    wb = openpyxl.load_workbook(book)
    old = wb.create_sheet(ARCHIVE)
    old.append(list(ARCHIVE_HEADER[:15]))  # as written before the delivery columns
    key = f"HT1|首付款|{days(-5, base=as_of).isoformat()}|100000|letter|1"
    old.append([None, as_of - timedelta(days=1), "HT1", "张三", "催款信", "letter", 1, 100000, 0, "x.docx", "0", "",
                key, "HT1-1", None, "EMS", "1180000000001", as_of, None])  # fmt: skip  # staff typed P..S
    wb.save(book)
    before = row_xml(sheet_xml(book, ARCHIVE), 2)
    code, _, err = letters(book, as_of)
    assert code == 0, err
    sheet = openpyxl.load_workbook(book)[ARCHIVE]
    assert [c.value for c in sheet[1]] == list(ARCHIVE_HEADER) and list(ARCHIVE_HEADER[-4:]) == DELIVERY
    assert row_xml(sheet_xml(book, ARCHIVE), 2) == before
    (new,) = [dict(zip(ARCHIVE_HEADER, (c.value for c in row), strict=False)) for row in sheet.iter_rows(min_row=3)]
    assert new["合同编号"] == "HT2" and all(new.get(name) is None for name in DELIVERY)


def test_delivery_cells_staff_filled_stay_byte_identical_after_another_run(tmp_path: Path) -> None:
    as_of = date.today() - timedelta(days=40)
    book = team_book(tmp_path, as_of)
    assert list(ARCHIVE_HEADER[-4:]) == DELIVERY
    assert letters(book, as_of)[0] == 0
    wb = openpyxl.load_workbook(book)
    archive = wb[ARCHIVE]
    assert [c.value for c in archive[1]] == list(ARCHIVE_HEADER)
    for row, values in ((2, ("顺丰", "SF1234567890", as_of + timedelta(days=2), None)),
                        (3, ("挂号信", "XA00112233", None, as_of + timedelta(days=6)))):  # fmt: skip
        for offset, value in enumerate(values):
            archive.cell(row, len(ARCHIVE_HEADER) - 3 + offset, value)
    wb.save(book)
    before = [row_xml(sheet_xml(book, ARCHIVE), n) for n in (1, 2, 3)]
    later = as_of + timedelta(days=20)
    code, _, err = letters(book, later)
    assert code == 0, err
    after = sheet_xml(book, ARCHIVE)
    assert [row_xml(after, n) for n in (1, 2, 3)] == before
    assert '<row r="4"' in after  # the second run's letters were archived below


def test_a_column_of_her_own_where_a_delivery_column_goes_is_left_alone_and_not_read_as_it(tmp_path: Path) -> None:
    as_of = date.today() - timedelta(days=40)
    book = team_book(tmp_path, as_of)
    wb = openpyxl.load_workbook(book)
    wb.create_sheet(ARCHIVE).append([*ARCHIVE_HEADER[:15], "备注"])
    wb.save(book)
    code, _, err = letters(book, as_of)  # with a --backdate reason: 倒签原因's column is hers to keep, not this one
    assert code == 0, err
    header = [c.value for c in openpyxl.load_workbook(book)[ARCHIVE][1]]
    assert header == [*ARCHIVE_HEADER[:15], "备注", *DELIVERY[1:]]
    assert archive_columns(header)["sent_by"] > len(header)  # 备注 is not read as 寄送方式


def test_letters_made_three_days_ago_and_not_marked_as_sent_are_listed_by_the_next_run(tmp_path: Path) -> None:
    from dunning.excel.button import summary_text
    from dunning.jobs import RunOptions
    from dunning.jobs import letters as run_letters

    as_of = date.today() - timedelta(days=40)
    book = team_book(tmp_path, as_of)
    assert letters(book, as_of)[0] == 0
    wb = openpyxl.load_workbook(book)
    wb[ARCHIVE].cell(2, ARCHIVE_HEADER.index("快递单号") + 1, "SF1234567890")  # HT1's went out; HT2's not recorded
    wb.save(book)
    code, out, err = letters(book, as_of + timedelta(days=2))
    assert code == 0 and "未登记寄送" not in out, err  # two days: not yet
    code, out, err = letters(book, as_of + timedelta(days=3))
    assert code == 0, err
    assert f"已生成3天以上仍未登记寄送：HT2 催款信（{as_of.isoformat()}）" in out and "HT1 催款信" not in out
    result = run_letters(book, RunOptions(as_of=as_of + timedelta(days=3), dry_run=True))
    assert f"已生成3天以上仍未登记寄送：HT2 催款信（{as_of.isoformat()}）" in summary_text(result)


def test_which_letters_are_not_marked_as_sent() -> None:
    from dunning.core.delivery import not_marked_sent

    day = date(2026, 11, 20)
    rows: list[list[object]] = [list(ARCHIVE_HEADER)]
    for contract, sent_by, tracking, made in (("HT1", None, None, day), ("HT2", "当面递交", None, day),
                                              ("HT3", None, 1180000000001, day), ("HT4", " ", "", day),
                                              ("HT5", None, None, day + timedelta(days=1))):  # fmt: skip
        rows.append([None, made, contract, "某", "催款信", "letter", 1, 1, 0, "f", "0", "", "k", "", None,
                     sent_by, tracking, None, None])  # fmt: skip
    assert not_marked_sent(rows, as_of=day + timedelta(days=3)) == [
        "HT1 催款信（2026-11-20）",
        "HT4 催款信（2026-11-20）",
    ]
    assert not_marked_sent(rows[:1], as_of=day) == [] and not_marked_sent(None, as_of=day) == []
    old = [row[:15] for row in rows]  # an archive of 15 columns: nothing recorded as sent
    assert len(not_marked_sent(old, as_of=day + timedelta(days=4))) == 5
    assert len(not_marked_sent(old, as_of=day + timedelta(days=31))) == 1  # a month on: history, not a follow-up
