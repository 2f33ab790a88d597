"""`dunning today`'s terminal text: each person's items, most urgent first, one line each; and the button's
one line about them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from dunning.core.sms import SEGMENT
from dunning.core.today import CONSULTANT, Todo, by_person


def today_lines(items: Sequence[Todo], *, as_of: date) -> Iterator[str]:
    yield f"今日待办（基准日 {as_of.isoformat()}）"
    if not items:
        yield "今天没有待办事项"
        return
    for who, own in by_person(items):
        role = f"（{CONSULTANT}）" if own[0].owner == CONSULTANT and who != CONSULTANT else ""
        yield ""
        yield f"{who}{role}：{len(own)} 项"
        for item in own:
            when = "逾期" if item.late else "今天" if item.due == as_of else item.due.isoformat()
            phone = f" 电话 {item.phone}" if item.phone else ""
            yield (f"  [{when}] {item.task} {item.contract_no} {item.customer}{phone}：{item.action}"
                   f"（截止 {item.due.isoformat()}，第{item.sheet_row}行）")  # fmt: skip
            if item.sms:
                long = f"（超过{SEGMENT}字，分两条发送）" if item.sms_too_long else ""
                yield f"      短信{long}：{item.sms}"


def button_line(items: Sequence[Todo]) -> str:
    """The button's message about 今日待办: how many items, how many late, and each person's count, in the
    sheet's order: `今日待办 5 项，其中逾期 2 项（见「今日待办」工作表）：李娜 2、手续办理专员 3`."""
    if not items:
        return "今日待办：今天没有待办事项。"
    late = sum(item.late for item in items)
    counts = "、".join(f"{who} {len(own)}" for who, own in by_person(items))
    overdue = f"，其中逾期 {late} 项" if late else ""
    return f"今日待办 {len(items)} 项{overdue}（见「今日待办」工作表）：{counts}"
