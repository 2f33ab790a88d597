"""The button on the first run on her own sheet (issue 20): long-overdue rows with no letter history are
asked about once, in a Yes/No box; Yes makes them as the first letters (logged), No leaves them out and
the final message names them and the columns read. Through the Excel stand-in, as test_excel_button."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from excel_standin import Excel

from conftest import days, write_workbook
from test_excel_button import ADDIN, ARCHIVE, letters_in

TODAY = date.today()  # the button never back-dates
HEADER = ("序号", "合同号", "业主姓名", "房间号", "款项名称", "应收款", "已付款", "应收日期", "备注")
ROWS = [  # sheet rows 3–7 (a title row, the header on row 2)
    (1, "HT-01", "王五", "3-1-101", "首付款", 200000, 0, days(-45, base=TODAY), ""),
    (2, "HT-01", "王五", "3-1-101", "分期款", 50000, 0, days(-2, base=TODAY), ""),
    (3, "HT-02", "赵六", "3-1-102", "分期款", 80000, 10000, days(-50, base=TODAY), ""),
    (4, "HT-03", "钱七", "3-2-201", "首付款", 120000, 0, days(-2, base=TODAY), ""),
    (5, "HT-04", "孙八", "3-2-202", "尾款", 90000, 0, days(2, base=TODAY), ""),
]
YES_NO = 4  # MB_YESNO


def press(excel: Excel, folder: Path, answer: str) -> Path:
    path = write_workbook(folder / "合同执行情况表.xlsx", ROWS, header=HEADER, above=[("锦绣华府 合同执行情况表",)])
    excel.answer(answer)
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    excel.press_button()
    return path


def questions(excel: Excel) -> list[str]:
    return [box.text for box in excel.message_boxes if box.style & 0xF == YES_NO]


def test_yes_makes_the_long_overdue_letters_as_the_first_and_logs_it(excel: Excel, tmp_path: Path) -> None:
    path = press(excel, tmp_path, "yes")
    (asked,) = questions(excel)
    assert "表中没有任何催款记录" in asked and "第3、4、5行" in asked and "是 = 按第1次发出" in asked, asked
    final = excel.message_boxes[-1].text
    assert final.startswith("已生成 4 封函件"), final
    assert "已按您的确认（此前未寄过催款信）：第3、4、5行按第1次发出" in final, final
    made = letters_in(tmp_path)
    assert all(any(contract in name for name in made) for contract in ("HT-01", "HT-02", "HT-03", "HT-04")), made
    logged = (tmp_path / ".dunning-backup" / "dunning.log").read_text(encoding="utf-8")
    assert "no prior letters confirmed (button: yes) for 3 rows, sent as letter 1: 3, 4, 5" in logged
    assert openpyxl.load_workbook(path)[ARCHIVE].max_row == 5


def test_no_leaves_them_out_and_the_message_names_them_and_her_columns(excel: Excel, tmp_path: Path) -> None:
    path = press(excel, tmp_path, "no")
    assert len(questions(excel)) == 1
    final = excel.message_boxes[-1].text
    assert final.startswith("已生成 2 封函件"), final
    assert "未发（表中没有催款记录）：第3、4、5行" in final, final
    assert "已读取您的 8 列：B列「合同号」→合同编号" in final and "未使用：A列「序号」" in final, final
    made = letters_in(tmp_path)
    assert not any("HT-01" in name or "HT-02" in name for name in made), made
    archive = openpyxl.load_workbook(path)[ARCHIVE]
    assert {row[2] for row in archive.iter_rows(min_row=2, values_only=True)} == {"HT-03", "HT-04"}
