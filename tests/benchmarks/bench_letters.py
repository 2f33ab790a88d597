"""Benchmark of the Generate-letters job: 1,000 letters from a generated workbook.

    python tests/benchmarks/bench_letters.py [--letters 1000]

Prints, in one run: the whole job's time and its stages; a bare docxtpl render-and-save loop over the
very same contexts (target: the whole job, print file included, ≤ 0.5 × the bare loop, goal 0.3); the
combined print file's time against the bare loop; and the job's peak memory, taken before the bare loop
runs (target < 300 MB). A script, not a timed test.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

AS_OF = date(2026, 11, 20)
HEADER = ["房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问", "联系电话", "通讯地址",
          "已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期"]  # fmt: skip


def build(path: Path, letters: int) -> None:
    """`letters` contracts, each with a letter due on AS_OF: reminders, first and later letters, lawyer's letters."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "合同执行情况"
    ws.append(HEADER)
    for i in range(letters):
        contract, unit = f"BM-{i:05d}", f"{i % 20 + 1}栋-{i % 300 + 101}"
        kind = i % 4
        if kind == 0:  # a reminder
            ws.append([unit, contract, f"客户{i}", "尾款", 200000, 0, AS_OF + timedelta(days=2), "张丽", "139", "杭州"])
        elif kind == 1:  # a first letter, with an older instalment listed beside it
            ws.append(
                [unit, contract, f"客户{i}", "首付款", 300000, 100000, AS_OF - timedelta(days=3), "王磊", "139", "杭州"]
            )
            ws.append([unit, contract, f"客户{i}", "定金", 50000, 0, AS_OF - timedelta(days=20), "王磊", "139", "杭州", 2,
                       AS_OF - timedelta(days=3)])  # fmt: skip
        elif kind == 2:  # a later letter
            ws.append([unit, contract, f"客户{i}", "分期款", 120000, 0, AS_OF - timedelta(days=30), "刘洋", "139", "杭州", 4,
                       AS_OF - timedelta(days=7)])  # fmt: skip
        else:  # an approved lawyer's letter
            ws.append([unit, contract, f"客户{i}", "尾款", 500000, 0, date(2026, 9, 1), "陈静", "139", "杭州", 9,
                       AS_OF - timedelta(days=6), "刘总"])  # fmt: skip
    rules = wb.create_sheet("催款规则")
    for row in (
        ["参数", "值"],
        ["基准日", AS_OF],
        ["公司名称", "锦绣华府置业有限公司"],
        ["落款", "锦绣华府置业有限公司销售部"],
        ["律师事务所", "浙江锦程律师事务所"],
    ):
        rules.append(row)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args()

    from docxtpl import DocxTemplate

    from dunning.jobs import RunOptions, letters
    from dunning.letters import batch, combine
    from dunning.letters.context import build_context
    from dunning.letters.render import environment
    from dunning.letters.templates import builtin_templates, template_file

    folder = Path(tempfile.mkdtemp())
    book = folder / "bench.xlsx"
    build(book, args.letters)
    stages: dict[str, float] = {"combine": 0.0}
    real_combine = combine.combine

    def timed_combine(files: list[Path], target: Path) -> None:
        start = time.perf_counter()
        real_combine(files, target)
        stages["combine"] += time.perf_counter() - start

    combine.combine = timed_combine  # type: ignore[assignment]  # measure the stage inside the real job
    start = time.perf_counter()
    result = letters(book, RunOptions(as_of=AS_OF, backdate="基准测试：固定的基准日"))
    job = time.perf_counter() - start
    job_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    made = len(result.made)

    # The bare loop: the same templates and contexts, docxtpl render + save, nothing else.
    templates = builtin_templates()
    contexts = [
        (template_file(templates, p), build_context(p, result.board.rules, as_of=AS_OF)) for p in result.plan.letters
    ]
    loaded = {path: DocxTemplate(str(path)) for path, _ in contexts}
    bare_folder = folder / "bare"
    bare_folder.mkdir()
    start = time.perf_counter()
    for i, (path, context) in enumerate(contexts):
        tpl = loaded[path]
        tpl.render(context, environment(), autoescape=True)
        tpl.save(str(bare_folder / f"{i}.docx"))
    bare = time.perf_counter() - start
    render_stage = job - stages["combine"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"letters made                         {made:,} (plan: {len(result.plan.letters):,})")
    print(f"whole job (read, plan, render, combine, archive, save)  {job:7.2f} s")
    print(f"  of which the combined print file    {stages['combine']:7.2f} s")
    print(
        f"  job without the combined file       {render_stage:7.2f} s   ({render_stage / made * 1000:.1f} ms a letter)"
    )
    print(f"bare docxtpl render + save loop      {bare:7.2f} s   ({bare / made * 1000:.1f} ms a letter)")
    print(f"ratio whole job / bare              {job / bare:7.2f}     (target ≤ 0.5, goal 0.3)")
    print(f"ratio job-without-combine / bare     {render_stage / bare:7.2f}")
    print(f"ratio combine / bare                 {stages['combine'] / bare:7.2f}")
    print(f"peak memory of the job (max RSS)     {job_peak:7.0f} MB   (target < 300 MB)")
    print(f"peak memory with the bare loop       {peak:7.0f} MB")
    del batch


if __name__ == "__main__":
    main()
