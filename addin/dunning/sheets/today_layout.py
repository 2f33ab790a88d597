"""The `今日待办` sheet: each person's work on the as-of date (core/today.py), one block per person with
a box to tick, most urgent first, printed on A4 portrait. Rebuilt with 催款看板 by every refresh."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dunning.core.fields import TODAY_SHEET
from dunning.core.sms import SEGMENT
from dunning.core.today import CONSULTANT, Todo, by_person
from dunning.sheets.layout import SheetLayout

HEADER = ("完成", "状态", "事项", "合同编号", "客户", "联系电话", "要做的事", "短信", "截止", "行")
# the long texts wrap in columns this wide (characters), so a person's list fits an A4 page's width
WRAPPED = {"要做的事": 24, "短信": 36}


def today_layout(items: Sequence[Todo], *, as_of: date, sheet: str) -> SheetLayout:
    layout = SheetLayout(TODAY_SHEET, orientation="portrait")
    layout.add(1, 1, f"今日待办 · {sheet} · 基准日 {as_of.isoformat()}", "title")
    layout.add(2, 1, "本表在每次刷新时重建，请勿在此填写；每人一组，逾期的在前，其次今天到期，再按截止日期", "link")
    layout.add(
        3, 1, f"短信：打电话或寄函时可发给客户（措辞见「催款规则」）；红字的超过{SEGMENT}字，会分两条发送", "link"
    )
    row = 5
    if not items:
        layout.add(row, 1, "今天没有待办事项", "bold")
    for who, own in by_person(items):
        role = f"（{CONSULTANT}）" if own[0].owner == CONSULTANT and who != CONSULTANT else ""
        layout.add(row, 1, f"{who}{role}：{len(own)} 项", "bold")
        for column, label in enumerate(HEADER, start=1):
            layout.add(row + 1, column, label, "header")
        row += 2
        for item in own:
            _item(layout, row, item, as_of=as_of)
            row += 1
        row += 1
    layout.widths[1] = len(HEADER[0]) * 2  # the title and the group headings spill over; they do not size column A
    layout.wrap = {HEADER.index(label) + 1: width for label, width in WRAPPED.items()}
    layout.print_areas = ((1, 1, max(row - 1, 4), len(HEADER)),)
    layout.title_row = 1  # the title, with the 基准日, on every printed page
    layout.top_aligned = True  # a wrapped item's other cells on its first line, not its last
    return layout


def _item(layout: SheetLayout, row: int, item: Todo, *, as_of: date) -> None:
    status = "逾期" if item.late else "今天" if item.due == as_of else "待办"
    values = ("☐", status, item.task, item.contract_no, item.customer, item.phone, item.action, item.sms, item.due,
              item.sheet_row)  # fmt: skip
    red = {2} if item.late else set()
    if item.sms_too_long:
        red.add(HEADER.index("短信") + 1)
    for column, value in enumerate(values, start=1):
        layout.add(row, column, value, "late" if column in red else "box")
