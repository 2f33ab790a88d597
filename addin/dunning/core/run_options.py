"""How a run is asked for: one value from the command line's flags or the button to every job (the board,
今日待办, the refresh, the letters, the approval pack, the major-arrears report) and on to the letters' plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class RunOptions:
    """What the person asked for; each field's default is what she gets when she says nothing."""

    as_of: date | None = None  # the as-of date (--as-of); else the rules' 基准日, else today
    preset: str | None = None  # a preset's name (--rules 默认 / 阶梯催收): wins over the rules sheet's 预设 and ladder
    out: Path | None = None  # where letters and reports go (--out); else 催款函/<workbook>/<date>/ beside the workbook
    templates: Path | None = (
        None  # the letters' templates (--templates); else 函件模板/ beside the workbook, else built-in
    )
    dry_run: bool = False  # plan only (--dry-run): nothing written, no lock taken
    future: bool = False  # allow an as-of date more than a few days ahead of today (--future)
    backdate: str | None = (
        None  # why letters are dated more than a few days before today (--backdate; archived, logged)
    )
    no_prior_letters: bool = False  # a first run: she confirms no letter was sent before (--no-prior-letters)
    force: bool = False  # save a file even where the save loses its signature or modify password (--force; backed up)
