"""`dunning promise`: the customer's promise to pay, typed in 跟进记录, as a Word document for the supervisor
to print and have signed — 付款承诺书 for one date, 分期还款协议 for several (core.promise_schedule), from the
template `付款承诺书.docx` (the supervisor's `函件模板` folder first, else the built-in one).

It reads the workbook and changes nothing in it: the document is a draft for signature, not a letter sent,
so 函件归档 does not record it. It goes in the letters folder of its day, in a `付款承诺书` folder of its own
(the letters run sets aside any .docx of the day's folder that the archive does not record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dunning.core.board import Board
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.follow_up import read_log
from dunning.core.identity import contract_id
from dunning.core.money import ZERO, yuan
from dunning.core.promise_schedule import PromiseProblem, PromiseRefusal, PromiseRefused, Schedule, schedule_of
from dunning.core.rules import Rules
from dunning.letters.context import charges_fee, in_words, rates_text, table_row
from dunning.letters.files import letter_folder, safe_name
from dunning.letters.statements import contractual_rate, department, due_text, recipients, unbroken

TEMPLATE = "付款承诺书.docx"
FOLDER = "付款承诺书"
ONE, SEVERAL = "付款承诺书", "分期还款协议"


@dataclass(frozen=True)
class PromiseDocument:
    file: Path
    title: str  # 付款承诺书 or 分期还款协议
    schedule: Schedule


def make_promise(
    board: Board,
    typed: Sequence[Sequence[object]],
    contract: str,
    *,
    workbook: Path,
    epoch1904: bool = False,
    out: Path | None = None,
    templates: Path | None = None,
) -> PromiseDocument:
    """Write the contract's document in `<letters folder>/<date>/付款承诺书/`, from the board and the log's cells as
    typed (`typed`, 跟进记录 from A1); nothing is written to the workbook."""
    from dunning.letters.render import Template

    if not board.rules.params.company_name:
        raise PromiseRefused(PromiseRefusal(PromiseProblem.NO_COMPANY, contract, board.as_of))
    rows = [d for d in board.decisions if contract_id(d.inst.contract_no) == contract_id(contract)]
    log = read_log(typed, epoch1904=epoch1904)
    schedule = schedule_of(rows, log, contract, as_of=board.as_of, typed=typed)
    template = Template(template_path(workbook, templates))  # checked before anything is written
    context = promise_context(schedule, rows, board.rules, as_of=board.as_of)
    title = str(context["文书标题"])
    folder = letter_folder(workbook, as_of=board.as_of, out=out).make() / FOLDER
    folder.mkdir(exist_ok=True)
    target = folder / (safe_name(f"{schedule.contract}_{title}_{board.as_of.isoformat()}") + ".docx")
    template.render(context, target)
    return PromiseDocument(target, title, schedule)


def template_path(workbook: Path, templates: Path | None = None) -> Path:
    """`付款承诺书.docx` in the templates folder (`--templates`, else 函件模板 beside the workbook), else the built-in
    one."""
    from dunning.letters.templates import builtin_templates, templates_folder

    own = templates_folder(workbook, templates) / TEMPLATE
    return own if own.is_file() else builtin_templates() / TEMPLATE


def promise_context(schedule: Schedule, rows: list[Decision], rules: Rules, *, as_of: date) -> dict[str, object]:
    """The placeholders of the document: the parties, what is owed (as a letter states it), the schedule."""
    params, owed = rules.params, schedule.owed
    owed_total = schedule.owed_total
    fees = sum((d.late_fee for d in owed), ZERO)
    rate, rate_sentence = rates_text(owed, rules)

    def first(name: str) -> str:
        return next((str(getattr(d.inst, name)) for d in rows if getattr(d.inst, name)), "")

    several = len(schedule.periods) > 1
    return {
        "文书标题": SEVERAL if several else ONE, "分期": several, "期数": len(schedule.periods),
        "协商日期": chinese_date(schedule.agreed_on), "日期": chinese_date(as_of),
        "客户姓名": first("customer"), "收件人": recipients(first("customer")), "合同编号": schedule.contract,
        "房号": first("unit"), "通讯地址": first("address"), "客户电话": unbroken(first("phone")),
        "置业顾问": first("consultant"),
        "公司名称": params.company_name, "公司地址": params.company_address, "公司电话": unbroken(params.company_phone),
        "落款": params.signatory or params.company_name, "落款部门": department(params),
        "欠款金额": yuan(owed_total), "欠款金额大写": in_words(owed_total),
        "违约金": yuan(fees), "违约金大写": in_words(fees),
        "应付合计": yuan(owed_total + fees), "应付合计大写": in_words(owed_total + fees),
        "约定付款日期": min(due_text(d) for d in owed), "逾期天数": max(max(d.days_overdue or 0, 0) for d in owed),
        "日利率": rate, "日利率说明": rate_sentence, "计违约金": charges_fee(owed, rules),
        "按合同约定": contractual_rate(owed, params),
        "款项明细": [table_row(d, rules) for d in owed],
        "还款计划": [
            {"期次": f"第{p.number}期", "付款日期": chinese_date(p.day),
             "金额": yuan(p.amount), "金额大写": in_words(p.amount)}
            for p in schedule.periods
        ],
        "承诺合计": yuan(schedule.total), "承诺合计大写": in_words(schedule.total),
        "余欠说明": remainder_text(schedule, as_of=as_of),
    }  # fmt: skip


def remainder_text(schedule: Schedule, *, as_of: date) -> str:
    """When the schedule pays less than is owed: what stays owed, and on what terms; "" otherwise."""
    rest = schedule.remainder
    if rest <= 0:
        return ""
    return (
        f"上述{'还款计划' if len(schedule.periods) > 1 else '承诺付款'}合计{yuan(schedule.total)}，"
        f"少于截至{chinese_date(as_of)}的欠款{yuan(schedule.owed_total)}；"
        f"其余{yuan(rest)}（{in_words(rest)}）仍应按《商品房买卖合同》的约定支付。"
    )
