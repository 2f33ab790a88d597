"""The layouts rendered into an openpyxl workbook: cells, styles, widths, panes, filter, chart."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dunning.sheets.layout import END_MARGIN, SIDE_MARGIN, SheetLayout, text_width
from dunning.sheets.openpyxl_cells import (
    BOLD,
    BOX,
    HEADER_FILL,
    HEADER_FONT,
    LATE_FONT,
    TITLE_FONT,
    fit_widths,
    put,
    stage_fill,
)

LINK_FONT = Font(color="1F4E78", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 16.0  # points: one line of the board's 11-point text, Chinese included (LibreOffice clips 14.5)


def render_layout(wb: Workbook, layout: SheetLayout, *, after: str | None = None) -> Worksheet:
    """Replace (or add) the layout's sheet in an openpyxl workbook."""
    index = None
    if layout.name in wb.sheetnames:
        index = wb.sheetnames.index(layout.name)
        del wb[layout.name]
    elif after in wb.sheetnames:
        index = wb.sheetnames.index(after) + 1
    ws: Worksheet = wb.create_sheet(layout.name, index)
    for cell in layout.cells:
        target = put(ws, cell.row, cell.column, cell.value)
        _style(target, cell.style)
    fit_widths(ws, layout.widths)
    _wrap(ws, layout)
    if layout.freeze:
        ws.freeze_panes = f"{get_column_letter(layout.freeze[1])}{layout.freeze[0]}"
    if layout.auto_filter:
        top, left, bottom, right = layout.auto_filter
        ws.auto_filter.ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    if layout.link:
        row, column, to_row, to_column = layout.link
        link = ws.cell(row=row, column=column)
        link.hyperlink = f"#'{layout.name}'!{get_column_letter(to_column)}{to_row}"
        link.font = LINK_FONT
    if layout.chart:
        _chart(ws, layout)
    ws.sheet_view.zoomScale = 90
    _print_setup(ws, layout)
    return ws


def _wrap(ws: Worksheet, layout: SheetLayout) -> None:
    """Long texts wrap in a column of fixed width instead of widening the board beyond a printed page."""
    header = layout.title_row or 1
    lines: dict[int, int] = {}
    for column, width in layout.wrap.items():
        ws.column_dimensions[get_column_letter(column)].width = width
        for (cell,) in ws.iter_rows(min_row=header + 1, min_col=column, max_col=column):
            cell.alignment = WRAP
            needed, row = -(-text_width(cell.value) // max(width - 2, 1)), cell.row or 0
            lines[row] = max(lines.get(row, 1), needed)
    for row, count in lines.items():  # set, not left to the program: LibreOffice keeps one line otherwise
        if count > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * count
            if layout.top_aligned:  # the row's other cells on its first line, beside the wrapped text's start
                for cell in ws[row]:
                    if cell.column not in layout.wrap:
                        cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top")


def _print_setup(ws: Worksheet, layout: SheetLayout) -> None:
    """A4 (landscape unless the layout says portrait), each print area fitted to the page's width (the
    per-row board, then the summary on its own page), the header row repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = layout.orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if ws.sheet_properties.pageSetUpPr is not None:  # openpyxl makes one for every new sheet
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN
    ws.page_margins.top = ws.page_margins.bottom = END_MARGIN
    if layout.print_areas:
        ws.print_area = [
            f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
            for top, left, bottom, right in layout.print_areas
        ]
    if title := layout.printed_title:
        ws.print_title_rows = f"{title}:{title}"


def _style(target: object, style: str) -> None:
    cell = target
    if style == "title":
        cell.font = TITLE_FONT  # type: ignore[attr-defined]
    elif style == "bold":
        cell.font = BOLD  # type: ignore[attr-defined]
    elif style == "header":
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BOX  # type: ignore[attr-defined]
    elif style == "box":
        cell.border = BOX  # type: ignore[attr-defined]
    elif style == "late":
        cell.font = LATE_FONT  # type: ignore[attr-defined]
    elif style.startswith("stage:"):
        cell.fill, cell.font = stage_fill(style.removeprefix("stage:"))  # type: ignore[attr-defined]


def _chart(ws: Worksheet, layout: SheetLayout) -> None:
    spec = layout.chart
    assert spec is not None
    chart = BarChart()
    chart.type, chart.style = "col", 10
    chart.title, chart.y_axis.title = spec.title, spec.axis_title
    chart.legend = None
    column, header, last = spec.data
    chart.add_data(Reference(ws, min_col=column, min_row=header, max_row=last), titles_from_data=True)
    column, first, last = spec.categories
    chart.set_categories(Reference(ws, min_col=column, min_row=first, max_row=last))
    chart.y_axis.number_format = '"¥"#,##0'
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, ws.cell(row=spec.anchor[0], column=spec.anchor[1]).coordinate)
