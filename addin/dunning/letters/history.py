"""What has been done about each instalment of a contract, for the approval pack and the major-arrears
report: the dunning letters sent (how many, the first and the last date), every 律师函 of the contract
(its number where the archive records one, when it was made, posted and received), in date order and
per instalment — never one instalment's letters read as another's.

Two sources, read together: the tracking columns of the team's sheet (已发催款信次数, 最近催款信日期,
律师函寄出日期, 律师函快递单号, 律师函签收日期; the board has already put the archive's count where the
cells lag behind it) and 函件归档, whose rows name each letter's instalments by their 幂等键 and give its
date (基准日), and whose 函件编号 (when the archive has that column) is the firm's number of a 律师函.
The archive's columns are found by their header names: an old archive of 13 columns reads alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dunning.core.archive_record import archive_columns, cell_of, day_of
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.identity import Archived, archived_by_row, contract_id, parse_key
from dunning.core.stages import LAWYER_PENDING


@dataclass(frozen=True, slots=True)
class ArchivedLetter:
    """One row of 函件归档: a letter, the instalments it was for, its date and (a 律师函's) number."""

    day: date | None
    entries: tuple[Archived, ...]
    number: str = ""  # 函件编号; "" when the archive has no such column or the cell is empty


@dataclass(frozen=True, slots=True)
class LawyerLetter:
    """A 律师函 of the contract as the archive and the tracking columns record it."""

    rows: tuple[int, ...]  # the sheet rows (instalments) it was for
    made: date | None = None  # its archive row's 基准日; None when only the tracking columns know it
    sent: date | None = None  # 律师函寄出日期
    received: date | None = None  # 律师函签收日期
    tracking: str = ""  # 律师函快递单号
    number: str = ""  # 函件编号

    @property
    def day(self) -> date:
        return self.sent or self.made or date.min


@dataclass(frozen=True, slots=True)
class InstalmentHistory:
    decision: Decision
    count: int  # dunning letters sent
    first: date | None  # the first one's date, when the archive holds letter 1
    last: date | None  # the last one's date
    lawyer: tuple[LawyerLetter, ...]  # the 律师函 that were for it, in date order


Archive = Mapping[str, Sequence[ArchivedLetter]]  # contract (as contract_id spells it) → its letters


def read_archive(rows: Sequence[Sequence[object]] | None) -> Archive:
    """函件归档's rows as read (header first) → its letters by contract; rows without a readable 幂等键
    are left out."""
    rows = list(rows or [])
    if not rows:
        return {}
    at = archive_columns(rows[0])
    found: dict[str, list[ArchivedLetter]] = {}
    for row in rows[1:]:
        keys = cell_of(row, at["keys"])
        if not isinstance(keys, str) or not keys:
            continue
        day = day_of(cell_of(row, at["as_of"]))
        entries = tuple(entry for key in keys.split(";") if (entry := parse_key(key, day=day)) is not None)
        if entries:
            number = cell_of(row, at["reference"])
            letter = ArchivedLetter(day, entries, str(number).strip() if number is not None else "")
            for contract in dict.fromkeys(entry.contract for entry in entries):
                found.setdefault(contract, []).append(letter)
    return found


def contract_history(
    rows: Sequence[Decision], archive: Archive, *, lawyer_codes: Collection[str]
) -> tuple[dict[int, InstalmentHistory], list[LawyerLetter]]:
    """Sheet row → the instalment's history, and every 律师函 of the contract in date order."""
    ids = {contract_id(d.inst.contract_no) for d in rows}
    instalments = [d.inst for d in rows]
    letters: list[tuple[ArchivedLetter, list[int]]] = []
    for letter in dict.fromkeys(letter for contract in ids for letter in archive.get(contract, ())):
        covered = archived_by_row(instalments, letter.entries)
        if covered:
            letters.append((letter, sorted(covered)))
    lawyer = _lawyer_letters(rows, letters, lawyer_codes)
    history = {}
    for d in rows:
        numbered = {
            e.number: e.day for letter, covered in letters if d.sheet_row in covered for e in letter.entries
            if e.number > 0 and e.code not in lawyer_codes
        }  # fmt: skip
        count = max(d.inst.letters_sent, max(numbered, default=0))
        last = d.inst.last_letter_date or numbered.get(count)
        first = numbered.get(1) if count > 1 else last
        mine = tuple(letter for letter in lawyer if d.sheet_row in letter.rows)
        history[d.sheet_row] = InstalmentHistory(d, count, first, last, mine)
    return history, lawyer


def _lawyer_letters(
    rows: Sequence[Decision], letters: list[tuple[ArchivedLetter, list[int]]], lawyer_codes: Collection[str]
) -> list[LawyerLetter]:
    """The archive's 律师函, each given the posting date, tracking number and receipt of the rows it was
    for (a row's 律师函寄出日期 belongs to its latest letter made on or before that day); a posting date
    the archive has no letter for is a 律师函 of its own (one per date: the rows posted together)."""
    found = [
        LawyerLetter(tuple(covered), made=letter.day, number=letter.number)
        for letter, covered in letters
        if any(e.code in lawyer_codes for e in letter.entries)
    ]
    untracked: dict[date, LawyerLetter] = {}
    for d in sorted(rows, key=lambda d: d.sheet_row):
        sent = d.inst.lawyer_letter_date
        if sent is None:
            continue
        made = [i for i, f in enumerate(found) if d.sheet_row in f.rows and (f.made is None or f.made <= sent)]
        if made:
            i = max(made, key=lambda i: found[i].made or date.min)
            found[i] = _posted(found[i], d)
        else:
            untracked[sent] = _posted(untracked.get(sent) or LawyerLetter(()), d)
    return sorted([*found, *untracked.values()], key=lambda letter: (letter.day, letter.rows))


def _posted(letter: LawyerLetter, d: Decision) -> LawyerLetter:
    inst = d.inst
    rows = letter.rows if d.sheet_row in letter.rows else (*letter.rows, d.sheet_row)
    sent = min(filter(None, (letter.sent, inst.lawyer_letter_date)), default=None)
    received = min(filter(None, (letter.received, inst.lawyer_received_date)), default=None)
    tracking = "、".join(dict.fromkeys(t for t in (letter.tracking, inst.lawyer_tracking_no) if t))
    return LawyerLetter(rows, letter.made, sent, received, tracking, letter.number)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def cn(day: date | None) -> str:
    """`2026年4月20日`: the dates within sentences (an ISO date breaks at its hyphens when a line wraps)."""
    return chinese_date(day) if day else "（日期未登记）"


def letters_text(h: InstalmentHistory) -> str:
    """`催款信9封（2026年2月25日至2026年4月20日）`, `催款信9封（最近 2026年4月20日）` when the first is not known."""
    if not h.count:
        return "未发催款信"
    if h.last is None:
        return f"催款信{h.count}封（日期未登记）"
    if h.count == 1:
        return f"催款信1封（{cn(h.last)}）"
    if h.first is not None and h.first != h.last:
        return f"催款信{h.count}封（{cn(h.first)}至{cn(h.last)}）"
    return f"催款信{h.count}封（最近 {cn(h.last)}）"


def lawyer_name(letter: LawyerLetter) -> str:
    return f"律师函{letter.number}" if letter.number else "律师函"


def lawyer_short(letter: LawyerLetter) -> str:
    """`律师函〔2026〕律函字第3号 2026年11月8日寄出`, or made but not recorded as posted."""
    if letter.sent:
        return f"{lawyer_name(letter)} {cn(letter.sent)}寄出"
    return f"{lawyer_name(letter)} {cn(letter.made)}生成，寄出日期未登记"


def lawyer_text(letter: LawyerLetter, kinds: str) -> str:
    """The whole record of one 律师函: which instalments, posted, tracking number, receipt."""
    text = f"{lawyer_short(letter)}（{kinds}）" if kinds else lawyer_short(letter)
    if letter.tracking:
        text += f"，快递单号 {letter.tracking}"
    if letter.sent:
        text += f"，{cn(letter.received)}签收" if letter.received else "，签收日期未登记"
    return text


def instalment_line(h: InstalmentHistory) -> str:
    """`首付款（2026年2月22日到期）：催款信9封（…）；律师函 2026年6月26日寄出；2026年11月25日起诉，案号…` — what was
    done about this instalment only, in date order."""
    inst = h.decision.inst
    items: list[tuple[date, int, str]] = []
    items.append((h.first or h.last or date.min, 0, letters_text(h)))  # 未发催款信 said too
    items += [(letter.day, 1, lawyer_text(letter, "")) for letter in h.lawyer]
    if inst.lawyer_approved_by and not h.lawyer:
        items.append((date.max, 3, f"律师函已审批（{inst.lawyer_approved_by}），待寄出"))
    elif h.decision.stage == LAWYER_PENDING:
        items.append((date.max, 3, "律师函待营销副总审批"))
    if inst.suit_date:
        items.append(
            (
                inst.suit_date,
                2,
                f"{cn(inst.suit_date)}起诉，" + (f"案号{inst.case_no}" if inst.case_no else "案号未登记"),
            )
        )
    done = "；".join(text for _, _, text in sorted(items))
    return f"{inst.payment_kind or '款项'}（{cn(inst.due_date)}到期）：{done}"


def labels(rows: Sequence[Decision]) -> dict[int, str]:
    """Sheet row → how a list names the instalment: its 款项类型, with its due date when the contract
    has two of that kind (`分期款（2026年4月23日）`), `第N行` without one."""
    kinds = [d.inst.payment_kind for d in rows]
    named = {}
    for d in rows:
        kind = d.inst.payment_kind
        if not kind:
            named[d.sheet_row] = f"第{d.sheet_row}行"
        else:
            named[d.sheet_row] = f"{kind}（{cn(d.inst.due_date)}）" if kinds.count(kind) > 1 else kind
    return named
