"""The layouts rendered into an openpyxl workbook: cells, styles, widths, panes, filter, chart."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dunning.sheets.cells import (
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
from dunning.sheets.layout import SheetLayout

LINK_FONT = Font(color="1F4E78", underline="single")


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
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if ws.sheet_properties.pageSetUpPr is not None:  # openpyxl makes one for every new sheet
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if layout.freeze:
        ws.print_title_rows = f"{layout.freeze[0] - 1}:{layout.freeze[0] - 1}"
    return ws


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
