"""Writing cells safely with openpyxl: text stays text (no formula injection), widths that fit
Chinese text, the product's number formats and stage colours."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dunning.core.stages import stage_of
from dunning.sheets.layout import (
    HEADER_COLOUR,
    HEADER_TEXT_COLOUR,
    LATE_TEXT_COLOUR,
    number_format,
)

HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)
HEADER_FONT = Font(bold=True, color=HEADER_TEXT_COLOUR)
TITLE_FONT = Font(bold=True, size=16)
BOLD = Font(bold=True)
LATE_FONT = Font(bold=True, color=LATE_TEXT_COLOUR)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(ws: Worksheet, row: int, column: int, value: object) -> object:
    """Write a value in the product's formats (money as ¥, dates, times); a text that starts like a
    formula is kept as text."""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01")) if value.as_tuple().exponent != 0 else value
    cell = ws.cell(row=row, column=column, value=cast(Any, value))
    if isinstance(value, str):
        cell.data_type = "s"
    elif (shown := number_format(value)) is not None:
        cell.number_format = shown
    return cell


def fit_widths(ws: Worksheet, widths: dict[int, int], *, cap: int = 60) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(cap, max(6, width + 2))


def stage_fill(stage: str) -> tuple[PatternFill, Font]:
    shown = stage_of(stage)
    return PatternFill("solid", fgColor=shown.fill), Font(color=shown.font, bold=shown.bold)
