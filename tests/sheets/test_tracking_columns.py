"""The tracking columns the letters job adds go at the right of the table and after any merged cell
reaching the header row or the rows below it: a 备注 header merged across three columns would hide a
tracking column put under it (Excel shows only a merge's first cell)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from dunning.jobs import RunOptions, letters

from conftest import BACKDATE, COMPANY

HEADER = ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "备注")


def _book(path: Path, *, merge: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "合同执行情况"
    ws.append(list(HEADER))
    ws.append(["1-101", "HT1", "张三", "首付款", 100000, 0, date(2026, 11, 17), "老客户"])
    ws.merge_cells(merge)
    rules = wb.create_sheet("催款规则")
    for line in (["参数", "值"], *COMPANY):
        rules.append(list(line))
    wb.save(path)
    return path


def _tracking_header(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["合同执行情况"]
    return {cell.coordinate: cell.value for cell in ws[1] if cell.value and cell.column > len(HEADER)}


def test_tracking_columns_go_after_a_merged_header(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", merge="H1:J1")  # 备注 over H, I and J
    assert len(letters(book, RunOptions(as_of=date(2026, 11, 18), backdate=BACKDATE)).made) == 1
    added = _tracking_header(book)
    assert next(iter(added)) == "K1"
    assert added["K1"] == "已发催款信次数"
    ws = openpyxl.load_workbook(book)["合同执行情况"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["H1:J1"]
    assert (ws["K2"].value, ws["L2"].value.date()) == (1, date(2026, 11, 18))


def test_tracking_columns_go_after_merged_notes_below_the_header(tmp_path: Path) -> None:
    book = _book(tmp_path / "b.xlsx", merge="H2:I2")  # a row's 备注 spread over two columns
    letters(book, RunOptions(as_of=date(2026, 11, 18), backdate=BACKDATE))
    assert next(iter(_tracking_header(book))) == "J1"
