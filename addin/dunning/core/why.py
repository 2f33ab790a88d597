"""The one-line reason in plain Chinese that the board shows for every row.

`逾期47天，已发2封催款信，下一封12月1日；1月10日起转律师函`
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunning.core.dates import chinese_date, short_date
from dunning.core.messages import lawyer_wait_text
from dunning.core.money import yuan
from dunning.core.rules import demand_running, lawyer_deadline, level_start
from dunning.core.stages import (
    DISPUTED,
    IN_SUIT,
    INVALID,
    LAWYER_PENDING,
    LAWYER_SENT,
    LITIGATION,
    MORTGAGE,
    NOT_DUE,
    ON_HOLD,
    PROMISED,
    SETTLED,
    UNREACHABLE_ACTION,
)

if TYPE_CHECKING:
    from dunning.core.engine import Decision
    from dunning.core.parse import Instalment
    from dunning.core.rules import Level, Rules


def explain(d: Decision, rules: Rules, *, as_of: date) -> str:
    if d.inst.unreachable_on is not None and d.next_action == UNREACHABLE_ACTION:
        return (
            f"{overdue_text(d)}；{_when(d.inst.unreachable_on, as_of)}起联系不上客户（函件退回或跟进记录记失联），"
            "暂停寄函：先核实联系方式，联系上后在「跟进记录」登记（如 已接通）即恢复"
        )
    explainer = _BY_STAGE.get(d.stage, _level)
    text = explainer(d, rules, as_of)
    if d.inst.broken_on is not None and d.stage not in (SETTLED, INVALID, PROMISED, DISPUTED):
        text += f"；{broken_text(d.inst, as_of)}"
    return text


def broken_text(inst: Instalment, as_of: date) -> str:
    """`承诺未兑现（承诺12月10日付款，累计失约2次）`."""
    assert inst.broken_on is not None
    return f"承诺未兑现（承诺{short_date(inst.broken_on, as_of=as_of)}付款，累计失约{inst.broken_promises}次）"


def _disputed(d: Decision, rules: Rules, as_of: date) -> str:
    assert d.inst.disputed_on is not None
    return (
        f"{overdue_text(d)}；客户{_when(d.inst.disputed_on, as_of)}提出异议，暂停发函：{d.next_action}，"
        f"{_deadline(d, as_of, '答复')}（答复后在「跟进记录」登记 异议已解决）"
    )


def _promised(d: Decision, rules: Rules, as_of: date) -> str:
    assert d.inst.promised_on is not None
    amount = f"{yuan(d.inst.promised_amount)}" if d.inst.promised_amount is not None else ""
    before = f"，此前{broken_text(d.inst, as_of)}" if d.inst.broken_on is not None else ""
    return (
        f"{overdue_text(d)}；客户承诺{short_date(d.inst.promised_on, as_of=as_of)}前付款{amount}，暂停发函：{_by(d.action_due, as_of)}"
        f"核实到账，未到账即恢复催收{before}"
    )


def _when(day: date | None, as_of: date) -> str:
    if day is None:
        return "—"
    if day == as_of:
        return "今天"
    return short_date(day, as_of=as_of)


def _by(day: date | None, as_of: date) -> str:
    """`今天` or `11月22日前`: when an action must be done."""
    return "今天" if day == as_of else f"{_when(day, as_of)}前"


def _deadline(d: Decision, as_of: date, verb: str) -> str:
    """`今天寄出`, `11月22日前寄出`, or `应于4月23日前寄出，已延误`."""
    if d.late:
        return f"应于{_when(d.action_due, as_of)}前{verb}，已延误"
    return f"{_by(d.action_due, as_of)}{verb}"


def overdue_text(d: Decision) -> str:
    """`逾期20天`, `今天到期` or `3天后到期`."""
    days = d.days_overdue or 0
    if days > 0:
        return f"逾期{days}天"
    if days == 0:
        return "今天到期"
    return f"{-days}天后到期"


def _invalid(d: Decision, rules: Rules, as_of: date) -> str:
    return "数据有误：" + "；".join(p.short() for p in d.inst.problems)


def settled_why(outstanding: Decimal) -> str:
    return f"已结清，多收{yuan(-outstanding)}" if outstanding < 0 else "已结清"


def _settled(d: Decision, rules: Rules, as_of: date) -> str:
    return settled_why(d.outstanding)


def _on_hold(d: Decision, rules: Rules, as_of: date) -> str:
    return f"暂缓催收至{_when(d.action_due, as_of)}，{overdue_text(d)}"


def _lawyer_sent(d: Decision, rules: Rules, as_of: date) -> str:
    sent, received = d.inst.lawyer_letter_date, d.inst.lawyer_received_date
    got = f"，{_when(received, as_of)}签收" if received else ""
    return f"律师函已于{_when(sent, as_of)}寄出{got}，期限{_when(d.action_due, as_of)}；期满未付即提起诉讼"


def _litigation(d: Decision, rules: Rules, as_of: date) -> str:
    sent = d.inst.lawyer_letter_date
    assert sent is not None
    deadline = lawyer_deadline(sent, rules, received=d.inst.lawyer_received_date)
    return f"律师函{_when(sent, as_of)}寄出，期限{_when(deadline, as_of)}已过仍未付清，今日上报营销副总并通知律师起诉"


def _in_suit(d: Decision, rules: Rules, as_of: date) -> str:
    """`已于2026年11月25日起诉（案号（2026）浙0110民初123号），跟进诉讼进展`."""
    assert d.inst.suit_date is not None
    case = f"案号{d.inst.case_no}" if d.inst.case_no else "案号未登记"
    return f"已于{chinese_date(d.inst.suit_date)}起诉（{case}），{d.next_action}"


def _mortgage(d: Decision, rules: Rules, as_of: date) -> str:
    kind = d.inst.payment_kind or "按揭款"
    return f"{kind}待银行放款，未约定付款日期，不发催款函；放款日期确定后填入约定付款日期即按期催收"


def _not_due(d: Decision, rules: Rules, as_of: date) -> str:
    """`11月23日到期，11月20日起预先提醒`; overdue before a ladder's first letter (a 月末 ladder):
    `逾期10天，11月30日起催款信`."""
    head = overdue_text(d) if (d.days_overdue or 0) > 0 else f"{_when(d.inst.due_date, as_of)}到期"
    if d.action_due is None:
        return head
    return f"{head}，{_when(d.action_due, as_of)}起{_level_on(d, rules, d.action_due)}"


def _level_on(d: Decision, rules: Rules, day: date) -> str:
    """The label of the level that begins on `day` for this row."""
    due, last = d.inst.due_date, d.inst.last_letter_date
    if due is not None:
        for level in rules.levels:
            if level_start(level, due=due, last_letter=last, calendar=rules.calendar) == day:
                return level.label
    return "催收"


def _pending(d: Decision, rules: Rules, as_of: date) -> str:
    return f"{overdue_text(d)}，已超过催款信期限，{d.level.label if d.level else ''}待营销副总审批，{_deadline(d, as_of, '报批')}"


def _level(d: Decision, rules: Rules, as_of: date) -> str:
    level = d.level
    if level is None:  # pragma: no cover - every ladder stage carries its level
        return ""
    if level.needs_approval:
        approved = f"{overdue_text(d)}，{level.label}已由{d.inst.lawyer_approved_by}审批"
        waits = lawyer_waits(d.inst, level, rules, as_of=as_of)
        return f"{approved}；{waits}" if waits else f"{approved}，{_deadline(d, as_of, '寄出')}"
    if level.before_due:
        when = "" if d.days_overdue == 0 else f"（{_when(d.inst.due_date, as_of)}）"  # not 今天到期（今天）
        return f"{overdue_text(d)}{when}，请电话提醒客户交款"
    sent = d.inst.letters_sent
    parts = [overdue_text(d), f"已发{sent}封催款信" if sent else "尚未发催款信"]
    escalating = d.escalate_on is not None and d.action_due is not None and d.escalate_on <= d.action_due
    if d.letter_due:
        parts.append(f"第{d.letter_no}封{_deadline(d, as_of, '寄出')}")
    elif d.action_due is not None and not escalating:
        parts.append(f"下一封{_when(d.action_due, as_of)}")
    text = "，".join(parts)
    if d.escalate_on is not None:
        text += f"；{_when(d.escalate_on, as_of)}起转{rules.approval_level.label if rules.approval_level else ''}"
    return text


def lawyer_waits(inst: Instalment, level: Level, rules: Rules, *, as_of: date) -> str | None:
    """Why an approved lawyer's letter is not sent on `as_of`: the last dunning letter's time to pay
    (`demand_running`) has not run out. The board's why and the letters' plan both say this sentence:
    `第8封催款信的付款期限11月27日（含当日）未满：期满后（11月28日起）再发律师函`."""
    running = demand_running(inst.last_letter_date, rules, as_of=as_of)
    if running is None:
        return None
    return lawyer_wait_text(inst.letters_sent, running, as_of=as_of, level=level.label)


_BY_STAGE: dict[str, Callable[[Decision, Rules, date], str]] = {
    INVALID: _invalid,
    SETTLED: _settled,
    ON_HOLD: _on_hold,
    LAWYER_SENT: _lawyer_sent,
    LITIGATION: _litigation,
    IN_SUIT: _in_suit,
    MORTGAGE: _mortgage,
    NOT_DUE: _not_due,
    LAWYER_PENDING: _pending,
    DISPUTED: _disputed,
    PROMISED: _promised,
}
