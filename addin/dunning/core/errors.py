"""One exception hierarchy for the whole product; each carries the data its message is made from.

Every edge translates these once: the CLI into a one-line message and an exit code, a UDF into a
short text in the cell, the ribbon button into a message box.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from dunning.core.error_text import (
    as_of_flag_text,
    as_of_range_text,
    as_of_unreadable_text,
    backdate_reason_missing_text,
    letters_unwritable_text,
    row_needed_text,
    row_width_text,
    template_folder_missing_text,
    workbook_text,
)
from dunning.core.problems import WorkbookFacts, WorkbookProblem


class DunningError(Exception):
    """Base of every error the product raises on purpose."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell that could not be read, or a data-quality remark about a row."""

    sheet: str
    row: int
    column: str  # the header text as found in the sheet (or the field's Chinese name)
    value: object
    reason: str

    def short(self) -> str:
        """The text shown on the board: `约定付款日期: 无法识别 "2026/13/45"`."""
        if self.value is None or self.value == "":
            return f"{self.column}: {self.reason}"
        return f'{self.column}: {self.reason} "{self.value}"'

    def full(self) -> str:
        """With the place: `合同执行情况 第12行 约定付款日期: 无法识别 "2026/13/45"`."""
        return f"{self.sheet} 第{self.row}行 {self.short()}"


class ValueUnreadable(DunningError):
    """A cell parser could not read a value; the caller adds the place."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RulesError(DunningError):
    """The rules sheet cannot be used; every message names sheet, row, field and value."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


class WorkbookError(DunningError):
    """The workbook cannot be read or written (missing, not a workbook, no header …)."""


class WorkbookRefused(WorkbookError):
    """A workbook problem as data: `problem` and the facts its message names (`facts`, each also an
    attribute: file, sheet, part, cell, row, column, value, detail, items, size, limit, claimed). Its text
    is core.error_text's. Raised as one of its kinds below, which group the problems."""

    def __init__(
        self,
        problem: WorkbookProblem,
        *,
        file: str | Path = "",
        sheet: str = "",
        part: str = "",
        cell: str = "",
        row: int | None = None,
        column: int | None = None,
        value: object = None,
        detail: str = "",
        items: tuple[str, ...] = (),
        size: int | None = None,
        limit: int | None = None,
        claimed: int | None = None,
    ) -> None:
        facts = WorkbookFacts(
            problem, str(file), sheet, part, cell, row, column, value, detail, items, size, limit, claimed
        )
        super().__init__(workbook_text(facts))
        self.facts = facts
        self.problem = problem
        self.file, self.sheet, self.part, self.cell = facts.file, sheet, part, cell
        self.row, self.column, self.value, self.detail, self.items = row, column, value, detail, items
        self.size, self.limit, self.claimed = size, limit, claimed

    def in_file(self: _Refused, file: str) -> _Refused:
        """The same problem, named with the file it was found in (a package read before its name is known)."""
        return _rebuilt(type(self), replace(self.facts, file=file))

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuilt, (type(self), self.facts)


def _rebuilt(kind: type[_Refused], f: WorkbookFacts) -> _Refused:
    return kind(
        f.problem, file=f.file, sheet=f.sheet, part=f.part, cell=f.cell, row=f.row, column=f.column,
        value=f.value, detail=f.detail, items=f.items, size=f.size, limit=f.limit, claimed=f.claimed,
    )  # fmt: skip


_Refused = TypeVar("_Refused", bound=WorkbookRefused)


class FileRefused(WorkbookRefused):
    """The path is no workbook the product reads or updates (missing, a folder, a CSV, password …)."""


class PackageDamaged(WorkbookRefused):
    """The workbook's package (its zip, a part's XML or encoding) is damaged; `part` names the entry."""


class ZipUnsupported(PackageDamaged):
    """The archive is of a kind the writer does not copy faithfully (ZIP64, encrypted entries …)."""


class PackageTooLarge(WorkbookRefused):
    """Beyond a read's limits: `limit` the bound, `size` (or `row`/`column`) what was found."""


class SheetMissing(WorkbookRefused):
    """The sheet asked for (`sheet`), or any sheet with our header, is not in the workbook."""


class HeaderRefused(WorkbookRefused):
    """A header that cannot be used: none found, duplicates, required columns missing, a column taken."""


class CellRefused(WorkbookRefused):
    """A cell the run must write that it may not: a formula, a locked cell (`sheet`, `cell`)."""


class SaveRefused(WorkbookRefused):
    """The workbook cannot be saved safely, or the save failed; the workbook is unchanged."""


class AsOfOutOfRange(DunningError):
    def __init__(self, as_of: date, first: date, last: date) -> None:
        super().__init__(as_of_range_text(as_of, first, last))
        self.as_of, self.first, self.last = as_of, first, last


class AsOfUnreadable(DunningError):
    def __init__(self, value: object) -> None:
        super().__init__(as_of_unreadable_text(value))
        self.value = value


class AsOfFlagUnreadable(DunningError):
    """The command line's --as-of is no date: `text` as typed, `reason` the date parser's."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(as_of_flag_text(text, reason))
        self.text, self.reason = text, reason

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.text, self.reason)


class BackdateReasonMissing(DunningError):
    """--backdate was given without a reason (`given`: the text, blank)."""

    def __init__(self, given: str) -> None:
        super().__init__(backdate_reason_missing_text())
        self.given = given

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.given,)


class RowNeeded(DunningError):
    """A row function was given no whole row and header: `row`, `header` the widths given (None: none)."""

    def __init__(self, row: int | None, header: int | None) -> None:
        super().__init__(row_needed_text())
        self.row, self.header = row, header

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.row, self.header)


class RowWidthMismatch(DunningError):
    """A function's row and header ranges have different widths."""

    def __init__(self, row: int, header: int) -> None:
        super().__init__(row_width_text(row, header))
        self.row, self.header = row, header


class LettersUnwritable(DunningError):
    """The letters' folder (or a letter in it) could not be written; nothing was recorded."""

    def __init__(self, where: str | Path, detail: str) -> None:
        super().__init__(letters_unwritable_text(str(where), detail))
        self.where, self.detail = str(where), detail


class TemplateError(DunningError):
    """A letter template cannot be used; the message names the template."""

    def __init__(self, template: str, reason: str) -> None:
        super().__init__(f"函件模板「{template}」{reason}")
        self.template = template
        self.reason = reason


class TemplateFolderMissing(DunningError):
    """The templates' folder (`folder`) is not there, or is no folder."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(template_folder_missing_text(str(folder)))
        self.folder = str(folder)

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.folder,)


class TemplateFieldUnknown(TemplateError):
    def __init__(self, template: str, fields: list[str]) -> None:
        names = "、".join(f"{{{{ {name} }}}}" for name in fields)
        super().__init__(template, f"使用了未知的占位符 {names}（可用的占位符见 docs/supervisor.md）")
        self.fields = fields


class TemplateUnreadable(TemplateError):
    def __init__(self, template: str, detail: str) -> None:
        super().__init__(template, f"无法打开：{detail}（请在 Word 中打开并另存为 .docx）")


class TemplateMissing(TemplateError):
    def __init__(self, template: str, folder: str) -> None:
        super().__init__(
            template, f"找不到：{folder} 中没有 {template}.docx（也没有按语气区分的 {template}_温和/_严正/_严厉.docx）"
        )
