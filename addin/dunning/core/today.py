"""今日待办: each person's work on the as-of date, from the board's decisions — the calls to make, the
letters to post or hand-deliver, the approvals to chase, the disputes to answer, the suits to report —
per person (a consultant by name for 置业顾问 work, else the role), most urgent first.

What goes on the list (one item per person, task and contract, its most urgent row):

* 预先提醒: every row at a reminder level — the consultant calls the customer before the due date;
* 承诺付款: a promise whose date has come — the consultant checks the money came in;
* 催款信 / 律师函: a letter of the row's level due today or late — the staff member posts or delivers it;
* 函后回访: three days after each dunning or lawyer's letter (函件归档's 基准日) the consultant calls to
  confirm it arrived; shown from that day for a week, while the contract still owes;
* 律师函待审批, 有异议, 提起诉讼: every such row — the manager chases, answers, reports.

A call or a letter to the customer carries the short message to send with it (core/sms.py): a reminder
call about its instalment; a promise check, a letter to post and a call after a letter about what the
contract owes past due (with the item's own row). The manager's internal work carries none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dunning.core.board import Board
from dunning.core.engine import Decision
from dunning.core.identity import Archived, contract_id
from dunning.core.sms import sms_for, too_long
from dunning.core.stages import CLOSED, DISPUTED, LAWYER_PENDING, LITIGATION, NOT_CHASED, PROMISED, STRUCTURAL, Kind

CONSULTANT = "置业顾问"
ROLE_ORDER = ("手续办理专员", "市场部经理")  # after the consultants, by name
CALL_AFTER_LETTER_DAYS = 3  # the consultant calls this many days after a letter went out
CALL_SHOWN_DAYS = 7  # a missed call after a letter stays on the list (late) this many days

# the tasks, in the order a person's items of equal urgency are listed
REMIND, PROMISE, CALL_BACK, SEND, APPROVE, DISPUTE, SUE = (
    "电话提醒", "承诺到期核实", "函后回访", "寄发函件", "催办审批", "答复异议", "上报诉讼",
)  # fmt: skip
TASKS = (SUE, APPROVE, DISPUTE, SEND, PROMISE, CALL_BACK, REMIND)
TO_CUSTOMER = frozenset({REMIND, PROMISE, CALL_BACK, SEND})  # the tasks that carry a message for the customer


@dataclass(frozen=True)
class Todo:
    owner: str  # the role: 置业顾问, 手续办理专员, 市场部经理 …
    who: str  # the person: the consultant's name for 置业顾问 work, else the role
    task: str
    contract_no: str
    customer: str
    phone: str
    action: str
    due: date
    late: bool
    sheet_row: int
    sms: str = ""  # the message for the customer ("" for internal work)

    @property
    def sms_too_long(self) -> bool:
        return too_long(self.sms)

    def record(self) -> dict[str, object]:
        """The item as `dunning today --json` writes it."""
        return {"owner": self.owner, "who": self.who, "task": self.task, "contract_no": self.contract_no,
                "customer": self.customer, "phone": self.phone, "action": self.action,
                "due": self.due.isoformat(), "late": self.late, "sheet_row": self.sheet_row, "sms": self.sms,
                "sms_too_long": self.sms_too_long}  # fmt: skip


def todo_list(board: Board, letters: Sequence[Archived] = ()) -> list[Todo]:
    """Today's items, grouped by person (consultants by name, then 手续办理专员, 市场部经理, then any
    other owner) and, within a person, late first, then due today, then by due date."""
    owed = _owed_past_due(board)
    items = [item for d in board.decisions if (item := _item_of(d, board, owed)) is not None]
    items += _calls_after_letters(board, letters, owed)
    return _grouped(_deduplicated(sorted(items, key=lambda item: _urgency(item, board.as_of))))


def by_person(items: Iterable[Todo]) -> list[tuple[str, list[Todo]]]:
    """The items per person, in the list's order."""
    groups: dict[str, list[Todo]] = {}
    for item in items:
        groups.setdefault(item.who, []).append(item)
    return list(groups.items())


def _task_of(d: Decision, as_of: date) -> str | None:
    due = d.action_due or as_of
    if d.stage == LITIGATION:
        return SUE
    if d.stage == LAWYER_PENDING:
        return APPROVE
    if d.stage == DISPUTED:
        return DISPUTE
    if d.stage == PROMISED:
        return PROMISE if due <= as_of else None
    if d.level is None or d.stage in NOT_CHASED:
        return None
    if d.level.kind is Kind.REMINDER:
        return REMIND
    if not (d.letter_due or due <= as_of):
        return None
    return APPROVE if d.owner == LAWYER_STAGE.owner else SEND  # a letter held for the lawyer's letter's approval


LAWYER_STAGE = STRUCTURAL[LAWYER_PENDING]


def _item_of(d: Decision, board: Board, owed: Owed) -> Todo | None:
    task = _task_of(d, board.as_of)
    if task is None:
        return None
    due = d.action_due or board.as_of
    return _todo(d, task=task, owner=d.owner, action=d.next_action, due=due, board=board, owed=owed)


def _todo(d: Decision, *, task: str, owner: str, action: str, due: date, board: Board, owed: Owed) -> Todo:
    inst = d.inst
    who = (inst.consultant or CONSULTANT) if owner == CONSULTANT else (owner or "未指定")
    return Todo(owner or "未指定", who, task, inst.contract_no, inst.customer, inst.phone, action, due,
                due < board.as_of, d.sheet_row, _sms(d, task, board, owed))  # fmt: skip


Owed = dict[str, list[Decision]]


def _owed_past_due(board: Board) -> Owed:
    """Each contract's rows past their due date that still owe and are still collected."""
    owed: Owed = {}
    for d in board.decisions:
        if d.inst.contract_no and d.stage not in NOT_CHASED and d.outstanding > 0 and (d.days_overdue or 0) > 0:
            owed.setdefault(contract_id(d.inst.contract_no), []).append(d)
    return owed


def _sms(d: Decision, task: str, board: Board, owed: Owed) -> str:
    """A reminder call's message about its instalment; a promise check's about its instalment and what else
    the contract owes past due; a letter's and a call after a letter's about what the contract owes past
    due (else the item's row); none for internal work."""
    if task not in TO_CUSTOMER:
        return ""
    past = owed.get(contract_id(d.inst.contract_no), []) if task != REMIND and d.inst.contract_no else []
    if task in (REMIND, PROMISE) or not past:
        rows = [d, *(row for row in past if row.sheet_row != d.sheet_row)]
    else:
        rows = past
    return sms_for(rows, board.rules.params, as_of=board.as_of)


def _calls_after_letters(board: Board, letters: Sequence[Archived], owed: Owed) -> list[Todo]:
    """A call three days after each dunning or lawyer's letter, while its contract still owes."""
    kinds = {lv.code for lv in board.rules.levels if lv.kind in (Kind.LETTER, Kind.LAWYER)}
    open_rows: dict[str, Decision] = {}
    for d in board.decisions:
        if d.stage not in CLOSED and d.inst.contract_no:
            open_rows.setdefault(contract_id(d.inst.contract_no), d)
    calls = []
    for letter in letters:
        row = open_rows.get(letter.contract)
        if letter.code not in kinds or letter.day is None or row is None:
            continue
        on = letter.day + timedelta(days=CALL_AFTER_LETTER_DAYS)
        if on <= board.as_of < on + timedelta(days=CALL_SHOWN_DAYS):
            action = f"电话确认客户已收到{letter.day.isoformat()}的函件"
            calls.append(_todo(row, task=CALL_BACK, owner=CONSULTANT, action=action, due=on, board=board, owed=owed))
    return calls


def _urgency(item: Todo, as_of: date) -> tuple[int, date, int, int]:
    """Late first, then due today, then by due date; a person's tasks in TASKS's order, then by row."""
    when = 0 if item.late else 1 if item.due == as_of else 2
    return (when, item.due, TASKS.index(item.task), item.sheet_row)


def _deduplicated(items: list[Todo]) -> list[Todo]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for item in items:
        key = (item.who, item.task, contract_id(item.contract_no) or str(item.sheet_row))
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _grouped(items: list[Todo]) -> list[Todo]:
    def place(item: Todo) -> tuple[int, str]:
        if item.owner == CONSULTANT:
            return (0, item.who)
        return (1 + ROLE_ORDER.index(item.owner), "") if item.owner in ROLE_ORDER else (9, item.who)

    return sorted(items, key=place)  # stable: each person's items keep their urgency order
