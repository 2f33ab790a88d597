"""The short message for the customer on each call and letter: in `dunning today --json`, the 今日待办 sheet
and `dunning letters --json`, worded by the rules sheet's 提醒短信 / 催款短信, from a real workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.sms import SEGMENT, sms_length

from conftest import AS_OF, COMPANY, HEADER, days, write_workbook
from letters_helpers import archived_letter

runner = CliRunner()
COLUMNS = (*HEADER, "联系电话", "身份证号", "通讯地址", "合同总价")
BLANK = (None,) * 5  # 已发催款信次数 … 暂缓催收至
ID_NUMBER, ADDRESS = "330102199001011234", "杭州市西湖区文三路100号"
RULES = [["参数", "值"], *COMPANY]


def _book(tmp_path: Path, *, rules: list[list[object]] = RULES) -> Path:
    return write_workbook(tmp_path / "team.xlsx", [
        ["1-101", "HT-REMIND", "张三", "首付款", 120000, 0, days(2), "李娜", *BLANK, "13800001111", ID_NUMBER,
         ADDRESS, 2980000],
        ["1-102", "HT-LATE", "李四", "首付款", 80000, 30000, days(-12), "王强", 1, days(-19), None, None, None,
         "13900002222", "330102198502025678", "杭州市拱墅区1号", 1500000],
        ["1-103", "HT-DISPUTE", "孙八", "首付款", 50000, 0, days(-10), "王强", *BLANK, "13400006666", None, None,
         None],
    ], header=COLUMNS, rules=rules)  # fmt: skip


def _today(book: Path) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["today", str(book), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return {str(item["contract_no"]): item for item in json.loads(result.stdout)}


def _dispute(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    log = wb.create_sheet("跟进记录")
    log.append(["日期", "合同编号", "款项类型", "方式", "结果", "承诺付款日期", "承诺金额", "记录人", "备注"])
    log.append([days(-2), "HT-DISPUTE", None, "电话", "有异议", None, None, "王强", "面积有争议"])
    wb.save(book)


def test_a_reminder_call_carries_one_segment_with_the_facts_and_no_other_personal_data(tmp_path: Path) -> None:
    book = _book(tmp_path)
    _dispute(book)
    items = _today(book)
    reminder = items["HT-REMIND"]
    sms = str(reminder["sms"])
    assert reminder["task"] == "电话提醒" and reminder["sms_too_long"] is False
    assert sms == "张三您好，您的首付款120,000.00元将于2026年11月22日到期，请按时付款。锦绣华府置业 0571-86886688"
    assert sms_length(sms) <= SEGMENT
    assert ID_NUMBER not in sms and ADDRESS not in sms and "2,980,000" not in sms and "13800001111" not in sms
    late = str(items["HT-LATE"]["sms"])  # a letter to post: the overdue wording, what is still owed
    assert items["HT-LATE"]["task"] == "寄发函件"
    assert late == "李四您好，您的首付款50,000.00元已于2026年11月8日到期未付，请尽快付款。锦绣华府置业 0571-86886688"
    assert items["HT-DISPUTE"]["task"] == "答复异议" and items["HT-DISPUTE"]["sms"] == ""  # internal work


def test_the_rules_sheet_wording_changes_the_message(tmp_path: Path) -> None:
    wording = "【{公司}】{客户}：您的{款项}{金额}元{到期日}到期，请按时付款。"
    book = _book(tmp_path, rules=[*RULES, ["提醒短信", wording]])
    assert (
        _today(book)["HT-REMIND"]["sms"]
        == "【锦绣华府置业】张三：您的首付款120,000.00元2026年11月22日到期，请按时付款。"
    )
    assert str(_today(book)["HT-LATE"]["sms"]).endswith("请尽快付款。锦绣华府置业 0571-86886688")  # 催款短信 as before


def test_an_unknown_placeholder_is_refused_naming_sheet_row_and_name(tmp_path: Path) -> None:
    book = _book(tmp_path, rules=[*RULES, ["催款短信", "{客户}您好，身份证{身份证号}的欠款{金额}元。"]])
    result = runner.invoke(app, ["today", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2
    assert '催款规则 第5行 催款短信 "{客户}您好，身份证{身份证号}' in result.stderr
    assert "未知的占位符 {身份证号}" in result.stderr and "Traceback" not in result.output


def test_the_today_sheet_has_a_wrapped_sms_column(tmp_path: Path) -> None:
    book = _book(tmp_path)
    result = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(book)["今日待办"]
    rows = list(ws.iter_rows())
    header = next(row for row in rows if row[0].value == "完成")
    column = [cell.value for cell in header].index("短信")
    reminder = next(row for row in rows if row[3].value == "HT-REMIND")
    cell = reminder[column]
    assert str(cell.value).startswith("张三您好，您的首付款120,000.00元将于2026年11月22日到期")
    assert cell.alignment.wrap_text and ws.page_setup.orientation == "portrait"
    width = ws.column_dimensions[cell.column_letter].width
    assert width is not None and 20 <= width <= 40
    # the message wraps onto three lines, each 16 points high: LibreOffice clips a Chinese line at 14.5
    assert (ws.row_dimensions[cell.row].height or 0) >= 3 * 16


def test_each_letter_made_carries_its_message(tmp_path: Path) -> None:
    book = _book(tmp_path)
    result = runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--json", "--backdate", "测试",
                                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    made = {item["contract_no"]: item["sms"] for item in json.loads(result.stdout)["generated"]}
    assert (
        made["HT-LATE"]
        == "李四您好，您的首付款50,000.00元已于2026年11月8日到期未付，请尽快付款。锦绣华府置业 0571-86886688"
    )
    assert all(sms_length(text) <= SEGMENT and ID_NUMBER not in text for text in made.values())


def test_a_promise_check_and_a_call_after_a_letter_carry_the_overdue_message(tmp_path: Path) -> None:
    book = _book(tmp_path)
    wb = openpyxl.load_workbook(book)
    log = wb.create_sheet("跟进记录")
    log.append(["日期", "合同编号", "款项类型", "方式", "结果", "承诺付款日期", "承诺金额", "记录人", "备注"])
    log.append([days(-5), "HT-DISPUTE", None, "电话", "承诺付款", days(-1), None, "王强", None])
    archived_letter(wb, contract="HT-LATE", customer="李四", kind="首付款", due=days(-12), amount=80000, sent=days(-3),
                    fee=30000)  # fmt: skip
    wb.save(book)
    result = runner.invoke(app, ["today", str(book), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    items = {(item["task"], item["contract_no"]): item["sms"] for item in json.loads(result.stdout)}
    assert items["承诺到期核实", "HT-DISPUTE"] == (
        "孙八您好，您的首付款50,000.00元已于2026年11月10日到期未付，请尽快付款。锦绣华府置业 0571-86886688"
    )
    assert items["函后回访", "HT-LATE"] == (
        "李四您好，您的首付款50,000.00元已于2026年11月8日到期未付，请尽快付款。锦绣华府置业 0571-86886688"
    )
