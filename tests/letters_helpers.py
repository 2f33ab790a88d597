"""Small Word templates made in the test, so letter tests do not depend on the shipped ones."""

from __future__ import annotations

from pathlib import Path

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
