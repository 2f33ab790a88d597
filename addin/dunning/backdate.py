"""Back-dating is never silent: letters dated more than core.refusals.BACKDATE_DAYS before today (the real clock)
need a reason, which goes to every 函件归档 row of the run and to the log; the button, which cannot
give one, never back-dates. Whether a run is refused is core.refusals'; the words, core.messages'."""

from __future__ import annotations

from datetime import date

from dunning.core.errors import BackdateReasonMissing

DEMO_REASON = "演示：样例工作簿的基准日"


def backdate_reason(text: str | None) -> str | None:
    """The reason as recorded, on one line; None when none was given. A blank reason is refused."""
    if text is None:
        return None
    reason = " ".join(text.split())
    if not reason:
        raise BackdateReasonMissing(text)
    return reason


def backdate_note(as_of: date, reason: str, *, where: str = "「函件归档」的 倒签原因 和日志") -> str:
    """What a run that was given a reason prints: the letters' date, how far back, the reason and where it is."""
    late = (date.today() - as_of).days
    when = f"比今天早 {late} 天" if late > 0 else "不早于今天"
    return f"倒签：函件日期 {as_of.isoformat()}（{when}），原因「{reason}」已记入{where}"
