"""Reading the supervisor's `催款规则` sheet (shared/SPEC.md §5.1) into validated `Rules`.

Two tables anywhere on the sheet: parameters under a `参数 | 值` header, the ladder under a
`级别代码 | 名称 | 起始 | 单位 | 起算 | 函件模板 | 重复间隔天数 | 需审批 | 责任人 | 动作` header; each
ends at its first empty row, or at a row whose first cell begins with 示例: the example that `dunning init`
writes below the empty ladder table (a note row and the preset's levels) is never read.
An empty ladder table uses the preset, shaped by the parameters. Every problem is collected and reported together, each naming sheet,
row, field and value; the board is never computed on guesses.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from dunning.core.dates import parse_date
from dunning.core.errors import RulesError, ValueUnreadable
from dunning.core.money import parse_amount, parse_rate
from dunning.core.parse import is_empty_row, text_of
from dunning.core.rules import (
    FEE_BASES,
    PRESET_ALIASES,
    PRESET_DEFAULT,
    PRESETS,
    REMINDER_TEMPLATE,
    Basis,
    Level,
    Params,
    Rules,
    Unit,
    make_rules,
)
from dunning.core.rules_shaping import disagreements
from dunning.core.sms import sms_wording
from dunning.core.stages import STRUCTURAL, Kind
from dunning.core.text import clean

T = TypeVar("T")
SHEET = "催款规则"
LADDER_HEADER = ("级别代码", "名称", "起始", "单位", "起算", "函件模板", "重复间隔天数", "需审批", "责任人", "动作")


_PATH_LIKE = re.compile(r"[/\\:]|\.\.")  # a folder, a drive, a UNC share, a parent: outside 函件模板
MAX_SPAN = 3650  # ten years of days (or months): anything larger is a typing slip


def _int(value: object) -> int | None:
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ValueUnreadable("应为整数")
    if abs(amount) > MAX_SPAN:
        raise ValueUnreadable(f"超出范围（应在 ±{MAX_SPAN} 以内）")
    return int(amount)


def _days(value: object) -> int | None:
    number = _int(value)
    if number is not None and number < 0:
        raise ValueUnreadable("不能为负数")
    return number


def _positive(value: object) -> int | None:
    """A count of days or months that must be at least 1: 0 would stop repeats or skip every letter."""
    number = _days(value)
    if number == 0:
        raise ValueUnreadable("应大于0")
    return number


def _money(value: object) -> Decimal | None:
    amount = parse_amount(value)
    if amount is not None and amount < 0:
        raise ValueUnreadable("不能为负数")
    return amount


def _text(value: object) -> str | None:
    """A cell as text, as the sheet shows it: a phone typed as a number without its `.0`."""
    return None if value is None else text_of(value)


def _preset(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text not in PRESET_ALIASES:
        raise ValueUnreadable(f"应为 {' 或 '.join(PRESETS)}")
    return PRESET_ALIASES[text]


def _fee_basis(value: object) -> str | None:
    text = _text(value)
    if text and text not in FEE_BASES:
        raise ValueUnreadable(f"应为 {' 或 '.join(FEE_BASES)}（合同写明违约金日利率时填 合同约定）")
    return text or None


def _flag(value: object) -> bool | None:
    """是 or 否; blank keeps the default (否)."""
    text = _text(value)
    if text and text not in ("是", "否"):
        raise ValueUnreadable("应为 是 或 否")
    return text == "是" if text else None


_FORMAT_FIELD = re.compile(r"\{([^{}]*)\}")


def _number_format(value: object) -> str | None:
    """律师函编号格式: text with {序号} (the serial) and optionally {年} (the letter's year), nothing else in braces."""
    text = _text(value)
    if not text:
        return None
    unknown = [name for name in _FORMAT_FIELD.findall(text) if name not in ("年", "序号")]
    if unknown or "{序号}" not in text or text.count("{序号}") > 1 or text.count("{年}") > 1:
        raise ValueUnreadable("应含一个 {序号}（第几号），可含一个 {年}，如 〔{年}〕律函字第{序号}号")
    return text


# 参数 → (Params attribute, reader)
PARAMETERS: dict[str, tuple[str, Callable[[object], object]]] = {
    "预设": ("preset", _preset),
    "基准日": ("as_of", parse_date),
    "提前提醒天数": ("reminder_days", _days),
    "首封催款信天数": ("first_letter_days", _positive),
    "催款信间隔天数": ("letter_interval_days", _positive),
    "律师函起算月数": ("lawyer_after_months", _positive),
    "律师函办理天数": ("lawyer_action_days", _positive),
    "律师函期限天数": ("lawyer_deadline_days", _positive),
    "律师函送达天数": ("lawyer_delivery_days", _days),
    "催告期限天数": ("demand_days", _positive),
    "违约金日利率": ("daily_rate", parse_rate),
    "起催金额": ("min_amount", _money),
    "重大欠款金额": ("major_arrears", _money),
    "重大欠款逾期天数": ("major_arrears_days", _positive),
    "承诺宽限天数": ("promise_grace_days", _days),
    "公司名称": ("company_name", _text),
    "公司地址": ("company_address", _text),
    "联系电话": ("company_phone", _text),
    "落款": ("signatory", _text),
    "律师事务所": ("law_firm", _text),
    "律师事务所地址": ("law_firm_address", _text),
    "律师事务所电话": ("law_firm_phone", _text),
    "承办律师": ("lawyer_name", _text),
    "律师执业证号": ("lawyer_licence", _text),
    "律师事务所邮编": ("law_firm_postcode", _text),
    "律师事务所邮箱": ("law_firm_email", _text),
    "律师函送达方式": ("lawyer_delivery_method", lambda value: _text(value) or None),  # blank: the default
    "违约金依据": ("fee_basis", _fee_basis),
    "律师费承担": ("legal_costs_on_customer", _flag),
    "可解除合同": ("contract_allows_rescission", _flag),
    "律师函编号格式": ("lawyer_number_format", _number_format),
    "提醒短信": ("sms_reminder", sms_wording),
    "催款短信": ("sms_overdue", sms_wording),
}
HOLIDAY = "节假日"
EXAMPLE = "示例"  # a row beginning so starts the example below the ladder table: it and its rows are not read


def _cell(row: Sequence[object], index: int) -> object:
    return row[index] if index < len(row) else None


def _find(rows: Sequence[Sequence[object]], first: str) -> list[tuple[int, int]]:
    """(row index, column index) of each cell whose text is `first`."""
    return [
        (r, c)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, str) and clean(value) == first
    ]


def _is_example(row: Sequence[object]) -> bool:
    first = next((value for value in row if not is_empty_row([value])), None)
    return isinstance(first, str) and clean(first).startswith(EXAMPLE)


def _block(rows: Sequence[Sequence[object]], start: int) -> list[tuple[int, Sequence[object]]]:
    block = []
    for index in range(start + 1, len(rows)):
        if is_empty_row(rows[index]) or _is_example(rows[index]):
            break
        block.append((index, rows[index]))
    return block


class _Collector:
    def __init__(self, sheet: str, first_row: int) -> None:
        self.sheet, self.first_row, self.messages = sheet, first_row, list[str]()

    def add(self, index: int, field: str, value: object, reason: str) -> None:
        shown = "" if value is None else f' "{value}"'
        self.messages.append(f"{self.sheet} 第{self.first_row + index}行 {field}{shown}: {reason}")

    def read(self, index: int, field: str, value: object, reader: Callable[[object], T]) -> T | None:
        try:
            return reader(value)
        except ValueUnreadable as exc:
            self.add(index, field, value, exc.reason)
            return None


SHEET_LADDER = "规则表阶梯"  # the rules' source when the sheet's ladder replaces the preset's


def load_rules(
    rows: Sequence[Sequence[object]] | None, *, preset: str | None = None, sheet: str = SHEET, first_row: int = 1
) -> Rules:
    """The rules sheet's rows (None when the workbook has no such sheet) → Rules.

    `preset`, when given (the command line's --rules; blank = not given), wins over the sheet's 预设 and its ladder.
    """
    preset = preset or None
    if rows is None:
        return _assemble(Params(), None, preset or PRESET_DEFAULT, explicit=True)
    out = _Collector(sheet, first_row)
    values, holidays, param_rows = _parameters(rows, out)
    placed = _ladder(rows, out)
    ladder = [level for _, level in placed]
    if out.messages:
        raise RulesError(out.messages)
    params = replace(Params(), **values, holidays=frozenset(holidays))  # type: ignore[arg-type]
    name = preset or params.preset
    if preset is None and ladder and params.preset != PRESET_DEFAULT and "preset" in values:
        raise RulesError(
            [f"{sheet}: 预设为「{params.preset}」，但阶梯表填有级别；请清空阶梯表以使用预设，或把预设改回默认"]
        )
    if ladder and preset is None:
        shown_rows = {attr: first_row + index for attr, index in param_rows.items()}
        placed_rows = [(first_row + index, level) for index, level in placed]
        disagree = disagreements(placed_rows, values, shown_rows, sheet=sheet)
        if disagree:
            raise RulesError(disagree)
    return _assemble(params, None if preset else ladder, PRESET_ALIASES.get(name, name), explicit=preset is not None)


def _assemble(params: Params, ladder: list[Level] | None, preset: str, *, explicit: bool) -> Rules:
    if preset not in PRESETS:
        raise RulesError([f"未知的预设「{preset}」：应为 {' 或 '.join(PRESETS)}"])
    source = SHEET_LADDER if ladder and not explicit else preset
    return make_rules(replace(params, preset=preset), tuple(ladder) if ladder else None, source=source)


def _parameters(
    rows: Sequence[Sequence[object]], out: _Collector
) -> tuple[dict[str, object], list[date], dict[str, int]]:
    """The parameters read, the holidays, and the row index of each parameter's attribute."""
    values: dict[str, object] = {}
    where: dict[str, int] = {}
    seen: dict[str, int] = {}
    holidays: list[date] = []
    for r, c in _find(rows, "参数"):
        if clean(str(_cell(rows[r], c + 1) or "")) != "值":
            continue
        for index, row in _block(rows, r):
            name, value = _text(_cell(row, c)) or "", _cell(row, c + 1)
            if name == HOLIDAY:
                day = out.read(index, HOLIDAY, value, parse_date)
                if isinstance(day, date):
                    holidays.append(day)
                continue
            if name not in PARAMETERS:
                close = difflib.get_close_matches(name, [*PARAMETERS, HOLIDAY], n=1)
                out.add(index, "参数", name, "未知参数" + (f"，是否想写「{close[0]}」？" if close else ""))
                continue
            if name in seen:
                out.add(index, name, value, f"与第{out.first_row + seen[name]}行重复：每个参数只写一行")
                continue
            seen[name] = index
            attr, reader = PARAMETERS[name]
            parsed = out.read(index, name, value, reader)
            if parsed is not None:
                values[attr], where[attr] = parsed, index
    return values, holidays, where


def _ladder(rows: Sequence[Sequence[object]], out: _Collector) -> list[tuple[int, Level]]:
    """(row index, level) of each level of the ladder table."""
    levels: list[tuple[int, Level]] = []
    for r, _column in _find(rows, LADDER_HEADER[0]):
        header = [clean(str(v)) if v is not None else "" for v in rows[r]]
        where = {name: header.index(name) for name in LADDER_HEADER if name in header}
        missing = [name for name in LADDER_HEADER if name not in where]
        if missing:
            out.add(r, "阶梯表头", None, "缺少列 " + "、".join(missing))
            continue
        for index, row in _block(rows, r):
            level = _level(index, {name: _cell(row, i) for name, i in where.items()}, out)
            if level is not None:
                levels.append((index, level))
        _check_ladder(levels, out)
    return levels


E = TypeVar("E", Unit, Basis)


def _enum(enum: type[E]) -> Callable[[object], E]:
    def read(value: object) -> E:
        text = _text(value) or ""
        for member in enum:
            if member.value == text:
                return member
        raise ValueUnreadable("应为 " + "、".join(m.value for m in enum))

    return read


def _yes_no(value: object) -> bool:
    text = _text(value) or "否"
    if text in ("是", "否"):
        return text == "是"
    raise ValueUnreadable("应为 是 或 否")


def _level(index: int, cells: dict[str, object], out: _Collector) -> Level | None:
    before = len(out.messages)
    code = _text(cells["级别代码"]) or ""
    if not code.replace("_", "").isalnum() or not code.isascii():
        out.add(index, "级别代码", code, "应为英文字母、数字和下划线")
    elif code in STRUCTURAL:
        out.add(index, "级别代码", code, "是固定阶段的代码，不能用作级别")
    label = _text(cells["名称"]) or ""
    if not label:
        out.add(index, "名称", None, "不能为空")
    start = out.read(index, "起始", cells["起始"], _int)
    if start is None and cells["起始"] in (None, ""):
        out.add(index, "起始", None, "不能为空")
    unit = out.read(index, "单位", cells["单位"], _enum(Unit))
    basis = out.read(index, "起算", cells["起算"], _enum(Basis))
    repeat = out.read(index, "重复间隔天数", cells["重复间隔天数"], _days)
    if repeat == 0:
        out.add(index, "重复间隔天数", 0, "应大于0，或留空表示只发一次")
    approval = out.read(index, "需审批", cells["需审批"], _yes_no)
    if len(out.messages) > before or start is None or unit is None or basis is None:
        return None
    template, owner, action = (_text(cells[name]) or "" for name in ("函件模板", "责任人", "动作"))
    if _PATH_LIKE.search(template) or template.startswith("."):
        out.add(index, "函件模板", template, "应为模板文件夹中的模板名（不含路径，如 催款信）")
        return None
    kind = _kind(index, start, unit, basis, template=template, approval=approval, out=out)
    if kind is None:
        return None
    return Level(code, label, kind, start, unit, basis, template, repeat or None, owner, action)


def _kind(index: int, start: int, unit: Unit, basis: Basis, *, template: str, approval: bool | None,
          out: _Collector) -> Kind | None:  # fmt: skip
    """A reminder begins on or before the due date and is counted from it (n 月 begins the day after due
    date + n months: before it only when n < 0); a month's end may fall after the due date, so a level
    counted from it is never a reminder; the lawyer's level needs approval; any other is a letter."""
    if basis is Basis.MONTH_END and start < 0:
        reason = "起算为月末时不能为负数：到期前的提醒请从到期日起算（如 -3 日 到期日）"
        out.add(index, "起始", f"{start}{unit.value}", reason)
        return None
    before_due = basis is Basis.DUE_DATE and (start < 0 if unit is Unit.MONTHS else start <= 0)
    if approval and before_due:
        out.add(index, "需审批", "是", "到期前的级别不能需要审批")
        return None
    if template == REMINDER_TEMPLATE and not before_due:
        out.add(index, "函件模板", template, "预先提醒函只用于到期前的级别（起算 到期日，起始为 0 或负数）")
        return None
    return Kind.LAWYER if approval else Kind.REMINDER if before_due else Kind.LETTER


_NOMINAL_DAYS = {Unit.DAYS: 1.0, Unit.WORKDAYS: 7 / 5, Unit.MONTHS: 30.4}


def _check_ladder(levels: list[tuple[int, Level]], out: _Collector) -> None:
    codes: set[str] = set()
    previous: tuple[float, Level] | None = None
    for position, (where, level) in enumerate(levels):
        if level.code in codes:
            out.add(where, "级别代码", level.code, "重复")
        codes.add(level.code)
        if level.basis is Basis.PREVIOUS_LETTER:
            if position == 0:
                out.add(where, "起算", level.basis.value, "第一级没有上一封函可以起算")
            elif level.start <= 0:
                out.add(where, "起始", level.start, "从上一封函起算时应大于0")
            continue
        nominal = level.start * _NOMINAL_DAYS[level.unit] + (0.5 if level.unit is Unit.MONTHS else 0)
        if level.basis is Basis.MONTH_END:
            nominal += 15
        if previous is not None and nominal <= previous[0]:
            reason = "与上一级起始相同" if nominal == previous[0] else "应晚于上一级"
            out.add(where, "起始", f"{level.start}{level.unit.value}", reason)
        previous = (nominal, level)
        if level.needs_approval and position != len(levels) - 1:
            out.add(where, "需审批", "是", "需审批的级别（律师函）应为最后一级")
