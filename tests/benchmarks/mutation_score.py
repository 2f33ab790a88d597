"""Mutation score of `dunning.core` (and of the letters' plan): how many small wrong versions of the rules
the tests notice.

    pip install -e '.[mutation]'
    python tests/benchmarks/mutation_score.py                      # every module of dunning/core
    python tests/benchmarks/mutation_score.py engine board         # only core/engine.py and core/board.py
    python tests/benchmarks/mutation_score.py letters/plan letters/lawyer   # modules outside core: their path
    python tests/benchmarks/mutation_score.py --jobs 2 --workdir build/mutation

mutmut 3 (configured in pyproject.toml, [tool.mutmut]) rewrites each function of the mutated modules
into many variants (a `<` for a `<=`, a constant changed, a call's argument dropped …) and runs, for
each variant, the tests that call that function, from the fast subset named there. A variant the
tests fail under is killed; one they pass under survived, and is listed here by file and line.

mutmut 3 names a module after its path below ./ or src/, so the package is laid out as src/dunning
in a scratch copy of the tree (`--workdir`, default build/mutation, kept so that
`cd build/mutation && mutmut browse` can show each survivor). Not run by CI: a full run takes
hours on two CPUs (issue 22's count: 4,449 mutants in core, 376 in letters/plan, 278 in letters/lawyer, at
about 2–9 s each on one core). A script: it prints the score, it does not fail.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
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


def module_path(name: str) -> Path:
    """`engine` → src/dunning/core/engine.py; `letters/plan` → src/dunning/letters/plan.py."""
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


def run_mutmut(workdir: Path, jobs: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the mutated copy, not this tree
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)], cwd=workdir, env=env,
                   check=True)  # fmt: skip
    return time.perf_counter() - started


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


def report(workdir: Path, seconds: float | None) -> None:
    sys.path.insert(0, str(workdir))
    os.chdir(workdir)
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    statuses: Counter[str] = Counter()
    by_file: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[tuple[str, int, str, str]] = []
    for meta in sorted((Path("mutants") / PACKAGE).rglob("*.py.meta")):
        source_path = meta.relative_to("mutants").with_name(meta.name.removesuffix(".meta"))
        exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        starts = function_starts(source_path.read_text(encoding="utf-8"))
        for key, code in exit_codes.items():
            status = status_by_exit_code[code]
            statuses[status] += 1
            by_file[str(source_path.relative_to(PACKAGE))][status] += 1
            if status != "survived":
                continue
            function = key.rpartition(".")[2].partition("__mutmut_")[0]
            offset, text = changed_line(get_diff_for_mutant(key, path=source_path))
            survivors.append((str(source_path.relative_to(PACKAGE)), starts.get(function, 1) + offset - 1,
                              key.rpartition(".")[2], text))  # fmt: skip
    total = sum(statuses.values())
    killed = statuses["killed"] + statuses["caught by type check"]
    print(f"\nmutation score: {killed} killed / {total} mutants = {killed / max(total, 1):.1%}"
          + (f"   ({seconds / 60:.1f} min)" if seconds else ""))  # fmt: skip
    print("  " + ", ".join(f"{status} {n}" for status, n in statuses.most_common()))
    for name, counts in sorted(by_file.items()):
        file_total = sum(counts.values())
        print(f"  {name:21} {counts['killed']:4} / {file_total:4}   survived {counts['survived']:3}   "
              f"no tests {counts['no tests']:3}   timeout {counts['timeout']:3}")  # fmt: skip
    print(f"\nsurvivors ({len(survivors)}): file:line  mutant  original line")
    for name, line, key, text in sorted(survivors, key=lambda s: (s[0], s[1], s[2])):
        print(f"  {name}:{line}  {key}  {text[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules",
        nargs="*",
        help="modules of dunning/core to mutate (default: all), e.g. engine board; others by path: letters/plan",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--report-only", action="store_true", help="print the score of the last run in --workdir")
    args = parser.parse_args()
    unknown = [m for m in args.modules if not (ROOT / "addin" / module_path(m).relative_to("src")).is_file()]
    if unknown:
        parser.error(f"not a module of dunning: {', '.join(unknown)}")
    workdir = args.workdir.resolve()
    seconds = None
    if not args.report_only:
        lay_out(workdir, args.modules)
        seconds = run_mutmut(workdir, args.jobs)
    report(workdir, seconds)


if __name__ == "__main__":
    main()
