"""Mutation score of `dunning.core` (and of the letters' plan): how many small wrong versions of the rules
the tests notice.

    pip install -e '.[mutation]'
    python tests/benchmarks/mutation_score.py                      # every module of dunning/core
    python tests/benchmarks/mutation_score.py engine board         # only core/engine.py and core/board.py
    python tests/benchmarks/mutation_score.py letters/plan letters/lawyer   # modules outside core: their path
    python tests/benchmarks/mutation_score.py --jobs 2 --workdir build/mutation
    nice -n 19 python tests/benchmarks/mutation_score.py --sample 400 --seed 27 --jobs 2   # core + letters/plan
    python tests/benchmarks/mutation_score.py --mutants 'dunning.core.engine.x_decide__mutmut_3'  # named ones
    python tests/benchmarks/mutation_score.py --resume --mutants 'dunning.core.board.*'  # again, with new tests

mutmut 3 (configured in pyproject.toml, [tool.mutmut]) rewrites each function of the mutated modules
into many variants (a `<` for a `<=`, a constant changed, a call's argument dropped …) and runs, for
each variant, the tests that call that function, of those named there (every test of core and letters). A variant the
tests fail under is killed; one they pass under survived, and is listed here by file and line.

mutmut 3 names a module after its path below ./ or src/, so the package is laid out as src/dunning
in a scratch copy of the tree (`--workdir`, default build/mutation, kept so that
`cd build/mutation && mutmut browse` can show each survivor). Not run by CI: a full run takes
hours on two CPUs (6,353 mutants in core and letters/plan in December 2026, 278 in letters/lawyer, at
about 2–9 s each on one core). A script: it prints the score, it does not fail.

`--sample N --seed S` estimates the score in a fraction of that time: every mutant of the modules asked
for (default: dunning/core and letters/plan) is generated, N of them are drawn uniformly at random (a
simple random sample, not stratified by module: each mutant equally likely), only those are run, and the
score is printed with its Wilson 95 % interval. The same N and seed draw the same mutants.
`--mutants NAME …` runs only the mutants named (mutmut's names, shell patterns allowed), e.g. the
survivors of a sample again once tests were added (with `--resume`, in the sample's run: the score printed by
`--report-only` is then the sample's with them). `--resume --sample` with a larger N and the same seed runs only
the mutants it adds, against the tests the sample began with.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path("src/dunning")
CORE = PACKAGE / "core"
SAMPLED = ["core/*", "letters/plan"]  # what --sample draws from when no module is named
SAMPLE_FILE = "sample.txt"  # in --workdir: the mutants drawn, one a line, for --report-only
DETECTED = ("killed", "caught by type check", "timeout")


def module_path(name: str) -> Path:
    """`engine` → src/dunning/core/engine.py; `letters/plan` → src/dunning/letters/plan.py; `core/*` → src/dunning/core/*."""
    if name.endswith("*"):
        return PACKAGE / name
    return PACKAGE / f"{name}.py" if "/" in name else CORE / f"{name}.py"


IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".dunning-backup")


def lay_out(workdir: Path, modules: list[str]) -> None:
    """The tree as mutmut 3 wants it: src/dunning, tests, pyproject.toml (with `only_mutate` narrowed
    to the modules asked for), the templates, the sample workbook and the docs the doc tests read."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    shutil.copytree(ROOT / "addin" / "dunning", workdir / "src" / "dunning", ignore=IGNORE)
    shutil.copytree(ROOT / "tests", workdir / "tests", ignore=IGNORE)
    for name in ("letter_templates", "workbook", "docs"):
        shutil.copytree(ROOT / name, workdir / name, ignore=IGNORE)
    shutil.copy2(ROOT / "README.md", workdir / "README.md")
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if modules:
        files = ", ".join(f'"{module_path(name)}"' for name in modules)
        config, count = re.subn(r"(?m)^only_mutate = \[.*\]$", f"only_mutate = [{files}]", config)
        assert count == 1, "pyproject.toml: [tool.mutmut] only_mutate not found"
    (workdir / "pyproject.toml").write_text(config, encoding="utf-8")


def mutmut_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the mutated copy, not this tree


def run_mutmut(workdir: Path, jobs: int, names: list[str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *(names or [])],
                   cwd=workdir, env=mutmut_env(), check=True)  # fmt: skip
    return time.perf_counter() - started


# mutmut run's first step alone (it writes mutants/ and each module's .meta, listing its mutants); the run
# that follows finds them made and goes on to the tests.
GENERATE = """
import sys
from mutmut.__main__ import create_mutants
from mutmut.mutation.trampoline import set_mutant_under_test
from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths
set_mutant_under_test("mutant_generation")
copy_src_dir()
copy_also_copy_files()
setup_source_paths()
create_mutants(int(sys.argv[1]))
"""


def all_mutants(workdir: Path, jobs: int) -> list[str]:
    """Every mutant of the modules laid out, by mutmut's name (dunning.core.engine.x_decide__mutmut_3)."""
    subprocess.run([sys.executable, "-c", GENERATE, str(jobs)], cwd=workdir, env=mutmut_env(), check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    metas = (workdir / "mutants" / PACKAGE).rglob("*.py.meta")
    return sorted(key for meta in metas for key in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def draw(names: list[str], size: int, seed: int) -> list[str]:
    """`size` of `names` uniformly at random without replacement (all of them if there are fewer): indices drawn
    one by one, a repeat drawn again, so a larger size with the same seed extends the smaller sample (--resume)."""
    rng, drawn = random.Random(seed), dict[int, None]()
    while len(drawn) < min(size, len(names)):
        drawn.setdefault(rng.randrange(len(names)))
    return sorted(names[i] for i in drawn)


def unchecked(workdir: Path) -> set[str]:
    """The mutants generated in `workdir` that no run has tested yet."""
    metas = (workdir / "mutants" / PACKAGE).rglob("*.py.meta")
    return {key for meta in metas
            for key, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items() if code is None}  # fmt: skip


def wilson(detected: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval (95 % for z = 1.96) of a proportion detected/total; no finite-population
    correction, so a little wider than it need be when the sample is a large part of the mutants."""
    if total == 0:
        return 0.0, 1.0
    p = detected / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z / (1 + z * z / total) * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def function_starts(source: str) -> dict[str, int]:
    """mutmut's mangled name of each function (x_name, xǁClassǁname) → its first line (decorators included)."""
    starts: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    starts[f"xǁ{node.name}ǁ{item.name}"] = min([item.lineno] + [d.lineno for d in item.decorator_list])
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            starts[f"x_{node.name}"] = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return starts


def changed_line(diff: str) -> tuple[int, str]:
    """(line within the function, the original text) of the first line a mutant changes."""
    old_line = 0
    for line in diff.splitlines():
        if hunk := re.match(r"@@ -(\d+)", line):
            old_line = int(hunk.group(1)) - 1
        elif line.startswith(("---", "+++")):
            continue
        elif line.startswith("-"):
            return old_line + 1, line[1:].strip()
        elif not line.startswith("+"):
            old_line += 1
    return 1, ""


def results(chosen: set[str] | None) -> list[tuple[Path, str, str]]:
    """(module's path under src, mutant, status) of each mutant run (of those chosen, if any were)."""
    from mutmut.stats import status_by_exit_code

    found = []
    for meta in sorted((Path("mutants") / PACKAGE).rglob("*.py.meta")):
        source_path = meta.relative_to("mutants").with_name(meta.name.removesuffix(".meta"))
        for key, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if chosen is None or key in chosen:
                found.append((source_path, key, status_by_exit_code[code]))
    return found


def print_score(found: list[tuple[Path, str, str]], seconds: float | None, *, sampled: bool) -> None:
    statuses = Counter(status for _, _, status in found)
    total, detected = len(found), sum(statuses[s] for s in DETECTED)
    low, high = wilson(detected, total)
    print(f"\nmutation score: {detected} detected / {total} mutants = {detected / max(total, 1):.1%}"
          + (f"   Wilson 95 % interval {low:.1%} – {high:.1%}" if sampled else "")
          + (f"   ({seconds / 60:.1f} min)" if seconds else ""))  # fmt: skip
    print(
        "  detected = killed + timeout + caught by type check; "
        + ", ".join(f"{s} {n}" for s, n in statuses.most_common())
    )
    by_file: dict[str, Counter[str]] = defaultdict(Counter)
    for path, _, status in found:
        by_file[str(path.relative_to(PACKAGE))][status] += 1
    for name, counts in sorted(by_file.items()):
        file_total, file_detected = sum(counts.values()), sum(counts[s] for s in DETECTED)
        print(f"  {name:24} {file_detected:4} / {file_total:4}   survived {counts['survived']:3}   "
              f"no tests {counts['no tests']:3}   timeout {counts['timeout']:3}")  # fmt: skip


def report(workdir: Path, seconds: float | None, chosen: list[str] | None = None) -> None:
    """The score of the mutants run in `workdir` (only the `chosen` ones, if named or drawn) and each survivor by
    file and line; a sample's survivors with their diffs."""
    sys.path.insert(0, str(workdir))
    os.chdir(workdir)
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    found = results(set(chosen) if chosen else None)
    print_score(found, seconds, sampled=chosen is not None)
    survivors: list[tuple[str, int, str, str]] = []
    for source_path, key, status in found:
        if status not in ("survived", "no tests"):
            continue
        function = key.rpartition(".")[2].partition("__mutmut_")[0]
        starts = function_starts(source_path.read_text(encoding="utf-8"))
        diff = get_diff_for_mutant(key, path=source_path)
        offset, text = changed_line(diff)
        survivors.append(
            (str(source_path.relative_to(PACKAGE)), starts.get(function, 1) + offset - 1, key, diff if chosen else text)
        )
    print(f"\nsurvivors ({len(survivors)}): file:line  mutant  " + ("diff" if chosen else "original line"))
    for name, line, key, text in sorted(survivors, key=lambda s: (s[0], s[1], s[2])):
        print(f"  {name}:{line}  {key.rpartition('.')[2]}  " + (text[:90] if not chosen else ""))
        if chosen:
            print("\n".join("      " + row for row in text.splitlines()[2:] if row[:1] in "+-@"))


def is_module(name: str) -> bool:
    path = ROOT / "addin" / module_path(name).relative_to("src")
    return path.parent.is_dir() if name.endswith("*") else path.is_file()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules",
        nargs="*",
        help="modules of dunning/core to mutate (default: all; with --sample or --mutants: core/* letters/plan), "
        "e.g. engine board; others by path: letters/plan",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--report-only", action="store_true", help="print the score of the last run in --workdir")
    parser.add_argument("--sample", type=int, metavar="N", help="run N mutants drawn uniformly at random")
    parser.add_argument("--seed", type=int, default=27, help="of the --sample draw (default 27)")
    parser.add_argument("--resume", action="store_true",
                        help="keep --workdir's mutants and results: with --sample run only the drawn mutants not run "
                        "there yet (against the same tests); with --mutants run those against this tree's tests")  # fmt: skip
    parser.add_argument("--mutants", nargs="+", metavar="NAME", help="run only these mutants (patterns allowed)")
    args = parser.parse_args()
    unknown = [m for m in args.modules if not is_module(m)]
    if unknown:
        parser.error(f"not a module of dunning: {', '.join(unknown)}")
    chosen_only = args.sample is not None or args.mutants is not None
    modules = args.modules or (SAMPLED if chosen_only else [])
    workdir = args.workdir.resolve()
    seconds, chosen = None, None
    if args.report_only:
        if (workdir / SAMPLE_FILE).is_file():
            chosen = (workdir / SAMPLE_FILE).read_text(encoding="utf-8").split()
    elif not chosen_only:
        lay_out(workdir, modules)
        seconds = run_mutmut(workdir, args.jobs)
    else:
        if not (args.resume and (workdir / "mutants").is_dir()):
            lay_out(workdir, modules)
        elif args.mutants:  # named mutants run again against the tests of now; a sample extended keeps its tests
            shutil.copytree(ROOT / "tests", workdir / "tests", ignore=IGNORE, dirs_exist_ok=True)
        every = all_mutants(workdir, args.jobs)
        chosen = draw(every, args.sample, args.seed) if args.sample is not None else [
            name for name in every if any(fnmatch.fnmatch(name, pattern) for pattern in args.mutants)]  # fmt: skip
        if not chosen:
            parser.error("no mutant of these modules has such a name")
        resumed = args.resume and args.sample is not None
        if args.sample is not None:
            (workdir / SAMPLE_FILE).write_text("\n".join(chosen) + "\n", encoding="utf-8")
        to_run = [name for name in chosen if name in unchecked(workdir)] if resumed else chosen
        print(f"{len(chosen)} of {len(every)} mutants" + (f" (seed {args.seed})" if args.sample else "")
              + (f", {len(to_run)} not run before" if resumed else ""))  # fmt: skip
        if to_run:
            seconds = run_mutmut(workdir, args.jobs, to_run)
    report(workdir, seconds, chosen)


if __name__ == "__main__":
    main()
