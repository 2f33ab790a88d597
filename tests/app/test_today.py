"""`dunning today`: each person's work on the as-of date, from a real workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app

from conftest import AS_OF, HEADER, days, write_workbook
from letters_helpers import archived_letter

runner = CliRunner()
COLUMNS = (*HEADER, "联系电话")
BLANK = (None,) * 5  # 已发催款信次数 … 暂缓催收至


def _team(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "team.xlsx", [
        ["1-101", "HT-REMIND", "张三", "首付款", 50000, 0, days(2), "李娜", *BLANK, "13800001111"],
        ["1-102", "HT-LATE", "李四", "首付款", 80000, 0, days(-12), "王强", 1, days(-19), None, None, None,
         "13900002222"],
        ["1-103", "HT-SOON", "王五", "首付款", 60000, 0, days(3), "李娜", *BLANK, "13700003333"],
        ["1-104", "HT-PAID", "赵六", "首付款", 60000, 60000, days(-3), "李娜", *BLANK, "13600004444"],
    ], header=COLUMNS)  # fmt: skip


def _today(book: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["today", str(book), "--as-of", AS_OF.isoformat(), "--json", *extra])
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)
    return items


def test_a_reminder_call_is_listed_under_its_consultant_with_the_phone(tmp_path: Path) -> None:
    result = runner.invoke(app, ["today", str(_team(tmp_path)), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "李娜（置业顾问）" in text
    under_lina = text.split("李娜（置业顾问）")[1].split("\n\n")[0]
    assert "HT-REMIND" in under_lina and "13800001111" in under_lina and "电话提醒" in under_lina
    assert "HT-PAID" not in text  # a settled row is nobody's work


def test_json_fields_and_a_late_item_first(tmp_path: Path) -> None:
    items = _today(_team(tmp_path))
    assert all(set(item) >= {"owner", "who", "contract_no", "customer", "phone", "action", "due", "late",
                             "sheet_row"} for item in items)  # fmt: skip
    reminder = next(item for item in items if item["contract_no"] == "HT-REMIND")
    assert (reminder["owner"], reminder["who"], reminder["phone"], reminder["sheet_row"]) == (
        "置业顾问",
        "李娜",
        "13800001111",
        2,
    )
    assert reminder["due"] == days(2).isoformat() and reminder["late"] is False
    late = next(item for item in items if item["contract_no"] == "HT-LATE")
    assert late["late"] is True and late["owner"] == "手续办理专员"
    assert str(late["due"]) < AS_OF.isoformat()
    # a person's list is late first, then due today, then by due date
    lina = [item["contract_no"] for item in items if item["who"] == "李娜"]
    assert lina == ["HT-REMIND", "HT-SOON"]


def test_a_late_item_sorts_before_one_due_today(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "team.xlsx", [
        ["1-201", "HT-TODAY", "甲", "首付款", 50000, 0, days(-1), "李娜", *BLANK, "13800000001"],
        ["1-202", "HT-OLD", "乙", "首付款", 50000, 0, days(-12), "李娜", 1, days(-19), None, None, None,
         "13800000002"],
    ], header=COLUMNS)  # fmt: skip
    staff = [item for item in _today(book) if item["owner"] == "手续办理专员"]
    assert [item["contract_no"] for item in staff] == ["HT-OLD", "HT-TODAY"]
    assert [item["late"] for item in staff] == [True, False]


def test_a_call_three_days_after_a_letter(tmp_path: Path) -> None:
    book = _team(tmp_path)
    wb = openpyxl.load_workbook(book)
    archived_letter(wb, contract="HT-LATE", customer="李四", kind="首付款", due=days(-12), amount=80000, sent=days(-3),
                    fee=0)  # fmt: skip
    wb.save(book)
    calls = [item for item in _today(book) if item["task"] == "函后回访"]
    assert [(item["who"], item["contract_no"], item["phone"], item["due"]) for item in calls] == [
        ("王强", "HT-LATE", "13900002222", AS_OF.isoformat())
    ]


def test_refresh_writes_the_today_sheet_after_the_board_printable_on_a4_portrait(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "team.xlsx", [
        ["1-101", "HT-REMIND", "张三", "首付款", 50000, 0, days(2), "李娜", *BLANK, "13800001111"],
        ["1-102", "HT-LATE", "李四", "首付款", 80000, 0, days(-12), "王强", 1, days(-19), None, None, None,
         "13900002222"],
    ], header=COLUMNS, sheet="销售台账")  # fmt: skip
    for _ in range(2):  # the second refresh rebuilds it, and does not take it for the team's sheet
        result = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["销售台账", "催款看板", "今日待办"]
    ws = wb["今日待办"]
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("portrait", int(ws.PAPERSIZE_A4))
    rows = [[cell for cell in row if cell is not None] for row in ws.iter_rows(values_only=True)]
    heading = rows.index(["李娜（置业顾问）：1 项"])
    assert rows[heading + 2][:6] == ["☐", "待办", "电话提醒", "HT-REMIND", "张三", "13800001111"]
    staff = rows.index(["手续办理专员：1 项"])
    assert rows[staff + 2][:4] == ["☐", "逾期", "寄发函件", "HT-LATE"]


def test_a_promise_falling_due_and_a_dispute_from_the_log(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "team.xlsx", [
        ["1-301", "HT-PROMISE", "钱七", "首付款", 50000, 0, days(-10), "李娜", *BLANK, "13500005555"],
        ["1-302", "HT-DISPUTE", "孙八", "首付款", 50000, 0, days(-10), "王强", *BLANK, "13400006666"],
    ], header=COLUMNS)  # fmt: skip
    wb = openpyxl.load_workbook(book)
    log = wb.create_sheet("跟进记录")
    log.append(["日期", "合同编号", "款项类型", "方式", "结果", "承诺付款日期", "承诺金额", "记录人", "备注"])
    log.append([days(-5), "HT-PROMISE", None, "电话", "承诺付款", days(-1), None, "李娜", None])
    log.append([days(-2), "HT-DISPUTE", None, "电话", "有异议", None, None, "王强", "面积有争议"])
    wb.save(book)
    found = {item["contract_no"]: item for item in _today(book)}
    promise, dispute = found["HT-PROMISE"], found["HT-DISPUTE"]
    assert (promise["who"], promise["task"], promise["phone"]) == ("李娜", "承诺到期核实", "13500005555")
    assert (dispute["who"], dispute["task"]) == ("市场部经理", "答复异议")
