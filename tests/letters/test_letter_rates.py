"""Each instalment's own 违约金日利率 in the letter (issue 18, finding 7): a contract whose rows are charged
at different rates never gets one rate stated for all of them. Real workbook, built-in templates, the
made .docx read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from dunning.jobs import RunOptions, letters

from conftest import AS_OF, BACKDATE, write_workbook

HEADER = ("合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "违约金日利率")


def _letter(path: Path) -> tuple[str, list[list[str]]]:
    """(the paragraphs' text, the first table's rows)."""
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    return text, [[cell.text for cell in row.cells] for row in doc.tables[0].rows]


def test_each_row_states_its_own_rate_and_the_sentence_no_single_wrong_one(tmp_path: Path) -> None:
    rows = [
        ("HT-7", "张三", "首付款", 100000, 0, date(2026, 10, 1), "0.1%"),  # 50 days × 0.1%  = 5,000.00
        ("HT-7", "张三", "分期款", 100000, 0, date(2026, 10, 10), None),  # 41 days × 0.05% = 2,050.00 (the rules')
        ("HT-8", "李四", "首付款", 100000, 0, date(2026, 10, 10), 0.0005),  # one rate: stated as it is
    ]
    book = write_workbook(tmp_path / "台账.xlsx", rows, header=HEADER)
    result = letters(
        book, RunOptions(as_of=AS_OF, backdate=BACKDATE, no_prior_letters=True)
    )  # a first run: none sent before
    made = {m.letter.contract_no: m.file for m in result.made}

    text, table = _letter(made["HT-7"])
    header = table[0]
    rate = header.index("日利率")
    by_kind = {row[0]: row for row in table[1:-1]}
    assert by_kind["首付款"][rate] == "0.1%" and by_kind["首付款"][header.index("违约金")] == "¥5,000.00"
    assert by_kind["分期款"][rate] == "0.05%" and by_kind["分期款"][header.index("违约金")] == "¥2,050.00"
    assert "每日0.1%" not in text and "每日0.05%" not in text, text
    assert "按未付款项各期约定的日利率（见上表）计算" in text and "违约金已达¥7,050.00" in text  # the 严正 letter

    text, table = _letter(made["HT-8"])
    assert table[1][table[0].index("日利率")] == "0.05%"
    assert "按未付款项每日0.05%计算" in text and "违约金已达¥2,050.00" in text
