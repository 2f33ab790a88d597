"""Saving the user's workbook without ever losing it.

* refuse while Excel or LibreOffice holds the file (their lock files beside it);
* a timestamped backup of the file as it was, in `.dunning-backup/` beside it (the last few kept);
* the new content written to a temporary file in the same folder, flushed, then moved over the
  original in one step (`os.replace`), so a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Protocol

from dunning.atomic import replace_atomically
from dunning.core.errors import WorkbookError

log = logging.getLogger(__name__)
BACKUP_DIR = ".dunning-backup"
KEEP_BACKUPS = 5


class Saveable(Protocol):
    """What can write itself to a file name: the patched package (`dunning.sheets.ooxml`), or an
    openpyxl workbook."""

    def save(self, filename: str) -> None: ...


def check_not_open(path: Path) -> None:
    """Refuse while another program has the workbook open: Excel (and WPS) mark it with `~$<name>`,
    LibreOffice with `.~lock.<name>#`; its next save would overwrite the product's changes."""
    for lock, program in ((f"~${path.name}", "Excel"), (f".~lock.{path.name}#", "LibreOffice")):
        if (path.parent / lock).exists():
            also = "，或在 Excel 中使用按钮" if program == "Excel" else ""
            raise WorkbookError(
                f"{path.name} 正在被 {program} 打开（发现 {lock}）：请先在 {program} 中关闭它{also}"
                "（否则它下次保存会覆盖本次的归档和看板）"
            )


def backup(path: Path, *, now: datetime | None = None) -> Path:
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, target)
    ours = re.compile(re.escape(path.stem) + r"\.\d{8}-\d{6}-\d{6}" + re.escape(path.suffix))
    old = sorted(p for p in folder.iterdir() if ours.fullmatch(p.name))  # 台账.旧.xlsx's backups are not 台账's
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def temporary_prefix(path: Path) -> str:
    return f".~dunning-{path.name}."  # this workbook's temporaries only: another's save may be running


def remove_stale_temporaries(path: Path) -> None:
    """The temporaries a killed save of this workbook left. Only under the workbook's run lock: then no
    save of it is running."""
    for stale in path.parent.glob(f"{glob.escape(temporary_prefix(path))}*{path.suffix}"):
        stale.unlink(missing_ok=True)


def save_atomic(wb: Saveable, path: Path) -> None:
    """Back up `path`, then replace it with `wb` in one step. A symbolic link stays a link: the file
    it points to is the one replaced."""
    check_not_open(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    mode = None
    prefix = temporary_prefix(path)
    try:
        if path.exists():
            mode = path.stat().st_mode & 0o7777
            log.info("backup %s", backup(path))
        remove_stale_temporaries(path)
    except OSError as exc:
        raise WorkbookError(f"无法保存 {path}（备份失败）：{exc.strerror or exc}；工作簿未改动") from exc
    try:
        replace_atomically(path, wb.save, prefix=prefix, mode=mode)
    except OSError as exc:
        raise WorkbookError(f"无法保存 {path}：{exc.strerror or exc}；工作簿未改动") from exc
