"""The button's question on a first run with long-overdue rows and no letter history (the rule itself, and
the board's and the plan's use of it: core.first_run)."""

from __future__ import annotations

from collections.abc import Sequence

from dunning.core.engine import Decision
from dunning.core.first_run import rows_text

ASK_TITLE = "催款看板"


def question(rows: Sequence[Decision]) -> str:
    """The button's Yes/No box (asked once per run)."""
    contracts = list(dict.fromkeys(d.inst.contract_no for d in rows))
    shown = "、".join(contracts[:10]) + (f" 等 {len(contracts)} 份合同" if len(contracts) > 10 else "")
    return (
        f"表中没有任何催款记录（已发催款信次数、最近催款信日期均为空，也没有函件归档），但第{rows_text(rows)}行"
        f"（{shown}）早已逾期。是否确认这些客户此前从未收到催款信？\n"
        "是 = 按第1次发出；否 = 先不发，请补填催款记录"
    )
