"""The jobs, as the command line and the button run them: the one application layer. Each takes the workbook
(a `WorkbookPort`, or a file's path) and one `RunOptions` — what the person asked for — and reads the workbook
once, computes, writes through the workbook interface, and saves once.

- `boards`: `board_of` (the one way to get a board outside the core), `today`, `refresh`;
- `letter_run`: `letters` (plan, render, archive; `recording`: the archive rows it appends);
- `handover`: `approvals`, `major_arrears`, `promise` (付款承诺书 / 分期还款协议), `handovers` (the button's, after
  the letters);
- `workbook`: the workbook a job opens (`opened`, `on_file`), and `init`, `check_file`, `check_templates`,
  `verify_archive`, which compute no board."""

from dunning.core.run_options import RunOptions
from dunning.jobs.boards import board_of, refresh, today
from dunning.jobs.handover import approvals, handovers, major_arrears, promise
from dunning.jobs.letter_run import Ask, letters
from dunning.jobs.workbook import Book, check_file, check_templates, init, on_file, opened, verify_archive

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
