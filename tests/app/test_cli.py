"""The command line: JSON shape, exit codes and one-line errors, refresh read back with openpyxl."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app

from conftest import AS_OF, days, write_workbook

runner = CliRunner()
KEYS = {"sheet_row", "contract_no", "customer", "stage", "stage_label", "letter_no", "days_overdue", "outstanding",
        "late_fee", "next_action", "owner", "action_due", "late", "why", "problems"}  # fmt: skip


@pytest.fixture
def team(tmp_path: Path) -> Path:
    rows = [
        ["1-101", "HT001", "张三", "首付款", 100000, 0, days(-47), "李娜", 2, days(-5)],
        ["1-102", "HT002", "李四", "首付款", "12.5万", None, "2026/13/45", "李娜"],
        ["1-103", "HT003", "王五", "尾款", "¥1,234.50", "1234.5", days(-5), "王强"],
        [None],
        ["1-104", '=HYPERLINK("x")', "赵六", "分期款", 50000, 0, days(2), "王强"],
        ["合计", None, None, None, 99999],
    ]
    return write_workbook(tmp_path / "team.xlsx", rows, above=[["锦绣华府 合同执行情况表"], ["制表：销售部"]])


def board_json(path: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["board", str(path), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_board_json_shape_and_values(team: Path) -> None:
    rows = board_json(team, "--as-of", AS_OF.isoformat())
    assert [r["sheet_row"] for r in rows] == [4, 5, 6, 8]
    for row in rows:
        assert KEYS <= set(row)
        assert isinstance(row["problems"], list) and isinstance(row["late"], bool)
    first = rows[0]
    assert first == first | {"contract_no": "HT001", "stage": "letter", "stage_label": "催款信", "letter_no": 3,
                             "days_overdue": 47, "outstanding": "100000.00", "late_fee": "2350.00",
                             "owner": "手续办理专员", "action_due": "2026-11-22", "late": False}  # fmt: skip
    assert rows[1]["stage"] == "invalid" and rows[1]["problems"] == ['约定付款日期: 无法识别 "2026/13/45"']
    assert rows[2]["stage"] == "settled" and rows[2]["outstanding"] == "0.00"
    assert rows[3]["contract_no"] == '=HYPERLINK("x")' and rows[3]["stage"] == "reminder"


def test_excel_error_in_a_required_cell_is_named(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "e.xlsx", [["1", "HT1", "张三", "定金", "#N/A", 0, days(1)],
                                                ["2", "HT2", "李四", "定金", 5, 0, "#VALUE!"],
                                                ["3", "HT3", "王五", "定金", None, 0, days(1)]])  # fmt: skip
    rows = board_json(path)
    assert [r["problems"] for r in rows] == [['应收金额: Excel 错误 "#N/A"'], ['约定付款日期: Excel 错误 "#VALUE!"'],
                                             ["应收金额: 缺少必填值"]]  # fmt: skip
    assert rows[0]["why"] == '数据有误：应收金额: Excel 错误 "#N/A"'


def test_as_of_moves_the_board(team: Path) -> None:
    later = board_json(team, "--as-of", "2026-11-23")
    assert later[3]["stage"] == "letter" and later[3]["days_overdue"] == 1


def test_graded_preset_from_the_command_line(team: Path) -> None:
    assert board_json(team, "--as-of", AS_OF.isoformat(), "--rules", "阶梯催收")[0]["stage"] == "letter_3"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.xlsx", "找不到文件"),
        (lambda p: (p / "notes.xlsx").write_text("not a workbook") and p / "notes.xlsx", "不是可读取的 Excel 工作簿"),
        (lambda p: write_workbook(p / "x.xlsx", [[1, 2]], header=("甲", "乙")), "没有可识别的表头"),
    ],
)  # fmt: skip
def test_unreadable_files_give_one_line_and_exit_2(tmp_path: Path, make, message: str) -> None:  # noqa: ANN001
    result = runner.invoke(app, ["board", str(make(tmp_path)), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_bad_rules_sheet_exits_2_naming_the_row(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "r.xlsx", [["1", "HT1", "张三", "定金", 1, 0, days(1)]],
                          rules=[["参数", "值"], ["催款信间隔天数", "七天"]])  # fmt: skip
    result = runner.invoke(app, ["board", str(path)])
    assert result.exit_code == 2
    assert '催款规则 第2行 催款信间隔天数 "七天"' in result.stderr


def test_refresh_writes_the_board_sheet(team: Path) -> None:
    before = openpyxl.load_workbook(team)["合同执行情况"]
    typed = [[c.value for c in row] for row in before.iter_rows()]
    result = runner.invoke(app, ["refresh", str(team), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(team)
    assert wb.sheetnames == ["合同执行情况", "催款看板", "今日待办", "催款规则", "跟进记录"]  # the log added empty
    assert [[c.value for c in row] for row in wb["合同执行情况"].iter_rows()] == typed  # typed cells untouched
    ws = wb["催款看板"]
    headline = overview(ws)
    assert headline["基准日"].date() == AS_OF
    assert Decimal(str(headline["未结清欠款"])) == Decimal("150000")
    assert headline["数据行"] == 4 and headline["数据有误行"] == 1
    header = [c.value for c in ws[5]][:17]
    assert header[:4] == ["原表行", "合同编号", "客户姓名", "催款阶段"]
    first = [c.value for c in ws[6]][:17]
    assert first[3] == "数据有误"  # rows to fix come before the day's work
    injected = next(row for row in ws.iter_rows(min_row=6) if row[1].value == '=HYPERLINK("x")')
    assert injected[1].data_type == "s"
    assert ws.freeze_panes == "D6"
    assert "未结清欠款 ¥150,000.00" in ws["A2"].value
    assert len(ws._charts) == 1
    assert list((team.parent / ".dunning-backup").glob("team.*.xlsx"))


def overview(ws) -> dict[object, object]:  # noqa: ANN001
    """The 总览 table of the board sheet: label → value, as written."""
    title = next(c for row in ws.iter_rows() for c in row if c.value == "总览")
    pairs = {}
    for row in range(title.row + 2, ws.max_row + 1):
        label = ws.cell(row=row, column=title.column).value
        if label is None:
            break
        pairs[label] = ws.cell(row=row, column=title.column + 1).value
    return pairs


def test_refresh_twice_keeps_one_board_sheet(team: Path) -> None:
    for _ in range(2):
        assert runner.invoke(app, ["refresh", str(team), "--as-of", AS_OF.isoformat()]).exit_code == 0
    assert openpyxl.load_workbook(team).sheetnames == ["合同执行情况", "催款看板", "今日待办", "催款规则", "跟进记录"]


def test_refresh_refuses_while_excel_holds_the_file(team: Path) -> None:
    (team.parent / ("~$" + team.name)).write_bytes(b"owner")
    result = runner.invoke(app, ["refresh", str(team)])
    assert result.exit_code == 2 and "正在被 Excel 打开" in result.stderr


def test_bad_as_of_is_one_line(team: Path) -> None:
    result = runner.invoke(app, ["board", str(team), "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "--as-of 应为 YYYY-MM-DD" in result.stderr


def test_as_of_defaults_to_the_rules_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "r.xlsx", [["1", "HT1", "张三", "定金", 1, 0, date(2026, 11, 21)]],
                          rules=[["参数", "值"], ["基准日", AS_OF]])  # fmt: skip
    assert board_json(path)[0]["days_overdue"] == -1


@pytest.mark.parametrize("items", [[], [{"a": 1, "b": [1, 2], "c": "中"}], [{"a": 1}, {"b": {"x": None}, "c": []}]])
def test_the_board_json_is_one_array_one_object_per_line(items: list[dict[str, object]],
                                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from dunning.cli_base import write_json_array

    encode = json.JSONEncoder(ensure_ascii=False).encode
    write_json_array(iter([[], [encode(item) for item in items[:1]], [], [encode(item) for item in items[1:]]]))
    out = capsys.readouterr().out
    assert json.loads(out) == items and len(out.splitlines()) == (1 if not items else len(items) + 2)
