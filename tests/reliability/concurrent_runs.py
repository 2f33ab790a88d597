"""Concurrent runs on one workbook: 2–4 processes of `dunning letters` (some of them `dunning refresh`)
started together, some SIGKILLed at random points, sometimes a second group started together just
after a kill, then one clean `dunning letters`; checked as the kill runs are (kill_letters.findings):
0 lost, 0 duplicated, 0 SHA mismatches, the workbook opens, tracking equals an uninterrupted run's,
no stray temporaries, no lock file left.

    python tests/reliability/concurrent_runs.py [--runs 50] [--seed 2] [--alias] [--kills N]

`--alias`: every other process of a group names the workbook through a symbolic link to it in another
folder (`desk/`, as a user's shortcut folder would): the lock is the file's, so they must still run one
at a time and file every letter beside the real workbook. `--kills 0`: no kills (nor a second group),
the plain "started together" attack.

"Together" means at one instant: every process imports the product first, then waits (the last 50 ms
spinning) for a common start time; a plain `Popen` one after another spreads them over tens of
milliseconds. They still reach the run lock a few milliseconds apart: the checks before it (arguments,
the workbook's refusals) take each a different time. A kill aims at the lock's holder (read from the lock
file) or at any process still running. Each process ends done (exit 0), refused as busy (exit 2, a
message with 正由), killed, or otherwise — the last is a finding.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kill_letters import Baseline, Findings, State, Totals, baseline, command, env, findings, state

from dunning.run_lock import lock_path

IMPORTS = "import dunning.cli, dunning.jobs, dunning.letters.batch, dunning.reports.summary, dunning.sheets.file_book\n"
GATED = (  # `dunning …` from sys.argv[2:], imported first and started at the time sys.argv[1]
    "import sys, time\n"
    f"{IMPORTS}"
    "gate = float(sys.argv[1])\n"
    "time.sleep(max(0.0, gate - 0.05 - time.time()))\n"
    "while time.time() < gate:\n"
    "    pass\n"
    "sys.argv = ['dunning', *sys.argv[2:]]\n"
    "dunning.cli.main()\n"
)
HOLDER = None  # a kill's target: whoever holds the lock at that moment


@dataclass(frozen=True)
class Start:
    kind: str  # "letters" or "refresh"
    at: float  # seconds after the first group's start
    via_link: bool = False  # names the workbook through a symbolic link in another folder


@dataclass(frozen=True)
class Scenario:
    starts: tuple[Start, ...]
    kills: tuple[tuple[float, int | None], ...]  # (seconds after the start, index of a process or HOLDER)

    def describe(self) -> str:
        groups: dict[float, list[str]] = {}
        for start in self.starts:
            groups.setdefault(start.at, []).append(start.kind[0].lower() if start.via_link else start.kind[0].upper())
        shown = " + ".join(f"{''.join(kinds)}@{at:.2f}" for at, kinds in sorted(groups.items()))
        kills = ",".join(f"{'H' if target is HOLDER else target}@{at:.2f}" for at, target in self.kills)
        return f"{shown:<18} kill {kills or '-'}"


def startup() -> float:
    """Seconds a process takes to import the product: the part of a run that happens before the gate."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORTS], check=True, env=env())
    return time.perf_counter() - start


def scenario(
    rng: random.Random, *, work: float, size: int | None = None, kills: int | None = None, alias: bool = False
) -> Scenario:
    """A random group of 2–4 processes (a quarter of them refresh), 1–2 kill times within the `work`
    of an uninterrupted run (its time after the imports), and in half the cases a second group of 2–3 started just after the first kill.
    With `alias`, every other process of each group goes through the link (the same draws otherwise)."""
    size = size if size is not None else rng.randint(2, 4)
    first = [Start("refresh" if rng.random() < 0.25 else "letters", 0.0) for _ in range(size)]
    times = sorted(rng.uniform(0.0, work * 1.05) for _ in range(kills if kills is not None else rng.randint(1, 2)))
    second: list[Start] = []
    if times and kills is None and rng.random() < 0.5:
        at = times[0] + rng.uniform(0.0, 0.3)
        second = [Start("refresh" if rng.random() < 0.25 else "letters", at) for _ in range(rng.randint(2, 3))]
    if alias:
        first = [Start(s.kind, s.at, via_link=i % 2 == 1) for i, s in enumerate(first)]
        second = [Start(s.kind, s.at, via_link=i % 2 == 0) for i, s in enumerate(second)]
    starts = (*first, *second)
    targets = [HOLDER if rng.random() < 0.6 else rng.randrange(len(starts)) for _ in times]
    return Scenario(starts, tuple(zip(times, targets, strict=True)))


@dataclass
class Outcome:
    """What the processes of one scenario did."""

    started: int = 0
    kills: int = 0
    busy: int = 0
    made_letters: int = 0  # letters runs that ended done with letters made: two means two got through at once
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.started} started, {self.kills} killed, {self.busy} busy, {self.made_letters} made letters"


def gated(book: Path, start: Start, gate: float) -> list[str]:
    extra = ["--json", "--backdate", "样例工作簿的基准日"] if start.kind == "letters" else []
    named = alias_of(book) if start.via_link else book
    return [sys.executable, "-c", GATED, str(gate + start.at), start.kind, str(named), *extra]


def alias_of(book: Path) -> Path:
    """`desk/<name>` beside the workbook: a symbolic link to it, made the first time it is asked for."""
    link = book.parent / "desk" / book.name
    if not link.is_symlink():
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(book)
    return link


def run_scenario(book: Path, plan: Scenario, *, log: Path) -> Outcome:
    """Start the processes, deliver the kills, wait for every process to end."""
    gate = time.time() + 0.6 + 0.3 * len(plan.starts)  # after every process has imported the product
    outputs = [(log.with_suffix(f".{i}.out"), log.with_suffix(f".{i}.err")) for i in range(len(plan.starts))]
    processes = []
    for start, (out, err) in zip(plan.starts, outputs, strict=True):
        with out.open("wb") as stdout, err.open("wb") as stderr:
            processes.append(subprocess.Popen(gated(book, start, gate), cwd=book.parent, env=env(), stdout=stdout,
                                              stderr=stderr, start_new_session=True))  # fmt: skip
    outcome = Outcome(started=len(processes))
    for at, target in plan.kills:
        time.sleep(max(0.0, gate + at - time.time()))
        victim = _holder(book, processes) if target is HOLDER else processes[target]
        if (
            victim is not None
            and victim.poll() is None
            and time.time() >= gate + plan.starts[processes.index(victim)].at
        ):
            os.killpg(victim.pid, signal.SIGKILL)
            outcome.kills += 1
    for process, start, (out, err) in zip(processes, plan.starts, outputs, strict=True):
        try:
            code = process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            code = process.wait()
            outcome.failures.append(f"{start.kind} hung (killed after 300 s)")
        _classify(outcome, start, code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))
    return outcome


def _holder(book: Path, processes: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes] | None:
    try:
        pid = json.loads(lock_path(book).read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError):
        return None
    return next((p for p in processes if p.pid == pid), None)


def _classify(outcome: Outcome, start: Start, code: int, out: str, err: str) -> None:
    if code == -signal.SIGKILL:
        return
    if code == 2 and "正由" in err:
        outcome.busy += 1
    elif code == 0:
        if start.kind == "letters" and json.loads(out)["generated"]:
            outcome.made_letters += 1
    else:
        last = err.strip().splitlines()[-1] if err.strip() else ""
        outcome.failures.append(f"{start.kind} exit {code}: {last}")


def clean_rerun(book: Path) -> list[str]:
    done = subprocess.run(command(book), capture_output=True, text=True, cwd=book.parent, env=env())
    lines = done.stderr.strip().splitlines()
    return [] if done.returncode == 0 else [f"clean rerun exit {done.returncode}: {lines[-1] if lines else ''}"]


def concurrent_run(book: Path, plan: Scenario, *, expected: State, log: Path) -> tuple[Outcome, Findings]:
    """One scenario, then a clean rerun, checked against an uninterrupted run."""
    outcome = run_scenario(book, plan, log=log)
    rerun = clean_rerun(book)
    found = findings(expected, state(book))
    desk = book.parent / "desk"
    beside_link = sorted(p.name for p in desk.rglob("*") if p != desk / book.name) if desk.is_dir() else []
    problems = (*outcome.failures, *rerun, *found.problems)
    if beside_link:
        problems = (f"written beside the link instead of the workbook: {beside_link[:3]}", *problems)
    if outcome.made_letters > 1:
        problems = (f"{outcome.made_letters} letters runs made letters at once (the lock let them through)", *problems)
    return outcome, Findings(found.lost, found.duplicated, found.sha_mismatches, problems)


def concurrent_runs(
    tmp: Path, *, runs: int, rng: random.Random, base: Baseline, alias: bool = False, kills: int | None = None
) -> Totals:
    totals = Totals()
    start = time.perf_counter()
    work = max(0.5, base.full - startup())
    for run in range(1, runs + 1):
        book = base.prepare(tmp / f"together{run}")
        plan = scenario(rng, work=work, kills=kills, alias=alias)
        outcome, found = concurrent_run(book, plan, expected=base.expected, log=tmp / f"together{run}.log")
        totals.add(found)
        totals.kills += outcome.kills
        totals.starts += outcome.started
        totals.busy += outcome.busy
        totals.failed += len(outcome.failures)
        totals.overlapping += outcome.made_letters > 1
        print(f"run {run:3}: {plan.describe()} {outcome.line():<44} → {'; '.join(found.problems) or 'OK'}",
              flush=True)  # fmt: skip
        shutil.rmtree(book.parent)
    totals.seconds = time.perf_counter() - start
    print(f"{runs} concurrent runs: {runs - totals.inconsistent} consistent, {totals.inconsistent} not")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--alias", action="store_true", help="every other process through a link to the workbook")
    parser.add_argument("--kills", type=int, default=None, help="kills per scenario (default: 1–2 at random)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp))
        print(base.line())
        totals = concurrent_runs(Path(tmp), runs=args.runs, rng=random.Random(args.seed), base=base, alias=args.alias,
                                 kills=args.kills)  # fmt: skip
    print(f"starts: {totals.starts}, kills: {totals.kills}, refused as busy: {totals.busy}, lost: {totals.lost}, "
          f"duplicated: {totals.duplicated}, SHA mismatches: {totals.sha_mismatches}")  # fmt: skip
    return 1 if totals.inconsistent else 0


if __name__ == "__main__":
    sys.exit(main())
