"""One 律师函 per contract matter (issue 19): every approved instalment of a contract in one letter, a later
one referring to the earlier letters by number and date, the firm's numbers from 函件归档 never reused,
the contract's other open instalments named (另提示), and no instalment left without a written demand
behind "随律师函一并跟进". End to end through the letters job, the built-in templates and the workbook."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions
from dunning.jobs import letters as run_letters
from dunning.letters.batch import LettersResult

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import letter_text


def letters_file(path: Path, **options: Any) -> LettersResult:
    """The letters job on these fixed past dates: back-dated with the tests' reason."""
    return run_letters(path, RunOptions(backdate=BACKDATE, **options))


SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
RULES = [["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], ["公司地址", "杭州市锦绣路88号"], ["联系电话", "0571-86886688"],
         ["律师事务所", "浙江锦程律师事务所"], ["律师事务所电话", "0571-87654321"]]  # fmt: skip
APPROVER, SENT = 16, 17  # the sample's 律师函审批人 and 律师函寄出日期 columns (P, Q)
NUMBER = re.compile(r"编号：(〔2026〕律函字第(\d+)号)")


def sample(tmp_path: Path, *, approve: tuple[int, ...] = ()) -> Path:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    if approve:
        wb = openpyxl.load_workbook(book)
        for row in approve:
            wb["合同执行情况"].cell(row=row, column=APPROVER).value = "刘总"
        wb.save(book)
    return book


def made_for(result: object, contract: str) -> list[Path]:
    return [m.file for m in result.made if m.letter.contract_no == contract]  # type: ignore[attr-defined]


def archive(book: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(book)["函件归档"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_0006_follow_up_refers_to_the_letter_of_11_14_and_has_the_firms_number(tmp_path: Path) -> None:
    """The 尾款's 律师函 says the 首付款's went out on 11-14 (from 律师函寄出日期: no number claimed) and
    that its period runs to 12-02 (not 届满 on 11-20); its own number is the firm's, not 律函〔合同编号〕."""
    book = sample(tmp_path)
    result = letters_file(book)
    (letter,) = made_for(result, "JXHF-2026-0006")
    text = letter_text(letter)
    assert "律函〔JXHF-2026-0006〕" not in text
    assert NUMBER.search(text)
    assert (
        "本所已于2026年11月14日就您应于2026年1月11日支付的首付款向您发出律师函，要求您于2026年12月2日（含当日）前付清。"
        in text
    )
    assert "届满" not in text


def test_the_sample_run_numbers_its_lawyers_letters_one_to_n_in_the_archive(tmp_path: Path) -> None:
    book = sample(tmp_path)
    result = letters_file(book)
    lawyers = [m for m in result.made if m.letter.level.needs_approval]
    shown = {NUMBER.search(letter_text(m.file))[1] for m in lawyers}  # type: ignore[index]
    rows = archive(book)
    numbers = [row["函件编号"] for row in rows if row["级别代码"] == "lawyer_letter"]
    assert sorted(numbers) == sorted(shown) == sorted(f"〔2026〕律函字第{n}号" for n in range(1, len(lawyers) + 1))
    letters = [row for row in rows if row["级别代码"] == "letter"]
    assert letters and all(row["函件编号"] == f"{row['合同编号']}-{row['第几次']}" for row in letters)


def test_0019_approved_first_instalment_names_the_overdue_final_one(tmp_path: Path) -> None:
    """0019's 首付款 approved: its 律师函 demands it and names the overdue 尾款 ¥1,283,605.00 (another
    instalment no 律师函 covers), outside the table and totals."""
    result = letters_file(sample(tmp_path, approve=(107,)))
    (letter,) = made_for(result, "JXHF-2026-0019")
    text = letter_text(letter)
    assert "首付款 | 2026年2月22日" in text and "尾款 |" not in text
    assert (
        "另，您尚有尾款¥1,283,605.00（应于2026年9月23日支付，已逾期58天）未付，委托人保留就该款项另行追究的权利。"
        in text
    )


def test_0036_both_instalments_approved_on_one_day_make_one_letter(tmp_path: Path) -> None:
    """Both of 0036's instalments approved the same day: one 律师函 with both, one total, one deadline."""
    book = sample(tmp_path, approve=(160, 161))
    result = letters_file(book)
    (letter,) = made_for(result, "JXHF-2026-0036")
    text = letter_text(letter)
    assert "首付款 | 2026年5月25日" in text and "尾款 | 2026年11月18日" in text
    assert "¥1,812,768.00" in text and len(re.findall(r"最迟于\d+年\d+月\d+日", text)) <= 1
    sent = openpyxl.load_workbook(book)["合同执行情况"]
    assert sent.cell(row=160, column=SENT).value.date() == AS_OF
    assert sent.cell(row=161, column=SENT).value.date() == AS_OF


def test_0021_final_instalment_is_not_said_to_follow_the_lawyers_letter(tmp_path: Path) -> None:
    """0021's 尾款 (¥1,033,405.80, overdue) is covered by no 律师函: the run says so and what to do, and
    lists the contract for approval; once approved, it gets the follow-up 律师函 naming the 11-08 one."""
    result = letters_file(sample(tmp_path), dry_run=True)
    skipped = [s for s in result.plan.skipped if s.contract == "JXHF-2026-0021"]
    assert [(s.reason, s.rows) for s in skipped] == [(SkipReason.NOT_IN_LAWYER_LETTER, (115,))]
    assert [(i.kind, i.outstanding) for i in skipped[0].items] == [("尾款", Decimal("1033405.80"))]
    assert "JXHF-2026-0021" in result.plan.pending_approval

    approved = tmp_path / "approved"
    approved.mkdir()
    book = sample(approved, approve=(115,))
    result = letters_file(book)
    (letter,) = made_for(result, "JXHF-2026-0021")
    text = letter_text(letter)
    assert "尾款 | 2026年9月25日" in text and "¥1,033,405.80" in text
    assert "本所已于2026年11月8日就您应于2026年2月24日支付的首付款向您发出律师函" in text
    assert openpyxl.load_workbook(book)["合同执行情况"].cell(row=115, column=SENT).value.date() == AS_OF


def two_instalments(tmp_path: Path) -> Path:
    rows = [
        ["2-1", "HT1", "吴一", "首付款", 90000, 0, date(2026, 8, 1), "李娜", 8, days(-10), "刘总"],
        ["2-1", "HT1", "吴一", "尾款", 50000, 0, date(2026, 9, 10), "李娜", 8, days(-10)],
        ["3-1", "HT2", "郑二", "尾款", 70000, 0, date(2026, 8, 5), "李娜", 8, days(-10)],
    ]
    return write_workbook(tmp_path / "team.xlsx", rows, rules=RULES)


def approve(book: Path, row: int) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["合同执行情况"]
    header = [cell.value for cell in ws[1]]
    ws.cell(row=row, column=header.index("律师函审批人") + 1).value = "刘总"
    wb.save(book)


def test_instalments_approved_on_different_days_make_a_letter_and_a_follow_up(tmp_path: Path) -> None:
    """The 首付款 approved on 11-20: 律师函 No.1 (the pending 尾款 named). The 尾款 approved later: No.2,
    referring to No.1 by number and date. A dry run takes no number; an archived letter whose file was
    set aside keeps its number; numbers go on rising."""
    book = two_instalments(tmp_path)
    first = letters_file(book, as_of=AS_OF)
    (letter,) = made_for(first, "HT1")
    text = letter_text(letter)
    assert "编号：〔2026〕律函字第1号" in text and "首付款 | 2026年8月1日" in text and "尾款 |" not in text
    assert "另，您尚有尾款¥50,000.00（应于2026年9月10日支付" in text and "前次" not in text

    approve(book, 3)
    letters_file(book, as_of=days(7), dry_run=True)  # a dry run gives no number away
    second = letters_file(book, as_of=days(7), future=True)
    (follow_up,) = made_for(second, "HT1")
    text = letter_text(follow_up)
    assert "编号：〔2026〕律函字第2号" in text and "尾款 | 2026年9月10日" in text and "首付款 |" not in text
    assert "本所已于2026年11月20日就您应于2026年8月1日支付的首付款向您发出〔2026〕律函字第1号律师函，" in text
    assert (
        "要求您于2026年12月8日（含当日）前付清" in text
    )  # 11-20 + 3 days to arrive + 15 days: not yet passed on 11-27

    (tmp_path / "moved").mkdir()
    for made in (*first.made, *second.made):  # the archived letters' files taken away
        made.file.rename(tmp_path / "moved" / made.file.name)
    approve(book, 4)
    third = letters_file(book, as_of=days(14), future=True)
    (other,) = made_for(third, "HT2")
    assert "编号：〔2026〕律函字第3号" in letter_text(other)
    numbers = [row["函件编号"] for row in archive(book)]
    assert numbers == ["〔2026〕律函字第1号", "〔2026〕律函字第2号", "〔2026〕律函字第3号"]


def test_follow_up_after_the_earlier_period_has_passed_says_so(tmp_path: Path) -> None:
    book = two_instalments(tmp_path)
    letters_file(book, as_of=AS_OF)
    approve(book, 3)
    later = letters_file(book, as_of=days(21), future=True)  # 12-11: No.1's period ended 12-08
    (follow_up,) = made_for(later, "HT1")
    text = letter_text(follow_up)
    assert "向您发出〔2026〕律函字第1号律师函，期限已于2026年12月8日届满，您至今仍未付清。" in text


def test_an_archive_of_thirteen_columns_keeps_working_and_gains_the_number_column(tmp_path: Path) -> None:
    """An archive written before 函件编号: its 律师函 is referred to without a number (none recorded), the
    header gains 函件编号 and the new row its number."""
    rows = [
        ["2-1", "HT1", "吴一", "首付款", 90000, 0, date(2026, 8, 1), "李娜", 8, days(-20), "刘总", days(-10)],
        ["2-1", "HT1", "吴一", "尾款", 50000, 0, date(2026, 9, 10), "李娜", 8, days(-10), "刘总"],
    ]
    book = write_workbook(tmp_path / "team.xlsx", rows, rules=RULES)
    wb = openpyxl.load_workbook(book)
    old = wb.create_sheet("函件归档")
    old.append(["生成时间", "基准日", "合同编号", "客户姓名", "阶段", "级别代码", "第几次", "欠款金额", "违约金",
                "文件", "SHA-256", "操作人", "幂等键"])  # fmt: skip
    old.append([None, days(-10), "HT1", "吴一", "律师函", "lawyer_letter", None, 90000, 0, "x.docx", "", "",
                "HT1|首付款|2026-08-01|90000|lawyer_letter|0"])  # fmt: skip
    wb.save(book)
    result = letters_file(book, as_of=AS_OF)
    (letter,) = made_for(result, "HT1")
    text = letter_text(letter)
    assert "编号：〔2026〕律函字第1号" in text
    assert (
        "本所已于2026年11月10日就您应于2026年8月1日支付的首付款向您发出律师函，要求您于2026年11月30日（含当日）前付清。"
        in text
    )
    ws = openpyxl.load_workbook(book)["函件归档"]
    assert ws.cell(row=1, column=14).value == "函件编号"
    assert ws.cell(row=2, column=14).value is None and ws.cell(row=3, column=14).value == "〔2026〕律函字第1号"


def test_the_firms_own_number_format(tmp_path: Path) -> None:
    rules = [*RULES, ["律师函编号格式", "〔{年}〕明理律函字第{序号}号"]]
    rows = [["2-1", "HT1", "吴一", "首付款", 90000, 0, date(2026, 8, 1), "李娜", 8, days(-10), "刘总"]]
    book = write_workbook(tmp_path / "team.xlsx", rows, rules=rules)
    (letter,) = made_for(letters_file(book, as_of=AS_OF), "HT1")
    assert "编号：〔2026〕明理律函字第1号" in letter_text(letter)
