"""The `催款看板` sheet, rebuilt on every refresh: headline figures on top, the per-row board sorted
by urgency on the left (header frozen), the summary tables and the ageing chart on its right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dunning.core.board import Board
from dunning.core.engine import Decision
from dunning.core.money import yuan
from dunning.core.summary import Line, Summary, summarise
from dunning.sheets.cells import (
    BOLD,
    BOX,
    HEADER_FILL,
    HEADER_FONT,
    LATE_FONT,
    TITLE_FONT,
    YUAN_FORMAT,
    fit_widths,
    put,
    stage_fill,
    text_width,
)  # fmt: skip
from dunning.sheets.reader import BOARD_SHEET

BOARD_HEADER_ROW = 5
COLUMNS = ("原表行", "合同编号", "客户姓名", "催款阶段", "第几次", "截止日期", "延误", "下一步", "责任人",
           "置业顾问", "房号", "款项类型", "逾期天数", "欠款金额", "违约金", "说明", "问题")  # fmt: skip
MONEY_COLUMNS = {"欠款金额", "违约金"}


def _row_values(d: Decision) -> tuple[object, ...]:
    inst = d.inst
    return (inst.sheet_row, inst.contract_no, inst.customer, d.stage_label, d.letter_no, d.action_due,
            "已延误" if d.late else "", d.next_action, d.owner, inst.consultant, inst.unit, inst.payment_kind,
            d.days_overdue, d.outstanding, d.late_fee, d.why, "；".join(d.problems))  # fmt: skip


def write_board_sheet(wb: Workbook, board: Board, *, after: str | None = None) -> Worksheet:
    """Replace (or add) the board sheet of an openpyxl workbook with the board."""
    index = None
    if BOARD_SHEET in wb.sheetnames:
        index = wb.sheetnames.index(BOARD_SHEET)
        del wb[BOARD_SHEET]
    elif after in wb.sheetnames:
        index = wb.sheetnames.index(after) + 1  # type: ignore[arg-type]
    ws = wb.create_sheet(BOARD_SHEET, index)
    summary = summarise(board)
    summary_column = len(COLUMNS) + 2
    _headline(ws, board, summary, summary_column=summary_column)
    widths = _rows(ws, summary.rows)
    _summary_tables(ws, summary, first_column=summary_column, widths=widths)
    fit_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=BOARD_HEADER_ROW + 1, column=4)
    ws.sheet_view.zoomScale = 90
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_title_rows = f"{BOARD_HEADER_ROW}:{BOARD_HEADER_ROW}"
    return ws


def _headline(ws: Worksheet, board: Board, summary: Summary, *, summary_column: int) -> None:
    """Title, the key figures in one line of text, and the notes; the figures as numbers are in 总览."""
    put(ws, 1, 1, f"催款看板 · {board.sheet}").font = TITLE_FONT
    shown = []
    for label, value in summary.headline:
        text = yuan(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value
        shown.append(f"{label} {text}")
    put(ws, 2, 1, "　·　".join(shown)).font = BOLD
    notes = "；".join(board.notes)
    put(ws, 3, 1, "本表在每次刷新时重建，请勿在此填写；汇总与图表在右侧 →" + (f"　注：{notes}" if notes else ""))
    link = ws.cell(row=3, column=1)
    link.hyperlink = f"#'{BOARD_SHEET}'!{ws.cell(row=BOARD_HEADER_ROW, column=summary_column).coordinate}"
    link.font = Font(color="1F4E78", underline="single")


def _rows(ws: Worksheet, rows: list[Decision]) -> dict[int, int]:
    widths = {i: text_width(name) for i, name in enumerate(COLUMNS, start=1)}
    for column, name in enumerate(COLUMNS, start=1):
        cell = put(ws, BOARD_HEADER_ROW, column, name)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BOX  # type: ignore[attr-defined]
    money = {i for i, name in enumerate(COLUMNS, start=1) if name in MONEY_COLUMNS}
    stage_column, late_column = COLUMNS.index("催款阶段") + 1, COLUMNS.index("延误") + 1
    for row, d in enumerate(rows, start=BOARD_HEADER_ROW + 1):
        for column, value in enumerate(_row_values(d), start=1):
            cell = put(ws, row, column, value)
            if column in money:
                cell.number_format = YUAN_FORMAT  # type: ignore[attr-defined]
            widths[column] = max(widths[column], text_width(value))
        fill, font = stage_fill(d.stage)
        stage_cell = ws.cell(row=row, column=stage_column)
        stage_cell.fill, stage_cell.font = fill, font
        if d.late:
            ws.cell(row=row, column=late_column).font = LATE_FONT
    ws.auto_filter.ref = f"A{BOARD_HEADER_ROW}:{ws.cell(row=BOARD_HEADER_ROW, column=len(COLUMNS)).column_letter}{BOARD_HEADER_ROW + len(rows)}"
    return widths


def _table(ws: Worksheet, top: int, left: int, title: str, header: tuple[str, ...],
           lines: list[tuple[object, ...]], widths: dict[int, int]) -> int:  # fmt: skip
    put(ws, top, left, title).font = BOLD
    for offset, name in enumerate(header):
        cell = put(ws, top + 1, left + offset, name)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BOX  # type: ignore[attr-defined]
    for row, line in enumerate(lines, start=top + 2):
        for offset, value in enumerate(line):
            cell = put(ws, row, left + offset, value)
            cell.border = BOX  # type: ignore[attr-defined]
            if isinstance(value, Decimal):
                cell.number_format = YUAN_FORMAT  # type: ignore[attr-defined]
            widths[left + offset] = max(widths.get(left + offset, 0), text_width(value), text_width(header[offset]))
    return top + 2 + len(lines) + 1


def _lines(lines: list[Line]) -> list[tuple[object, ...]]:
    return [(line.label, line.count, line.amount) for line in lines]


def _summary_tables(ws: Worksheet, summary: Summary, *, first_column: int, widths: dict[int, int]) -> None:
    left, top = first_column, BOARD_HEADER_ROW
    top = _table(ws, top, left, "总览", ("项目", "数值"), [tuple(item) for item in summary.headline], widths)
    top = _table(ws, top, left, "按阶段", ("阶段", "行数", "未结清欠款"), _lines(summary.by_stage), widths)
    ageing_top = top
    top = _table(ws, top, left, "账龄（未结清）", ("账龄", "行数", "欠款"), _lines(summary.ageing), widths)
    consultants = [(c.consultant, c.due_today, c.late, c.open_rows, c.overdue_amount) for c in summary.by_consultant]
    top = _table(ws, top, left, "按置业顾问（谁签约、谁负责）", ("置业顾问", "今日应办", "已延误", "未结清行", "逾期欠款"),
                 consultants, widths)  # fmt: skip
    _table(ws, top, left, "按款项类型（未结清）", ("款项类型", "行数", "欠款"), _lines(summary.by_kind), widths)
    chart = BarChart()
    chart.type, chart.style = "col", 10
    chart.title, chart.y_axis.title = "未结清欠款账龄", "欠款（元）"
    chart.legend = None
    first_line, last_line = ageing_top + 2, ageing_top + 1 + len(summary.ageing)
    chart.add_data(Reference(ws, min_col=left + 2, min_row=ageing_top + 1, max_row=last_line), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=left, min_row=first_line, max_row=last_line))
    chart.y_axis.number_format = '"¥"#,##0'
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, ws.cell(row=BOARD_HEADER_ROW, column=left + 6).coordinate)
