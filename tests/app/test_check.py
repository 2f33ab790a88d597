"""`dunning check` and the header a team writes itself: her column names are understood, each column
is said to be read or left alone, a missing field points at the column that looks like it."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

import workbook_gen as gen
from dunning.cli import app
from dunning.core.errors import WorkbookError
from dunning.core.fields import FIELDS, header_key
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

TEAM_HEADER = ["序号", "房间号", "合同号", "业主姓名", "款项名称", "应收款", "应收日期", "已付款", "未收金额", "销售顾问",
               "电话", "手机", "联系地址", "备注"]  # fmt: skip
AS_OF = date(2026, 11, 20)


def team_book(path: Path, header: list[str] = TEAM_HEADER, *, outstanding: object = "=F4-H4") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年合同执行情况"
    sheet.append(["锦绣华府项目 合同执行情况表"])
    sheet.append(["制表：销售部", None, None, None, None, None, None, None, None, None, None, None, None, "单位：元"])
    sheet.append(header)
    sheet.append([1, "3-1502", "HT-001", "张三", "首付款", 300000, date(2026, 10, 1), 100000, outstanding, "李娜",
                  "13800000001", "13900000001", "杭州市西湖区文三路1号", "客户称下周付"])  # fmt: skip
    sheet.append([2, "3-1503", "HT-002", "李四", "分期款", 50000, date(2026, 12, 10), 0, 50000, "李娜", "", "", "", ""])
    book.save(path)
    return path


def test_a_team_header_is_read_field_by_field(tmp_path: Path) -> None:
    board = board_of(read_values(team_book(tmp_path / "台账.xlsx", outstanding=200000)), RunOptions(as_of=AS_OF))
    first = board.decisions[0]
    assert first.inst.payment_kind == "首付款"  # 款项名称: was ignored, every letter showed "—"
    assert first.inst.customer == "张三" and first.inst.unit == "3-1502"
    assert first.outstanding == 200000 and first.stage != "invalid"
    assert first.inst.phone == "13800000001"  # 电话 read; the second phone column (手机) left alone, not refused


def test_her_own_outstanding_is_checked_never_used(tmp_path: Path) -> None:
    board = board_of(read_values(team_book(tmp_path / "台账.xlsx", outstanding="180,000")), RunOptions(as_of=AS_OF))
    first = board.decisions[0]
    assert first.outstanding == 200000  # 应收 − 已收, not her 180,000
    assert any("未收金额" in p and "200000.00" in p and "不一致" in p for p in first.problems)


def test_check_names_each_column_and_field(tmp_path: Path) -> None:
    book = team_book(tmp_path / "台账.xlsx", outstanding=200000)
    result = CliRunner().invoke(app, ["check", str(book), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sheet"] == "2026年合同执行情况" and report["header_row"] == 3 and report["ok"]
    read_as = {c["header"]: c["field"] for c in report["columns"]}
    assert (
        read_as["应收日期"] == "约定付款日期" and read_as["款项名称"] == "款项类型" and read_as["已付款"] == "已收金额"
    )
    assert read_as["序号"] == "" and read_as["手机"] == ""
    notes = {c["header"]: c["note"] for c in report["columns"]}
    assert "与K列同为联系电话" in notes["手机"]
    fields = {f["name"]: f for f in report["fields"]}
    assert fields["约定付款日期"]["column"] == "G" and fields["律师函审批人"]["found"] is False


def test_a_missing_field_points_at_the_column_that_looks_like_it(tmp_path: Path) -> None:
    header = [*TEAM_HEADER]
    header[6] = "应收账款日"  # not a name we take
    book = team_book(tmp_path / "台账.xlsx", header)
    result = CliRunner().invoke(app, ["check", str(book), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["problems"] == ["缺少必填列 约定付款日期（G列「应收账款日」是否就是它？）"]
    with pytest.raises(WorkbookError, match=r"约定付款日期（可写作 .*应付日期.*G列「应收账款日」是否就是它"):
        board_of(read_values(book), RunOptions(as_of=AS_OF))


def test_check_prints_a_table_in_chinese(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(team_book(tmp_path / "台账.xlsx"))])
    assert result.exit_code == 0, result.output
    assert "第3行是表头" in result.output and "必填列齐全" in result.output


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.key)
def test_every_alias_heads_its_field(tmp_path: Path, field: object) -> None:
    """Each alias alone, in place of the canonical name, is read as its field (no alias shadows another)."""
    from dunning.core.fields import NAME_TO_KEY

    for name in (field.name, *field.aliases):  # type: ignore[attr-defined]
        assert NAME_TO_KEY[header_key(name)] == field.key, name  # type: ignore[attr-defined]


def test_check_on_a_workbook_with_no_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["随便", "写写"])
    book.save(tmp_path / "x.xlsx")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "x.xlsx"), "--json"])
    assert result.exit_code == 1 and "没有可识别的表头" in json.loads(result.output)["problems"][0]


@pytest.mark.skipif(sys.platform == "win32", reason="installs for real on Windows")
def test_install_addin_elsewhere_fails_having_installed_nothing() -> None:
    result = CliRunner().invoke(app, ["install-addin"])
    assert result.exit_code == 1  # was 0: a setup script went on as if the add-in were there


@pytest.mark.parametrize("command", [[], ["board"], ["letters"], ["check"], ["templates"], ["templates", "check"]])
def test_help_is_all_chinese(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "显示本说明并退出" in result.output
    assert "Show this message" not in result.output  # was click's English beside the Chinese


def test_check_on_the_sample_reads_every_column_it_needs() -> None:
    from dunning.jobs import check_file

    report = check_file(Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx")
    assert report.ok and report.sheet == "合同执行情况" and report.row == 3
    assert {f.key for f in report.fields if f.found} >= {"contract_no", "customer", "amount_due", "due_date",
                                                        "payment_kind", "amount_paid", "letters_sent"}  # fmt: skip


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=gen.books())
def test_check_on_generated_workbooks_names_each_column_as_it_was_headed(tmp_path: Path, spec: gen.BookSpec) -> None:
    """A team's headings (drawn from the names teams use, with units, stars and line breaks): each is read
    as the field it was written for; the columns that are not ours are left alone."""
    from dunning.jobs import check_file

    report = check_file(gen.write_book(spec, tmp_path / "gen.xlsx"))
    assert report.ok and report.row == spec.header_row
    read_as = [c.key for c in report.columns]
    assert read_as == [key if key not in gen.FOREIGN else "" for key, _ in spec.columns]


def test_check_reports_the_sheet_the_board_reads(tmp_path: Path) -> None:
    """Two sheets with a whole header: the board reads the first; the check must speak of that one, not of
    the one with more columns."""
    from dunning.jobs import RunOptions, check_file

    book = openpyxl.Workbook()
    first = book.active
    first.title = "一期"
    first.append(["合同编号", "客户姓名", "应收金额", "约定付款日期"])
    first.append(["HT-1", "张三", 1000, AS_OF])
    second = book.create_sheet("二期")
    second.append(["合同编号", "客户姓名", "应收金额", "约定付款日期", "已收金额", "房号", "置业顾问"])
    second.append(["HT-2", "李四", 1000, AS_OF, 0, "1-101", "王磊"])
    book.save(tmp_path / "两期.xlsx")
    assert board_of(read_values(tmp_path / "两期.xlsx"), RunOptions(as_of=AS_OF)).sheet == "一期"
    assert check_file(tmp_path / "两期.xlsx").sheet == "一期"
