"""The letters job on real workbooks: real .docx letters opened back, the archive and tracking read back."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dunning.core.errors import TemplateFieldUnknown, TemplateUnreadable, WorkbookError
from dunning.core.outcomes import SkipReason
from dunning.core.refusals import RunRefusal, RunRefused
from dunning.jobs import RunOptions, board_of
from dunning.jobs import letters as run_letters
from dunning.letters.batch import LettersResult
from dunning.letters.context import also_note
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, HEADER, days, write_workbook
from letters_helpers import letter_text, make_template, make_templates

RULES = [["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], ["公司地址", "杭州市锦绣路88号"], ["联系电话", "0571-86886688"],
         ["落款", "锦绣华府置业有限公司销售部"], ["律师事务所", "浙江锦程律师事务所"]]  # fmt: skip


def letters(path: Path, **options: Any) -> LettersResult:
    """The letters job on a day long past by now (AS_OF): each run gives its reason for back-dating."""
    return run_letters(path, RunOptions(backdate=BACKDATE, **options))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    rows = [
        # unit, contract, customer, kind, due, paid, due date, consultant, letters sent, last letter, approver, lawyer date
        ["1-101", "HT001", "张三", "首付款", 100000, 0, days(-10), "李娜", 1, days(-7)],
        ["1-101", "HT001", "张三", "分期款", 50000, 20000, days(-3), "李娜"],
        ["1-102", "HT002", "李四", "尾款", 80000, 0, days(2), "王强"],
        ["1-103", "HT003", "王五", "尾款", 300000, 0, date(2026, 9, 1), "王强", 9, days(-12), "刘总"],
        ["1-104", "HT004", "赵六", "尾款", 300000, 0, date(2026, 9, 1), "王强", 9, days(-5)],
        ["1-105", "HT005", "钱七", "尾款", 300000, 0, date(2026, 6, 1), "王强", 9, days(-100), "刘总", days(-30)],
        ["1-106", "HT006", "孙八", "尾款", 300000, 300000, days(-3), "王强"],
        ["1-107", "HT007", "周九", "尾款", 10000, 0, days(-3), "王强", None, None, None, None, days(5)],
    ]
    return write_workbook(tmp_path / "team.xlsx", rows, rules=RULES)


def test_letters_made_archived_and_tracked(book: Path) -> None:
    result = letters(book, as_of=AS_OF)
    made = {m.letter.contract_no: m for m in result.made}
    assert set(made) == {"HT001", "HT002", "HT003"}
    assert made["HT001"].file.name == "HT001_催款信_第2次.docx"
    assert made["HT002"].file.name == "HT002_预先提醒.docx"
    assert made["HT003"].file.name == "HT003_律师函.docx"
    assert made["HT001"].file.parent == book.parent / "催款函" / "team" / "2026-11-20"
    assert result.plan.pending_approval == ["HT004"]
    assert result.plan.escalations == ["HT005"]

    text = letter_text(made["HT001"].file)
    for expected in ("尊敬的张三", "房号1-101", "合同HT001", "第2次", "欠款¥130,000.00", "人民币壹拾叁万元整",
                     "约定付款日期2026年11月10日", "逾期10天", "请于2026年11月27日前付清", "锦绣华府置业有限公司销售部 2026年11月20日",
                     "首付款 | 2026年11月10日 | ¥100,000.00 | ¥0.00 | ¥100,000.00 | 10 | ¥500.00",
                     "分期款 | 2026年11月17日 | ¥50,000.00 | ¥20,000.00 | ¥30,000.00 | 3 | ¥45.00"):  # fmt: skip
        assert expected in text, expected
    assert "审批：刘总" in letter_text(made["HT003"].file)
    assert "请于2026年12月8日前付清" in letter_text(made["HT003"].file)  # 3 days to arrive + 15, as the board counts

    wb = openpyxl.load_workbook(book)
    archive = list(wb["函件归档"].iter_rows(values_only=True))
    assert archive[0][:4] == ("生成时间", "基准日", "合同编号", "客户姓名")
    assert [row[2] for row in archive[1:]] == ["HT001", "HT002", "HT003"]
    assert archive[1][9] == "催款函/team/2026-11-20/HT001_催款信_第2次.docx"
    assert archive[1][10] == made["HT001"].sha256 and len(archive[1][10]) == 64
    data = wb["合同执行情况"]
    header = [c.value for c in data[1]]
    sent, last, lawyer = (header.index(n) + 1 for n in ("已发催款信次数", "最近催款信日期", "律师函寄出日期"))
    assert data.cell(row=2, column=sent).value == 2 and data.cell(row=2, column=last).value.date() == AS_OF
    assert data.cell(row=3, column=sent).value == 1  # the second instalment had its first letter in the same one
    assert data.cell(row=5, column=lawyer).value.date() == AS_OF
    assert data.cell(row=4, column=sent).value is None  # a reminder does not count as a dunning letter
    assert result.combined and result.combined.is_file()


def test_board_moves_on_after_the_letters(book: Path) -> None:
    letters(book, as_of=AS_OF)
    stages = {
        d.inst.contract_no + d.inst.payment_kind: d
        for d in board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions
    }
    assert stages["HT001首付款"].stage == "letter" and stages["HT001首付款"].action_due == days(7)
    assert not stages["HT001首付款"].letter_due
    assert stages["HT003尾款"].stage == "lawyer_sent"


def test_second_press_the_same_day_makes_nothing_new(book: Path) -> None:
    first = letters(book, as_of=AS_OF)
    files = sorted(p.name for p in first.folder.iterdir())
    second = letters(book, as_of=AS_OF)
    assert second.made == []
    assert (SkipReason.ALREADY_MADE, "HT002") in [(s.reason, s.contract) for s in second.plan.skipped]
    assert sorted(p.name for p in first.folder.iterdir()) == files
    assert openpyxl.load_workbook(book)["函件归档"].max_row == 1 + len(first.made)


def test_a_run_dated_before_the_last_one_is_refused(book: Path) -> None:
    letters(book, as_of=AS_OF)
    with pytest.raises(RunRefused) as refused:
        letters(book, as_of=days(-1))
    assert [(r.refusal, r.as_of, r.last_run) for r in refused.value.refused] == [
        (RunRefusal.BEFORE_LAST_RUN, days(-1), AS_OF)
    ]
    assert letters(book, as_of=days(1)).board.as_of == days(1)


def test_a_run_meets_every_refusal_at_once_and_a_dry_run_lists_each(book: Path) -> None:
    """Dated before the last run and back-dated with no reason: one refusal carrying both, so each edge
    can branch on them (the button on BACKDATED); a dry run of that day lists both as warnings."""
    letters(book, as_of=AS_OF)
    with pytest.raises(RunRefused) as refused:
        run_letters(book, RunOptions(as_of=days(-1)))
    assert [r.refusal for r in refused.value.refused] == [RunRefusal.BEFORE_LAST_RUN, RunRefusal.BACKDATED]
    assert refused.value.has(RunRefusal.BACKDATED) and refused.value.refused[1].typed
    dry = run_letters(book, RunOptions(as_of=days(-1), dry_run=True))
    assert len(dry.warnings) == 2 and all(w.startswith("实际运行会被拒绝：基准日 2026-11-19") for w in dry.warnings)


def test_dry_run_writes_nothing(book: Path) -> None:
    before = book.read_bytes()
    result = letters(book, as_of=AS_OF, dry_run=True)
    assert [p.contract_no for p in result.plan.letters] == ["HT001", "HT002", "HT003"]
    assert book.read_bytes() == before
    assert not (book.parent / "催款函").exists()


def test_values_that_look_like_markup_stay_text(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    name = '张&<三>"' + "长" * 200
    book = write_workbook(tmp_path / "t.xlsx", [["A&B<1>", "HT/..\\CON", name, "首付款", 1000, 0, days(-3)]],
                          header=HEADER[:7])  # fmt: skip
    made = letters(book, as_of=AS_OF).made
    assert len(made) == 1
    assert made[0].file.parent == tmp_path / "催款函" / "t" / "2026-11-20"  # no escape from the folder
    assert len(made[0].file.name) <= 90
    text = letter_text(made[0].file)
    assert f"尊敬的{name}" in text and "房号A&B<1>" in text
    header = [c.value for c in openpyxl.load_workbook(book)["合同执行情况"][1]]
    assert header[-4:] == [
        "已发催款信次数",
        "最近催款信日期",
        "律师函审批人",
        "律师函寄出日期",
    ]  # appended at the right


def test_unknown_placeholder_names_template_and_field(tmp_path: Path, book: Path) -> None:
    make_template(book.parent / "函件模板" / "催款信_温和.docx", "x", extra="{{ 客户名称 }}")
    with pytest.raises(TemplateFieldUnknown, match="催款信_温和.docx.*{{ 客户名称 }}"):
        letters(book, as_of=AS_OF)
    assert not (book.parent / "催款函").exists()
    assert "函件归档" not in openpyxl.load_workbook(book).sheetnames


def test_corrupt_template_is_a_clear_error(book: Path) -> None:
    (book.parent / "函件模板" / "律师函.docx").write_bytes(b"not a word file")
    with pytest.raises(TemplateUnreadable, match="律师函.docx.*无法打开"):
        letters(book, as_of=AS_OF)


def test_refuses_while_excel_holds_the_workbook(book: Path) -> None:
    (book.parent / ("~$" + book.name)).write_bytes(b"x")
    with pytest.raises(WorkbookError, match="正在被 Excel 打开"):
        letters(book, as_of=AS_OF)


def test_one_letter_per_contract_at_its_highest_level(tmp_path: Path) -> None:
    """In the lawyer's track the contract gets only the 律师函, listing only the approved instalment;
    the rows that would have had a reminder or a dunning letter are reported, their tracking unmoved."""
    make_templates(tmp_path / "函件模板")
    rows = [
        ["2-1", "HT9", "吴一", "分期款", 20000, 0, days(2)],  # reminder due
        ["2-1", "HT9", "吴一", "首付款", 90000, 0, days(-4)],  # first letter due (late)
        ["2-1", "HT9", "吴一", "二期款", 50000, 0, date(2026, 9, 1), None, 8, days(-8), "刘总"],  # lawyer's letter
    ]
    book = write_workbook(tmp_path / "c.xlsx", rows, rules=RULES)
    result = letters(book, as_of=AS_OF)
    made = result.made
    assert [m.file.name for m in made] == ["HT9_律师函.docx"]
    assert [d.sheet_row for d in made[0].letter.listed] == [4]
    text = letter_text(made[0].file)
    assert "二期款 | 2026年9月1日" in text and "分期款 |" not in text and "首付款 |" not in text
    # the others are named, not demanded: the overdue one with the rights reserved, the other falling due
    note = also_note(made[0].letter)
    assert "另，您尚有首付款¥90,000.00" in note and "委托人保留就该款项另行追究的权利" in note
    assert "分期款¥20,000.00将于" in note
    skipped = [(s.reason, s.rows) for s in result.plan.skipped if s.contract == "HT9"]
    assert (SkipReason.NOT_IN_LAWYER_LETTER, (3,)) in skipped and (
        SkipReason.NO_REMINDER_IN_LAWYER_TRACK,
        (2,),
    ) in skipped
    assert "HT9" in result.plan.pending_approval
    data = openpyxl.load_workbook(book)["合同执行情况"]
    header = [c.value for c in data[1]]
    sent, lawyer = header.index("已发催款信次数") + 1, header.index("律师函寄出日期") + 1
    assert data.cell(row=3, column=sent).value is None
    assert data.cell(row=4, column=lawyer).value.date() == AS_OF
    assert data.cell(row=2, column=sent).value is None


def test_an_ordinary_letter_on_a_contract_with_a_highest_level_letter(tmp_path: Path) -> None:
    """Without a lawyer's track, the letter goes at the highest due level and lists every overdue
    instalment, but never one on hold."""
    make_templates(tmp_path / "函件模板")
    rows = [
        ["2-1", "HT9", "吴一", "分期款", 20000, 0, days(2)],  # reminder due
        ["2-1", "HT9", "吴一", "首付款", 90000, 0, days(-4)],  # first letter due (late)
        ["2-1", "HT9", "吴一", "定金", 50000, 0, days(-30), None, 3, days(-5)],  # overdue, next letter not due
        ["2-1", "HT9", "吴一", "尾款", 300000, 0, days(-20), None, None, None, None, None, days(30)],  # on hold
    ]
    book = write_workbook(tmp_path / "c.xlsx", rows, rules=RULES)
    (made,) = letters(book, as_of=AS_OF).made
    assert [d.sheet_row for d in made.letter.listed] == [3, 4]
    text = letter_text(made.file)
    assert "尾款" not in text and "300,000" not in text
    assert "欠款¥140,000.00" in text  # the 分期款 falling due in 2 days is not demanded as arrears


def test_a_dunning_letter_names_what_falls_due_but_demands_only_arrears(tmp_path: Path) -> None:
    """The built-in templates: the instalment whose reminder falls due with the letter is one sentence
    (另提示), outside the table and the totals; a reminder names the arrears the same way."""
    rows = [
        ["3-801", "HT-MIX", "周敏", "首付款", 300000, 0, days(-45), "王磊", 6, days(-7)],
        ["3-801", "HT-MIX", "周敏", "分期款", 120000, 20000, days(-3), "王磊"],
        ["3-801", "HT-MIX", "周敏", "分期款", 80000, 0, days(-20), "王磊", None, None, None, None, days(15)],  # held
        ["3-801", "HT-MIX", "周敏", "尾款", 200000, 0, days(2), "王磊"],  # falls due in 2 days
        ["5-302", "HT-REM", "吴刚", "首付款", 150000, 0, days(-10), "王磊", 2, days(-3)],  # next letter not due
        ["5-302", "HT-REM", "吴刚", "尾款", 90000, 0, days(3), "王磊"],  # reminder due
    ]
    book = write_workbook(tmp_path / "c.xlsx", rows, rules=RULES)
    made = {m.letter.contract_no: m for m in letters(book, as_of=AS_OF).made}
    dunning = letter_text(made["HT-MIX"].file)
    assert "¥400,000.00（人民币肆拾万元整）" in dunning and "600,000" not in dunning and "80,000" not in dunning
    assert "另提示：您的尾款¥200,000.00将于2026年11月22日到期，请按时支付。" in dunning
    assert "尾款 |" not in dunning  # not a row of the table
    reminder = letter_text(made["HT-REM"].file)
    assert "将于 | 2026年11月23日" in reminder or "将于2026年11月23日" in reminder
    assert "¥90,000.00（人民币玖万元整）" in reminder and "240,000" not in reminder
    assert "另，您尚有逾期未付的首付款¥150,000.00（应于2026年11月10日支付，已逾期10天），请一并尽快付清。" in reminder
    assert "首付款 |" not in reminder


@pytest.mark.parametrize(
    ("overdue", "number", "expected"),
    [(1, 1, "温和"), (20, 1, "温和"), (21, 2, "严正"), (41, 3, "严正"), (42, 3, "严厉"), (61, 9, "严厉"),
     (42, 1, "严正"), (61, 2, "严正")],  # the first two letters never say 经我司多次催告
)  # fmt: skip
def test_tone_rises_towards_the_lawyers_letter(overdue: int, number: int, expected: str) -> None:
    from dunning.letters.context import tone
    from dunning.letters.plan import PlannedLetter

    from conftest import decide_one

    d = decide_one(due_date=date(2026, 9, 20), as_of=date(2026, 9, 20) + timedelta(days=overdue))
    assert d.level is not None
    assert tone(PlannedLetter("HT", d.level, number, (d,), (d,), ("k",))) == expected


def test_the_tone_follows_the_contracts_worst_listed_instalment() -> None:
    from dunning.letters.context import tone
    from dunning.letters.plan import PlannedLetter

    from conftest import decide_one

    as_of = date(2026, 11, 20)
    recent = decide_one(due_date=as_of - timedelta(days=5), as_of=as_of)
    old = decide_one(due_date=as_of - timedelta(days=50), as_of=as_of)
    assert recent.level is not None
    assert tone(PlannedLetter("HT", recent.level, 4, (recent,), (recent,), ("k",))) == "温和"
    assert tone(PlannedLetter("HT", recent.level, 4, (recent,), (recent, old), ("k",))) == "严厉"


def test_combined_print_file_holds_every_letter_on_its_own_page(book: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    result = letters(book, as_of=AS_OF)
    assert result.combined is not None
    text = letter_text(result.combined)
    for made in result.made:
        assert f"尊敬的{made.letter.customer}" in text
    sections = Document(str(result.combined)).element.body.iter(qn("w:sectPr"))
    assert len(list(sections)) == len(result.made)  # one section (new page) per letter


def test_letters_with_different_styles_are_composed(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    from dunning.letters.combine import combine, mergeable

    first = make_template(tmp_path / "a.docx", "甲")
    second = make_template(tmp_path / "b.docx", "乙")
    doc = Document(str(second))
    doc.styles["Normal"].font.size = Pt(20)
    doc.save(str(second))
    assert mergeable([first, first]) and not mergeable([first, second])
    combine([first, second], tmp_path / "all.docx")
    text = letter_text(tmp_path / "all.docx")
    assert "甲" in text and "乙" in text


def test_no_lawyers_letter_without_the_law_firm(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    rows = [["1", "HT1", "张三", "尾款", 1000, 0, date(2026, 9, 1), None, 9, days(-12), "刘总"]]
    result = letters(write_workbook(tmp_path / "n.xlsx", rows), as_of=AS_OF)
    assert result.made == []
    assert [(s.reason, s.contract, s.rows, s.level) for s in result.plan.skipped] == [
        (SkipReason.NO_LAW_FIRM, "HT1", (2,), "律师函")
    ]


def test_a_template_cannot_reach_into_python(book: Path) -> None:
    make_template(book.parent / "函件模板" / "律师函.docx", "x", extra="{{ 客户姓名.__class__.__mro__ }}")
    with pytest.raises(TemplateUnreadable, match="律师函.docx"):
        letters(book, as_of=AS_OF)
    assert "函件归档" not in openpyxl.load_workbook(book).sheetnames


def test_a_deadline_in_a_holiday_moves_to_the_next_working_day(tmp_path: Path) -> None:
    from dunning.core.rules_sheet import LADDER_HEADER

    make_templates(tmp_path / "函件模板")
    ladder = [list(LADDER_HEADER), ["letter", "催款信", 1, "工作日", "到期日", "催款信", 5, "否", "专员", "寄发"]]
    book = write_workbook(tmp_path / "w.xlsx", [["1", "HT1", "张三", "尾款", 1000, 0, date(2026, 9, 28)]],
                          rules=[["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], [], *ladder])  # fmt: skip
    made = letters(book, as_of=date(2026, 9, 30)).made
    # 催告期限天数 (7) after 30 September is 7 October, in the National Day holiday: the first working day after it
    assert "请于2026年10月8日前付清" in letter_text(made[0].file)


def test_built_in_templates_merge_directly_with_their_footers(tmp_path: Path) -> None:
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    from dunning.letters.combine import mergeable

    rows = [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["2", "HT2", "李四", "尾款", 1000, 0, days(2)],
            ["3", "HT3", "王五", "尾款", 1000, 0, days(-20), None, 2, days(-7)]]  # fmt: skip
    book = write_workbook(tmp_path / "f.xlsx", rows)  # the built-in templates (no 函件模板 folder here)
    result = letters(book, as_of=AS_OF)
    files = [m.file for m in result.made]
    assert len(files) == 3 and mergeable(files)
    assert result.combined is not None
    sections = list(Document(str(result.combined)).element.body.iter(qn("w:sectPr")))
    assert len(sections) == 3
    for section in sections:
        assert section.find(qn("w:footerReference")) is not None  # every letter keeps the page footer
        assert section.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # and its own page numbers
    with zipfile.ZipFile(result.combined) as archive:
        footers = [archive.read(n) for n in archive.namelist() if n.startswith("word/footer")]
    # no batch total: LibreOffice does not compute SECTIONPAGES, and NUMPAGES would count every letter
    assert footers and all(b"PAGES" not in f and "共".encode() not in f and b" PAGE " in f for f in footers)
    if shutil.which("soffice") and shutil.which("pdftotext"):  # as it prints: 第1页, 第2页 … for each letter
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(result.combined)], check=True, capture_output=True, timeout=300)  # fmt: skip
        text = subprocess.run(["pdftotext", str(result.combined.with_suffix(".pdf").name), "-"], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        numbers = re.findall(r"第\s*(\d+)\s*页(?:\s*共\s*(\d+)\s*页)?", text)
        assert numbers and all(total == "" for _, total in numbers), numbers
        assert [int(n) for n, _ in numbers].count(1) == 3  # each letter starts again at 第1页


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        (["2-1", "HT9", "李四", "尾款", 1000, 0, days(-4)], (SkipReason.CUSTOMER_MISMATCH, (2, 3), ("吴一", "李四"))),
        (["2-1", "HT9", "吴一", "首付款", 90000, 0, days(-4)], (SkipReason.DUPLICATE_INSTALMENT, (2, 3), ())),
        (["2-1", "HT9", "吴一", "尾款", 1000, -500, days(-4)], (SkipReason.NEGATIVE_AMOUNT, (3,), ())),
    ],
)  # fmt: skip
def test_rows_that_contradict_each_other_stop_the_contracts_letter(tmp_path: Path, second: list[object],
                                                                   reason: tuple[object, ...]) -> None:  # fmt: skip
    make_templates(tmp_path / "函件模板")
    rows = [
        ["2-1", "HT9", "吴一", "首付款", 90000, 0, days(-4)],
        second,
        ["3-1", "HT10", "郑二", "首付款", 1000, 0, days(-4)],
    ]
    book = write_workbook(tmp_path / "c.xlsx", rows, rules=RULES)
    result = letters(book, as_of=AS_OF)
    assert [m.letter.contract_no for m in result.made] == ["HT10"]
    assert [(s.reason, s.rows, s.detail) for s in result.plan.skipped if s.contract == "HT9"] == [reason]
