"""Reliability figures for the note: bad inputs, faults, fuzzing, kill points and concurrent runs tried,
and what happened to each.

    python tests/reliability/figures.py [--kill-runs 50] [--concurrent-runs 50] [--fuzz-rows 20000] [--crash-only]

The crash figures: runs (kill runs: one run killed then rerun, kill_letters.py; concurrent runs: 2–4
processes started together, some killed, then a clean rerun, concurrent_runs.py), SIGKILLs delivered,
processes started together, refused as busy, letters lost, duplicated, SHA mismatches, wall time.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "reliability")]

from dunning.cli import app  # noqa: E402
from dunning.core.board import compute_board  # noqa: E402
from dunning.core.errors import RulesError  # noqa: E402
from dunning.core.rules import preset_rules  # noqa: E402
from dunning.core.rules_sheet import LADDER_HEADER, PARAMETERS, load_rules  # noqa: E402

AS_OF = date(2026, 11, 20)
runner = CliRunner()


def corpus() -> tuple[int, int, int]:
    """(files, boards, clear messages) — and tracebacks would be the rest."""
    files = sorted(p for p in (ROOT / "tests" / "data").iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))
    boards = messages = 0
    for path in files:
        result = runner.invoke(app, ["board", str(path), "--as-of", AS_OF.isoformat(), "--json"])
        if result.exit_code == 0:
            boards += 1
        elif result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1:
            messages += 1
        print(
            f"  corpus {path.name:<30} → {'board of ' + str(len(json.loads(result.stdout))) + ' rows' if result.exit_code == 0 else result.stderr.strip()}"
        )
    return len(files), boards, messages


CELLS: list[object] = [None, "", " ", "#N/A", "#VALUE!", "合计", "¥1,234.50", "12.5万", "2026/13/45", "2026年3月5日", "万分之五",
                       '=HYPERLINK("x")', True, 0, -1, 1e300, float("nan"), 46086.0, datetime(2026, 3, 5), date(1900, 1, 1),
                       "２０２６年３月５日", "\u200b", "-", "@", "5万元"]  # fmt: skip


def fuzz_rows(count: int, rng: random.Random) -> tuple[int, int]:
    """(rows, exceptions): random typed values in every column."""
    header = ["合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期", "暂缓催收至", "已发催款信次数", "最近催款信日期",
              "律师函审批人", "律师函寄出日期", "违约金日利率"]  # fmt: skip
    rows = [[rng.choice(CELLS) if rng.random() < 0.7 else rng.random() * 1e6 for _ in header] for _ in range(count)]
    try:
        board = compute_board([header, *rows], preset_rules(), as_of=AS_OF, sheet="S")
    except Exception as exc:  # noqa: BLE001 - counted, not hidden
        print(f"  fuzz rows: {type(exc).__name__}: {exc}")
        return count, 1
    assert all(d.stage and d.why for d in board.decisions)
    return count, 0


def fuzz_rules(count: int, rng: random.Random) -> tuple[int, int, int]:
    """(sheets, read, refused by name) — other exceptions would be the rest."""
    names = [*PARAMETERS, "节假日", "律师函期现天数"]
    read = refused = 0
    for _ in range(count):
        rows: list[list[object]] = [["参数", "值"]] + [
            [rng.choice(names), rng.choice(CELLS)] for _ in range(rng.randint(0, 6))
        ]
        if rng.random() < 0.5:
            rows += [[], list(LADDER_HEADER)] + [
                [rng.choice(CELLS) for _ in LADDER_HEADER] for _ in range(rng.randint(0, 4))
            ]
        try:
            load_rules(rows)
            read += 1
        except RulesError:
            refused += 1
    return count, read, refused


def injection(folder: Path) -> tuple[int, int]:
    """(hostile values written, written as something other than text)."""
    from dunning.jobs import RunOptions, letters, refresh

    from conftest import write_workbook
    from letters_helpers import make_templates

    make_templates(folder / "函件模板")
    hostile = [
        '=HYPERLINK("http://x","点我")',
        "+86 139",
        "-1+1",
        "@SUM(1)",
        "张<三>&",
        "../../etc/passwd",
        "CON",
        "a\\b/c",
    ]
    rows = [
        [f"1-{i}", f"HT{i}{name[:3]}", name, "首付款", 1000 + i, 0, AS_OF - timedelta(days=3)]
        for i, name in enumerate(hostile)
    ]
    book = write_workbook(folder / "h.xlsx", rows)
    letters(book, RunOptions(as_of=AS_OF, backdate="可靠性数据：固定的基准日"))
    refresh(book, RunOptions(as_of=AS_OF))
    wb = openpyxl.load_workbook(book)
    written = [c for ws in (wb["催款看板"], wb["函件归档"]) for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value in hostile]  # fmt: skip
    return len(written), sum(1 for c in written if c.data_type != "s")


def big_workbook(folder: Path) -> str:
    """The 100,000-row workbook of the board benchmark, through `dunning board` and `dunning refresh`."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    import bench_board

    path = folder / "big.xlsx"
    bench_board.build(path, 100_000)
    board = runner.invoke(app, ["board", str(path), "--json"])
    refreshed = runner.invoke(app, ["refresh", str(path)])
    rows = len(json.loads(board.stdout)) if board.exit_code == 0 else board.stderr.strip()
    return f"board exit {board.exit_code} ({rows} rows), refresh exit {refreshed.exit_code}"


def crash(*, kill_runs: int, concurrent_runs: int) -> None:
    """Kill runs and concurrent runs against one uninterrupted run; the figures of both."""
    import concurrent_runs as together
    import kill_letters

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = kill_letters.baseline(Path(tmp))
        print(base.line())
        killed = kill_letters.kill_runs(Path(tmp), runs=kill_runs, rng=random.Random(1), base=base)
        started = together.concurrent_runs(Path(tmp), runs=concurrent_runs, rng=random.Random(2), base=base)
    runs = killed.runs + started.runs
    print(
        f"crash runs:      {runs} ({killed.runs} kill runs, {started.runs} concurrent runs) in "
        f"{time.perf_counter() - start:.0f} s ({killed.seconds:.0f} s + {started.seconds:.0f} s)"
    )
    print(
        f"kills:           {killed.kills + started.kills} SIGKILLs ({killed.kills} in kill runs, "
        f"{started.kills} in concurrent runs)"
    )
    print(
        f"concurrent:      {started.starts} processes started together → {started.busy} refused as busy, "
        f"{started.failed} failed otherwise; {started.overlapping} groups with two runs through the lock"
    )
    print(f"consistency:     {runs - killed.inconsistent - started.inconsistent} of {runs} consistent after the rerun; "
          f"lost {killed.lost + started.lost}, duplicated {killed.duplicated + started.duplicated}, "
          f"SHA mismatches {killed.sha_mismatches + started.sha_mismatches}")  # fmt: skip


def others(*, row_count: int) -> None:
    """The figures before the crash runs: bad workbooks, fuzzing, injection, 100,000 rows."""
    rng = random.Random(7)
    files, boards, messages = corpus()
    rows, row_errors = fuzz_rows(row_count, rng)
    sheets, read, refused = fuzz_rules(2_000, rng)
    with tempfile.TemporaryDirectory() as tmp:
        injected, as_formula = injection(Path(tmp))
        big = big_workbook(Path(tmp))
    print(
        f"bad workbooks:   {files} tried → {boards} boards, {messages} one-line messages, {files - boards - messages} tracebacks"
    )
    print(f"fuzzed rows:     {rows:,} → {rows - row_errors:,} given a stage, {row_errors} exceptions")
    print(f"fuzzed rules:    {sheets:,} sheets → {read:,} read, {refused:,} refused with named messages, "
          f"{sheets - read - refused} other exceptions")  # fmt: skip
    print(f"100,000 rows:    {big}")
    print(f"injection:       {injected} hostile values written into cells → {as_formula} written as anything but text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kill-runs", type=int, default=50)
    parser.add_argument("--concurrent-runs", type=int, default=50)
    parser.add_argument("--fuzz-rows", type=int, default=20_000)
    parser.add_argument("--crash-only", action="store_true", help="only the kill and concurrent runs")
    args = parser.parse_args()
    if not args.crash_only:
        others(row_count=args.fuzz_rows)
    if args.kill_runs or args.concurrent_runs:
        crash(kill_runs=args.kill_runs, concurrent_runs=args.concurrent_runs)
    shutil.rmtree(Path(tempfile.gettempdir()) / "dunning-figures", ignore_errors=True)


if __name__ == "__main__":
    main()
