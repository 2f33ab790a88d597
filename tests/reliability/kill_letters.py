"""Crash consistency of the letters job: kill it (SIGKILL) at random points, rerun it, check the result.

    python tests/reliability/kill_letters.py [--runs 50] [--seed 1]

Each run copies the sample workbook to a fresh folder, starts `dunning letters` on it, kills it after a
random delay, runs it again to the end, and checks: the workbook opens; every due letter is archived
exactly once (the same keys as an uninterrupted run); every archive row points to an existing file with
the right SHA-256; no tracking column claims a letter that is not archived (the tracking equals the
uninterrupted run's); no stray files. Prints one line per run and the totals.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
TEMPLATES = ROOT / "letter_templates"
TRACKING = ("已发催款信次数", "最近催款信日期", "律师函寄出日期")


@dataclass(frozen=True)
class State:
    keys: tuple[str, ...]  # archive keys, one entry per key occurrence (duplicates would show)
    files: frozenset[str]
    tracking: tuple[tuple[object, ...], ...]
    problems: tuple[str, ...]


def prepare(folder: Path) -> Path:
    folder.mkdir(parents=True)
    book = folder / SAMPLE.name
    shutil.copyfile(SAMPLE, book)
    shutil.copytree(TEMPLATES, folder / "函件模板", ignore=shutil.ignore_patterns("*.py", ".*"))
    return book


def command(book: Path) -> list[str]:
    return [sys.executable, "-m", "dunning", "letters", str(book), "--json"]


def run_to_end(book: Path) -> None:
    subprocess.run(command(book), check=True, capture_output=True, cwd=book.parent, env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "addin") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def state(book: Path) -> State:
    problems: list[str] = []
    try:
        wb = openpyxl.load_workbook(book)
    except Exception as exc:  # noqa: BLE001 - a workbook that does not open is the finding
        return State((), frozenset(), (), (f"workbook does not open: {exc}",))
    keys: list[str] = []
    if "函件归档" in wb.sheetnames:
        for row in list(wb["函件归档"].iter_rows(min_row=2, values_only=True)):
            keys += str(row[12]).split(";")
            file = book.parent / str(row[9])
            if not file.is_file():
                problems.append(f"archived file missing: {row[9]}")
            elif hashlib.sha256(file.read_bytes()).hexdigest() != row[10]:
                problems.append(f"archived file altered: {row[9]}")
    if len(keys) != len(set(keys)):
        problems.append("a letter archived twice")
    data = wb["合同执行情况"]
    header = [c.value for c in data[3]]
    columns = [header.index(name) for name in TRACKING]
    tracking = tuple(tuple(row[i] for i in columns) for row in data.iter_rows(min_row=4, values_only=True))
    folder = book.parent / "催款函"
    files = (
        frozenset(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        if folder.exists()
        else frozenset()
    )
    stray = [f for f in files if Path(f).name.startswith(".~")] + [p.name for p in book.parent.glob(".~dunning-*")]
    if stray:
        problems.append(f"stray temporary files: {stray}")
    return State(tuple(sorted(keys)), files, tracking, tuple(problems))


def compare(expected: State, got: State) -> list[str]:
    problems = list(got.problems)
    if got.keys != expected.keys:
        problems.append(f"archive keys differ: {len(got.keys)} vs {len(expected.keys)}")
    if got.tracking != expected.tracking:
        problems.append("tracking differs from an uninterrupted run")
    if got.files != expected.files:
        problems.append(f"letter files differ: {sorted(got.files ^ expected.files)[:3]}")
    return problems


def kill_run(book: Path, delay: float) -> str:
    """Start the job, kill it after `delay` seconds; say where it was (by what it had written)."""
    process = subprocess.Popen(command(book), cwd=book.parent, env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if finished:
        return "after it finished"
    folder = book.parent / "催款函"
    made = len([p for p in folder.rglob("*.docx") if not p.name.startswith(".~")]) if folder.exists() else 0
    saved = "函件归档" in openpyxl.load_workbook(book, read_only=True).sheetnames
    if saved:
        return "after the workbook was saved"
    return "before any letter" if made == 0 else f"mid-batch ({made} files)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = prepare(Path(tmp) / "baseline")
        start = time.perf_counter()
        run_to_end(base)
        full = time.perf_counter() - start
        expected = state(base)
        print(f"uninterrupted run: {full:.2f} s, {len(expected.keys)} archive keys, {len(expected.files)} files")
        failures, where = 0, {}
        for run in range(1, args.runs + 1):
            book = prepare(Path(tmp) / f"run{run}")
            delay = rng.uniform(0.05, full * 1.05)
            point = kill_run(book, delay)
            run_to_end(book)
            problems = compare(expected, state(book))
            failures += bool(problems)
            where[point.split(" (")[0]] = where.get(point.split(" (")[0], 0) + 1
            print(
                f"run {run:3}: killed at {delay:5.2f} s, {point:<30} → {'OK' if not problems else '; '.join(problems)}"
            )
            shutil.rmtree(book.parent)
        print(f"{args.runs} kill runs: {args.runs - failures} consistent, {failures} not; kill points: {where}")
        print(f"lost or duplicated letters: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
