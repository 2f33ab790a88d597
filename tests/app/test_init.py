"""`dunning init` adds the rules sheet without touching anything else; letters are refused while the
rules name no company (no more letters headed by a placeholder company)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.rules_sheet import load_rules
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()


def test_letters_are_refused_without_a_company_and_init_says_what_to_fill(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "台账.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], company=False)
    refused = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert refused.exit_code == 2 and "没有公司名称" in refused.stderr and "dunning init 台账.xlsx" in refused.stderr
    assert not (tmp_path / "催款函").exists()
    dry = runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--dry-run"])
    assert (dry.exit_code, dry.stderr) == (2, refused.stderr)  # a dry run meets the same refusal (issue 20)

    with zipfile.ZipFile(book) as before:
        parts = {n: before.read(n) for n in before.namelist()}
    added = runner.invoke(app, ["init", str(book)])
    assert added.exit_code == 0 and "请填写 公司名称" in added.stdout
    package = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    with zipfile.ZipFile(book) as after:
        for name, data in parts.items():
            assert name in package or after.read(name) == data, name
    rules = load_rules(read_values(book).sheets["催款规则"])
    assert rules.params.company_name == "" and [level.code for level in rules.levels] == ["reminder", "letter",
                                                                                          "lawyer_letter"]  # fmt: skip
    again = runner.invoke(app, ["init", str(book)])
    assert again.exit_code == 0 and "已有「催款规则」" in again.stdout

    wb = openpyxl.load_workbook(book)
    ws = wb["催款规则"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "公司名称")
    ws.cell(row, 2, "锦绣华府置业有限公司")
    wb.save(book)
    made = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert made.exit_code == 0, made.output
    assert list((tmp_path / "催款函").rglob("HT1_*.docx"))


def test_init_adds_the_collectors_log_with_its_header_and_note_and_the_board_reads_it(tmp_path: Path) -> None:
    from dunning.core.follow_up import HEADER, NOTE
    from dunning.jobs import RunOptions, board_of

    book = write_workbook(tmp_path / "台账.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-10)]])  # has 催款规则
    added = runner.invoke(app, ["init", str(book)])
    assert added.exit_code == 0 and "已有「催款规则」" in added.stdout and "已添加「跟进记录」" in added.stdout
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["合同执行情况", "催款规则", "跟进记录"]
    ws = wb["跟进记录"]
    assert ws.cell(1, 1).value == NOTE and [c.value for c in ws[2]] == list(HEADER) and ws.max_row == 2
    ws.append([days(-1), "HT1", None, "电话", "有异议", None, None, "李娜"])
    wb.save(book)
    (row,) = board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions
    assert row.stage == "disputed"
    again = runner.invoke(app, ["init", str(book)])
    assert "跟进记录" not in again.stdout and openpyxl.load_workbook(book)["跟进记录"].max_row == 3
