"""Where letters go and what they are called: safe from any customer text."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from dunning.letters.plan import PlannedLetter

LETTERS_FOLDER = "催款函"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 80


def safe_name(text: str, *, limit: int = MAX_STEM) -> str:
    """A file name part that is legal on Windows and nowhere escapes its folder."""
    name = _UNSAFE.sub("_", text).strip(" .")
    name = name.replace("..", "_")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name[:limit].rstrip(" .") or "_"


def letter_file_name(letter: PlannedLetter) -> str:
    """`<合同编号>_<名称>[_第k次].docx`."""
    number = f"_第{letter.letter_no}次" if letter.letter_no else ""
    return safe_name(f"{letter.contract_no}_{letter.level.label}{number}") + ".docx"


def output_folder(workbook: Path, *, as_of: date, out: Path | None = None) -> Path:
    """`<workbook folder>/催款函/<YYYY-MM-DD>/`, or `<out>/<YYYY-MM-DD>/`."""
    base = out if out is not None else workbook.parent / LETTERS_FOLDER
    return base / as_of.isoformat()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
