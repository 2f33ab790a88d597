"""The level of a row's last letter comes from 函件归档 when the archive holds it, not from dates: under
the graded ladder a first letter sent late (on day 35, when the second level had begun) is still the first
letter, so the second is due next — the dates alone would say the second went out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl

from dunning.jobs import load_board
from dunning.sheets.archive import ARCHIVE_HEADER

from conftest import AS_OF, COMPANY, write_workbook

DUE = AS_OF - timedelta(days=36)


def _book(tmp_path: Path, *, archived: str | None) -> Path:
    rows = [["1-101", "HT1", "张三", "首付款", 100000, 0, DUE, "王磊", 1, DUE + timedelta(days=35)]]
    book = write_workbook(tmp_path / "b.xlsx", rows, rules=[["参数", "值"], ["预设", "阶梯催收"], *COMPANY])
    if archived is not None:
        wb = openpyxl.load_workbook(book)
        ws = wb.create_sheet("函件归档")
        ws.append(list(ARCHIVE_HEADER))
        ws.append([None] * (len(ARCHIVE_HEADER) - 1) + [archived])
        wb.save(book)
    return book


def test_the_archived_level_decides_what_comes_next(tmp_path: Path) -> None:
    key = f"HT1|首付款|{DUE.isoformat()}|letter_1|1"
    (d,) = load_board(_book(tmp_path, archived=key), as_of=AS_OF).decisions
    assert (d.stage, d.letter_due, d.letter_no) == ("letter_2", True, 2)


def test_without_the_archive_the_dates_decide(tmp_path: Path) -> None:
    (d,) = load_board(_book(tmp_path, archived=None), as_of=AS_OF).decisions
    assert (d.stage, d.letter_due, d.next_action) == ("letter_2", False, "等待下一级催收")


def test_an_archived_code_the_ladder_no_longer_has_falls_back_to_the_dates(tmp_path: Path) -> None:
    key = f"HT1|首付款|{DUE.isoformat()}|old_level|1"
    (d,) = load_board(_book(tmp_path, archived=key), as_of=AS_OF).decisions
    assert (d.stage, d.letter_due) == ("letter_2", False)
