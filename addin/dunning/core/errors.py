"""One exception hierarchy for the whole product; each carries the data its message is made from.

Every edge translates these once: the CLI into a one-line message and an exit code, a UDF into a
short text in the cell, the ribbon button into a message box.
"""

from __future__ import annotations

from dataclasses import dataclass


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


class TemplateError(DunningError):
    """A letter template cannot be used; the message names the template."""

    def __init__(self, template: str, reason: str) -> None:
        super().__init__(f"函件模板「{template}」{reason}")
        self.template = template
        self.reason = reason


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
