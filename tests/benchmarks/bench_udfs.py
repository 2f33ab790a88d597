"""Python-side cost of the Excel functions (what runs after xlwings hands over the values).

    python tests/benchmarks/bench_udfs.py

Targets (issue 4): one DUNNING_STAGE call after warm-up < 100 µs; DUNNING_BOARD over 10,000 rows < 0.3 s.
The VBA → COM → Python round trip that xlwings adds per call (milliseconds) is not measured here: it
needs Excel. A script, not a timed test.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from dunning.core.rules import preset_rules
from dunning.core.table import find_header
from dunning.excel.bridge import board_array, row_decision

AS_OF = datetime(2026, 11, 20).date()
HEADER = ["房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问", "联系电话", "通讯地址",
          "违约金日利率", "暂缓催收至", "备注", "已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期"]  # fmt: skip


def table(rows: int, *, seed: int = 3) -> list[list[object]]:
    """Values as Excel hands them to Python: datetimes, floats, strings, None."""
    rng = random.Random(seed)
    out: list[list[object]] = [list(HEADER)]
    for i in range(rows):
        due = datetime(2026, 11, 20) + timedelta(days=rng.randint(-400, 200))
        sent = float(rng.randint(0, 6)) if due.date() < AS_OF else None
        out.append([f"{i % 8 + 1}栋-{i % 900 + 101}", f"HT-{i // 3:05d}", f"客户{i}", "分期款", 120000.0,
                    rng.choice([None, 0.0, 60000.0, 120000.0]), due, "张丽", "139", "杭州", None, None, None, sent,
                    due + timedelta(days=10) if sent else None, None, None])  # fmt: skip
    return out


def main() -> None:
    rules = preset_rules()
    rows = table(10_000)
    header = find_header(rows, sheet="合同执行情况")
    calls = 20_000
    for values in rows[1:2001]:  # warm-up
        row_decision(values, header, rules, as_of=AS_OF, sheet="合同执行情况", sheet_row=2)
    start = time.perf_counter()
    for i in range(calls):
        values = rows[1 + i % 10_000]
        row_decision(values, header, rules, as_of=AS_OF, sheet="合同执行情况", sheet_row=2).stage_label  # noqa: B018
    per_call = (time.perf_counter() - start) / calls
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        out = board_array(rows, None, as_of=AS_OF)
        best = min(best, time.perf_counter() - start)
    assert len(out) == len(rows)
    print(f"DUNNING_STAGE, Python side, after warm-up   {per_call * 1e6:8.1f} µs a call   (target < 100 µs)")
    print(f"DUNNING_BOARD over 10,000 rows              {best:8.3f} s          (target < 0.3 s)")


if __name__ == "__main__":
    main()
