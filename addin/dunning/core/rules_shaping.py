"""The parameters that shape the default ladder, checked against a ladder table she filled in.

提前提醒天数, 催款信间隔天数 and 律师函起算月数 build the preset's ladder when the sheet's ladder table
is empty. When she fills the table, it wins; a shaping parameter she also wrote must then say the
same thing, or the tool stops with a message naming both rows, the level by its 名称 (never its code)
and the two ways out: make them agree, or clear the ladder table so the parameters apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dunning.core.rules import Level
from dunning.core.stages import LAWYER_LETTER, LETTER, REMINDER


@dataclass(frozen=True, slots=True)
class Shaping:
    parameter: str  # the 参数 as the sheet names it
    attr: str  # the Params attribute
    code: str  # the default ladder's level it shapes (matched by 级别代码)
    column: str  # the ladder table's column it sets

    def expected(self, level: Level) -> object:
        """What the parameter would be if it agreed with `level`."""
        if self.attr == "reminder_days":
            return -level.start
        if self.attr == "letter_interval_days":
            return level.repeat_days
        return level.start

    def shown(self, level: Level) -> str:
        """The ladder cell as she sees it (a blank 重复间隔天数 means once)."""
        if self.column == "重复间隔天数":
            return "空（只发一次）" if level.repeat_days is None else str(level.repeat_days)
        return str(level.start)


SHAPING = (
    Shaping("提前提醒天数", "reminder_days", REMINDER, "起始"),
    Shaping("催款信间隔天数", "letter_interval_days", LETTER, "重复间隔天数"),
    Shaping("律师函起算月数", "lawyer_after_months", LAWYER_LETTER, "起始"),
)


def disagreements(
    ladder: Sequence[tuple[int, Level]],
    values: Mapping[str, object],
    param_rows: Mapping[str, int],
    *,
    sheet: str,
) -> list[str]:
    """One message per shaping parameter written on the sheet that disagrees with the ladder table's level
    of the same code. `ladder` is (sheet row, level); `param_rows` the sheet row of each attribute given."""
    messages = []
    for shaping in SHAPING:
        found = next(((row, lv) for row, lv in ladder if lv.code == shaping.code), None)
        if shaping.attr not in values or found is None:
            continue
        row, level = found
        given = values[shaping.attr]
        if given == shaping.expected(level):
            continue
        messages.append(
            f"{sheet} 第{param_rows[shaping.attr]}行：参数 {shaping.parameter}={given} 与阶梯表「{level.label}」"
            f"（第{row}行）的 {shaping.column} {shaping.shown(level)} 不一致：改成一致，或清空阶梯表（用参数）"
        )
    return messages
