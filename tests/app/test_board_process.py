"""`dunning board` and `dunning today` as a person runs them: a real process on a real workbook, its whole
JSON on stdout and exit code 0; and the board's command loads none of the letters' and Word's modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dunning.jobs as jobs

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "addin")}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=False
    )


def test_the_board_command_loads_no_letters_reports_or_word() -> None:
    code = (
        "import sys\n"
        "from dunning.cli import app\n"
        f"sys.argv = ['dunning', 'board', {str(SAMPLE)!r}, '--as-of', '2026-11-20', '--json']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'docx' or m.startswith(('dunning.letters',"
        " 'dunning.reports', 'dunning.jobs.handover', 'dunning.jobs.letter_run')))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    done = _run("-c", code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)
    assert "LOADED []" in done.stderr, done.stderr


def test_every_job_is_still_found_in_the_jobs_package() -> None:
    for name in jobs.__all__:
        assert getattr(jobs, name) is not None
        exec(f"from dunning.jobs import {name}", {})  # noqa: S102 - the form every caller uses
    assert set(jobs.__all__) <= set(dir(jobs))


def _main(*args: str) -> str:
    """`python -c` running the console script's `main` with `args`, an atexit function registered first."""
    return (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('ATEXIT RAN, collector on:', gc.isenabled(), file=sys.stderr))\n"
        "from dunning.cli import main\n"
        f"sys.argv = ['dunning', *{list(args)!r}]\n"
        "main()\n"
    )


def test_board_and_today_as_processes_write_their_whole_output_and_exit_0() -> None:
    for command in ("board", "today"):
        done = _run("-m", "dunning", command, str(SAMPLE), "--as-of", "2026-11-20", "--json")
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith("\n]\n") and json.loads(done.stdout), command
        assert done.stderr == ""
        text = _run("-m", "dunning", command, str(SAMPLE), "--as-of", "2026-11-20")
        assert text.returncode == 0 and text.stdout.strip() and text.stderr == "", text.stderr


def test_leaving_early_still_runs_the_atexit_functions_after_the_output() -> None:
    """…and the board's own process reads without the cyclic collector (a full collection walks every
    object of a big sheet); a caller's process that runs the app inside itself keeps it."""
    done = _run("-c", _main("board", str(SAMPLE), "--as-of", "2026-11-20", "--json"))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) > 10
    assert done.stderr == "ATEXIT RAN, collector on: False\n"


def test_a_caller_running_the_app_keeps_its_collector_and_its_process() -> None:
    code = _main("board", str(SAMPLE), "--as-of", "2026-11-20", "--json").replace("main()", "app()")
    done = _run("-c", code.replace("import main", "import app"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "ATEXIT RAN, collector on: True\n"


def test_a_refused_workbook_still_exits_2_with_its_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    done = _run("-m", "dunning", "board", str(bad), "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "坏.xlsx" in done.stderr


def test_after_main_returns_the_process_is_the_callers_again() -> None:
    code = _main("check", "/nonexistent/none.xlsx") + "\n"
    code = code.replace("main()\n", "try:\n    main()\nexcept SystemExit:\n    pass\n")
    code += f"from dunning.cli import app\nsys.argv = ['dunning', 'board', {str(SAMPLE)!r}, '--json']\n"
    code += "try:\n    app()\nexcept SystemExit:\n    pass\nprint('STILL HERE', file=sys.stderr)\n"
    done = _run("-c", code)
    assert "STILL HERE" in done.stderr, done.stderr
