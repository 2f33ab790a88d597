"""The product's log: what each run did and every failure with its traceback, in `dunning.log` in the
workbook's `.dunning-backup/` folder (beside the backups of the same workbook), rotated at 1 MB with
three old files kept. The command line and the button both set it up for the workbook they work on;
a folder that cannot be written leaves the run without a log file rather than stopping it.

Modules log through `logging.getLogger(__name__)`; the log never holds amounts or customers' details
beyond contract numbers, which the archive sheet already records.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from dunning.sheets.save import BACKUP_DIR

LOG_NAME = "dunning.log"
MAX_BYTES = 1 << 20
KEEP = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ROOT = "dunning"


def log_file(workbook: Path) -> Path:
    return workbook.resolve().parent / BACKUP_DIR / LOG_NAME


def setup(workbook: Path) -> Path | None:
    """Log the package's messages at INFO and above to the workbook's log file (one handler, however
    often called); None when the folder cannot be written."""
    target = log_file(workbook)
    logger = logging.getLogger(_ROOT)
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == target:
                return target
            logger.removeHandler(handler)
            handler.close()
    try:
        target.parent.mkdir(exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    except OSError:
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
