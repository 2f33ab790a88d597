"""The 付款承诺书 / 分期还款协议 template (``付款承诺书.docx``), written by make_templates.py with its letters.

One template for both: the title and the few sentences that differ follow ``{{ 分期 }}`` (the schedule has
two periods or more: 分期还款协议, else 付款承诺书). The parties (甲方 the company as 收款方, 乙方 the customer
as 承诺人), the contract, what is owed as of the document's date, the schedule with its amounts in figures
and in 大写, what follows a missed payment, and the signature lines. The supervisor may edit it in Word
like the letters.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from make_templates import (
    _COLUMNS_FULL,
    _east_asia_hint,
    _instalment_table,
    _new_document,
    _para,
    _row_flags,
    _set_width,
)

TITLE = "{{ 文书标题 }}"


def either(*, several: str, one: str) -> str:
    """The words for a schedule of several periods (分期还款协议), else for one (付款承诺书)."""
    return "{% if 分期 %}" + several + "{% else %}" + one + "{% endif %}"


CONTRACT = "《商品房买卖合同》（合同编号：{{ 合同编号 }}）"
HOUSE = "{% if 房号 %}，购买{{ 房号 }}房屋{% endif %}"
_PARTY = "甲方（收款方）"
_PROMISOR = "乙方（承诺人）"

# The letters' 款项明细, its amounts named from the customer's side (应付/已付: what she owes and has paid).
_FROM_THE_CUSTOMER = {"应收金额": "应付金额", "已收金额": "已付金额"}
_OWED = tuple((_FROM_THE_CUSTOMER.get(head, head), key, width, align) for head, key, width, align in _COLUMNS_FULL)
_OWED_TOTALS = ["{{ 欠款金额 }}", "", "", "{% if 计违约金 %}{{ 违约金 }}{% else %}—{% endif %}"]
_PLAN = (
    ("期次", "期次", 2.0, WD_ALIGN_PARAGRAPH.CENTER),
    ("付款日期（含当日）", "付款日期", 3.6, WD_ALIGN_PARAGRAPH.CENTER),
    ("金额", "金额", 3.0, WD_ALIGN_PARAGRAPH.RIGHT),
    ("金额（大写）", "金额大写", 7.3, WD_ALIGN_PARAGRAPH.LEFT),
)
_PLAN_TOTALS = ["{{ 承诺合计 }}", "{{ 承诺合计大写 }}"]


LINE = Pt(18)  # 固定行距 (1.5 lines of 小四): the letters' 22 pt puts the signatures on a second page


def promise_letter():
    doc = _new_document("付款承诺书")
    _one_page(doc)
    _para(doc, "函件标题", TITLE).paragraph_format.space_after = Pt(2)
    _para(doc, "函件编号", "合同编号：{{ 合同编号 }}")
    _parties(doc)
    _para(
        doc,
        "表前说明",
        either(several="甲乙双方", one="乙方") + "确认：乙方与甲方签订" + CONTRACT + HOUSE + "。截至{{ 日期 }}，"
        "乙方尚欠已到期的购房款",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），明细如下：",
    ).paragraph_format.space_before = Pt(8)
    _para(doc, "表后小标题", "一、欠款情况").paragraph_format.space_before = Pt(4)
    _instalment_table(doc, _OWED, _OWED_TOTALS)
    _para(
        doc,
        "表后正文",
        "{% if 计违约金 %}{% if 按合同约定 %}按合同约定，{% endif %}逾期付款违约金按未付款项{{ 日利率说明 }}计算，"
        "截至{{ 日期 }}为{{ 违约金 }}（{{ 违约金大写 }}）。{% endif %}",
    )
    _schedule(doc)
    _para(doc, "表后小标题", "三、未按期付款").paragraph_format.space_before = Pt(4)
    _para(
        doc,
        "函件正文",
        "乙方未按上述" + either(several="任何一期的", one="") + "日期足额付款的，甲方将恢复催收程序"
        "（包括书面催告，必要时委托律师处理）{% if 计违约金 %}，违约金"
        "{% if 按合同约定 %}按合同约定{% endif %}继续计算至实际付清之日{% endif %}。",
    )
    _para(doc, "表后小标题", "四、其他").paragraph_format.space_before = Pt(4)
    _para(
        doc,
        "函件正文",
        "除上述付款安排外，双方仍按上述合同的约定履行{% if 计违约金 %}；本{{ 文书标题 }}不免除乙方按合同应承担的违约金"
        "（截至{{ 日期 }}为{{ 违约金 }}）{% endif %}。本{{ 文书标题 }}一式两份，甲乙双方各执一份。",
    ).paragraph_format.keep_with_next = True
    _signatures(doc)
    return doc


def _one_page(doc) -> None:
    """A little tighter than the letters (2 cm top and bottom, 18 pt lines): two instalments owed and a schedule
    of two periods fit on one page with the signatures (LibreOffice); a longer document takes 四、其他 and the
    signatures to the next page together (the signature row never splits, the paragraph before keeps with it)."""
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(2.0)
    doc.styles["Normal"].paragraph_format.line_spacing = LINE
    doc.styles["函件标题"].paragraph_format.space_before = Pt(0)


def _parties(doc) -> None:
    """甲方 and 乙方, each a short block; the ID number is written in by hand (the sheet has no column for it)."""
    lines = (
        ("b", _PARTY + "：{{ 公司名称 }}"),
        "地址：{{ 公司地址 }}　　电话：{{ 公司电话 }}",
        ("b", _PROMISOR + "：{{ 收件人 }}"),
        "身份证号码：____________________　　联系电话：{{ 客户电话 }}",
        "通讯地址：{% if 通讯地址 %}{{ 通讯地址 }}{% else %}____________________________________{% endif %}",
    )
    for number, line in enumerate(lines):
        paragraph = _para(doc, "收件人信息", line)
        paragraph.paragraph_format.line_spacing = Pt(17)
        if number == 2:
            paragraph.paragraph_format.space_before = Pt(6)


def _schedule(doc) -> None:
    _para(doc, "表后小标题", either(several="二、分期还款计划", one="二、付款承诺"))
    _para(
        doc,
        "表前说明",
        either(
            several="经{{ 协商日期 }}协商，乙方按以下计划分{{ 期数 }}期向甲方支付上述欠款：",
            one="乙方承诺按以下日期和金额向甲方支付上述欠款：",
        ),
    )
    _instalment_table(doc, _PLAN, _PLAN_TOTALS, items="还款计划", item="期")
    _para(doc, "表后正文", "付款可到售楼处财务室办理，或转账至合同约定的收款账户，转账时注明房号及姓名。{{ 余欠说明 }}")


def _signatures(doc) -> None:
    """Two columns without borders, one row that never splits: 乙方 signs on the left, 甲方 seals on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _row_flags(table.rows[0])
    sides = (
        ("乙方（签字）：", "", "日期：______年____月____日"),
        ("甲方（盖章）：{{ 公司名称 }}", "", "日期：______年____月____日"),
    )
    for cell, lines in zip(table.rows[0].cells, sides, strict=True):
        _set_width(cell, 8.0)
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
        for number, text in enumerate(lines):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            paragraph.paragraph_format.keep_with_next = number < len(lines) - 1
            if text:
                _east_asia_hint(paragraph.add_run(text))
    for column in table.columns:
        column.width = Cm(8.0)
    grid = table._tbl.tblPr
    layout = grid.get_or_add_tblLayout()
    layout.set(qn("w:type"), "fixed")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    grid.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
