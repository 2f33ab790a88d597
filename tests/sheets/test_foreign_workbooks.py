"""Workbooks made by other producers (xlsxwriter here), kept as teams keep them: the reader reads them,
never with an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from dunning.cli import app

runner = CliRunner()


def _xlsxwriter_book(path: Path) -> Path:
    """A blank 序号 on a row, a row missing its amount, an #N/A amount with its cached error value."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("合同执行情况")
    ws.write_row(0, 0, ["序号", "合同编号", "客户姓名", "应收金额", "约定付款日期"])
    ws.write_row(1, 0, [1, "HT-1", "张三", 1000, "2026-11-01"])
    ws.write_row(2, 1, ["HT-2", "李四", None, "2026-11-01"])  # 序号 left blank: A3 does not exist in the file
    ws.write_row(3, 0, [3, "HT-3", "王五"])
    ws.write_formula(3, 3, "=NA()", None, "#N/A")
    ws.write(3, 4, "2026-11-30")
    wb.close()
    return path


@pytest.mark.parametrize("command", ["board", "refresh"])
def test_blank_first_column_and_missing_value_do_not_crash(tmp_path: Path, command: str) -> None:
    book = _xlsxwriter_book(tmp_path / "xw.xlsx")
    args = [command, str(book), "--as-of", "2026-11-24"] + (["--json"] if command == "board" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    if command == "board":
        rows = {r["sheet_row"]: r for r in json.loads(result.stdout)}
        assert rows[2]["stage"] == "letter"
        assert rows[3]["problems"] == ["应收金额: 缺少必填值"]
        assert rows[4]["problems"] == ['应收金额: Excel 错误 "#N/A"']
