"""The level of a row's last letter comes from 函件归档 when the archive holds it, not from dates: under
the graded ladder a first letter sent late (on day 35, when the second level had begun) is still the first
letter, so the second is due next — the dates alone would say the second went out."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl

from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.jobs import RunOptions, board_of, letters
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, COMPANY, write_workbook

DUE = AS_OF - timedelta(days=36)


def _book(tmp_path: Path, *, archived: str | None) -> Path:
    rows = [["1-101", "HT1", "张三", "首付款", 100000, 0, DUE, "王磊", 1, DUE + timedelta(days=35)]]
    book = write_workbook(tmp_path / "b.xlsx", rows, rules=[["参数", "值"], ["预设", "阶梯催收"], *COMPANY])
    if archived is not None:
        wb = openpyxl.load_workbook(book)
        ws = wb.create_sheet("函件归档")
        ws.append(list(ARCHIVE_HEADER))
        row: list[object] = [None] * len(ARCHIVE_HEADER)
        row[ARCHIVE_HEADER.index("幂等键")] = archived
        ws.append(row)
        wb.save(book)
    return book


def test_the_archived_level_decides_what_comes_next(tmp_path: Path) -> None:
    key = f"HT1|首付款|{DUE.isoformat()}|letter_1|1"
    (d,) = board_of(read_values(_book(tmp_path, archived=key)), RunOptions(as_of=AS_OF)).decisions
    assert (d.stage, d.letter_due, d.letter_no) == ("letter_2", True, 2)


def test_without_the_archive_the_dates_decide(tmp_path: Path) -> None:
    (d,) = board_of(read_values(_book(tmp_path, archived=None)), RunOptions(as_of=AS_OF)).decisions
    assert (d.stage, d.letter_due, d.next_action) == ("letter_2", False, "等待下一级催收")


def test_an_archived_code_the_ladder_no_longer_has_falls_back_to_the_dates(tmp_path: Path) -> None:
    key = f"HT1|首付款|{DUE.isoformat()}|old_level|1"
    (d,) = board_of(read_values(_book(tmp_path, archived=key)), RunOptions(as_of=AS_OF)).decisions
    assert (d.stage, d.letter_due) == ("letter_2", False)


def test_when_the_tracking_cells_are_cleared_the_archive_is_the_record(tmp_path: Path) -> None:
    """Letters 1 (18 Nov) and 2 (25 Nov) are archived; then someone clears 已发催款信次数 and 最近催款信日期.
    The board counts from the archive (letter 3 due on 2 December, nothing late), names the disagreement
    so the cells can be restored, and the letters job agrees with it: letter 3 on 2 December, not a
    first letter again, and the cells restored."""
    due = date(2026, 11, 17)
    book = write_workbook(tmp_path / "b.xlsx", [["1-101", "HT1", "张三", "首付款", 100000, 0, due, "王磊"]])
    for number, day in enumerate((date(2026, 11, 18), date(2026, 11, 25)), start=1):
        assert [
            m.letter.letter_no for m in letters(book, RunOptions(as_of=day, future=True, backdate=BACKDATE)).made
        ] == [number]
    wb = openpyxl.load_workbook(book)
    ws = wb["合同执行情况"]
    assert (ws["I2"].value, ws["J2"].value.date()) == (2, date(2026, 11, 25))
    ws["I2"], ws["J2"] = None, None
    wb.save(book)

    (d,) = board_of(read_values(book), RunOptions(as_of=date(2026, 11, 26))).decisions
    assert (d.stage, d.letter_no, d.letter_due, d.action_due, d.late) == ("letter", 3, False, date(2026, 12, 2), False)
    assert d.problems == (
        "已发催款信次数: 本行记0封、最近催款信日期为空，函件归档记有2封（最近一封2026-11-25）："
        "已按归档计算，请把 已发催款信次数 改为2、最近催款信日期 改为2026-11-25",
    )
    quiet = letters(book, RunOptions(as_of=date(2026, 11, 26), future=True, backdate=BACKDATE))
    assert (quiet.made, quiet.plan.skipped) == ([], [])
    assert [
        m.letter.letter_no
        for m in letters(book, RunOptions(as_of=date(2026, 12, 2), future=True, backdate=BACKDATE)).made
    ] == [3]
    ws = openpyxl.load_workbook(book)["合同执行情况"]
    assert (ws["I2"].value, ws["J2"].value.date()) == (3, date(2026, 12, 2))


def test_a_lawyers_letter_the_archive_holds_and_the_row_does_not_is_named(tmp_path: Path) -> None:
    due = AS_OF - timedelta(days=100)
    rows = [["1-101", "HT1", "张三", "尾款", 60000, 0, due, "王磊", 3, AS_OF - timedelta(days=40), "刘总"]]
    book = write_workbook(tmp_path / "b.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("函件归档")
    ws.append(list(ARCHIVE_HEADER))
    made = [None] * len(ARCHIVE_HEADER)
    made[ARCHIVE_HEADER.index("基准日")] = date(2026, 11, 10)
    made[ARCHIVE_HEADER.index("幂等键")] = f"HT1|尾款|{due.isoformat()}|60000|lawyer_letter|0"
    ws.append(made)
    wb.save(book)
    (d,) = board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions
    assert d.problems == ("律师函寄出日期: 为空，函件归档记有2026-11-10生成的律师函：已寄出的请补填寄出日期",)
