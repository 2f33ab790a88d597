"""Hand-worked letters: every figure below is worked out by hand from the rows, not taken from the engine.

Each test kills a wrong version of the code that the rest of the suite let through (issue 22): a row due
today demanded as overdue once its reminder is archived, the archive's 违约金 left blank, and 人民币大写 without
its 角 and 分."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from dunning.jobs import RunOptions, letters
from dunning.letters.context import in_words

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import letter_text, make_templates


def test_a_row_due_today_is_not_demanded_once_its_reminder_went_out(tmp_path: Path) -> None:
    """HT9: 首付款 ¥90,000 due yesterday, 分期款 ¥20,000 due today. Three days ago both were reminded (one
    预先提醒函, archived). Today the 首付款 is 1 day overdue: its first 催款信 goes out and demands ¥90,000 and
    only that; the 分期款 is not overdue today (0 days), so the letter does not claim it."""
    make_templates(tmp_path / "函件模板")
    rows = [["2-1", "HT9", "吴一", "首付款", 90000, 0, days(-1)], ["2-1", "HT9", "吴一", "分期款", 20000, 0, AS_OF]]
    book = write_workbook(tmp_path / "c.xlsx", rows)

    before = letters(book, RunOptions(as_of=days(-3), backdate=BACKDATE))
    assert [(m.file.name, [d.sheet_row for d in m.letter.listed]) for m in before.made] == [
        ("HT9_预先提醒.docx", [2, 3])
    ]

    today = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert [(m.file.name, [d.sheet_row for d in m.letter.listed]) for m in today.made] == [
        ("HT9_催款信_第1次.docx", [2])
    ]
    text = letter_text(today.made[0].file)
    # 90,000 × 0.0005 × 1 day = 45.00
    assert "欠款¥90,000.00（人民币玖万元整），违约金¥45.00，合计¥90,045.00（人民币玖万零肆拾伍元整）" in text
    assert "首付款 | 2026年11月19日 | ¥90,000.00 | ¥0.00 | ¥90,000.00 | 1 | ¥45.00" in text
    assert "分期款 |" not in text


def test_the_archive_row_holds_the_letters_amounts_and_late_fee(tmp_path: Path) -> None:
    """HT7: 尾款 ¥2,000.00 of which ¥765.44 paid, due 10 days ago, no letter yet: the first 催款信.
    Owed 2,000.00 − 765.44 = 1,234.56; late fee 1,234.56 × 0.0005 × 10 = 6.1728 → 6.17; total 1,240.73."""
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "c.xlsx", [["3-2", "HT7", "郑七", "尾款", 2000, Decimal("765.44"), days(-10)]])

    made = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE)).made
    assert [m.file.name for m in made] == ["HT7_催款信_第1次.docx"]
    text = letter_text(made[0].file)
    assert ("欠款¥1,234.56（人民币壹仟贰佰叁拾肆元伍角陆分），违约金¥6.17，"
            "合计¥1,240.73（人民币壹仟贰佰肆拾元柒角叁分）") in text  # fmt: skip

    archive = list(openpyxl.load_workbook(book)["函件归档"].iter_rows(values_only=True))
    assert len(archive) == 2
    row = dict(zip(archive[0], archive[1], strict=False))
    assert (row["合同编号"], row["客户姓名"], row["第几次"]) == ("HT7", "郑七", 1)
    assert Decimal(str(row["欠款金额"])) == Decimal("1234.56")
    assert Decimal(str(row["违约金"])) == Decimal("6.17")


def test_amounts_in_words_keep_jiao_and_fen() -> None:
    assert in_words(Decimal("1234.56")) == "人民币壹仟贰佰叁拾肆元伍角陆分"
    assert in_words(Decimal("1001.06")) == "人民币壹仟零壹元零陆分"
    assert in_words(Decimal("100000.70")) == "人民币壹拾万元柒角"
    assert in_words(Decimal("0.05")) == "人民币伍分"
    assert in_words(Decimal("120000")) == "人民币壹拾贰万元整"
    assert in_words(Decimal("1234.565")) == "人民币壹仟贰佰叁拾肆元伍角柒分"  # rounded half-up to the fen
