"""Where a letter's Word template comes from: `--templates`, else the supervisor's `函件模板` folder beside
the workbook, else the built-in ones; and which file of the folder a planned letter uses."""

from __future__ import annotations

import glob
from pathlib import Path

from dunning.core.errors import TemplateError, TemplateMissing
from dunning.letters.context import tone
from dunning.letters.plan import PlannedLetter

SHOWN = 30  # characters of a long template name shown in a message


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
    name = letter.level.template
    plain = folder / f"{name}.docx"
    toned = folder / f"{name}_{tone(letter)}.docx"
    try:
        if plain.is_file():
            return plain
        if not toned.is_file() and not any(folder.glob(f"{glob.escape(name)}_*.docx")):
            raise TemplateMissing(name, str(folder))
    except OSError as exc:  # a name no file can have: too long, or a character the system refuses
        shown = name if len(name) <= SHOWN else name[:SHOWN] + "…"
        raise TemplateError(
            shown,
            f"不能用作文件名（{len(name)} 个字符：{exc.strerror or exc}）：请在「催款规则」的 函件模板 中改用较短的模板名",
        ) from exc
    return toned
