"""Crash consistency of the letters job: kill it (SIGKILL) at random points, rerun it, check the result.

    python tests/reliability/kill_letters.py [--runs 50] [--seed 1] [--scenario one|two-books|alias]

Each run copies the sample workbook to a fresh folder, starts `dunning letters` on it, kills it after a
random delay, runs it again to the end, and checks (`state`, `findings`): the workbook opens; every due
letter is archived exactly once (the same keys as an uninterrupted run), no file is claimed by two rows;
every archive row points to an existing file with the right SHA-256, none of them under `未登记/`; the
tracking columns equal the uninterrupted run's; the letter files are the uninterrupted run's (the
combined print files `全部催款函_<date>[_n].docx` and what was moved to `未登记/` are not compared);
no stray temporaries and no lock file left. Prints one line per run and the totals.
The concurrent runs are tests/reliability/concurrent_runs.py; both share these checks. Two workbooks in
one folder and a symbolic-link alias of one workbook: kill_folders.py (`--scenario two-books|alias`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl

from dunning.letters.batch import COMBINED_PREFIX, UNARCHIVED_FOLDER
from dunning.letters.files import letter_folder
from dunning.run_lock import lock_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
TEMPLATES = ROOT / "letter_templates"
TRACKING = ("已发催款信次数", "最近催款信日期", "律师函寄出日期")
COMBINED = re.compile(re.escape(COMBINED_PREFIX) + r"\d{4}-\d{2}-\d{2}(_\d+)?\.docx")


@dataclass(frozen=True)
class Archived:
    """One 函件归档 row as the checks need it: its keys, its file (relative to the workbook's own letters
    folder `催款函/<workbook>/`, `/`-separated; absolute when outside it) and whether that file is there with
    the recorded SHA-256."""

    keys: tuple[str, ...]
    file: str
    present: bool
    sha_matches: bool


@dataclass(frozen=True)
class State:
    rows: tuple[Archived, ...]
    files: frozenset[str]  # letter files in 催款函/<workbook>/, relative to it; no combined, no 未登记/
    set_aside: frozenset[str]  # files under a 未登记/ folder
    tracking: tuple[tuple[object, ...], ...]
    problems: tuple[str, ...]  # the workbook does not open, stray temporaries, a lock file left

    @property
    def keys(self) -> tuple[str, ...]:
        """Archive keys, one entry per occurrence (a duplicate shows twice)."""
        return tuple(sorted(key for row in self.rows for key in row.keys))


@dataclass(frozen=True)
class Findings:
    lost: int  # letters the uninterrupted run archives that are not (all their keys) here, plus archived files missing
    duplicated: int  # archive rows repeating a key or a file of an earlier row
    sha_mismatches: int
    problems: tuple[str, ...]  # every finding as a line (empty: consistent)


def prepare(folder: Path, *, sample: Path = SAMPLE) -> Path:
    """A fresh folder with a copy of `sample` and its templates (the 函件模板 beside it, else the built-in
    ones); the copy of the workbook."""
    folder.mkdir(parents=True)
    book = folder / sample.name
    shutil.copyfile(sample, book)
    templates = sample.parent / "函件模板"
    shutil.copytree(templates if templates.is_dir() else TEMPLATES, folder / "函件模板",
                    ignore=shutil.ignore_patterns("*.py", ".*"))  # fmt: skip
    return book


def command(book: Path) -> list[str]:
    return [sys.executable, "-m", "dunning", "letters", str(book), "--json", "--backdate", "样例工作簿的基准日"]


def run_to_end(book: Path) -> None:
    subprocess.run(command(book), check=True, capture_output=True, cwd=book.parent, env=env())


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT / "addin") + os.pathsep + environment.get("PYTHONPATH", "")
    return environment


def state(book: Path) -> State:
    try:
        wb = openpyxl.load_workbook(book)
    except Exception as exc:  # noqa: BLE001 - a workbook that does not open is the finding
        return State((), frozenset(), frozenset(), (), (f"workbook does not open: {exc}",))
    home = letters_home(book)
    rows = tuple(_archived(book, home, row) for row in _archive_rows(wb))
    data = wb["合同执行情况"]
    header = [c.value for c in data[3]]
    columns = [header.index(name) for name in TRACKING]
    tracking = tuple(tuple(row[i] for i in columns) for row in data.iter_rows(min_row=4, values_only=True))
    every = [p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file() and p.name != ".dunning-owner"]
    aside = frozenset(f for f in every if UNARCHIVED_FOLDER in f.split("/")[:-1])
    stray = [f for f in every if f.rsplit("/", 1)[-1].startswith(".~")]
    stray += [p.name for p in book.parent.glob(".~dunning-*")]
    stray += [p.name for p in home.glob(".dunning-owner.*")]
    files = frozenset(
        f for f in every if f not in aside and f not in stray and not COMBINED.fullmatch(f.split("/")[-1])
    )
    problems = [f"stray temporary files: {sorted(stray)[:3]}"] if stray else []
    if lock_path(book).exists():
        problems.append(f"lock file left: {lock_path(book).name}")
    return State(rows, files, aside, tracking, tuple(problems))


def _archive_rows(wb: openpyxl.Workbook) -> list[tuple[object, ...]]:
    return list(wb["函件归档"].iter_rows(min_row=2, values_only=True)) if "函件归档" in wb.sheetnames else []


def letters_home(book: Path) -> Path:
    """The workbook's own letters folder, `催款函/<workbook>/` (or `_2` … when a name was taken)."""
    return letter_folder(book, as_of=date.today()).find().parent


def _archived(book: Path, home: Path, row: tuple[object, ...]) -> Archived:
    recorded = Path(str(row[9]))
    file = recorded if recorded.is_absolute() else book.resolve().parent / recorded
    present = file.is_file()
    matches = present and hashlib.sha256(file.read_bytes()).hexdigest() == row[10]
    try:
        shown = file.resolve().relative_to(home.resolve()).as_posix()
    except ValueError:
        shown = str(file)
    return Archived(tuple(str(row[12]).split(";")), shown, present, matches)


def findings(expected: State, got: State) -> Findings:
    """What `got` (a run after kills and concurrent starts, then a clean rerun) does wrong against an
    uninterrupted run's `expected`."""
    problems = list(got.problems)
    keys = set(got.keys)
    lost = sum(not keys.issuperset(row.keys) for row in expected.rows) + sum(not row.present for row in got.rows)
    duplicated = _repeats(got.rows)
    sha = sum(row.present and not row.sha_matches for row in got.rows)
    for what, count in (("letters lost", lost), ("letters archived twice", duplicated), ("SHA mismatches", sha)):
        if count:
            problems.append(f"{count} {what}")
    if keys - set(expected.keys):
        problems.append(f"archive keys an uninterrupted run does not make: {sorted(keys - set(expected.keys))[:3]}")
    missing = [row.file for row in got.rows if not row.present]
    if missing:
        problems.append(f"archived files missing: {missing[:3]}")
    named_aside = [row.file for row in got.rows if UNARCHIVED_FOLDER in row.file.split("/")[:-1]]
    if named_aside:
        problems.append(f"archive names files under {UNARCHIVED_FOLDER}/: {named_aside[:3]}")
    unclaimed = sorted(got.files - {row.file for row in got.rows})
    if unclaimed:
        problems.append(f"letter files no archive row claims: {unclaimed[:3]}")
    if got.tracking != expected.tracking:
        problems.append("tracking differs from an uninterrupted run")
    if got.files != expected.files:
        problems.append(f"letter files differ: {sorted(got.files ^ expected.files)[:3]}")
    return Findings(lost, duplicated, sha, tuple(problems))


def _repeats(rows: tuple[Archived, ...]) -> int:
    """Archive rows that repeat a key or a file (ignoring case) of an earlier row."""
    keys: set[str] = set()
    files: set[str] = set()
    repeats = 0
    for row in rows:
        repeats += bool(keys.intersection(row.keys)) or row.file.casefold() in files
        keys.update(row.keys)
        files.add(row.file.casefold())
    return repeats


def compare(expected: State, got: State) -> list[str]:
    return list(findings(expected, got).problems)


def kill_run(book: Path, delay: float) -> str:
    """Start the job, kill it after `delay` seconds; say where it was (by what it had written)."""
    process = subprocess.Popen(command(book), cwd=book.parent, env=env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return "after it finished" if finished else where(book)


def where(book: Path) -> str:
    """How far a killed run got, by what it had written."""
    folder = letters_home(book)
    made = len([p for p in folder.rglob("*.docx") if not p.name.startswith(".~")]) if folder.exists() else 0
    if "函件归档" in openpyxl.load_workbook(book, read_only=True).sheetnames:
        return "after the workbook was saved"
    return "before any letter" if made == 0 else f"mid-batch ({made} files)"


@dataclass
class Totals:
    """The figures of a series of runs (kill runs, concurrent runs)."""

    runs: int = 0
    kills: int = 0
    starts: int = 0  # processes started together (concurrent runs)
    busy: int = 0  # of them, refused because another run held the workbook
    failed: int = 0  # of them, ended otherwise than done, refused as busy or killed
    overlapping: int = 0  # waves in which more than one run got through the lock
    inconsistent: int = 0
    lost: int = 0
    duplicated: int = 0
    sha_mismatches: int = 0
    seconds: float = 0.0

    def add(self, found: Findings) -> None:
        self.runs += 1
        self.inconsistent += bool(found.problems)
        self.lost += found.lost
        self.duplicated += found.duplicated
        self.sha_mismatches += found.sha_mismatches


@dataclass(frozen=True)
class Baseline:
    """An uninterrupted run: how long it took, what it left, and the sample it ran on (copied once, so
    that every run starts from the same bytes even if the sample is regenerated meanwhile)."""

    full: float
    expected: State
    sample: Path

    def prepare(self, folder: Path) -> Path:
        return prepare(folder, sample=self.sample)

    def line(self) -> str:
        files = len(self.expected.files)
        return f"uninterrupted run: {self.full:.2f} s, {len(self.expected.keys)} archive keys, {files} files"


def baseline(tmp: Path) -> Baseline:
    sample = prepare(tmp / "sample")
    book = prepare(tmp / "baseline", sample=sample)
    start = time.perf_counter()
    run_to_end(book)
    return Baseline(time.perf_counter() - start, state(book), sample)


def kill_runs(tmp: Path, *, runs: int, rng: random.Random, base: Baseline) -> Totals:
    totals, where_killed = Totals(), Counter[str]()
    start = time.perf_counter()
    for run in range(1, runs + 1):
        book = base.prepare(tmp / f"kill{run}")
        delay = rng.uniform(0.05, base.full * 1.05)
        point = kill_run(book, delay)
        totals.kills += point != "after it finished"
        run_to_end(book)
        found = findings(base.expected, state(book))
        totals.add(found)
        where_killed[point.split(" (")[0]] += 1
        verdict = "; ".join(found.problems) or "OK"
        print(f"run {run:3}: killed at {delay:5.2f} s, {point:<30} → {verdict}", flush=True)
        shutil.rmtree(book.parent)
    totals.seconds = time.perf_counter() - start
    print(f"{runs} kill runs: {runs - totals.inconsistent} consistent, {totals.inconsistent} not; "
          f"kill points: {dict(where_killed)}")  # fmt: skip
    return totals


SCENARIOS = ("one", "two-books", "alias")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenario", choices=SCENARIOS, default="one",
                        help="one workbook (one kill a run); two workbooks in one folder, or a file and a "
                        "symbolic link to it (two starts, two kills a run: kill_folders.py)")  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp))
        print(base.line())
        rng = random.Random(args.seed)
        if args.scenario == "one":
            totals = kill_runs(Path(tmp), runs=args.runs, rng=rng, base=base)
        else:
            import kill_folders

            scenario = kill_folders.two_books if args.scenario == "two-books" else kill_folders.alias
            totals = scenario(Path(tmp), runs=args.runs, rng=rng, base=base)
    print(f"{totals.kills} kills in {totals.seconds:.0f} s; lost: {totals.lost}, duplicated: {totals.duplicated}, "
          f"SHA mismatches: {totals.sha_mismatches}")  # fmt: skip
    return 1 if totals.inconsistent else 0


if __name__ == "__main__":
    sys.exit(main())
