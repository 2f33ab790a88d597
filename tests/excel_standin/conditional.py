"""Conditional formats (`Range.FormatConditions`): rules kept per sheet with their range, type,
operator, formulas and the fill/font they apply. Only cell-value and expression rules are modelled
(https://learn.microsoft.com/office/vba/api/excel.formatconditions.add); the stand-in does not apply
them to what a cell shows, it keeps them so a test can count and read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from excel_standin.addresses import Area
from excel_standin.com import ComObject, NotModelled

XL_CELL_VALUE, XL_EXPRESSION = 1, 2


@dataclass
class FormatRule:
    area: Area
    type: int
    operator: int | None
    formula1: str | None
    formula2: str | None = None
    fill: int | None = None
    font_color: int | None = None
    bold: bool | None = None
    stop_if_true: bool = False
    original: Any = field(default=None, repr=False)  # a rule read from the file and kept as it was


class _SheetPart(ComObject):
    def __init__(self, app: Any, sheet: Any) -> None:
        super().__init__(app)
        self.sheet = sheet

    def where(self) -> tuple[str | None, str | None]:
        return self.sheet.book.name, self.sheet.name


class FormatConditions(_SheetPart):
    kind = "FormatConditions"

    def __init__(self, rng: Any) -> None:
        super().__init__(rng.app, rng.sheet)
        self.rng = rng

    def _mine(self) -> list[FormatRule]:
        return [rule for rule in self.sheet.format_conditions if rule.area.overlaps(self.rng.area)]

    @property
    def Count(self) -> int:  # noqa: N802 - COM member names
        return len(self._mine())

    def Item(self, index: int) -> FormatCondition:  # noqa: N802
        return FormatCondition(self.app, self.sheet, self._mine()[index - 1])

    def items(self) -> list[FormatCondition]:
        return [FormatCondition(self.app, self.sheet, rule) for rule in self._mine()]

    def Add(self, Type: int, Operator: int | None = None, Formula1: str | None = None,  # noqa: N802, N803
            Formula2: str | None = None, **_: Any) -> FormatCondition:  # noqa: N803 # fmt: skip
        if Type not in (XL_CELL_VALUE, XL_EXPRESSION):
            raise NotModelled("FormatConditions", f"Add(Type={Type})")
        self.sheet.guard(self.rng.area, formats=True)
        rule = FormatRule(self.rng.area, Type, Operator, Formula1, Formula2)
        self.sheet.format_conditions.append(rule)
        return FormatCondition(self.app, self.sheet, rule)

    def Delete(self) -> None:  # noqa: N802
        mine = self._mine()
        self.sheet.format_conditions[:] = [rule for rule in self.sheet.format_conditions if rule not in mine]


class FormatCondition(_SheetPart):
    kind = "FormatCondition"

    def __init__(self, app: Any, sheet: Any, rule: FormatRule) -> None:
        super().__init__(app, sheet)
        self.rule = rule

    @property
    def Type(self) -> int:  # noqa: N802
        return self.rule.type

    @property
    def Operator(self) -> int | None:  # noqa: N802
        return self.rule.operator

    @property
    def Formula1(self) -> str | None:  # noqa: N802
        return self.rule.formula1

    @property
    def Interior(self) -> RuleLook:  # noqa: N802
        return RuleLook(self, "Interior")

    @property
    def Font(self) -> RuleLook:  # noqa: N802
        return RuleLook(self, "Font")

    @property
    def StopIfTrue(self) -> bool:  # noqa: N802
        return self.rule.stop_if_true

    @StopIfTrue.setter
    def StopIfTrue(self, value: bool) -> None:  # noqa: N802
        self.rule.stop_if_true = bool(value)

    @property
    def AppliesTo(self) -> Any:  # noqa: N802
        return self.app.range(self.sheet, self.rule.area)

    def SetFirstPriority(self) -> None:  # noqa: N802
        rules = self.sheet.format_conditions
        rules.remove(self.rule)
        rules.insert(0, self.rule)

    def Delete(self) -> None:  # noqa: N802
        self.sheet.format_conditions.remove(self.rule)


class RuleLook(_SheetPart):
    """The Interior or Font of a conditional format."""

    def __init__(self, condition: FormatCondition, kind: str) -> None:
        super().__init__(condition.app, condition.sheet)
        self.rule, self.kind = condition.rule, kind  # type: ignore[misc]

    def member(self, name: str) -> str | None:  # type: ignore[override]
        allowed = {"Interior": {"color"}, "Font": {"color", "bold"}}[self.kind]
        return {"color": "Color", "bold": "Bold"}.get(name.lower()) if name.lower() in allowed else None

    @property
    def Color(self) -> int | None:  # noqa: N802
        return self.rule.fill if self.kind == "Interior" else self.rule.font_color

    @Color.setter
    def Color(self, value: int) -> None:  # noqa: N802
        if self.kind == "Interior":
            self.rule.fill = int(value)
        else:
            self.rule.font_color = int(value)

    @property
    def Bold(self) -> bool | None:  # noqa: N802
        return self.rule.bold

    @Bold.setter
    def Bold(self, value: bool) -> None:  # noqa: N802
        self.rule.bold = bool(value)
