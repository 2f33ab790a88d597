"""Figures of the board's summary: headline, by stage, ageing buckets, by consultant, by payment
kind; and the per-row order by urgency. Pure: the sheet writers lay these out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dunning.core.board import Board
from dunning.core.engine import Decision
from dunning.core.money import ZERO
from dunning.core.stages import CLOSED, INVALID, LAWYER_PENDING, LITIGATION, SETTLED

# (label, lowest days overdue, highest) — None means open-ended
AGEING: tuple[tuple[str, int | None, int | None], ...] = (
    ("未到期", None, 0), ("1–15天", 1, 15), ("16–30天", 16, 30), ("31–60天", 31, 60),
    ("61–90天", 61, 90), (">90天", 91, None),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ConsultantLine:
    consultant: str
    due_today: int
    late: int
    open_rows: int
    overdue_amount: Decimal


@dataclass(frozen=True)
class Summary:
    headline: list[tuple[str, object]]
    by_stage: list[Line]
    ageing: list[Line]
    by_consultant: list[ConsultantLine]
    by_kind: list[Line]
    rows: list[Decision]


def is_open(d: Decision) -> bool:
    """Money still to collect on a readable row."""
    return d.stage not in CLOSED and d.outstanding > 0


def _total(decisions: Iterable[Decision]) -> Decimal:
    return sum((d.outstanding for d in decisions), ZERO)


def _bucket(days: int) -> str:
    for label, low, high in AGEING:
        if (low is None or days >= low) and (high is None or days <= high):
            return label
    raise AssertionError(days)  # pragma: no cover - the buckets cover every integer


def _grouped(decisions: list[Decision], key: Callable[[Decision], str], order: Iterable[str] = ()) -> list[Line]:
    groups: dict[str, list[Decision]] = {name: [] for name in order}
    for d in decisions:
        groups.setdefault(key(d), []).append(d)
    return [Line(name, len(items), _total(items)) for name, items in groups.items()]


def urgency(d: Decision, as_of: date) -> tuple[int, int, int, int]:
    """Late actions first (the longest late first), then rows to fix, then by action date."""
    if d.late and d.action_due is not None:
        return (0, d.action_due.toordinal(), 0, d.sheet_row)
    if d.stage == INVALID:
        return (1, 0, 0, d.sheet_row)
    if d.action_due is not None and d.stage != SETTLED:
        return (2, d.action_due.toordinal(), d.shown_as.rank, d.sheet_row)
    return (3, 0, d.shown_as.rank, d.sheet_row)


def summarise(board: Board) -> Summary:
    as_of, decisions = board.as_of, board.decisions
    open_rows = [d for d in decisions if is_open(d)]
    overdue = [d for d in open_rows if (d.days_overdue or 0) > 0]
    headline: list[tuple[str, object]] = [
        ("基准日", as_of),
        ("规则", board.rules.source),
        ("数据行", len(decisions)),
        ("未结清欠款", _total(open_rows)),
        ("其中逾期欠款", _total(overdue)),
        ("违约金合计", sum((d.late_fee for d in open_rows), ZERO)),
        ("今日应办", sum(1 for d in decisions if d.action_due == as_of and d.next_action)),
        ("已延误", sum(1 for d in decisions if d.late)),
        ("律师函待审批", sum(1 for d in decisions if d.stage == LAWYER_PENDING)),
        ("应起诉", sum(1 for d in decisions if d.stage == LITIGATION)),
        ("数据有误行", sum(1 for d in decisions if d.stage == INVALID)),
    ]
    labels = {d.stage: d.stage_label for d in decisions}
    ranks = {d.stage: d.shown_as.rank for d in decisions}
    ordered = sorted(labels, key=lambda code: ranks[code])  # by the stage table's order, then as they come
    by_stage = _grouped(decisions, lambda d: d.stage, ordered)
    by_stage = [
        Line(labels[line.label], line.count, _total(d for d in decisions if d.stage == line.label and is_open(d)))
        for line in by_stage
    ]
    ageing = _grouped(open_rows, lambda d: _bucket(d.days_overdue or 0), (b[0] for b in AGEING))
    by_kind = _grouped(open_rows, lambda d: d.inst.payment_kind or "（未填）")
    return Summary(
        headline,
        by_stage,
        ageing,
        _consultants(decisions, as_of),
        by_kind,
        sorted(decisions, key=lambda d: urgency(d, as_of)),
    )


def _consultants(decisions: list[Decision], as_of: date) -> list[ConsultantLine]:
    """谁签约、谁负责: each signing consultant's open cases, actions due today and late ones."""
    names = sorted({d.inst.consultant or "（未填）" for d in decisions})
    lines = []
    for name in names:
        mine = [d for d in decisions if (d.inst.consultant or "（未填）") == name]
        lines.append(
            ConsultantLine(
                name,
                sum(1 for d in mine if d.action_due == as_of and d.next_action),
                sum(1 for d in mine if d.late),
                sum(1 for d in mine if is_open(d)),
                _total(d for d in mine if is_open(d) and (d.days_overdue or 0) > 0),
            )
        )
    return lines
