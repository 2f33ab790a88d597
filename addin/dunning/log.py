"""The product's log: what each run did and every failure with its traceback, in `dunning.log` in the
workbook's `.dunning-backup/` folder (beside the backups of the same workbook), rotated at 1 MB with
three old files kept. The command line and the button both set it up for the workbook they work on;
a folder that cannot be written leaves the run without a log file rather than stopping it. The log
is appended to only as a file of its own: a link planted at its name (or at the folder's,
`sheets.save.backup_folder`) leaves the run without a log, never writing through the link.

Modules log through `logging.getLogger(__name__)`; the log never holds amounts or customers' details
beyond contract numbers, which the archive sheet already records.
"""

from __future__ import annotations

import errno
import io
import logging
import logging.handlers
import os
import stat
from pathlib import Path

from dunning.atomic import NOFOLLOW, real_path
from dunning.core.errors import WorkbookError
from dunning.sheets.save import BACKUP_DIR, backup_folder

LOG_NAME = "dunning.log"
MAX_BYTES = 1 << 20
KEEP = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ROOT = "dunning"


class _OwnFileHandler(logging.handlers.RotatingFileHandler):
    """Opens the log (at the start and after each rotation, which only renames and removes names) without
    following a link, and only a plain file of one name."""

    def _open(self) -> io.TextIOWrapper:
        name = self.baseFilename
        if not NOFOLLOW and os.path.islink(name):  # Windows: no O_NOFOLLOW
            raise OSError(errno.ELOOP, "the log is a link", name)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW | getattr(os, "O_BINARY", 0)  # text: the wrapper's
        handle = os.open(name, flags, 0o666)
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink > 1:
            os.close(handle)
            raise OSError(errno.EEXIST, "the log is not a file of its own", name)
        return open(handle, "a", encoding=self.encoding, errors=self.errors)


def log_file(workbook: Path) -> Path:
    return real_path(workbook).parent / BACKUP_DIR / LOG_NAME


def setup(workbook: Path) -> Path | None:
    """Log the package's messages at INFO and above to the workbook's log file (one handler, however
    often called); None when the folder cannot be written or is not the workbook's own."""
    try:
        real = real_path(workbook)
    except WorkbookError:
        return None  # a link loop: the run says so itself
    target = real.parent / BACKUP_DIR / LOG_NAME
    logger = logging.getLogger(_ROOT)
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == target:
                return target
            logger.removeHandler(handler)
            handler.close()
    try:
        backup_folder(real)
        handler = _OwnFileHandler(target, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    except (OSError, WorkbookError):
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    return target


def close() -> None:
    """Release the log file (tests, and a long-lived Excel process between presses)."""
    logger = logging.getLogger(_ROOT)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
