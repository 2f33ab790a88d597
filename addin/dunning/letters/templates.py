"""Where a letter's Word template comes from: `--templates`, else the supervisor's `函件模板` folder beside
the workbook, else the built-in ones; and which file of the folder a planned letter uses."""

from __future__ import annotations

from pathlib import Path

from dunning.core.errors import TemplateMissing
from dunning.letters.context import tone
from dunning.letters.plan import PlannedLetter


def builtin_templates() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "data" / "letter_templates", here.parents[1] / "letter_templates"):
        if candidate.is_dir():
            return candidate
    return here.parents[1] / "letter_templates"


def templates_folder(workbook: Path, given: Path | None = None) -> Path:
    """--templates, else a `函件模板` folder beside the workbook (the supervisor's own), else the built-in ones."""
    if given is not None:
        return given
    beside = workbook.parent / "函件模板"
    return beside if beside.is_dir() else builtin_templates()


def template_file(folder: Path, letter: PlannedLetter) -> Path:
    """`<函件模板>.docx`, else the tone's variant `<函件模板>_<温和|严正|严厉>.docx`."""
    plain = folder / f"{letter.level.template}.docx"
    if plain.is_file():
        return plain
    toned = folder / f"{letter.level.template}_{tone(letter)}.docx"
    if not toned.is_file() and not any(folder.glob(f"{letter.level.template}_*.docx")):
        raise TemplateMissing(letter.level.template, str(folder))
    return toned
