"""Tables in the Word files the product writes for people inside the company (the approval list, the
major-arrears report): fixed column widths that Word and LibreOffice both honour, small type."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt
from docx.table import Table

LATIN_FONT = "Times New Roman"  # narrow digits (Liberation Serif where it is missing, same widths)
CJK_FONT = "宋体"


def a4(doc: DocumentObject, *, landscape: bool = False, margin_cm: float = 1.5) -> float:
    """Lay the document's first section out on A4, in the letters' fonts (Times New Roman for digits and
    Latin letters, 宋体 for Chinese: python-docx's default theme font has digits so wide that a date or an
    amount breaks in its column); returns the width between the margins in cm."""
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    normal.paragraph_format.space_after = Pt(2)
    section = doc.sections[0]
    width, height = (29.7, 21.0) if landscape else (21.0, 29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(margin_cm)
    return width - 2 * margin_cm


def add_table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    numeric: Collection[int] = (),
    size: float = 8,
) -> Table:
    """A grid with `header` in bold, then `rows`. The widths go into the table grid (what LibreOffice
    lays out by) and every cell (what Word lays out by); autofit is off so neither program redistributes
    them. Columns whose index is in `numeric` are right-aligned, so figures line up."""
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for number, row in enumerate(table.rows):  # a row never splits across pages; the header repeats on each
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if number == 0:
            properties.append(OxmlElement("w:tblHeader"))
    for number, values in enumerate((header, *rows)):
        for column, (cell, value) in enumerate(zip(table.rows[number].cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if column in numeric and number > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if not value:  # an empty cell stays empty: merged into a neighbour, it adds no blank line
                continue
            run = paragraph.add_run(value)  # a line break in the value is one in the cell
            run.font.size = Pt(size)
            run.bold = True if number == 0 else None
    return table


def merge_down(table: Table, column: int, first: int, last: int) -> None:
    """One cell from row `first` to row `last` (0 = the header) of `column`: the first row's text."""
    if last > first:
        table.cell(first, column).merge(table.cell(last, column))


def merge_across(table: Table, row: int) -> None:
    """The whole of row `row` one cell: the first column's text, as a note under the rows above."""
    cells = table.rows[row].cells
    cells[0].merge(cells[-1])
