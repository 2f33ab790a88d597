"""`dunning promise` (issue 23): the customer's promise typed in 跟进记录 as a document to sign — 付款承诺书
for one date, 分期还款协议 for several — filled from the contract's arrears, read back with python-docx; a
schedule promising more than is owed refused naming the cell; the workbook's bytes untouched."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.follow_up import HEADER, NOTE
from dunning.core.promise_schedule import PromiseProblem, PromiseRefused
from dunning.jobs import RunOptions
from dunning.jobs import promise as make_promise

from conftest import AS_OF, days, write_workbook
from letters_helpers import letter_text

runner = CliRunner()
# HT001 owes 首付款 ¥100,000.00 (30 days late) and 分期款 ¥50,000.00 of ¥80,000.00 (10 days late); HT002 owes nothing yet
ROWS = [["1-101", "HT001", "张三", "首付款", 100000, 0, days(-30), "李娜"],
        ["1-101", "HT001", "张三", "分期款", 80000, 30000, days(-10), "李娜"],
        ["1-101", "HT001", "张三", "尾款", 200000, 0, days(30), "李娜"],
        ["2-202", "HT002", "李四", "首付款", 90000, 0, days(5), "王强"]]  # fmt: skip


def with_log(path: Path, contacts: Sequence[Sequence[object]]) -> Path:
    """The workbook with a 跟进记录 sheet as `dunning init` lays it out (note, header; rows from row 3)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("跟进记录")
    for line in ([NOTE], list(HEADER), *contacts):
        ws.append(list(line))
    wb.save(path)
    return path


def book(tmp_path: Path, log: Sequence[Sequence[object]]) -> Path:
    return with_log(write_workbook(tmp_path / "team.xlsx", ROWS), log)


def promise(path: Path, contract: str = "HT001") -> tuple[int, str]:
    result = runner.invoke(app, ["promise", str(path), "--contract", contract, "--as-of", AS_OF.isoformat()])
    return result.exit_code, result.output


def test_two_promise_rows_make_an_instalment_agreement(tmp_path: Path) -> None:
    path = book(tmp_path, [
        [days(-6), "HT001", None, "电话", "承诺付款", days(3), 50000, "李娜", "先付一部分"],  # an earlier call
        [days(-1), "HT001", None, "上门", "承诺付款", days(10), 60000, "李娜"],
        [days(-1), "HT001", None, "上门", "承诺付款", days(40), 90000, "李娜"],
    ])  # fmt: skip
    before = path.read_bytes()
    code, output = promise(path)
    assert code == 0, output
    file = tmp_path / "催款函" / "team" / AS_OF.isoformat() / "付款承诺书" / "HT001_分期还款协议_2026-11-20.docx"
    assert str(file) in output.replace("\n", "") and "未登记函件归档" in output
    text = letter_text(file)
    assert text.splitlines()[0] == "分期还款协议"
    assert "张三" in text and "HT001" in text and "1-101" in text
    assert "尚欠已到期的购房款¥150,000.00（人民币壹拾伍万元整）" in text  # 首付款 + the 分期款's unpaid ¥50,000.00
    assert "第1期 | 2026年11月30日 | ¥60,000.00 | 人民币陆万元整" in text
    assert "第2期 | 2026年12月30日 | ¥90,000.00 | 人民币玖万元整" in text
    assert "¥150,000.00 | 人民币壹拾伍万元整" in text  # the schedule's total row
    assert "2026年11月3日" not in text and "¥50,000.00 | 人民币伍万元整" not in text  # not the earlier call's
    assert "尾款" not in text  # not yet due: not owed
    assert "分2期" in text and "任何一期" in text and "恢复催收程序" in text and "{{" not in text
    assert "本分期还款协议不免除乙方按合同应承担的违约金（截至2026年11月20日为¥" in text  # the fee already accrued
    assert path.read_bytes() == before  # nothing written to the workbook


def test_one_promise_row_makes_a_promise_and_the_rest_stays_owed(tmp_path: Path) -> None:
    path = book(tmp_path, [[days(0), "ht001", None, "电话", "承诺付款", days(7), 100000, "李娜"]])
    before = path.read_bytes()
    made = make_promise(path, "HT001", RunOptions(as_of=AS_OF))
    text = letter_text(made.file)
    assert made.title == "付款承诺书" and made.file.name == "HT001_付款承诺书_2026-11-20.docx"
    assert text.splitlines()[0] == "付款承诺书" and "分期还款协议" not in text
    assert "第1期 | 2026年11月27日 | ¥100,000.00 | 人民币壹拾万元整" in text
    assert "其余¥50,000.00（人民币伍万元整）仍应按《商品房买卖合同》的约定支付" in text
    assert path.read_bytes() == before


def test_a_promise_row_without_an_amount_pays_the_balance(tmp_path: Path) -> None:
    path = book(tmp_path, [[days(0), "HT001", None, "电话", "承诺付款", days(5), 40000, "李娜"],
                           [days(0), "HT001", None, "电话", "承诺付款", days(20), None, "李娜"]])  # fmt: skip
    text = letter_text(make_promise(path, "HT001", RunOptions(as_of=AS_OF)).file)
    assert "第2期 | 2026年12月10日 | ¥110,000.00 | 人民币壹拾壹万元整" in text and "其余" not in text
    (tmp_path / "whole").mkdir()
    path = book(tmp_path / "whole", [[days(0), "HT001", None, "电话", "承诺付款", days(5), None, "李娜"]])
    text = letter_text(
        make_promise(path, "HT001", RunOptions(as_of=AS_OF)).file
    )  # one row, no amount: all that is owed
    assert "第1期 | 2026年11月25日 | ¥150,000.00 | 人民币壹拾伍万元整" in text and text.startswith("付款承诺书")


def test_amounts_over_the_arrears_are_refused_naming_the_cell(tmp_path: Path) -> None:
    path = book(tmp_path, [[days(0), "HT001", None, "电话", "承诺付款", days(5), 100000, "李娜"],
                           [days(0), "HT001", None, "电话", "承诺付款", days(20), 60000, "李娜"]])  # fmt: skip
    before = path.read_bytes()
    code, output = promise(path)
    assert code == 2
    assert "「跟进记录」第4行 承诺金额「¥60,000.00」" in output and "¥160,000.00" in output and "¥150,000.00" in output
    assert not (tmp_path / "催款函").exists() or not list((tmp_path / "催款函").rglob("*.docx"))
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("log", "problem", "row"),
    [
        ([[days(0), "HT001", None, "电话", "承诺付款", days(9), 1000], [days(0), "HT001", None, "电话", "承诺付款", days(9), 1000]],
         PromiseProblem.OUT_OF_ORDER, 4),
        ([[days(0), "HT001", None, "电话", "承诺付款", days(-1), 1000]], PromiseProblem.PAST, 3),
        ([[days(0), "HT001", None, "电话", "承诺付款", days(9), -5]], PromiseProblem.NOT_POSITIVE, 3),
        ([[days(0), "HT001", None, "电话", "承诺付款", days(9)], [days(0), "HT001", None, "电话", "承诺付款", days(19), 10]],
         PromiseProblem.BLANK_NOT_LAST, 3),
        ([[days(0), "HT001", None, "电话", "承诺付款", days(9), "十万"]], PromiseProblem.UNREADABLE_LOG, 3),
        ([[days(0), "HT001", None, "电话", "承诺付款", "下周", 1000]], PromiseProblem.UNREADABLE_LOG, 3),
        ([[days(0), "HT001", None, "电话", "已接通"]], PromiseProblem.NO_PROMISE, None),
    ],
)  # fmt: skip
def test_a_schedule_that_cannot_be_signed_is_refused(
    tmp_path: Path, log: list[list[object]], problem: PromiseProblem, row: int | None
) -> None:
    with pytest.raises(PromiseRefused) as refused:
        make_promise(book(tmp_path, log), "HT001", RunOptions(as_of=AS_OF))
    assert refused.value.refusal.problem is problem and refused.value.refusal.row == row
    assert str(refused.value).startswith("未生成付款承诺书：")


def test_a_contract_owing_nothing_yet_gets_no_promise(tmp_path: Path) -> None:
    path = book(tmp_path, [[days(0), "HT002", None, "电话", "承诺付款", days(9), 1000]])
    code, output = promise(path, "HT002")
    assert code == 2 and "没有到期未付的款项" in output


def test_a_blank_last_amount_is_named_with_the_figure_to_type(tmp_path: Path) -> None:
    """Owed ¥150,000.00 (首付款 100,000 + 分期款 50,000); 第1期 ¥60,000.00, 第2期 blank = the balance ¥90,000.00. The board
    can judge 第1期 only when 第2期's amount is typed: the command says which cell (跟进记录 row 4) and what figure."""
    path = book(tmp_path, [
        [days(-1), "HT001", None, "上门", "承诺付款", days(10), 60000, "李娜"],
        [days(-1), "HT001", None, "上门", "承诺付款", days(40), None, "李娜"],
    ])  # fmt: skip
    code, output = promise(path)
    assert code == 0, output
    assert "第2期金额留空，即余款 ¥90,000.00。请在「跟进记录」第4行 承诺金额 填入 ¥90,000.00" in output
    (tmp_path / "typed").mkdir()
    typed = book(tmp_path / "typed", [
        [days(-1), "HT001", None, "上门", "承诺付款", days(10), 60000, "李娜"],
        [days(-1), "HT001", None, "上门", "承诺付款", days(40), 90000, "李娜"],
    ])  # fmt: skip
    code, output = promise(typed)
    assert code == 0 and "提示" not in output, output
