"""The reader's background thread: its value and its exception reach the caller, and it overlaps."""

from __future__ import annotations

import threading
import zlib

import pytest

from dunning.sheets.background import Background


def test_value_reaches_the_caller() -> None:
    assert Background(lambda: ("rows", 3)).result() == ("rows", 3)


def test_exception_is_raised_in_the_callers_thread() -> None:
    def refuse() -> None:
        raise ValueError("not a workbook")

    pending = Background(refuse)
    with pytest.raises(ValueError, match="not a workbook"):
        pending.result()


def test_runs_while_the_caller_goes_on() -> None:
    started, release = threading.Event(), threading.Event()

    def wait_for_caller() -> bytes:
        started.set()
        assert release.wait(10), "the caller never got on while the call ran"
        return zlib.decompress(zlib.compress(b"x" * 1000))

    pending = Background(wait_for_caller)
    assert started.wait(10)
    release.set()  # only reachable while the call is still running
    assert pending.result() == b"x" * 1000


def test_result_is_handed_over_once() -> None:
    """The reader's values are not kept alive by the thread's holder while the board is built."""
    pending = Background(lambda: [1, 2, 3])
    assert pending.result() == [1, 2, 3]
    with pytest.raises(RuntimeError, match="taken already"):
        pending.result()
