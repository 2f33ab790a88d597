"""Crash consistency, a few kill points in the test suite (the 50-run harness is
tests/reliability/kill_letters.py): killed anywhere, the rerun archives every due letter exactly once."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "reliability"))
from kill_letters import compare, kill_run, prepare, run_to_end, state  # noqa: E402


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, object]:
    book = prepare(tmp_path_factory.mktemp("crash") / "baseline")
    start = time.perf_counter()
    run_to_end(book)
    return time.perf_counter() - start, state(book)


@pytest.mark.parametrize("share", [0.55, 0.75, 0.9, 0.98])
def test_killed_then_rerun_is_consistent(tmp_path: Path, baseline: tuple[float, object], share: float) -> None:
    full, expected = baseline
    book = prepare(tmp_path / "run")
    kill_run(book, full * share)
    run_to_end(book)
    assert compare(expected, state(book)) == []  # type: ignore[arg-type]
