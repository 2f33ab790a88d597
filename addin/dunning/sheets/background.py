"""A call run on a thread of its own while the caller goes on: for work that leaves Python's lock
while it runs (python-calamine parses a sheet in Rust, zlib inflates), so the caller's own Python
work takes no extra time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_TAKEN = object()  # the outcome once `result()` has handed it over


class Background(Generic[T]):
    """`call()` started on its own thread; `result()` waits for it, then returns its value or raises
    its exception in the caller's thread, once."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._outcome: tuple[bool, object] = (False, None)
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call: Callable[[], T]) -> None:
        try:
            self._outcome = (True, call())
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread, raised there
            self._outcome = (False, exc)

    def result(self) -> T:
        """The call's value (once: this object keeps no reference to it after)."""
        self._thread.join()
        (done, value), self._outcome = self._outcome, (False, _TAKEN)
        if value is _TAKEN:
            raise RuntimeError("the result was taken already")
        if not done:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]
