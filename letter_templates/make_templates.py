"""Write the Word letter templates of ``letter_templates/`` (催款函模板).

The templates (five letters, and the 付款承诺书 of ``promise_template.py``) are ordinary Word documents that
the sales supervisor may edit in Word. They are filled later with docxtpl (Jinja2, sandboxed, autoescape
on); the placeholders are the Chinese names in ``PLACEHOLDERS``, one ``{{ 名称 }}`` always inside a single
run so that Word keeps it whole.

    python letter_templates/make_templates.py                  # (re)write the .docx next to this file
    python letter_templates/make_templates.py --out DIR        # write them into DIR instead
    python letter_templates/make_templates.py --sample OUTDIR  # also render each with a sample context

The output is deterministic: same script, same bytes (fixed document properties and zip timestamps).
Only python-docx and the standard library are needed to write the templates; ``--sample`` uses docxtpl.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent

# Every name a template may use (the letters job supplies exactly these).
PLACEHOLDERS = frozenset(
    {
        "客户姓名",
        "合同编号",
        "房号",
        "通讯地址",
        "客户电话",
        "置业顾问",
        "欠款金额",
        "欠款金额大写",
        "违约金",
        "违约金大写",
        "应付合计",
        "应付合计大写",
        "约定付款日期",
        "逾期天数",
        "第几次",
        "最后期限",
        "日期",
        "日利率",
        "日利率说明",
        "计违约金",
        "公司名称",
        "公司地址",
        "公司电话",
        "落款",
        "审批人",
        "律师函期限天数",
        "催告期限天数",
        "律师事务所",
        "律师事务所地址",
        "律师事务所电话",
        "承办律师",
        "律师执业证号",
        "款项明细",
        "另提示",
        "催告记录",
        "按合同约定",
        "律师费由对方承担",
        "可解除合同",
        "律师事务所邮编",
        "律师事务所邮箱",
        "律师函送达方式",
        "收件人",
        "称谓",
        "地址块",
        "落款部门",
        "律师函编号",
        "前次律师函",
        # the 付款承诺书 / 分期还款协议 (promise_template.py)
        "文书标题",
        "分期",
        "期数",
        "协商日期",
        "还款计划",
        "承诺合计",
        "承诺合计大写",
        "余欠说明",
    }
)
ROW_KEYS = ("款项类型", "约定付款日期", "应收金额", "已收金额", "欠款金额", "逾期天数", "日利率", "违约金")

# Fonts: 仿宋 for the Chinese text, 宋体 for the letterhead and titles, 黑体 for the few headings inside the
# letter; Times New Roman for digits and Latin letters (present everywhere, half-width digits keep the
# amounts narrow). Sizes follow the Chinese 字号 names.
LATIN_FONT = "Times New Roman"
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEAVY_FONT = "黑体"
SIZE_二号 = Pt(22)
SIZE_小二 = Pt(18)
SIZE_小四 = Pt(12)
SIZE_五号 = Pt(10.5)
SIZE_小五 = Pt(9)
BODY_SIZE = SIZE_小四
BODY_LINE = Pt(22)
ENCLOSURE_INDENT = Pt(36)  # 附件： is three characters of 小四  # 行距 固定值 22 磅: about 1.5 lines of 小四 in Word
TABLE_SIZE = SIZE_小五  # a six-figure fee and a two-digit month's date each on one line
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

# ----------------------------------------------------------------------------------------------------------------------
# Low-level helpers


def _rfonts(rpr):
    return rpr.get_or_add_rFonts()  # python-docx keeps the schema order of rPr children


def _set_rfonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Latin (ascii, hAnsi, cs) and East Asian fonts of an ``rPr``, dropping theme fonts that would win over them."""
    rfonts = _rfonts(rpr)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _style_font(style, font: str, size: Pt | None = None, *, bold: bool | None = None) -> None:
    style.font.name = LATIN_FONT  # w:ascii and w:hAnsi
    _set_rfonts(style.element.get_or_add_rPr(), font)  # and w:eastAsia, so Word and LibreOffice pick the CJK font
    if size is not None:
        style.font.size = size
    if bold is not None:
        style.font.bold = bold


def _east_asia_hint(run) -> None:
    """Characters Word may set either way (“”、…、·、¥) take the Chinese font, as Chinese Word does on typing."""
    _rfonts(run._r.get_or_add_rPr()).set(qn("w:hint"), "eastAsia")


def _first_line_chars(paragraph_format_owner, chars: int, size: Pt) -> None:
    """Indent the first line by ``chars`` characters (Word's 首行缩进 N 字符), with a length fallback."""
    ind = paragraph_format_owner.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size.pt * 20)))


# Children of w:pPr that the schema puts after w:pBdr.
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _bottom_border(paragraph, *, val: str = "thickThinSmallGap", size: int = 18) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), val)
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), "auto")
    bdr.append(bottom)
    ppr.insert_element_before(bdr, *_PPR_AFTER_PBDR)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _row_flags(row, *, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


# ----------------------------------------------------------------------------------------------------------------------
# The document and its styles


def _new_document(title: str):
    doc = Document()

    # A4, 2.5 cm margins.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.5)

    _document_defaults(doc)
    _define_styles(doc)
    _page_footer(doc)
    _clean_package(doc, title)
    return doc


def _document_defaults(doc) -> None:
    """docDefaults: CJK fonts instead of the theme's, Chinese as East Asian language, no 10 pt space after."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _set_rfonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    spacing = ppr_default.find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_footer(doc) -> None:
    """第 N 页 共 M 页, centred at the foot of every page (a letter may run to a second page)."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页  共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _paragraph_style(doc, name: str, style_id: str, *, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _define_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _style_font(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = BODY_LINE  # 固定值: the same page in Word with 仿宋 and in LibreOffice with a fallback font
    fmt.widow_control = True

    # Built-in styles the supervisor may apply in Word get CJK fonts too.
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        _style_font(style, HEAVY_FONT)
        style.font.color.rgb = None
    _style_font(doc.styles["Table Grid"], BODY_FONT, TABLE_SIZE)
    footer = doc.styles["Footer"]
    _style_font(footer, BODY_FONT, SIZE_小五)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    style = _paragraph_style(doc, "函头-公司名称", "LetterheadName")
    _style_font(style, TITLE_FONT, SIZE_小二, bold=True)
    style.font.character_spacing = Pt(2)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函头-地址电话", "LetterheadContact")
    _style_font(style, BODY_FONT, SIZE_五号)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.space_before = Pt(4)
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件标题", "LetterTitle")
    _style_font(style, TITLE_FONT, SIZE_二号, bold=True)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件编号", "LetterRef")
    _style_font(style, BODY_FONT, SIZE_五号 + Pt(1.5))
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.space_after = Pt(8)
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "收件人信息", "LetterRecipient")  # 收件人, 通讯地址, 联系电话 of a posted letter
    _style_font(style, BODY_FONT, SIZE_五号)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件称谓", "LetterSalutation")
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件正文", "LetterBody")
    _first_line_chars(style.element, 2, BODY_SIZE)

    style = _paragraph_style(doc, "函件小标题", "LetterSubheading", base="函件正文")
    _style_font(style, HEAVY_FONT)
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "表前说明", "LetterTableCaption", base="函件正文")
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "表后正文", "LetterBodyAfterTable", base="函件正文")
    style.paragraph_format.space_before = Pt(8)

    style = _paragraph_style(doc, "表后小标题", "LetterSubheadingAfterTable", base="函件小标题")
    style.paragraph_format.space_before = Pt(8)

    style = _paragraph_style(doc, "表格文字", "LetterTableText")
    _style_font(style, BODY_FONT, TABLE_SIZE)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    style = _paragraph_style(doc, "表格循环标记", "LetterTableLoop", base="表格文字")
    _style_font(style, BODY_FONT, SIZE_小五)
    style.font.color.rgb = None
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    style = _paragraph_style(doc, "函件联系方式", "LetterContact", base="函件正文")
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件结束语", "LetterClosing", base="函件正文")
    style.paragraph_format.keep_with_next = True  # the closing line travels with the signature

    style = _paragraph_style(doc, "函件附件", "LetterEnclosure")  # 附件：1.… / 2.… lined up under 1.
    style.paragraph_format.left_indent = ENCLOSURE_INDENT
    style.paragraph_format.keep_with_next = True

    style = _paragraph_style(doc, "函件落款", "LetterSignature")
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.keep_together = True

    style = _paragraph_style(doc, "函件附注", "LetterNote")
    _style_font(style, BODY_FONT, SIZE_五号 + Pt(1.5))
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.space_before = Pt(6)


def _clean_package(doc, title: str) -> None:
    """Fixed document properties and no stale thumbnail, so the file is the same on every run."""
    props = doc.core_properties
    props.title = title
    props.subject = "催款函模板"
    props.author = "催款看板"
    props.last_modified_by = "催款看板"
    props.comments = "由 letter_templates/make_templates.py 生成；占位符 {{ 名称 }} 由 docxtpl 填写。"
    props.keywords = "催款看板; docxtpl"
    props.category = "函件模板"
    props.revision = 1
    props.created = props.modified = FIXED_TIME

    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
            package.rels.related_parts.pop(rid, None)


# ----------------------------------------------------------------------------------------------------------------------
# Letter building blocks

Segment = str | tuple[str, str]  # plain text, or (flags, text) with flags among "b" (bold) and "u" (underline)


def _para(doc, style: str, *segments: Segment):
    """A paragraph made of runs we control: one run per segment, so a placeholder never spans runs."""
    paragraph = doc.add_paragraph(style=style)
    for segment in segments:
        flags, text = ("", segment) if isinstance(segment, str) else segment
        run = paragraph.add_run(text)
        _east_asia_hint(run)
        if "b" in flags:
            run.bold = True
        if "u" in flags:
            run.underline = True
    return paragraph


def _letterhead(doc, name: str = "{{ 公司名称 }}", contact: str = "地址：{{ 公司地址 }}　电话：{{ 公司电话 }}") -> None:
    _para(doc, "函头-公司名称", name)
    _bottom_border(_para(doc, "函头-地址电话", contact))


def _heading(doc, title: str, reference: str | None) -> None:
    _para(doc, "函件标题", title)
    if reference:
        _para(doc, "函件编号", reference)
    else:
        doc.paragraphs[-1].paragraph_format.space_after = Pt(8)


def _recipient(doc) -> None:
    """The recipient lines of a posted letter (收件人, 通讯地址, 联系电话: only those filled), under the letterhead."""
    _para(doc, "收件人信息", "{%p for 地址行 in 地址块 %}")
    _para(doc, "收件人信息", "{{ 地址行 }}")
    _para(doc, "收件人信息", "{%p endfor %}")


def _if_lines(doc, style: str, *lines: tuple[str, str]) -> None:
    """Paragraphs printed only when their placeholder is filled: (placeholder, text)."""
    for name, text in lines:
        _para(doc, style, "{%p if " + name + " %}")
        _para(doc, style, text)
        _para(doc, style, "{%p endif %}")


def _company_signature(doc) -> None:
    """The company's seal line, the 落款's department under it when the rules sheet gives one, the date."""
    _para(doc, "函件落款", "{{ 公司名称 }}（盖章）").paragraph_format.space_before = Pt(12)
    _if_lines(doc, "函件落款", ("落款部门", "{{ 落款部门 }}"))
    _para(doc, "函件落款", "{{ 日期 }}").paragraph_format.keep_with_next = False


def _signature(doc, *lines: str) -> None:
    first = True
    for line in lines:
        paragraph = _para(doc, "函件落款", line)
        if first:
            paragraph.paragraph_format.space_before = Pt(18)
            first = False
    doc.paragraphs[-1].paragraph_format.keep_with_next = False


# Column: header, row key, width (cm), alignment of the data cell.
_COLUMNS_FULL = (
    ("款项类型", "款项类型", 1.7, WD_ALIGN_PARAGRAPH.CENTER),
    ("约定付款日期", "约定付款日期", 3.1, WD_ALIGN_PARAGRAPH.CENTER),
    ("应收金额", "应收金额", 2.2, WD_ALIGN_PARAGRAPH.RIGHT),
    ("已收金额", "已收金额", 2.2, WD_ALIGN_PARAGRAPH.RIGHT),
    ("欠款金额", "欠款金额", 2.2, WD_ALIGN_PARAGRAPH.RIGHT),
    ("逾期天数", "逾期天数", 1.0, WD_ALIGN_PARAGRAPH.CENTER),
    ("日利率", "日利率", 1.35, WD_ALIGN_PARAGRAPH.CENTER),  # each instalment's own: rates may differ
    ("违约金", "违约金", 2.15, WD_ALIGN_PARAGRAPH.RIGHT),  # a six-figure fee on one line: ¥117,196.81
)
_COLUMNS_REMINDER = (
    ("款项类型", "款项类型", 2.6, WD_ALIGN_PARAGRAPH.CENTER),
    ("约定付款日期", "约定付款日期", 3.3, WD_ALIGN_PARAGRAPH.CENTER),
    ("应收金额", "应收金额", 2.9, WD_ALIGN_PARAGRAPH.RIGHT),
    ("已收金额", "已收金额", 2.9, WD_ALIGN_PARAGRAPH.RIGHT),
    ("待付金额", "欠款金额", 2.9, WD_ALIGN_PARAGRAPH.RIGHT),
    ("日利率", "日利率", 1.4, WD_ALIGN_PARAGRAPH.CENTER),
)
_TOTALS_FULL = [
    "{{ 欠款金额 }}",
    "",
    "",
    "{% if 计违约金 %}{{ 违约金 }}{% else %}—{% endif %}",
]  # under 欠款金额, 逾期天数, 日利率, 违约金


def _cell_text(cell, text: str, align, *, bold: bool = False, style: str = "表格文字") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[style]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    _east_asia_hint(run)
    if bold:
        run.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _set_width(cell, cm: float) -> None:
    cell.width = Cm(cm)


def _instalment_table(
    doc,
    columns: Sequence[tuple[str, str, float, WD_ALIGN_PARAGRAPH]],
    totals: Sequence[str],
    *,
    items: str = "款项明细",
    item: str = "行",
):
    """Header row, the docxtpl row loop over ``items`` (款项明细, each row ``item``), and a 合计 row (``totals``:
    one text per column after 合计)."""
    table = doc.add_table(rows=5, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    tblpr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 45), ("left", 57), ("bottom", 45), ("right", 57)):  # 0.08 cm, 0.1 cm
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for index, (_, _, width, _) in enumerate(columns):
        table.columns[index].width = Cm(width)
        for row in table.rows:
            _set_width(row.cells[index], width)

    header, loop_start, data, loop_end, total = table.rows
    _row_flags(header, header=True)
    for cell, (title, _, _, _) in zip(header.cells, columns, strict=True):
        _cell_text(cell, title, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _shade(cell, "D9D9D9")

    total_width = sum(width for _, _, width, _ in columns)
    for row, tag in ((loop_start, f"{{%tr for {item} in {items} %}}"), (loop_end, "{%tr endfor %}")):
        merged = row.cells[0].merge(row.cells[-1])
        _set_width(merged, total_width)
        _cell_text(merged, tag, WD_ALIGN_PARAGRAPH.LEFT, style="表格循环标记")

    _row_flags(data)
    for cell, (_, key, _, align) in zip(data.cells, columns, strict=True):
        _cell_text(cell, "{{ " + item + "." + key + " }}", align)

    _row_flags(total)
    label_span = len(columns) - len(totals)
    label = total.cells[0].merge(total.cells[label_span - 1]) if label_span > 1 else total.cells[0]
    _set_width(label, sum(width for _, _, width, _ in columns[:label_span]))
    _cell_text(label, "合　计", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for offset, text in enumerate(totals):
        index = label_span + offset
        _cell_text(total.cells[index], text, columns[index][3], bold=bool(text))
    return table


def _also(doc) -> None:
    """The contract's other instalments in one sentence, only when there are any (docxtpl drops the
    paragraphs of a false `{%p if %}`)."""
    _para(doc, "函件正文", "{%p if 另提示 %}")
    _para(doc, "函件正文", "{{ 另提示 }}")
    _para(doc, "函件正文", "{%p endif %}")


CONTACT = "如有疑问，请联系置业顾问{{ 置业顾问 }}，电话 {{ 公司电话 }}。"
CONTRACT_RATE = "{% if 按合同约定 %}按合同约定，{% endif %}"  # only when the rate is the contract's (违约金依据)
FEE_TOO = "{% if 计违约金 %}及违约金{% endif %}"
COSTS = "由此产生的诉讼费{extra}等费用依法由您承担{{% if 律师费由对方承担 %}}，律师费按合同约定由您承担{{% endif %}}。"
EARLIER = "{% if 催告记录 %}{{ 催告记录 }}，{% endif %}"  # only the notices 函件归档 holds


# ----------------------------------------------------------------------------------------------------------------------
# The five letters


def reminder() -> DocxDocument:
    doc = _new_document("付款提醒函")
    _letterhead(doc)
    _recipient(doc)
    _heading(doc, "付款提醒函", None)
    _para(doc, "函件称谓", "尊敬的{{ 称谓 }}")
    _para(doc, "函件正文", "您好！感谢您选择{{ 公司名称 }}。")
    _para(
        doc,
        "表前说明",
        "根据您与我司签订的《商品房买卖合同》（合同编号：{{ 合同编号 }}），您购买的{{ 房号 }}房屋有款项将于",
        ("b", "{{ 约定付款日期 }}"),
        "到期，待付金额为",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），明细如下：",
    )
    _instalment_table(doc, _COLUMNS_REMINDER, ["{{ 欠款金额 }}", ""])
    _para(
        doc,
        "表后正文",
        ("b", "请您于{{ 约定付款日期 }}（含当日）前按时交纳。"),
        "您可到售楼处财务室办理，或转账至合同约定的收款账户，转账时请注明房号及姓名。"
        "{% if 计违约金 %}" + CONTRACT_RATE + "逾期付款将按{{ 日利率说明 }}计收违约金，"
        "请您合理安排，以免产生不必要的损失。{% endif %}",
    )
    _also(doc)
    _para(doc, "函件联系方式", "如您已安排付款，请忽略本函。" + CONTACT)
    _para(doc, "函件结束语", "感谢您的支持与配合，顺祝生活愉快！")
    _company_signature(doc)
    return doc


def dunning_mild() -> DocxDocument:
    doc = _new_document("催款函")
    _letterhead(doc)
    _recipient(doc)
    _heading(doc, "催款函", "编号：{{ 合同编号 }}-{{ 第几次 }}")
    _para(doc, "函件称谓", "尊敬的{{ 称谓 }}")
    _para(doc, "函件正文", "您好！首先感谢您对{{ 公司名称 }}的信任与支持。")
    _para(
        doc,
        "表前说明",
        "根据您与我司签订的《商品房买卖合同》（合同编号：{{ 合同编号 }}），您购买的{{ 房号 }}房屋有款项应于"
        "{{ 约定付款日期 }}支付。截至{{ 日期 }}，我司尚未收到该笔款项，目前欠款金额为",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），已逾期{{ 逾期天数 }}天，明细如下：",
    )
    _instalment_table(doc, _COLUMNS_FULL, _TOTALS_FULL)
    _para(
        doc,
        "表后正文",
        "{% if 催告记录 %}此前{{ 催告记录 }}，特再次函告提醒。"
        "{% else %}我们理解您可能因事务繁忙而遗忘了付款日期，特此函告提醒。{% endif %}",
        ("b", "请您于{{ 最后期限 }}（含当日）前付清上述欠款。"),
        "{% if 计违约金 %}" + CONTRACT_RATE + "逾期付款按{{ 日利率说明 }}计收违约金，截至{{ 日期 }}为{{ 违约金 }}，"
        "为避免违约金继续增加，敬请及早办理。{% endif %}",
    )
    _also(doc)
    _para(
        doc,
        "函件联系方式",
        "如您已于近日付款，请忽略本函，并请将付款凭证告知置业顾问以便核对。" + CONTACT,
    )
    _para(doc, "函件结束语", "感谢您的理解与配合！")
    _company_signature(doc)
    return doc


def dunning_firm() -> DocxDocument:
    doc = _new_document("催款函（严正）")
    _letterhead(doc)
    _recipient(doc)
    _heading(doc, "催款函", "编号：{{ 合同编号 }}-{{ 第几次 }}")
    _para(doc, "函件称谓", "尊敬的{{ 称谓 }}")
    _para(
        doc,
        "表前说明",
        "根据您与我司签订的《商品房买卖合同》（合同编号：{{ 合同编号 }}），您购买的{{ 房号 }}房屋应于"
        "{{ 约定付款日期 }}支付的款项，" + EARLIER + "至今仍未付清。截至{{ 日期 }}，您尚欠购房款",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），已逾期",
        ("b", "{{ 逾期天数 }}"),
        "天，欠款明细如下：",
    )
    _instalment_table(doc, _COLUMNS_FULL, _TOTALS_FULL)
    _para(
        doc,
        "表后正文",
        "{% if 计违约金 %}" + CONTRACT_RATE + "逾期付款违约金自逾期之日起按未付款项{{ 日利率说明 }}计算。"
        "截至{{ 日期 }}，违约金已达",
        ("b", "{{ 违约金 }}"),
        "（{{ 违约金大写 }}），并将逐日累计，直至您付清欠款之日。{% endif %}",
    )
    _para(
        doc,
        "函件正文",
        (
            "b",
            "请您务必于{{ 最后期限 }}（含当日）前付清欠款" + FEE_TOO + "，合计{{ 应付合计 }}（{{ 应付合计大写 }}）。",
        ),
        "逾期仍未付清的，我司将依法追究您的违约责任。",
    )
    _also(doc)
    _para(
        doc,
        "函件联系方式",
        "如您在付款方面确有困难，请于上述期限前与我司联系协商；如您已付款，请将付款凭证提供给置业顾问核对。" + CONTACT,
    )
    _para(doc, "函件结束语", "特此函告。")
    _company_signature(doc)
    return doc


def dunning_severe() -> DocxDocument:
    doc = _new_document("最后催款通知")
    _letterhead(doc)
    _recipient(doc)
    _heading(doc, "最后催款通知", "编号：{{ 合同编号 }}-{{ 第几次 }}")
    _para(doc, "函件称谓", "尊敬的{{ 称谓 }}")
    _para(
        doc,
        "表前说明",
        "您购买的{{ 房号 }}房屋（《商品房买卖合同》编号：{{ 合同编号 }}）应于{{ 约定付款日期 }}支付的款项，"
        + EARLIER
        + "至今仍未付清。截至{{ 日期 }}，您尚欠购房款",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），已逾期",
        ("b", "{{ 逾期天数 }}"),
        "天，明细如下：",
    )
    _instalment_table(doc, _COLUMNS_FULL, _TOTALS_FULL)
    _para(
        doc,
        "表后正文",
        "您的上述行为已构成逾期付款违约。"
        "{% if 计违约金 %}{% if 按合同约定 %}根据《商品房买卖合同》关于买受人逾期付款违约责任的条款，{% endif %}"
        "您应自逾期之日起按未付款项{{ 日利率说明 }}向我司支付违约金，截至{{ 日期 }}违约金已达",
        ("b", "{{ 违约金 }}"),
        "（{{ 违约金大写 }}）。{% endif %}"
        "{% if 可解除合同 %}逾期超过合同约定期限的，我司有权依约解除合同，并要求您承担相应的违约责任。{% endif %}",
    )
    _para(
        doc,
        "函件正文",
        "现郑重通知您：",
        ("b", "请于{{ 最后期限 }}（含当日）前付清欠款" + FEE_TOO + "，共计{{ 应付合计 }}（{{ 应付合计大写 }}）。"),
        "如届时仍未付清，我司将委托律师向您发出律师函，并通过诉讼等法律途径追究您的违约责任，" + COSTS.format(extra=""),
    )
    _also(doc)
    _para(doc, "函件联系方式", "如您已付款，请立即将付款凭证提供给置业顾问核对。" + CONTACT)
    _para(doc, "函件结束语", "特此通知。")
    _company_signature(doc)
    return doc


# 民法典: 第509条 (履行合同义务) and 第577条 (违约责任) always; 第563条 (法定解除) only where the contract allows
# rescission; 第579条 (a money debt is claimed as such) always; 第585条 (约定违约金) only for a 违约金 the contract
# agrees (按合同约定), never for the company's own standard rate.
LAWYER_ARTICLES = (
    "第五百零九条{% if 可解除合同 %}、第五百六十三条{% endif %}、第五百七十七条、第五百七十九条"
    "{% if 计违约金 and 按合同约定 %}、第五百八十五条{% endif %}"
)


def lawyer_letter() -> DocxDocument:
    doc = _new_document("律师函")
    _letterhead(doc, "{{ 律师事务所 }}", "地址：{{ 律师事务所地址 }}　电话：{{ 律师事务所电话 }}")
    _heading(doc, "律 师 函", "编号：{{ 律师函编号 }}")
    _para(doc, "函件称谓", "致：{{ 收件人 }}")
    _if_lines(doc, "函件称谓", ("通讯地址", "地址：{{ 通讯地址 }}"), ("客户电话", "电话：{{ 客户电话 }}"))
    _para(
        doc,
        "函件正文",
        "{{ 律师事务所 }}（以下简称“本所”）接受{{ 公司名称 }}（以下简称“委托人”）的委托"
        "{% if 承办律师 %}，指派{{ 承办律师 }}律师{% endif %}，就您拖欠购房款一事，郑重致函如下：",
    )
    _para(doc, "函件正文", "{%p if 前次律师函 %}")
    _para(doc, "函件正文", "{{ 前次律师函 }}")
    _para(doc, "函件正文", "{%p endif %}")
    _para(doc, "函件小标题", "一、基本事实")
    _para(
        doc,
        "表前说明",
        "根据委托人提供的《商品房买卖合同》（合同编号：{{ 合同编号 }}）及相关付款记录，您向委托人购买{{ 房号 }}房屋，"
        "应在合同约定的付款期限内支付购房款。截至{{ 日期 }}，您尚欠已到期的购房款",
        ("b", "{{ 欠款金额 }}"),
        "（{{ 欠款金额大写 }}），最长已逾期",
        ("b", "{{ 逾期天数 }}"),
        "天{% if 催告记录 %}；{{ 催告记录 }}，您至今仍未付清{% endif %}。欠款明细如下：",
    )
    _instalment_table(doc, _COLUMNS_FULL, _TOTALS_FULL)
    _para(doc, "表后小标题", "二、法律责任")
    _para(
        doc,
        "函件正文",
        "依据《中华人民共和国民法典》" + LAWYER_ARTICLES + "之规定"
        "{% if 按合同约定 %}及上述合同关于逾期付款违约责任的约定{% endif %}，"
        "您的行为已构成违约，应当继续履行付款义务{% if 计违约金 %}，并自逾期之日起按未付款项{{ 日利率说明 }}支付违约金。"
        "截至{{ 日期 }}，违约金为",
        ("b", "{{ 违约金 }}"),
        "（{{ 违约金大写 }}）{% endif %}。{% if 可解除合同 %}委托人同时保留依约解除合同并要求赔偿损失的权利。"
        "{% else %}委托人保留依法追究您违约责任的权利。{% endif %}",
    )
    _para(doc, "函件小标题", "三、律师意见")
    _para(
        doc,
        "函件正文",
        "请您在收到本函之日起{{ 律师函期限天数 }}日内，",
        (
            "b",
            "且最迟于{{ 最后期限 }}（含当日）前，付清上述欠款"
            + FEE_TOO
            + "，共计{{ 应付合计 }}（{{ 应付合计大写 }}）。",
        ),
        "逾期未付清的，本所将根据委托人的授权，代理委托人依法提起诉讼，追究您的全部违约责任，"
        + COSTS.format(extra="、保全费"),
    )
    _also(doc)
    _para(doc, "函件联系方式", "如您对上述事实有异议，或已付款，请于上述期限内与本所联系核对：")
    _if_lines(
        doc,
        "函件联系方式",
        ("承办律师", "联系人：{{ 承办律师 }}律师"),
        ("律师事务所地址", "地址：{{ 律师事务所地址 }}"),
        ("律师事务所邮编", "邮编：{{ 律师事务所邮编 }}"),
        ("律师事务所电话", "电话：{{ 律师事务所电话 }}"),
        ("律师事务所邮箱", "邮箱：{{ 律师事务所邮箱 }}"),
    )
    _if_lines(doc, "函件正文", ("律师函送达方式", "本函以{{ 律师函送达方式 }}方式送达。"))
    _para(doc, "函件结束语", "特此函告。")
    _para(
        doc, "函件附件", "附件：1.《商品房买卖合同》（合同编号：{{ 合同编号 }}）复印件"
    ).paragraph_format.first_line_indent = -ENCLOSURE_INDENT
    _para(doc, "函件附件", "2.委托人出具的授权委托书复印件")
    _signature(
        doc,
        "{{ 律师事务所 }}（盖章）",
        "承办律师：{{ 承办律师 }}（签名）",
        "执业证号：{{ 律师执业证号 }}",
        "{{ 日期 }}",
    )
    return doc


def promise_letter() -> DocxDocument:
    """付款承诺书 / 分期还款协议 (``dunning promise``): in its own module, built with this one's helpers."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from promise_template import promise_letter as build

    return build()


TEMPLATES = {
    "预先提醒函.docx": reminder,
    "催款信_温和.docx": dunning_mild,
    "催款信_严正.docx": dunning_firm,
    "催款信_严厉.docx": dunning_severe,
    "律师函.docx": lawyer_letter,
    "付款承诺书.docx": promise_letter,
}


# ----------------------------------------------------------------------------------------------------------------------
# Saving


def _deterministic_bytes(doc) -> bytes:
    """The .docx as bytes, re-zipped with fixed timestamps (python-docx stamps each entry with the current time)."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_templates(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, build in TEMPLATES.items():
        path = out_dir / filename
        path.write_bytes(_deterministic_bytes(build()))
        written.append(path)
    return written


# ----------------------------------------------------------------------------------------------------------------------
# Sample rendering (a check; needs docxtpl)

SAMPLE_CONTEXT = {
    "客户姓名": "张&<三>",
    "合同编号": "JXHF-2026-0137",
    "房号": "3栋2单元1502",
    "通讯地址": "杭州市西湖区文三路 88 号 3 栋 2 单元 1502 室",
    "客户电话": "138 0571 2345",
    "置业顾问": "李晓燕",
    "欠款金额": "¥120,000.00",
    "欠款金额大写": "人民币壹拾贰万元整",
    "违约金": "¥2,570.00",
    "违约金大写": "人民币贰仟伍佰柒拾元整",
    "应付合计": "¥122,570.00",
    "应付合计大写": "人民币壹拾贰万贰仟伍佰柒拾元整",
    "约定付款日期": "2026年9月17日",
    "逾期天数": 64,
    "第几次": 3,
    "最后期限": "2026年11月27日",
    "日期": "2026年11月20日",
    "日利率": "0.05%、0.1%（各期不同，见明细）",
    "日利率说明": "各期约定的日利率（见上表）",
    "计违约金": True,
    "公司名称": "锦绣华府置业有限公司",
    "公司地址": "杭州市西湖区天目山路 188 号锦绣华府营销中心",
    "公司电话": "0571-88886666",
    "落款": "锦绣华府置业有限公司销售部",
    "审批人": "王建国",
    "律师函期限天数": 15,
    "催告期限天数": 7,
    "律师事务所": "浙江锦程律师事务所",
    "律师事务所地址": "杭州市西湖区文三路 90 号 15 楼",
    "律师事务所电话": "0571-87654321",
    "承办律师": "陈立言",
    "律师执业证号": "13301201810012345",
    "另提示": "另提示：您的尾款¥60,000.00将于2026年11月22日到期，请按时支付。",
    "催告记录": "我司已于2026年10月3日、10月10日先后2次向您书面催告",
    "按合同约定": True,
    "律师费由对方承担": True,
    "可解除合同": True,
    "律师事务所邮编": "310012",
    "律师事务所邮箱": "chenliyan@jinchenglaw.cn",
    "律师函送达方式": "中国邮政EMS",
    "收件人": "张&<三>、李四",
    "称谓": "张&<三>、李四：",
    "地址块": [
        "收件人：张&<三>、李四",
        "通讯地址：杭州市西湖区文三路 88 号 3 栋 2 单元 1502 室",
        "联系电话：138 0571 2345",
    ],
    "落款部门": "销售部",
    "律师函编号": "〔2026〕律函字第3号",
    "前次律师函": "本所已于2026年10月8日就您应于2026年8月17日支付的首付款向您发出〔2026〕律函字第1号律师函，"
    "期限已于2026年10月26日届满，您至今仍未付清。",
    "款项明细": [
        {
            "款项类型": "分期款",
            "约定付款日期": "2026年9月17日",
            "应收金额": "¥50,000.00",
            "已收金额": "¥20,000.00",
            "欠款金额": "¥30,000.00",
            "逾期天数": 64,
            "日利率": "0.05%",
            "违约金": "¥960.00",
        },
        {
            "款项类型": "分期款",
            "约定付款日期": "2026年10月17日",
            "应收金额": "¥50,000.00",
            "已收金额": "¥0.00",
            "欠款金额": "¥50,000.00",
            "逾期天数": 34,
            "日利率": "0.05%",
            "违约金": "¥850.00",
        },
        {
            "款项类型": "尾款",
            "约定付款日期": "2026年11月1日",
            "应收金额": "¥1,240,000.00",
            "已收金额": "¥1,200,000.00",
            "欠款金额": "¥40,000.00",
            "逾期天数": 19,
            "日利率": "0.1%",
            "违约金": "¥760.00",
        },
    ],
    "文书标题": "分期还款协议",
    "分期": True,
    "期数": 2,
    "协商日期": "2026年11月19日",
    "还款计划": [
        {"期次": "第1期", "付款日期": "2026年11月30日", "金额": "¥60,000.00", "金额大写": "人民币陆万元整"},
        {"期次": "第2期", "付款日期": "2026年12月31日", "金额": "¥50,000.00", "金额大写": "人民币伍万元整"},
    ],
    "承诺合计": "¥110,000.00",
    "承诺合计大写": "人民币壹拾壹万元整",
    "余欠说明": "上述还款计划合计¥110,000.00，少于截至2026年11月20日的欠款¥120,000.00；"
    "其余¥10,000.00（人民币壹万元整）仍应按《商品房买卖合同》的约定支付。",
}


def render_samples(template_dir: Path, out_dir: Path) -> None:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    out_dir.mkdir(parents=True, exist_ok=True)
    for filename in TEMPLATES:
        template = DocxTemplate(template_dir / filename)
        env = SandboxedEnvironment()
        undeclared = template.get_undeclared_template_variables(env)
        unknown = undeclared - PLACEHOLDERS
        if unknown:
            raise SystemExit(f"{filename}: unknown placeholder(s) {sorted(unknown)}")
        template.render(copy.deepcopy(SAMPLE_CONTEXT), env, autoescape=True)
        target = out_dir / filename.replace(".docx", "_样例.docx")
        template.save(target)
        _check_sample(target)
        sys.stdout.write(f"{filename}: {' '.join(sorted(undeclared))}\n  -> {target}\n")


def _check_sample(path: Path) -> None:
    """The rendered letter opens again and shows the customer, the amounts and one table row per instalment."""
    doc = Document(str(path))
    text = "\n".join(paragraph.text for paragraph in doc.paragraphs)
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    instalments = SAMPLE_CONTEXT["款项明细"]
    problems = [
        f"{what} missing"
        for what, present in (
            ("customer name", SAMPLE_CONTEXT["收件人"] in text),
            ("amount", SAMPLE_CONTEXT["欠款金额"] in text and SAMPLE_CONTEXT["欠款金额大写"] in text),
            ("instalment rows", len(rows) == len(instalments) + 2),
        )
        if not present
    ]
    for row, item in zip(rows[1:-1], instalments, strict=False):
        if row[0] != item[ROW_KEYS[0]] or item["欠款金额"] not in row:
            problems.append(f"table row {row} does not show {item}")
    if "{{" in text or "{%" in text:
        problems.append("a placeholder was left in the text")
    if problems:
        raise SystemExit(f"{path.name}: " + "; ".join(problems))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the templates (default: this folder)")
    parser.add_argument("--sample", type=Path, metavar="OUTDIR", help="also render every template with sample data")
    args = parser.parse_args(argv)
    for path in write_templates(args.out):
        sys.stdout.write(f"wrote {path}\n")
    if args.sample:
        render_samples(args.out, args.sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
