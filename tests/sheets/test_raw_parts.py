"""Workbooks another program wrote by hand: cells and rows without `r` attributes, the workbook part
away from xl/workbook.xml, an Excel 4 macro sheet. A formula saved without its result is found however
its cell is written, so a 已收金额 that cannot be read never asks a customer who paid for the money."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values
from raw_package import HEADER, MACROSHEET, WORKSHEET, row, text_cell, worksheet, write_package

AS_OF = date(2026, 11, 20)
DUE = (date(2026, 10, 1) - date(1899, 12, 30)).days  # 2026-10-01 as Excel's serial number
RULES = worksheet(
    row([text_cell("参数"), text_cell("值")], 1) + row([text_cell("公司名称"), text_cell("锦绣华府置业有限公司")], 2)
)
runner = CliRunner()


def team_rows(*, with_refs: bool) -> str:
    """The header and two customers; 张三's 已收金额 a formula saved without its result."""

    def ref(column: str, number: int) -> str:
        return f"{column}{number}" if with_refs else ""

    def number(value: str, column: str, at: int, *, formula: bool = False) -> str:
        where = f' r="{ref(column, at)}"' if with_refs else ""
        return f"<c{where}><f>SUM(Z1:Z9)</f></c>" if formula else f"<c{where}><v>{value}</v></c>"

    header = row([text_cell(h, ref("ABCDEF"[i], 1)) for i, h in enumerate(HEADER)], 1 if with_refs else None)
    lines = [header]
    for at, (contract, customer, formula) in enumerate([("HT-1", "张三", True), ("HT-2", "李四", False)], 2):
        cells = [text_cell(contract, ref("A", at)), text_cell(customer, ref("B", at)), text_cell("首付款", ref("C", at)),
                 number("100000", "D", at), number("0", "E", at, formula=formula), number(str(DUE), "F", at)]  # fmt: skip
        lines.append(row(cells, at if with_refs else None))
    return "".join(lines)


def team_book(path: Path, *, with_refs: bool = False, workbook: str = "xl/workbook.xml") -> Path:
    folder = workbook.rsplit("/", 1)[0]
    return write_package(path, [("合同执行情况", f"{folder}/sheets/team.xml", WORKSHEET, worksheet(team_rows(with_refs=with_refs))),
                                ("催款规则", f"{folder}/sheets/rules.xml", WORKSHEET, RULES)], workbook=workbook)  # fmt: skip


@pytest.mark.parametrize(("with_refs", "workbook"), [
    (True, "xl/workbook.xml"),  # the case that always worked: the guard itself
    (False, "xl/workbook.xml"),  # cells and rows written without r
    (True, "wb/workbook.xml"),  # the workbook part found through _rels/.rels
    (False, "wb/workbook.xml"),
])  # fmt: skip
def test_a_paid_amount_saved_without_its_result_is_never_demanded(
    tmp_path: Path, with_refs: bool, workbook: str
) -> None:
    path = team_book(tmp_path / "台账.xlsx", with_refs=with_refs, workbook=workbook)
    zhang, li = board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions
    assert (zhang.inst.contract_no, zhang.stage) == ("HT-1", "invalid")
    assert zhang.problems == ('已收金额: 公式没有计算结果：请在 Excel 中打开并保存一次 "E2 的公式"',)
    assert (li.inst.contract_no, li.stage, li.outstanding) == ("HT-2", "letter", 100000)
    command = ["letters", str(path), "--as-of", AS_OF.isoformat(), "--dry-run", "--json", "--no-prior-letters"]
    result = runner.invoke(app, command)  # a first run: no letter sent before
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [p["contract_no"] for p in plan["planned"]] == ["HT-2"]
    assert [s["contract_no"] for s in plan["skipped"]] == ["HT-1"]


def test_an_excel_error_in_a_cell_without_r_is_named(tmp_path: Path) -> None:
    rows = row([text_cell(h) for h in HEADER]) + row(
        [
            text_cell("HT-1"),
            text_cell("张三"),
            text_cell("首付款"),
            '<c t="e"><f>NA()</f><v>#N/A</v></c>',
            "<c><v>0</v></c>",
            f"<c><v>{DUE}</v></c>",
        ]  # fmt: skip
    )
    path = write_package(
        tmp_path / "e.xlsx", [("合同执行情况", "xl/worksheets/sheet1.xml", WORKSHEET, worksheet(rows))]
    )
    (decision,) = board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions
    assert decision.problems == ('应收金额: Excel 错误 "#N/A"',)


def test_a_macro_sheet_is_read_past(tmp_path: Path) -> None:
    macro = ('<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
             '<row r="1"><c r="A1"><f>HALT()</f><v>1</v></c></row></sheetData></xm:macrosheet>')  # fmt: skip
    path = write_package(tmp_path / "m.xlsm", [
        ("合同执行情况", "xl/worksheets/sheet1.xml", WORKSHEET, worksheet(team_rows(with_refs=True))),
        ("Macro1", "xl/macrosheets/sheet1.xml", MACROSHEET, macro),
    ])  # fmt: skip
    assert set(read_values(path).sheets) == {"合同执行情况"}
    assert [d.inst.contract_no for d in board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions] == [
        "HT-1",
        "HT-2",
    ]
