"""What a letter may assert, from the data alone (issue 19: only true statements).

- 催告记录: the earlier written notices the archive (函件归档) holds for the instalments the letter demands,
  with their dates and count — the only ground for any sentence about earlier notices (the tracking
  column's letter count is the ladder's position, not proof that a letter went out).
- 按合同约定: the rate's basis is the contract — every listed instalment carries its own 违约金日利率 on its
  row, or the rules sheet's 违约金依据 says 合同约定.
- 收件人, 称谓, 地址块: joint buyers named each (张三、李四), the salutation from the optional 称谓 column,
  the recipient lines of a posted letter (only the filled ones).
- 落款部门: the rules sheet's 落款 under the company's seal, never instead of it.

Pure: dates and text, no docx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from dunning.core.dates import chinese_date
from dunning.core.engine import Decision, is_deposit
from dunning.core.identity import Archived, archived_by_row
from dunning.core.parse import Instalment
from dunning.core.rules import FEE_BASIS_CONTRACT, Params

MAX_DATES_LISTED = 4  # more notices than this are stated as a period: 于X至Y期间先后N次

_SEPARATORS = re.compile(r"\s*[、,，/／;；&＆]\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def earlier_notices(
    rows: Iterable[Decision], listed: Iterable[Decision], entries: Iterable[Archived], *, as_of: date
) -> tuple[date, ...]:
    """The dates of the written dunning letters the archive holds for the listed instalments, made before
    `as_of`, oldest first, one per day (one archive row is one letter, however many instalments it lists).
    `rows` are all the contract's rows: an archived letter belongs to the one row of its 款项类型 or
    amount among those due the same day (core.identity), so the other rows must be there to be told apart.
    Reminders (before the due date) and lawyer's letters are numbered 0 and are not 催告 by the company."""
    found = archived_by_row((d.inst for d in rows), entries)
    wanted = {d.sheet_row for d in listed}
    days = {
        entry.day
        for row, letters in found.items()
        if row in wanted
        for entry in letters
        if entry.number > 0 and entry.day is not None and entry.day < as_of
    }
    return tuple(sorted(d for d in days if d is not None))


def notice_record(days: Sequence[date], *, by: str) -> str:
    """`我司已于2026年10月3日、10月10日先后2次向您书面催告` (by=我司) or `委托人已于…` (a lawyer's letter);
    "" when the archive holds none. A long series is stated as its first and last date."""
    if not days:
        return ""
    if len(days) == 1:
        return f"{by}已于{_day(days[0])}向您书面催告"
    if len(days) > MAX_DATES_LISTED:
        return f"{by}已于{_day(days[0])}至{_day(days[-1], after=days[0])}期间先后{len(days)}次向您书面催告"
    shown = "、".join(_day(day, after=days[index - 1] if index else None) for index, day in enumerate(days))
    return f"{by}已于{shown}先后{len(days)}次向您书面催告"


def _day(day: date, *, after: date | None = None) -> str:
    """2026年10月3日; within the year of the date before it, 10月10日."""
    if after is not None and after.year == day.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def contractual_rate(listed: Iterable[Decision], params: Params) -> bool:
    """Whether the letter may say 按合同约定 of the late-fee rate: the rules sheet says the rate is the
    contract's (违约金依据 合同约定), or every listed instalment charged a fee has its own rate on its row."""
    if params.fee_basis == FEE_BASIS_CONTRACT:
        return True
    charged = [d for d in listed if not is_deposit(d.inst)]
    return bool(charged) and all(d.inst.late_fee_rate is not None for d in charged)


def recipients(customer: str) -> str:
    """Joint buyers named each, joined by 、: `张三,李四`, `张三/李四`, `张三 李四` → `张三、李四`. Spaces
    separate names only between Chinese names of two characters or more: `John Smith` and a two-character
    name padded to line up with longer ones (`张  三`) stay one name, as written."""
    names = [name for name in _SEPARATORS.split(customer.strip()) if name]
    spaced = [part for name in names for part in name.split()]
    if len(spaced) > len(names) and all(len(_CJK.findall(part)) >= 2 for part in spaced):
        names = spaced
    return "、".join(names)


def salutation(rows: Iterable[Instalment]) -> str:
    """What follows 尊敬的 in a letter: the first 称谓 the contract's rows give, as typed (without a 尊敬的 or
    colon of its own), else the buyers' names; with the colon: `张先生、李女士：`, `张三、李四：`."""
    rows = list(rows)
    typed = next((inst.salutation for inst in rows if inst.salutation.strip()), "")
    typed = typed.strip().removeprefix("尊敬的").rstrip("：:").strip()
    return f"{typed or recipients(rows[0].customer if rows else '')}："


NO_BREAK = str.maketrans({" ": "\u00a0", "\u3000": "\u00a0", "-": "\u2011"})  # no-break space, no-break hyphen


def unbroken(phone: str) -> str:
    """A telephone number as one word: Word and LibreOffice never break it across lines (at its spaces
    or hyphens: `0571-8688 6688`)."""
    return " ".join(phone.split()).translate(NO_BREAK)


def address_block(inst: Instalment) -> list[str]:
    """The recipient lines at the top of a posted letter, only what is filled: `收件人：张三、李四　联系电话：…`,
    `通讯地址：…`."""
    first = f"收件人：{recipients(inst.customer)}" + (f"　　联系电话：{unbroken(inst.phone)}" if inst.phone else "")
    return [first, f"通讯地址：{inst.address}"] if inst.address else [first]


def department(params: Params) -> str:
    """The 落款 printed under the company's seal line: the rules' 落款 without a leading company name
    (`锦绣华府置业有限公司销售部` → `销售部`); "" when blank or the company itself."""
    signatory, company = params.signatory.strip(), params.company_name.strip()
    if company and signatory.startswith(company):
        signatory = signatory[len(company) :].strip()
    return signatory


def kind_of(d: Decision) -> str:
    """How a letter names an instalment's kind: its 款项类型, else 款项."""
    return d.inst.payment_kind or "款项"


def due_text(d: Decision) -> str:
    """An instalment's due date as a letter writes it (2026年9月17日), "" without one."""
    return chinese_date(d.inst.due_date) if d.inst.due_date else ""
