"""Where letters go and what they are called: safe from any customer text."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path

from dunning.atomic import real_path
from dunning.letters.plan import PlannedLetter

LETTERS_FOLDER = "催款函"
OWNER_FILE = ".dunning-owner"
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


def folder_name(workbook: Path) -> str:
    """The name of a workbook's own letters folder: its stem for `.xlsx`, else its whole name
    (`台账.xlsm` keeps its suffix: it is not `台账.xlsx`)."""
    return safe_name(workbook.stem if workbook.suffix.lower() == ".xlsx" else workbook.name)


@dataclass(frozen=True)
class LetterFolder:
    """Where one workbook's files of one day go: `<root>/<name>/<YYYY-MM-DD>/`. The workbook's folder
    `<root>/<name>` holds a marker (`.dunning-owner`, the workbook's name) written when it is made; a
    folder marked for another workbook (two names made alike by `safe_name`), or holding anything without
    a marker, belongs to someone else: then `<name>_2`, `<name>_3` … — the first that is ours or free."""

    root: Path
    name: str
    owner: str  # the marker's text
    as_of: date

    def find(self) -> Path:
        """The day's folder as things stand; nothing is created (a dry run)."""
        return (
            next(home for home in self._candidates() if self._ours(home) or self._free(home)) / self.as_of.isoformat()
        )

    def make(self) -> Path:
        """The day's folder, created, its workbook folder claimed by the marker (in one step: two runs
        never both claim one folder)."""
        for home in self._candidates():
            if not self._ours(home):
                if not self._free(home):
                    continue
                home.mkdir(parents=True, exist_ok=True)
                if not self._mark(home) and not self._ours(home):
                    continue
            day = home / self.as_of.isoformat()
            day.mkdir(exist_ok=True)
            return day
        raise AssertionError("unreachable")  # pragma: no cover - the candidates never end

    def _candidates(self) -> Iterator[Path]:
        yield self.root / self.name
        for number in count(2):
            yield self.root / f"{self.name}_{number}"

    def _ours(self, home: Path) -> bool:
        try:
            text = (home / OWNER_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):  # no marker, or not one of ours
            return False
        return os.path.normcase(text) == os.path.normcase(self.owner)

    @staticmethod
    def _free(home: Path) -> bool:
        """Absent, or an empty folder (a run killed before it marked it)."""
        if not home.exists():
            return True
        try:
            return home.is_dir() and not any(not p.name.startswith(OWNER_FILE) for p in home.iterdir())
        except OSError:
            return False

    def _mark(self, home: Path) -> bool:
        """Write the marker unless there is one: a temporary file linked to its name (a marker is whole
        or absent); where links are not supported, created exclusively. False if another was first."""
        marker = home / OWNER_FILE
        for stale in home.glob(f"{OWNER_FILE}.*.tmp"):  # left by a run killed while it marked the folder
            stale.unlink(missing_ok=True)
        temp = home / f"{OWNER_FILE}.{os.getpid()}.tmp"
        temp.write_text(self.owner + "\n", encoding="utf-8")
        try:
            os.link(temp, marker)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            try:
                with open(marker, "x", encoding="utf-8") as stream:
                    stream.write(self.owner + "\n")
            except FileExistsError:
                return False
        finally:
            temp.unlink(missing_ok=True)
        return True


def letter_folder(workbook: Path, *, as_of: date, out: Path | None = None) -> LetterFolder:
    """`<workbook folder>/催款函/<workbook>/<YYYY-MM-DD>/`, or `<out>/<workbook>/<YYYY-MM-DD>/`. Beside
    the workbook its file name tells it from its neighbours; under an --out shared by workbooks of
    several folders, its full path does."""
    real = real_path(workbook)  # its letters beside the file the save replaces, whichever name opened it
    if out is None:
        return LetterFolder(real.parent / LETTERS_FOLDER, folder_name(real), real.name, as_of)
    # the archive records where each letter is: a relative --out would point elsewhere from another folder
    return LetterFolder(Path(os.path.abspath(out)), folder_name(real), str(real), as_of)
