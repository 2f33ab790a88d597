"""Every stage the board can show, in one table: its code, label, owner, next action, place in the
board's order and its colours. Every output (the board sheet, the terminal table, JSON, the Excel
functions, the letters, the reports) reads stages from here; no other module spells a stage code.

Two sorts of stage (SPEC §4, §5.1):

* structural stages exist in every ladder — 数据有误, 已结清, 暂缓催收, 按揭办理中, 未到期, 律师函待审批,
  律师函已发, 提起诉讼, 诉讼中, and from the collector's log (跟进记录) 有异议 and 承诺付款 — and are fully
  described here;
* ladder stages are the levels of the rules' ladder; a level's code is the board's stage for rows at
  that level, its label, owner and action come from the ladder, and its place and colours from its
  kind (a reminder, a dunning letter, or the lawyer's letter that needs approval). The default
  ladder's codes are `reminder`, `letter` and `lawyer_letter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

INVALID = "invalid"
SETTLED = "settled"
ON_HOLD = "on_hold"
NOT_DUE = "not_due"
LAWYER_PENDING = "lawyer_pending"
LAWYER_SENT = "lawyer_sent"
LITIGATION = "litigation"
IN_SUIT = "in_suit"  # filed at court (起诉日期): followed by the manager, no more letters
MORTGAGE = "mortgage"  # a loan instalment the bank has not lent yet: no due date, never dunned by letter
DISPUTED = "disputed"  # 跟进记录 says 有异议, no later 异议已解决: no letters for the contract, the manager answers
PROMISED = "promised"  # a promise to pay kept open (跟进记录): the ordinary letters wait, the consultant checks
UNREACHABLE_ACTION, UNREACHABLE_OWNER = "核实联系方式", "置业顾问"  # a returned letter or 失联: no letter posted
DISPUTE_REPLY_DAYS = 7  # the manager answers a dispute within this many days of it
# the default ladder's level codes
REMINDER = "reminder"
LETTER = "letter"
LAWYER_LETTER = "lawyer_letter"


class Kind(Enum):
    """What a ladder level does: a reminder before the due date, a dunning letter after it, or the
    lawyer's letter, which needs the vice-president's approval and whose sending records 律师函寄出日期."""

    REMINDER = "reminder"
    LETTER = "letter"
    LAWYER = "lawyer"


@dataclass(frozen=True, slots=True)
class Stage:
    code: str
    label: str
    owner: str
    action: str
    rank: int  # the board's order, most pressing first
    step: int  # how far along the process (未到期 0 … 提起诉讼 6, 诉讼中 7); -1 outside it (held, settled, unreadable)
    fill: str  # the board sheet's cell colour
    font: str
    style: str  # the terminal table's style ("" = plain)
    bold: bool = False  # the board sheet shows the label in bold


_STRUCTURAL = (
    Stage(LITIGATION, "提起诉讼", "市场部经理", "当日上报营销副总并通知律师", 0, 6, "C00000", "FFFFFF", "bold red",
          bold=True),
    # 诉讼中 after 提起诉讼, whose action is today's
    Stage(IN_SUIT, "诉讼中", "市场部经理", "跟进诉讼进展", 0, 7, "7030A0", "FFFFFF", "bold magenta", bold=True),
    Stage(LAWYER_PENDING, "律师函待审批", "市场部经理", "提交营销副总审批名单及律师函文本", 2, 3, "FFC000", "000000",
          "bold yellow", bold=True),
    Stage(LAWYER_SENT, "律师函已发", "置业顾问", "跟进至律师函期限", 3, 5, "F8CBAD", "000000", "red"),
    Stage(DISPUTED, "有异议", "市场部经理", "核实并答复客户异议", 3, -1, "FF99CC", "000000", "bold magenta"),
    Stage(PROMISED, "承诺付款", "置业顾问", "承诺日次日核实到账", 5, -1, "BDD7EE", "000000", "blue"),
    Stage(ON_HOLD, "暂缓催收", "", "暂缓期内不催收", 6, -1, "DDEBF7", "000000", "cyan"),
    Stage(MORTGAGE, "按揭办理中", "置业顾问", "跟进银行放款进度", 6, -1, "E2EFDA", "000000", "green"),
    Stage(NOT_DUE, "未到期", "", "", 7, 0, "FFFFFF", "000000", "dim"),
    Stage(INVALID, "数据有误", "手续办理专员", "修正本行数据", 8, -1, "E4C1F9", "000000", "magenta"),
    Stage(SETTLED, "已结清", "", "", 9, -1, "EDEDED", "7F7F7F", "dim"),
)  # fmt: skip
STRUCTURAL: dict[str, Stage] = {stage.code: stage for stage in _STRUCTURAL}

# a ladder level's place and colours by its kind (its label, owner and action are the level's own)
BY_KIND: dict[Kind, Stage] = {
    Kind.LAWYER: Stage(LAWYER_LETTER, "律师函", "", "", 1, 4, "F4B183", "000000", ""),
    Kind.LETTER: Stage(LETTER, "催款信", "", "", 4, 2, "FFE699", "000000", ""),
    Kind.REMINDER: Stage(REMINDER, "预先提醒", "", "", 5, 1, "C6EFCE", "000000", ""),
}

# the order the board lists stages in, most pressing first (structural and the default ladder's codes)
ORDER: tuple[str, ...] = tuple(s.code for s in sorted((*_STRUCTURAL, *BY_KIND.values()), key=lambda s: s.rank))

CLOSED = frozenset({INVALID, SETTLED})  # nothing to collect on the row (or it cannot be read)
NOT_CHASED = frozenset({INVALID, SETTLED, ON_HOLD, NOT_DUE, MORTGAGE})  # no letter or call for the row now
LAWYER_TRACK = frozenset({LAWYER_PENDING, LAWYER_SENT, LITIGATION, IN_SUIT})  # past the ordinary letters
PAUSED = frozenset({DISPUTED, PROMISED})  # the log pauses the letters: never demanded, still owed


BY_CODE: dict[str, Stage] = {stage.code: stage for stage in (*_STRUCTURAL, *BY_KIND.values())}


def stage_of(code: str, kind: Kind | None = None) -> Stage:
    """The table's entry for a structural code; for a ladder level's code, its kind's entry (without a
    kind, a default ladder code's own entry, and any other code is shown like a dunning letter)."""
    if code in STRUCTURAL:
        return STRUCTURAL[code]
    if kind is not None:
        return BY_KIND[kind]
    return BY_CODE.get(code, BY_KIND[Kind.LETTER])
