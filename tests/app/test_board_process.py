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
