"""Saving the user's workbook without ever losing it.

* the file itself is written, however it was named (a link, a linked folder, `..`: `atomic.real_path`);
* refuse while Excel or LibreOffice holds the file (their lock files beside it), and a file the
  replacement would betray: a read-only one, or one with several hard links (the others would keep the
  old content);
* a timestamped backup of the file as it was, in `.dunning-backup/` beside it (the last few kept):
  a real folder, never a link, and each backup a new file (`atomic.open_new`);
* the new content written to a temporary file in the same folder, flushed, then moved over the
  original in one step (`os.replace`), so a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import stat
from datetime import datetime
from pathlib import Path
from typing import Protocol

from dunning.atomic import PathRefused, open_new, real_path, replace_atomically
from dunning.core.errors import SaveRefused
from dunning.core.problems import PathReason
from dunning.core.problems import WorkbookProblem as P

log = logging.getLogger(__name__)
BACKUP_DIR = ".dunning-backup"
KEEP_BACKUPS = 5


class Saveable(Protocol):
    """What can write itself to a file name: the patched package (`dunning.sheets.ooxml`), or an
    openpyxl workbook."""

    def save(self, filename: str) -> None: ...


def check_not_open(path: Path) -> None:
    """Refuse while another program has the workbook open: Excel (and WPS) mark it with `~$<name>`,
    LibreOffice with `.~lock.<name>#`, beside the name it opened (a link's, or the file's own); its next
    save would overwrite the product's changes."""
    for name in dict.fromkeys((path, real_path(path))):
        _check_not_open(name)


def _check_not_open(path: Path) -> None:
    for lock, program in ((f"~${path.name}", "Excel"), (f".~lock.{path.name}#", "LibreOffice")):
        if (path.parent / lock).exists():
            raise SaveRefused(P.OPEN_ELSEWHERE, file=path.name, detail=program)


def check_writable(path: Path) -> None:
    """Refuse a workbook the save must not replace: read-only (by its mode bits, not by `os.access`,
    which says yes to an administrator), or one of several hard links to one file (the atomic
    replacement gives this name new content and leaves the others the old)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return  # nothing to replace: the reader says it is missing
    if found.st_mode & 0o222 == 0:
        raise PathRefused(path, PathReason.READ_ONLY)
    if stat.S_ISREG(found.st_mode) and found.st_nlink > 1:
        raise PathRefused(path, PathReason.HARD_LINKS, links=found.st_nlink)


def backup_folder(path: Path) -> Path:
    """`.dunning-backup/` beside the workbook, made if missing. Something else at its name (a link to
    another folder, a file) is refused: the backups and the log go only into a folder of the workbook's."""
    folder = path.parent / BACKUP_DIR
    try:
        folder.mkdir()
    except FileExistsError:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            raise PathRefused(folder, PathReason.BACKUP_NOT_A_FOLDER) from None
    return folder


def backup(path: Path, *, now: datetime | None = None) -> Path:
    folder = backup_folder(path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    _copy_new(path, target)
    ours = re.compile(re.escape(path.stem) + r"\.\d{8}-\d{6}-\d{6}" + re.escape(path.suffix))
    old = sorted(p for p in folder.iterdir() if ours.fullmatch(p.name))  # 台账.旧.xlsx's backups are not 台账's
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)  # a link goes, not what it points to
    return target


def _copy_new(source: Path, target: Path) -> None:
    """`source` copied into a new file `target` (its times and permissions too); nothing left on failure."""
    handle = open_new(target)
    try:
        with os.fdopen(handle, "wb") as writing, source.open("rb") as reading:
            shutil.copyfileobj(reading, writing)
        shutil.copystat(source, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def temporary_prefix(path: Path) -> str:
    return f".~dunning-{path.name}."  # this workbook's temporaries only: another's save may be running


def remove_stale_temporaries(path: Path) -> None:
    """The temporaries a killed save of this workbook left. Only under the workbook's run lock: then no
    save of it is running."""
    for stale in path.parent.glob(f"{glob.escape(temporary_prefix(path))}*{path.suffix}"):
        try:
            if not stat.S_ISDIR(os.lstat(stale).st_mode):
                stale.unlink()  # a file, or a link itself: never what a link points to
        except OSError:
            pass  # gone meanwhile, or not ours to remove: left where it is


def save_atomic(wb: Saveable, path: Path) -> None:
    """Back up `path`, then replace it with `wb` in one step. A symbolic link stays a link: the file
    it points to is the one replaced."""
    check_not_open(path)
    path = real_path(path)
    check_writable(path)
    mode = None
    prefix = temporary_prefix(path)
    try:
        if path.exists():
            mode = path.stat().st_mode & 0o7777
            log.info("backup %s", backup(path))
        remove_stale_temporaries(path)
    except OSError as exc:
        raise SaveRefused(P.BACKUP_FAILED, file=path, detail=str(exc.strerror or exc)) from exc
    try:
        replace_atomically(path, wb.save, prefix=prefix, mode=mode)
    except OSError as exc:
        raise SaveRefused(P.SAVE_FAILED, file=path, detail=str(exc.strerror or exc)) from exc
