"""Where letters go and what they are called: safe from any customer text."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path

from dunning.letters.plan import PlannedLetter

LETTERS_FOLDER = "催款函"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
# Windows device names, whatever follows them: CON, COM1–9 and COM¹²³ (Windows 11 treats the
# superscripts as digits), CONIN$ … (learn.microsoft.com, "Naming Files, Paths, and Namespaces").
_DIGITS = "0123456789¹²³"
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{d}" for d in _DIGITS),
             *(f"LPT{d}" for d in _DIGITS)}  # fmt: skip
MAX_STEM = 80


def safe_name(text: str, *, limit: int = MAX_STEM) -> str:
    """A file name part that is legal on Windows, shows what it is, and nowhere escapes its folder:
    no path separators or characters Windows forbids, no invisible formatting characters (bidi
    overrides that make `exe.docx` look like `xcod.exe`, zero-width spaces), no device names."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    name = _UNSAFE.sub("_", text).strip(" .")
    name = name.replace("..", "_")
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name[:limit].rstrip(" .") or "_"


def letter_file_name(letter: PlannedLetter) -> str:
    """`<合同编号>_<名称>[_第k次].docx`."""
    number = f"_第{letter.letter_no}次" if letter.letter_no else ""
    return safe_name(f"{letter.contract_no}_{letter.level.label}{number}") + ".docx"


def output_folder(workbook: Path, *, as_of: date, out: Path | None = None) -> Path:
    """`<workbook folder>/催款函/<YYYY-MM-DD>/`, or `<out>/<YYYY-MM-DD>/`."""
    base = Path(os.path.abspath(out)) if out is not None else workbook.parent / LETTERS_FOLDER  # the archive
    # records where each letter is: a relative --out would point elsewhere from another folder
    return base / as_of.isoformat()
