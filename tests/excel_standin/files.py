"""Opening a workbook file into the model, and `Workbook.Save` writing the model back, with openpyxl.

Opening reads values, formulas (legacy array formulas too), the cached results of formulas, number
formats, bold/italic/colour/size of fonts, solid fills, wrapped text and vertical alignment, column widths, frozen panes, the auto-filter,
sheet protection, the page setup, conditional formats, charts, defined names and whether the file asks for a full
calculation on load. An add-in (`.xlam`) is read the same way (openpyxl only refuses its content type)
and its VBA project with oletools.

Opening also reads the calculation mode the file stores (`calcPr calcMode`); saving writes the session's
`Application.Calculation` there, as Excel does. Saving loads the file again and changes what the model holds: cells (values, formulas, the formats
above, other formatting of a kept cell stays), widths, panes, filter, protection, page setup, conditional formats,
charts (a new chart is written as a clustered column chart of its source), sheets added, removed,
renamed or moved, names. openpyxl writes no cached values: a formula's result is not in the saved file.
A dynamic-array formula is written as an array formula over its spill range.
"""

from __future__ import annotations

import io
import os
import zipfile
from copy import copy
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from excel_standin.addresses import Area, column_number, parse_area, parse_cell
from excel_standin.app import AUTOMATIC, MANUAL, SEMIAUTOMATIC
from excel_standin.book import Workbook
from excel_standin.conditional import XL_CELL_VALUE, FormatRule
from excel_standin.grid import Cell
from excel_standin.page_setup import read_settings, write_settings
from excel_standin.range_format import VALIGNS
from excel_standin.sheet import Worksheet
from excel_standin.values import GENERAL, ExcelError, serial
from excel_standin.vba import VbaProject

ADDIN_TYPE = b"application/vnd.ms-excel.addin.macroEnabled.main+xml"
WORKBOOK_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
OPERATORS = {"between": 1, "notBetween": 2, "equal": 3, "notEqual": 4, "greaterThan": 5, "lessThan": 6,
             "greaterThanOrEqual": 7, "lessThanOrEqual": 8}  # fmt: skip


def _source(path: Path, addin: bool) -> Any:
    if not addin:
        return path
    out = io.BytesIO()
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(
                item, data.replace(ADDIN_TYPE, WORKBOOK_TYPE) if item.filename == "[Content_Types].xml" else data
            )
    out.seek(0)
    return out


def rgb_to_bgr(colour: Any) -> int | None:
    text = getattr(colour, "rgb", None)
    if getattr(colour, "type", None) != "rgb" or not isinstance(text, str) or len(text) < 6:
        return None
    red, green, blue = (int(text[-6:][i : i + 2], 16) for i in (0, 2, 4))
    return red + green * 256 + blue * 65536


def bgr_to_rgb(value: int) -> str:
    return f"FF{value & 0xFF:02X}{(value >> 8) & 0xFF:02X}{(value >> 16) & 0xFF:02X}"


CALC_MODES = {AUTOMATIC: "auto", MANUAL: "manual", SEMIAUTOMATIC: "autoNoTable"}  # <calcPr calcMode=…>


def calculation_in(wb: Any) -> int:
    """The calculation mode a workbook file stores (`calcPr calcMode`, automatic when absent)."""
    mode = wb.calculation.calcMode if wb.calculation is not None else None
    return next((number for number, text in CALC_MODES.items() if text == mode), AUTOMATIC)


def load_book(app: Any, path: Path, *, read_only: bool = False) -> Workbook:
    from excel_standin.text_files import OOXML, file_format, is_csv, load_csv

    if is_csv(path):
        return load_csv(app, path, read_only=read_only)  # type: ignore[no-any-return]
    addin = path.suffix.lower() in (".xlam", ".xla")
    source = _source(path, addin) if path.suffix.lower() in OOXML else io.BytesIO(path.read_bytes())
    formulas = openpyxl.load_workbook(source, rich_text=False)
    cached = openpyxl.load_workbook(_source(path, addin) if path.suffix.lower() in OOXML else
                                    io.BytesIO(path.read_bytes()), data_only=True)  # fmt: skip
    book = Workbook(app, path, read_only=read_only, addin=addin)
    book.file_format = file_format(path)
    for ws in formulas.worksheets:
        sheet = Worksheet(app, book, ws.title)
        sheet.source = ws.title
        _read_sheet(sheet, ws, cached[ws.title])
        book.sheets.append(sheet)
    for name, defined in formulas.defined_names.items():
        book.names[name.lower()], book.name_case[name.lower()] = defined.attr_text, name
    if book.sheets:
        book.active_sheet = book.sheets[min(formulas.index(formulas.active), len(book.sheets) - 1)]
    book.full_calc_on_load = bool(formulas.calculation is not None and formulas.calculation.fullCalcOnLoad)
    book.calculation_in_file = calculation_in(formulas)
    if addin or path.suffix.lower() == ".xlsm":
        book.vba = VbaProject.from_file(path)
    return book


def _value(value: object) -> object:
    if isinstance(value, datetime | date):
        return serial(value)
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and (error := ExcelError.from_text(value)) is not None:
        return error
    return value


def _read_sheet(sheet: Worksheet, ws: Any, values: Any) -> None:
    grid = sheet.grid
    for (row, column), source in list(ws._cells.items()):
        cell = grid.cell(row, column)
        value = source.value
        if isinstance(value, ArrayFormula):
            area = parse_area(value.ref or source.coordinate) or Area.cell(row, column)
            for key in area.cells():
                grid.cell(*key).array = area
            cell.formula = value.text if value.text.startswith("=") else "=" + value.text
        elif source.data_type == "f":
            cell.formula = str(value)
            cached = values.cell(row, column).value
            cell.value = None if cached is None else _value(cached)
        else:
            cell.value = _value(value)
            cell.prefix = "'" if source.quotePrefix else ""
        if source.has_style:
            font, fill = source.font, source.fill
            cell.number_format = source.number_format or GENERAL
            cell.bold, cell.italic = bool(font.b), bool(font.i)
            cell.font_color = rgb_to_bgr(font.color) if font.color is not None else None
            cell.font_size = float(font.sz) if font.sz and float(font.sz) != 11 else None
            cell.fill = rgb_to_bgr(fill.fgColor) if fill.fill_type == "solid" else None
            cell.wrap = bool(source.alignment.wrap_text)
            cell.vertical = VALIGNS.get(source.alignment.vertical or "bottom", VALIGNS["bottom"])
        if cell.is_blank() and not cell.has_format():
            del grid.cells[(row, column)]
    for letter, dimension in ws.column_dimensions.items():
        if dimension.customWidth and dimension.width:
            for column in range(column_number(letter), max(column_number(letter), dimension.max or 0) + 1):
                sheet.widths[column] = float(dimension.width)
    if ws.freeze_panes and (top_left := parse_cell(ws.freeze_panes)) is not None:
        sheet.view.frozen, sheet.view.split_row, sheet.view.split_column = True, top_left[0] - 1, top_left[1] - 1
    sheet.grid.merged = [area for merged in ws.merged_cells.ranges if (area := parse_area(str(merged))) is not None]
    sheet.auto_filter = parse_area(ws.auto_filter.ref) if ws.auto_filter.ref else None
    sheet.protected = bool(ws.protection.sheet)
    sheet.visible = ws.sheet_state == "visible"
    sheet.print_settings = read_settings(ws)
    for ranges in ws.conditional_formatting:
        area = parse_area(str(ranges.sqref).split()[0]) or Area.cell(1, 1)
        for rule in ranges.rules:
            operator = OPERATORS.get(rule.operator) if rule.operator else None
            formula = rule.formula[0] if rule.formula else None
            sheet.format_conditions.append(FormatRule(area, XL_CELL_VALUE, operator, formula, original=rule))
    for chart in ws._charts:
        from excel_standin.charts import ChartObject

        holder = ChartObject(sheet, (0.0, 0.0, 400.0, 215.0))
        holder.chart.original = chart  # type: ignore[attr-defined]
        sheet.charts.append(holder)


def save_book(book: Workbook) -> None:
    if book.addin:
        from excel_standin.com import NotModelled

        raise NotModelled("Workbook", "Save (of an add-in)")
    wb = openpyxl.load_workbook(book.path, rich_text=False)
    kept = {sheet.source for sheet in book.sheets if sheet.source}
    for ws in list(wb.worksheets):
        if ws.title not in kept:
            wb.remove(ws)
    targets = []
    for sheet in book.sheets:
        ws = wb[sheet.source] if sheet.source in wb.sheetnames else wb.create_sheet(sheet.name)
        ws.title = sheet.name
        _write_sheet(sheet, ws)
        sheet.source = sheet.name
        targets.append(ws)
    wb._sheets = targets
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    from openpyxl.workbook.defined_name import DefinedName

    for key, text in book.names.items():
        name = book.name_case.get(key, key)
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    if book.active_sheet is not None:
        wb.active = book.sheets.index(book.active_sheet)
    wb.calculation.calcMode = CALC_MODES[book.app.calculation]  # Excel stores the session's mode in the file
    temporary = book.path.with_name(f".~{book.path.name}")
    wb.save(temporary)
    os.replace(temporary, book.path)


def _write_sheet(sheet: Worksheet, ws: Any) -> None:
    for key in [key for key in ws._cells if key not in sheet.grid.cells]:
        del ws._cells[key]
    for (row, column), cell in sheet.grid.cells.items():
        target = ws.cell(row, column)
        _write_cell(target, cell, (row, column))
    for column, width in sheet.widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    view = sheet.view
    ws.freeze_panes = f"{get_column_letter(view.split_column + 1)}{view.split_row + 1}" if view.frozen else None
    ws.auto_filter.ref = (
        sheet.auto_filter.address(row_absolute=False, column_absolute=False) if sheet.auto_filter else None
    )
    ws.protection.sheet = sheet.protected
    write_settings(sheet.print_settings, ws)
    ws.conditional_formatting = ConditionalFormattingList()
    for rule in sheet.format_conditions:
        ws.conditional_formatting.add(rule.area.address(row_absolute=False, column_absolute=False), _rule(rule))
    ws._charts = [_chart(holder) for holder in sheet.charts]


def _write_cell(target: Any, cell: Cell, key: tuple[int, int]) -> None:
    if cell.array is not None and key == (cell.array.top, cell.array.left):
        target.value = ArrayFormula(cell.array.address(row_absolute=False, column_absolute=False), cell.formula)
    elif cell.formula is not None and cell.dynamic:
        area = cell.spill or Area.cell(*key)
        target.value = ArrayFormula(area.address(row_absolute=False, column_absolute=False), cell.formula)
    elif cell.formula is not None:
        target.value = cell.formula
    elif cell.array is not None or cell.spilled_from is not None:
        target.value = None
    elif isinstance(cell.value, ExcelError):
        target.value, target.data_type = cell.value.text, "e"
    else:
        target.value = cell.value
        if isinstance(cell.value, str) and cell.value.startswith("="):
            target.data_type = "s"
    if target.number_format != cell.number_format:
        target.number_format = cell.number_format
    font = target.font
    colour = bgr_to_rgb(cell.font_color) if cell.font_color is not None else None
    size = cell.font_size or 11
    if (
        bool(font.b),
        bool(font.i),
        rgb_to_bgr(font.color) if font.color is not None else None,
        float(font.sz or 11),
    ) != (cell.bold, cell.italic, cell.font_color, float(size)):
        target.font = Font(name=font.name, b=cell.bold, i=cell.italic, color=colour, sz=size)
    solid = rgb_to_bgr(target.fill.fgColor) if target.fill.fill_type == "solid" else None
    if solid != cell.fill:
        target.fill = PatternFill("solid", fgColor=bgr_to_rgb(cell.fill)) if cell.fill is not None else PatternFill()
    vertical = next(name for name, number in VALIGNS.items() if number == cell.vertical)
    if (bool(target.alignment.wrap_text), target.alignment.vertical or "bottom") != (cell.wrap, vertical):
        alignment = copy(target.alignment)
        alignment.wrap_text, alignment.vertical = cell.wrap or None, None if vertical == "bottom" else vertical
        target.alignment = alignment


def _rule(rule: FormatRule) -> Any:
    if rule.original is not None:
        return rule.original
    fill = PatternFill(bgColor=bgr_to_rgb(rule.fill)) if rule.fill is not None else None
    font = Font(color=bgr_to_rgb(rule.font_color) if rule.font_color is not None else None, b=rule.bold)
    if rule.type == XL_CELL_VALUE:
        operator = next((name for name, number in OPERATORS.items() if number == rule.operator), "equal")
        return CellIsRule(operator=operator, formula=[(rule.formula1 or "").lstrip("=")], fill=fill, font=font)
    return FormulaRule(formula=[(rule.formula1 or "").lstrip("=")], fill=fill, font=font)


def _chart(holder: Any) -> Any:
    chart = holder.chart
    if getattr(chart, "original", None) is not None:
        return chart.original
    made = BarChart()
    made.type, made.title = "col", chart.title if chart.has_title else None
    made.legend = made.legend if chart.has_legend else None
    source = chart.source
    if source is not None:
        areas = source.areas
        data_area = areas[-1]
        ws_title = source.sheet.name
        data = Reference(_ws_stub(ws_title), min_col=data_area.left, min_row=data_area.top, max_col=data_area.right,
                         max_row=data_area.bottom)  # fmt: skip
        made.add_data(data, titles_from_data=len(areas) == 1)
        if len(areas) > 1:
            cats = areas[0]
            made.set_categories(Reference(_ws_stub(ws_title), min_col=cats.left, min_row=cats.top, max_row=cats.bottom))
    column = 1 + int(holder.box[0] // 48)
    row = 1 + int(holder.box[1] // 15)
    made.anchor = f"{get_column_letter(column)}{row}"
    return made


class _ws_stub:  # noqa: N801 - what openpyxl's Reference needs of a worksheet: its title
    def __init__(self, title: str) -> None:
        self.title = title
