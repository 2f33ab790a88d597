"""Crash consistency where workbooks share a folder or a file (kill_letters.py --scenario two-books|alias).

two-books: two workbooks in one folder (`sample_contracts.xlsx` and a copy named `翡翠城.xlsx`: the same
contracts, customers and letter names). Both runs are started together and each killed (SIGKILL) at a
random point; then both run to the end, in a random order. Each workbook must be as an uninterrupted
run leaves it (kill_letters.findings: every letter archived once, every archived file present with its
SHA-256, nothing unclaimed, the same files and tracking), its letters in its own folder, and no archive
row of one naming a file of the other.

alias: `a/<sample>` the real file, `b/<sample>` a symbolic link to it. A run started on each path, each
killed at a random point (now and then after it ended), then a run to the end on each path, in a random
order; the real file checked as above, and no lock file left beside the link. Two runs on one
file must not both get through; until the run lock is named by the file's real path they do (then this
scenario finds duplicates).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from kill_letters import Baseline, Findings, Totals, command, env, findings, letters_home, run_to_end, state, where

from dunning.run_lock import lock_path

SECOND = "翡翠城.xlsx"


def start(book: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command(book), cwd=book.parent, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip


def kill_at(processes: list[tuple[subprocess.Popen[bytes], float]]) -> int:
    """Kill each process at its delay (seconds from now) unless it has ended; how many were killed."""
    began, killed = time.perf_counter(), 0
    for process, delay in sorted(processes, key=lambda item: item[1]):
        time.sleep(max(0.0, delay - (time.perf_counter() - began)))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
    return killed


def _crossed(book: Path, other: Path) -> list[str]:
    """Archive rows of `book` that name a file in `other`'s letters folder."""
    theirs = letters_home(other).resolve()
    rows = state(book).rows
    return [row.file for row in rows if Path(row.file).is_absolute() and Path(row.file).is_relative_to(theirs)]


def two_books(tmp: Path, *, runs: int, rng: random.Random, base: Baseline) -> Totals:
    totals, points = Totals(), Counter[str]()
    began = time.perf_counter()
    for run in range(1, runs + 1):
        one = base.prepare(tmp / f"pair{run}")
        two = one.with_name(SECOND)
        shutil.copyfile(one, two)
        delays = [rng.uniform(0.05, base.full * 1.4) for _ in range(2)]
        processes = [start(one), start(two)]
        killed = kill_at(list(zip(processes, delays, strict=True)))
        totals.kills += killed
        totals.starts += 2
        shown = f"{where(one)} / {where(two)}"
        points[shown] += 1
        for book in rng.sample([one, two], 2):
            run_to_end(book)
        problems: list[str] = []
        for book, other in ((one, two), (two, one)):
            found = findings(base.expected, state(book))
            totals.add(found)
            problems += [f"{book.name}: {p}" for p in found.problems]
            problems += [f"{book.name} archives {other.name}'s file {f}" for f in _crossed(book, other)]
        if letters_home(one) == letters_home(two):
            problems.append("both workbooks use one letters folder")
        print(f"run {run:3}: {killed} killed at {delays[0]:4.2f}/{delays[1]:4.2f} s, {shown:<40} → "
              f"{'; '.join(problems) or 'OK'}", flush=True)  # fmt: skip
        shutil.rmtree(one.parent)
    totals.seconds = time.perf_counter() - began
    print(f"{runs} two-workbook runs ({totals.kills} kills): {2 * runs - totals.inconsistent} workbooks consistent, "
          f"{totals.inconsistent} not")  # fmt: skip
    return totals


def alias(tmp: Path, *, runs: int, rng: random.Random, base: Baseline) -> Totals:
    totals = Totals()
    began = time.perf_counter()
    for run in range(1, runs + 1):
        real = base.prepare(tmp / f"alias{run}" / "a")
        link = base.prepare(tmp / f"alias{run}" / "b")
        link.unlink()
        link.symlink_to(real)
        delays = [rng.uniform(0.05, base.full * 2.5) for _ in range(2)]  # now and then both run to the end
        processes = [start(real), start(link)]
        killed = kill_at(list(zip(processes, delays, strict=True)))
        totals.kills += killed
        totals.starts += 2
        for book in rng.sample([real, link], 2):
            run_to_end(book)
        found: Findings = findings(base.expected, state(real))
        if lock_path(link).exists():
            found = Findings(found.lost, found.duplicated, found.sha_mismatches,
                             (*found.problems, f"lock file left: {lock_path(link)}"))  # fmt: skip
        problems = found.problems
        totals.add(found)
        print(f"run {run:3}: {killed} killed at {delays[0]:4.2f}/{delays[1]:4.2f} s → {'; '.join(problems) or 'OK'}",
              flush=True)  # fmt: skip
        shutil.rmtree(real.parents[1])
    totals.seconds = time.perf_counter() - began
    print(
        f"{runs} alias runs ({totals.kills} kills): {runs - totals.inconsistent} consistent, {totals.inconsistent} not"
    )
    return totals
