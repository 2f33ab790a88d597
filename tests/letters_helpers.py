"""Small Word templates made in the test, so letter tests do not depend on the shipped ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docx import Document

ROW_KEYS = ("款项类型", "约定付款日期", "应收金额", "已收金额", "欠款金额", "逾期天数", "违约金")


def make_template(path: Path, title: str, *, extra: str = "") -> Path:
    doc = Document()
    doc.add_paragraph(title)
    for line in (
        "{{ 公司名称 }} {{ 公司地址 }} {{ 公司电话 }}",
        "尊敬的{{ 客户姓名 }}：房号{{ 房号 }}，合同{{ 合同编号 }}，第{{ 第几次 }}次。",
        "欠款{{ 欠款金额 }}（{{ 欠款金额大写 }}），违约金{{ 违约金 }}，合计{{ 应付合计 }}（{{ 应付合计大写 }}）。",
        "约定付款日期{{ 约定付款日期 }}，逾期{{ 逾期天数 }}天，请于{{ 最后期限 }}前付清。审批：{{ 审批人 }}",
        "{{ 落款 }} {{ 日期 }} {{ 置业顾问 }} {{ 通讯地址 }}",
        extra,
    ):
        doc.add_paragraph(line)
    table = doc.add_table(rows=4, cols=len(ROW_KEYS))
    for i, key in enumerate(ROW_KEYS):
        table.cell(0, i).text = key
        table.cell(2, i).text = "{{ 行." + key + " }}"
    table.cell(1, 0).text = "{%tr for 行 in 款项明细 %}"
    table.cell(3, 0).text = "{%tr endfor %}"
    doc.save(str(path))
    return path


def make_templates(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    make_template(folder / "预先提醒函.docx", "付款提醒函")
    for tone in ("温和", "严正", "严厉"):
        make_template(folder / f"催款信_{tone}.docx", f"催款函（{tone}）")
    make_template(folder / "律师函.docx", "律师函")
    return folder


def letter_text(path: Path) -> str:
    """All the text of a letter: paragraphs and table cells."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def archived_letter(wb: Any, *, contract: str, customer: str, kind: str, due: date, amount: int, sent: date,
                    fee: int = 0) -> None:  # fmt: skip
    """One 第1次 催款信 in the workbook's 函件归档 (added with its header when missing), as a letters run on `sent` wrote
    it at 9:00: its key names the contract's `kind` due on `due` for `amount`."""
    from datetime import datetime
    from decimal import Decimal

    from dunning.core.archive_record import ARCHIVE_HEADER, ArchiveRow

    archive = wb["函件归档"] if "函件归档" in wb.sheetnames else wb.create_sheet("函件归档")
    if archive.max_row == 1 and archive.cell(1, 1).value is None:
        archive.append(list(ARCHIVE_HEADER))
    key = f"{contract}|{kind}|{due.isoformat()}|{amount}|letter|1"
    row = ArchiveRow(datetime(sent.year, sent.month, sent.day, 9), sent, contract, customer, "催款信", "letter", 1,
                     Decimal(amount), Decimal(fee), "x.docx", "", "测试", (key,))  # fmt: skip
    archive.append(list(row.cells()))
