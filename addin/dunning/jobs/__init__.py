"""The jobs, as the command line and the button run them: the one application layer. Each takes the workbook
(a `WorkbookPort`, or a file's path) and one `RunOptions` — what the person asked for — and reads the workbook
once, computes, writes through the workbook interface, and saves once.

- `boards`: `board_of` (the one way to get a board outside the core), `today`, `refresh`;
- `letter_run`: `letters` (plan, render, archive; `recording`: the archive rows it appends);
- `handover`: `approvals`, `major_arrears`, `promise` (付款承诺书 / 分期还款协议), `handovers` (the button's, after
  the letters);
- `workbook`: the workbook a job opens (`opened`, `on_file`), and `init`, `check_file`, `check_templates`,
  `verify_archive`, which compute no board."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dunning.core.run_options import RunOptions
    from dunning.jobs.boards import board_of, refresh, today
    from dunning.jobs.handover import approvals, handovers, major_arrears, promise
    from dunning.jobs.letter_run import Ask, letters
    from dunning.jobs.workbook import Book, check_file, check_templates, init, on_file, opened, verify_archive

# Each name is imported from its module when first asked for: `dunning board` needs only the board's jobs,
# not the letters', reports' and Word's modules behind the others (a tenth of a second of imports).
_HOME = {
    "RunOptions": "dunning.core.run_options",
    **dict.fromkeys(("board_of", "refresh", "today"), "dunning.jobs.boards"),
    **dict.fromkeys(("approvals", "handovers", "major_arrears", "promise"), "dunning.jobs.handover"),
    **dict.fromkeys(("Ask", "letters"), "dunning.jobs.letter_run"),
    **dict.fromkeys(
        ("Book", "check_file", "check_templates", "init", "on_file", "opened", "verify_archive"),
        "dunning.jobs.workbook",
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "Ask",
    "Book",
    "RunOptions",
    "approvals",
    "board_of",
    "check_file",
    "check_templates",
    "handovers",
    "init",
    "letters",
    "major_arrears",
    "on_file",
    "opened",
    "promise",
    "refresh",
    "today",
    "verify_archive",
]
