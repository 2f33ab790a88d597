"""No cyclic garbage collection while a board is built or written out.

A board of 100,000 rows makes hundreds of thousands of acyclic containers (rows, instalments,
decisions, the JSON records' pieces); each automatic full pass of the collector rescans every one still
alive, the sheet's cell rows first. Measured on tests/benchmarks/bench_board.py's 100,000-row
workbook (CPU seconds, best of 3, collector paused → running): reading the rows into instalments 0.37
→ 0.65–0.68; the checks, rules and contracts 0.50–0.55 → 0.72–0.82; the JSON records 0.47 → 0.62. What is
made there is freed by reference counting as before (a cycle, if any, by the collector's next pass).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
