"""Benchmark of the board: read a 100,000-row workbook, compute the board, report figures and ratios.

    python tests/benchmarks/bench_board.py [--rows 100000] [--keep DIR]

The sheet has some missing required cells and Excel error cells (named on the board), and dates
typed as text. Targets: the whole `dunning board --json` (reading, the board and its JSON, in a fresh
process) ≤ 2 × a bare python-calamine read of the same sheet, goal ≤ 1.5 ×; its peak memory < 300 MB;
compute ≥ 200,000 rows/s. Each end-to-end figure is the median of 3 runs, each in its own process
(its own peak memory): the time inside the process (its imports included) and the whole process's CPU
time (Python's start and exit too). The checked read (the package's limits checked, calamine's read,
the XML's error cells put back) and the read with the parse show what each stage adds to the ratio.
A script, not a timed test: it prints, it does not fail.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from dunning.core.board import compute_board, decide_table, read_table
from dunning.core.rules_sheet import load_rules
from dunning.sheets.reader import read_values

AS_OF = date(2026, 11, 20)
HEADER = ["房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问", "联系电话",
          "已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期", "暂缓催收至", "备注"]  # fmt: skip
KINDS = ["定金", "首付款", "分期款", "尾款"]
NAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"


def build(path: Path, rows: int, *, seed: int = 7) -> None:
    """A believable big sheet: due dates over three years, a third overdue, some typed as text."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("合同执行情况")
    ws.append(["压力测试项目 合同执行情况表"])
    ws.append(HEADER)
    for i in range(rows):
        due = AS_OF + timedelta(days=rng.randint(-700, 400))
        amount = rng.choice([50000, 120000.5, 300000, 85000.25])
        overdue = (AS_OF - due).days
        paid = amount if rng.random() < 0.6 else rng.choice([0, amount / 2])
        sent = max(0, min(8, overdue // 7)) if overdue > 3 and paid < amount else 0
        last = due + timedelta(days=3 + 7 * (sent - 1)) if sent else None
        approver = "刘总" if overdue > 62 and rng.random() < 0.5 else None
        lawyer = due + timedelta(days=70) if approver and overdue > 75 and rng.random() < 0.5 else None
        typed_due: object = due if i % 10 else f"{due.year}/{due.month}/{due.day}"
        due_cell: object = None if i % 997 == 5 else "#N/A" if i % 1009 == 7 else typed_due  # missing, error
        paid_cell: object = "#DIV/0!" if i % 1013 == 9 else paid
        ws.append([f"{i % 30 + 1}栋-{i % 2000 + 101}", f"HT-{i // 3:06d}", NAMES[i % 20] + "先生", KINDS[i % 4],
                   amount, paid_cell, due_cell, ["张丽", "王磊", "刘洋", "陈静"][i % 4], "13900000000", sent or None,
                   last, approver, lawyer, None, None])  # fmt: skip
    rules = wb.create_sheet("催款规则")
    rules.append(["参数", "值"])
    rules.append(["基准日", AS_OF])
    wb.save(path)


def timed(label: str, func, repeat: int = 3):  # noqa: ANN001, ANN201
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None  # free the previous run's result outside the timing
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<38} {best:8.3f} s")
    return best, result


PROBES = {
    "openpyxl read-only, iterating": (
        "import openpyxl; wb = openpyxl.load_workbook(path, read_only=True, data_only=True)\n"
        "for row in wb['合同执行情况'].iter_rows(values_only=True): pass"),
    "python-calamine, bare read": (
        "import python_calamine as c\n"
        "c.CalamineWorkbook.from_path(path).get_sheet_by_name('合同执行情况').to_python(skip_empty_area=False)"),
    "checked read (read_values)": (
        "from pathlib import Path; from dunning.sheets.reader import read_values\n"
        "v = read_values(Path(path)); assert v.sheets"),
    "read + parse (read_table)": (
        "from pathlib import Path; from dunning.sheets.reader import read_values; from dunning.core.board import read_table\n"
        "name, rows, header = read_values(Path(path)).data_table(); assert read_table(rows, sheet=name, header=header)"),
    "board_of (read + board)": (
        "from pathlib import Path; from dunning.jobs import RunOptions, board_of; from dunning.sheets.reader import read_values\n"
        "b = board_of(read_values(Path(path)), RunOptions()); assert len(b.decisions) > 0"),
    # as the user runs it: the console script's own process (which ends itself once the output is
    # written: its figures are printed, to stderr, by an exit function), the JSON to /dev/null
    "dunning board --json (whole command)": (
        "import atexit; from dunning.cli import main\n"
        "atexit.register(lambda: report(start))\n"
        "sys.argv = ['dunning', 'board', path, '--json']\n"
        "main()"),
}  # fmt: skip
PROBE = """
import json, resource, sys, time
def report(start):
    print(json.dumps({{"seconds": time.perf_counter() - start,
                       "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}), file=sys.stderr)
path = sys.argv[1]
start = time.perf_counter()
{body}
if "main()" not in {body!r}:
    report(start)
"""


def probe(body: str, path: Path, runs: int = 3) -> tuple[float, float, float]:
    """(median seconds, largest peak memory in MB, median CPU seconds of the whole process) of `body` in
    fresh processes; the seconds from the body's first line (its imports included) to its last."""
    import json
    import statistics
    import subprocess

    results, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, "-c", PROBE.format(body=body), str(path)], check=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return seconds, max(r["peak_mb"] for r in results), statistics.median(cpu)


def calibration() -> float:
    """Seconds for a plain Python loop of 5 million additions: how fast this machine runs Python."""
    start, total = time.perf_counter(), 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep (and reuse) the generated workbook")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench_{args.rows}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        build(path, args.rows)
        print(
            f"built {path} ({args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s"
        )

    figures = {}
    for label, body in PROBES.items():
        figures[label] = probe(body, path)
        seconds, peak, cpu = figures[label]
        print(f"{label:<38} {seconds:8.3f} s   peak {peak:6.0f} MB   process CPU {cpu:6.3f} s   (median of 3)")
    bare, _, bare_cpu = figures["python-calamine, bare read"]
    iterate = figures["openpyxl read-only, iterating"][0]
    for label in ("checked read (read_values)", "read + parse (read_table)", "board_of (read + board)",
                  "dunning board --json (whole command)"):  # fmt: skip
        seconds, peak, cpu = figures[label]
        print(
            f"ratio {label} / calamine bare read: {seconds / bare:.2f} (time), {cpu / bare_cpu:.2f} (process CPU)"
            f"   (target ≤ 2, goal ≤ 1.5); / openpyxl iterating: {seconds / iterate:.2f}; peak {peak:.0f} MB"
            " (target < 300)"
        )

    import pandas as pd

    plain, _ = timed("plain read (pandas + calamine)", lambda: pd.read_excel(path, sheet_name="合同执行情况",
                                                                          header=None, engine="calamine"))  # fmt: skip
    ours, values = timed("our read (read_values)", lambda: read_values(path))
    name, rows, header = values.data_table()
    rules = load_rules(values.sheets.get("催款规则"))
    parse, instalments = timed("parse typed values (read_table)", lambda: read_table(rows, sheet=name, header=header))
    rules_time, board = timed("rules: checks, stages, why (decide_table)", lambda: decide_table(
        instalments, rules, as_of=AS_OF, sheet=name))  # fmt: skip
    compute, board = timed("board compute (parse + rules + why)", lambda: compute_board(
        rows, rules, as_of=AS_OF, sheet=name, header=header))  # fmt: skip
    count = len(board.decisions)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stages: dict[str, int] = {}
    for d in board.decisions:
        stages[d.stage] = stages.get(d.stage, 0) + 1
    print(f"data rows                              {count:,}")
    print(f"stages                                 {stages}")
    print(f"compute rate, rules on read rows       {count / rules_time:,.0f} rows/s   (target ≥ 200,000)")
    print(f"compute rate, parse + rules            {count / compute:,.0f} rows/s")
    print(f"read ratio ours / plain (values)       {ours / plain:.2f}          (target ≤ 1.5)")
    print(f"read ratio ours / plain (values+parse) {(ours + parse) / plain:.2f}")
    print(f"end to end (read + compute)            {ours + compute:.3f} s")
    print(f"machine: 5M-addition Python loop     {min(calibration() for _ in range(3)):.3f} s")
    print(f"peak memory (max RSS)                  {peak_mb:,.0f} MB       (target < 1,024)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
