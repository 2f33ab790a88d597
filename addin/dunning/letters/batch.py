"""The Generate-letters job (the ribbon button's, and `dunning letters`): plan, render, archive.

Order of writes, so that a crash at any point loses nothing and duplicates nothing:
1. every template the run needs is opened and checked — a bad template stops the run before
   anything is written;
2. each letter is rendered to a temporary file and moved into place (a file is whole or absent);
3. the combined print file is written the same way;
4. the workbook — archive rows and tracking columns together — is saved in one atomic replace.
A rerun after a crash before step 4 finds nothing archived and renders the same letters again over
the same names; after step 4 it finds them archived and makes nothing new.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dunning.atomic import flush_all, real_path
from dunning.core.board import Board
from dunning.core.errors import DunningError, LettersUnwritable
from dunning.core.header_check import HeaderReport
from dunning.core.identity import Archived
from dunning.core.messages import skip_line, skip_record
from dunning.core.run_options import RunOptions
from dunning.core.sms import sms_for
from dunning.letters.context import build_context
from dunning.letters.files import LetterFolder, letter_file_name, letter_folder
from dunning.letters.lawyer import NO_RECORD, LawyerRecord
from dunning.letters.plan import Plan, PlannedLetter, plan_letters
from dunning.letters.templates import template_file, templates_folder

if TYPE_CHECKING:
    from dunning.letters.render import Template

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class MadeLetter:
    letter: PlannedLetter
    file: Path
    sha256: str
    template: str


@dataclass
class LettersResult:
    board: Board
    plan: Plan
    folder: Path
    made: list[MadeLetter] = field(default_factory=list)
    combined: Path | None = None
    dry_run: bool = False
    set_aside: list[Path] = field(default_factory=list)  # letter files no archive row claims, moved aside
    columns: HeaderReport | None = None  # a first run's column report (core.header_check)
    warnings: list[str] = field(default_factory=list)  # a dry run's: what the real run would refuse
    unsent: list[str] = field(default_factory=list)  # archived letters not marked as sent (core.delivery)

    def follow_ups(self, *, limit: int | None = None) -> list[tuple[str, str]]:
        """(kind, line) for what the person must follow up: pending approvals, escalations, skipped rows.
        `limit` shortens the lists for a message box."""
        plan = self.plan

        def listed(items: list[str]) -> str:
            shown = items if limit is None else items[:limit]
            return "、".join(shown) + (f" 等 {len(items)} 份" if len(shown) < len(items) else "")

        lines = [("refused", line) for line in self.warnings]
        if plan.pending_approval:
            lines.append(
                ("pending", f"律师函待营销副总审批 {len(plan.pending_approval)} 份：{listed(plan.pending_approval)}")
            )
        if plan.escalations:
            lines.append(
                ("escalation", f"律师函期限已过、应上报起诉 {len(plan.escalations)} 份：{listed(plan.escalations)}")
            )
        if self.set_aside:
            lines.append(
                (
                    "set_aside",
                    f"文件夹中有 {len(self.set_aside)} 份未登记的函件（上次运行中断时留下），已移到 "
                    f"{self.set_aside[0].parent}，请勿寄出：{listed([p.name for p in self.set_aside])}",
                )
            )
        if self.unsent:
            lines.append(
                ("unsent", f"已生成3天以上仍未登记寄送：{listed(self.unsent)}"
                 "（寄出后请在「函件归档」填 寄送方式 或 快递单号）")
            )  # fmt: skip
        skipped = plan.skipped if limit is None else plan.skipped[:limit]
        lines += [("skipped", skip_line(s)) for s in skipped]
        if len(skipped) < len(plan.skipped):
            lines.append(("skipped", f"……共跳过 {len(plan.skipped)} 项"))
        return lines

    def as_json(self) -> dict[str, object]:
        """`dunning letters --json` (shared/SPEC.md §7). `generated` is what was made (nothing on a dry run);
        `planned` what the plan holds, with the file each letter gets unless a name is taken; each with
        the short message to send the customer about what the letter demands (core/sms.py)."""
        params, as_of = self.board.rules.params, self.board.as_of
        planned = [
            {"contract_no": p.contract_no, "stage": p.stage, "letter_no": p.letter_no,
             "file": str(self.folder / letter_file_name(p)), "sms": sms_for(p.listed, params, as_of=as_of)}
            for p in self.plan.letters
        ]  # fmt: skip
        generated = [
            {"contract_no": m.letter.contract_no, "stage": m.letter.stage, "letter_no": m.letter.letter_no,
             "file": str(m.file), "sha256": m.sha256, "sms": sms_for(m.letter.listed, params, as_of=as_of)}
            for m in self.made
        ]  # fmt: skip
        return {
            "generated": generated,
            "planned": planned,
            "pending_approval": self.plan.pending_approval,
            "escalations": self.plan.escalations,
            "skipped": [skip_record(s) for s in self.plan.skipped],
            "folder": str(self.folder),
            "combined": str(self.combined) if self.combined else None,
            "set_aside": [str(p) for p in self.set_aside],
            "dry_run": self.dry_run,
            "first_run": self.plan.first_run,
            "withheld_rows": sorted(d.sheet_row for d in self.plan.withheld),
            "no_prior_letters_rows": sorted(d.sheet_row for d in self.plan.confirmed),
            "warnings": self.warnings,
            "unsent": self.unsent,
        }


UNARCHIVED_FOLDER = "未登记"
COMBINED_PREFIX = "全部催款函_"


def render_plan(
    board: Board,
    plan: Plan,
    *,
    place: LetterFolder,
    templates: Path,
    progress: Progress | None = None,
    claimed: Callable[[Path], frozenset[str]] = lambda folder: frozenset(),
    set_aside: list[Path] | None = None,
) -> tuple[Path, list[MadeLetter], Path | None]:
    """Write every planned letter and the combined print file in the workbook's own folder of the day
    (made and claimed here); return it with what was written. A file that cannot be written stops the
    run with its name; nothing is recorded in the workbook then, so the rerun makes the same letters.

    No archived letter is overwritten: each new name differs, ignoring case, from every file in the folder.
    A letter no archive row claims (`claimed(folder)`, names casefolded) was left by a run that stopped
    before recording it: this run's same letter replaces it; any other is moved to `未登记/` (listed in
    `set_aside`) before anything is written. Nothing outside the workbook's own folder is touched."""
    chosen, loaded = load_templates(plan, templates)
    if not plan.letters:
        return place.find(), [], None
    target = place.root
    try:
        folder = target = place.make()
        for stale in folder.glob(".~*.docx"):  # left by a run that was killed mid-write
            stale.unlink(missing_ok=True)
        remade = {letter_file_name(letter).casefold() for letter in plan.letters}
        moved = _set_aside_unarchived(folder, claimed(folder), remade=remade)
        if set_aside is not None:
            set_aside.extend(moved)
        taken = {p.name.casefold() for p in folder.iterdir()}
        made = _render_all(board, plan, chosen, loaded, folder=folder, progress=progress, taken=taken)
        from dunning.letters.combine import combine

        target = folder / _free_name(f"{COMBINED_PREFIX}{board.as_of.isoformat()}.docx", taken)
        combine([m.file for m in made], target)
        flush_all()  # every letter on disk before the workbook's archive claims it
    except OSError as exc:
        where = exc.filename or target
        raise LettersUnwritable(where, str(exc.strerror or exc)) from exc
    return folder, made, target


def load_templates(plan: Plan, templates: Path) -> tuple[dict[str, Path], dict[Path, Template]]:
    """Each planned letter's template file, by contract (one letter per contract), and every one of them
    opened and checked: a bad template stops the run (a dry run too) before anything is written."""
    from dunning.letters.render import Template

    chosen = {p.contract_no: template_file(templates, p) for p in plan.letters}
    return chosen, {path: Template(path) for path in sorted(set(chosen.values()))}


class LettersNotRecorded(DunningError):
    """The workbook could not record the letters just made (its save failed): they were moved to
    `未登记/` at once, so that nobody sends a letter the archive does not know."""

    def __init__(self, reason: str, *, folder: Path, files: list[Path], stuck: list[Path]) -> None:
        where = f"已移到 {folder}，请勿寄出" if not stuck else f"请勿寄出 {stuck[0].parent} 中本次生成的函件"
        super().__init__(f"{reason}。本次生成的 {len(files) + len(stuck)} 封函件未登记，{where}；处理后重新运行即可")
        self.reason = reason
        self.folder = folder
        self.files = files
        self.stuck = stuck  # letters that could not be moved


def not_recorded(result: LettersResult, error: Exception) -> LettersNotRecorded:
    """The run's letters and combined print file moved to `未登记/` after the workbook failed to record
    them; the error to raise, saying so."""
    moved: list[Path] = []
    stuck: list[Path] = []
    for path in [m.file for m in result.made] + ([result.combined] if result.combined else []):
        try:
            target = _move_aside(path, result.folder)
        except OSError:
            stuck += [] if path == result.combined else [path]
            continue
        moved += [] if path == result.combined else [target]
    if isinstance(error, DunningError):
        reason = str(error)
    elif isinstance(error, OSError):
        reason = f"无法保存工作簿：{error.strerror or error}；工作簿未改动"
    else:
        reason = f"保存工作簿时出错（{type(error).__name__}: {error}）"
    return LettersNotRecorded(reason, folder=result.folder / UNARCHIVED_FOLDER, files=moved, stuck=stuck)


def _set_aside_unarchived(folder: Path, archived: frozenset[str], *, remade: set[str]) -> list[Path]:
    """Letter files no archive row claims: the run's own letters (same contract, level and number) are
    deleted to be made again from today's figures; any other is moved to `未登记/`."""
    moved = []
    for path in sorted(folder.glob("*.docx")):
        name = path.name.casefold()
        if name in archived or path.name.startswith(COMBINED_PREFIX) or not path.is_file() or path.is_symlink():
            continue
        if name in remade:
            path.unlink()
            continue
        moved.append(_move_aside(path, folder))
    return moved


def _move_aside(path: Path, folder: Path) -> Path:
    """`path` moved to `folder/未登记/`, under a name free there."""
    aside = folder / UNARCHIVED_FOLDER
    aside.mkdir(exist_ok=True)
    target = aside / _free_name(path.name, {p.name.casefold() for p in aside.iterdir()})
    path.rename(target)
    return target


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or `stem_2.docx`, `stem_3.docx` … : the first that differs, ignoring case, from every
    name taken (Windows and macOS file names ignore case: `JX_01` and `jx_01` are one file). Marks it taken."""
    stem, suffix = name.rsplit(".", 1)
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}_{number}.{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _render_all(
    board: Board,
    plan: Plan,
    chosen: dict[str, Path],
    loaded: dict[Path, Template],
    *,
    folder: Path,
    progress: Progress | None,
    taken: set[str],
) -> list[MadeLetter]:
    made: list[MadeLetter] = []
    for count, letter in enumerate(plan.letters, start=1):
        target = folder / _free_name(letter_file_name(letter), taken)
        template = loaded[chosen[letter.contract_no]]
        try:
            digest = template.render(build_context(letter, board.rules, as_of=board.as_of), target)
        except OSError as exc:
            exc.filename = exc.filename if isinstance(exc.filename, str) and "~" not in exc.filename else str(target)
            raise
        made.append(MadeLetter(letter, target, digest, template.name))
        if progress:
            progress(count, len(plan.letters), letter.contract_no)
    return made


def letters_job(
    board: Board,
    *,
    workbook: Path,
    archived: Collection[str | Archived],  # the archive's letters (or their keys): what not to make again
    options: RunOptions,
    progress: Progress | None = None,
    archived_files: Sequence[str] = (),
    before_writing: Callable[[Plan], None] | None = None,
    record: LawyerRecord = NO_RECORD,
    ask: Callable[[Plan], bool] | None = None,
) -> LettersResult:
    """Plan and render; the caller records the result in the workbook. `record`: the archive's earlier
    letters and 函件编号 (a 律师函's references and number). `ask`: on a first run with rows withheld, asks
    (the button's Yes/No box) whether none were sent before: yes plans again as --no-prior-letters."""
    confirmed = options.no_prior_letters
    plan = plan_letters(board, archived=archived, record=record, no_prior_letters=confirmed)
    if plan.withheld and ask is not None and not options.dry_run and ask(plan):
        plan = plan_letters(board, archived=archived, record=record, no_prior_letters=True)
    place = letter_folder(workbook, as_of=board.as_of, out=options.out)
    result = LettersResult(board, plan, place.find(), dry_run=options.dry_run)
    if before_writing is not None and plan.letters:  # a dry run meets the same refusals: nothing is written
        before_writing(plan)
    if options.dry_run:
        load_templates(plan, templates_folder(workbook, options.templates))
        return result
    home = real_path(workbook)

    def claimed(folder: Path) -> frozenset[str]:
        return frozenset(name.casefold() for name in _in_folder(archived_files, workbook=home, folder=folder))

    result.folder, result.made, result.combined = render_plan(
        board,
        plan,
        place=place,
        templates=templates_folder(workbook, options.templates),
        progress=progress,
        claimed=claimed,
        set_aside=result.set_aside,
    )
    return result


def _in_folder(files: Sequence[str], *, workbook: Path, folder: Path) -> list[str]:
    """The names of the archive's files (as recorded: relative to the workbook's folder, or absolute)
    that lie in `folder`."""
    names = []
    here = os.path.normcase(os.path.abspath(folder))
    for shown in files:
        path = Path(shown) if os.path.isabs(shown) else workbook.parent / shown
        if os.path.normcase(os.path.abspath(path.parent)) == here:
            names.append(path.name)
    return names
