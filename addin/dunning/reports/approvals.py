"""The vice-president's approval pack (SPEC §2: 市场部经理 submits the list and the letter text to the
营销副总): one Word file with the list of every contract whose lawyer's letter awaits approval — its
instalments, days overdue, amounts owed and late fees, totals, a place to sign — followed by the draft
律师函 of each, filled from the same template and figures the letter would be sent with.

Nothing in the workbook changes: approval is still typed into 律师函审批人 by a person.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from dunning.core.board import Board
from dunning.core.contracts import by_contract, contract_problem
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.money import ZERO, yuan
from dunning.core.stages import LAWYER_PENDING
from dunning.letters.context import build_context
from dunning.letters.contract_facts import UNSTATED, notes, other_overdue
from dunning.letters.files import LetterFolder, safe_name
from dunning.letters.history import (
    InstalmentHistory,
    LawyerLetter,
    contract_history,
    iso,
    labels,
    lawyer_text,
    read_archive,
)
from dunning.letters.lawyer import DRAFT_NUMBER, NO_RECORD, LawyerRecord
from dunning.letters.plan import PlannedLetter, lawyer_draft
from dunning.letters.tables import a4, add_table, merge_across, merge_down
from dunning.letters.templates import template_file

PACK_FOLDER = "律师函审批"
COLUMNS = ("合同编号", "客户／房号", "款项类型", "约定付款日期", "逾期天数", "欠款金额", "违约金", "已发催款信（封数、最近）",
           "审批期限", "审批意见")  # fmt: skip
WIDTHS = (2.6, 1.8, 1.3, 1.9, 1.1, 2.3, 2.1, 1.9, 1.5, 1.5)  # cm, within A4's 18 cm between margins
NUMERIC = (4, 5, 6)
DRAFT_MARK = "草稿 · 待审批 · 不得寄出"
TICK = "□同意\n□不同意"


@dataclass
class ApprovalPack:
    file: Path | None = None
    contracts: list[str] = field(default_factory=list)
    without_draft: list[tuple[str, str]] = field(default_factory=list)  # (contract, why no draft)


def make_pack(board: Board, *, folder: LetterFolder, templates: Path, record: LawyerRecord = NO_RECORD) -> ApprovalPack:
    """Write `律师函审批/律师函审批_<date>.docx` in the workbook's folder of the day; nothing when no contract
    awaits approval."""
    from dunning.letters.combine import combine
    from dunning.letters.render import Template

    rows_of = by_contract(board.decisions)
    pending = {
        contract: waiting
        for contract, rows in rows_of.items()
        if (waiting := [d for d in rows if d.stage == LAWYER_PENDING])
    }
    pack = ApprovalPack(contracts=list(pending))
    if not pending:
        return pack
    target_folder = folder.make() / PACK_FOLDER
    target_folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_folder) as scratch:
        parts = [_list_document(board, pending, Path(scratch) / "0.docx")]
        loaded: dict[Path, Template] = {}
        for number, (contract, rows) in enumerate(pending.items(), start=1):
            level = rows[0].level
            problem = contract_problem(rows_of[contract])
            if level is None or not board.rules.params.law_firm or problem:
                why = problem or "「催款规则」未填写律师事务所"
                pack.without_draft.append((contract, why))
                continue
            letter = lawyer_draft(board, contract, record) or PlannedLetter(
                contract, level, None, tuple(rows), tuple(rows), ()
            )
            draft = Path(scratch) / f"{number}.docx"
            context = build_context(letter, board.rules, as_of=board.as_of)
            context["律师函编号"] = (
                DRAFT_NUMBER  # a draft takes no number of the firm's: the letter made after approval does
            )
            path = template_file(templates, letter)
            template = loaded[path] = loaded.get(path) or Template(path)  # each template compiled once
            template.render(context, draft)
            mark_draft(draft)
            parts.append(draft)
        pack.file = target_folder / safe_name(f"律师函审批_{board.as_of.isoformat()}.docx")
        combine(parts, pack.file)
    return pack


def mark_draft(path: Path) -> None:
    """Put `草稿 · 待审批 · 不得寄出` at the top of a rendered draft, in red, so no copy of it is sent."""
    doc = Document(str(path))
    mark = doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run(DRAFT_MARK)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    body = doc.element.body
    body.remove(mark._p)
    body.insert(0, mark._p)
    doc.save(str(path))


def _list_document(board: Board, pending: dict[str, list[Decision]], path: Path) -> Path:
    doc = Document()
    a4(doc)  # portrait, like the drafts after it
    title = doc.add_heading(f"律师函审批名单（基准日 {chinese_date(board.as_of)}）", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"以下 {len(pending)} 份合同的欠款已逾期超过律师函起算期限，拟委托"
        f"{board.rules.params.law_firm or '（律师事务所未填写）'}发出律师函。每份律师函的文本附后（草稿，不得寄出；"
        "审批后生成正式函件）。请在「审批意见」栏逐份勾选；同意的合同，在合同执行情况表的「律师函审批人」一栏填写审批人。"
        "「审批期限」：律师函应寄出之日（看板上该合同待审批各期最早的截止日）距基准日的天数。"
    )
    rows_of = by_contract(board.decisions)
    archive = read_archive(board.archive)
    lawyer_codes = board.rules.approval_codes
    rows: list[tuple[str, ...]] = []
    spans: list[tuple[int, int]] = []  # table rows (1 = the first under the header) of each contract's instalments
    owed_total = fees_total = ZERO
    for contract, waiting in pending.items():
        history, lawyer = contract_history(rows_of[contract], archive, lawyer_codes=lawyer_codes)
        first = len(rows) + 1
        for index, d in enumerate(waiting):
            rows.append(_instalment_row(d, history[d.sheet_row], waiting, as_of=board.as_of, first=index == 0))
            owed_total += d.outstanding
            fees_total += d.late_fee
        spans.append((first, len(rows)))
        rows.append((_note(rows_of[contract], waiting, history, lawyer), *[""] * (len(COLUMNS) - 1)))
    rows.append(("合计", "", "", "", "", yuan(owed_total), yuan(fees_total), "", "", ""))
    table = add_table(doc, COLUMNS, rows, WIDTHS, numeric=NUMERIC)
    for first, last in spans:
        for column in (0, 1, 8, 9):
            merge_down(table, column, first, last)
        merge_across(table, last + 1)
    doc.add_paragraph()
    for line in SIGNATURES:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


SIGNATURES = (
    "提交人（市场部经理）：____________　　日期：______年____月____日",
    "审核（律师）：律师函文本已审核　____________　　日期：______年____月____日",
    "审批（营销副总）：□ 同意全部　□ 部分同意（见名单「审批意见」栏）　□ 全部不同意",
    "审批人（签字）：____________　　日期：______年____月____日",
)


def _instalment_row(
    d: Decision, h: InstalmentHistory, waiting: list[Decision], *, as_of: date, first: bool
) -> tuple[str, ...]:
    inst = d.inst
    sent = f"{h.count}封\n{iso(h.last)}" if h.count else "未发"
    return (
        inst.contract_no if first else "",
        f"{inst.customer}\n{inst.unit}" if first else "",
        inst.payment_kind or "—",
        iso(inst.due_date),
        str(d.days_overdue or 0),
        yuan(d.outstanding),
        yuan(d.late_fee),
        sent,
        _lateness(waiting, as_of=as_of) if first else "",
        TICK if first else "",
    )


def _lateness(waiting: list[Decision], *, as_of: date) -> str:
    """How late the approval is: the earliest day a pending 律师函 of the contract was due to go out
    (the row's action_due) against the as-of date — `已超期\n12天`, `今日到期`, `3天内`."""
    due = min((d.action_due for d in waiting if d.action_due), default=None)
    if due is None:
        return "—"
    days = (as_of - due).days
    if days > 0:
        return f"已超期\n{days}天"
    return "今日到期" if days == 0 else f"{-days}天内"


def _note(
    rows: list[Decision], waiting: list[Decision], history: dict[int, InstalmentHistory], lawyer: list[LawyerLetter]
) -> str:
    """The line under a contract's instalments: its consultant, its other overdue instalments (not in
    this approval), the 律师函 already sent, the team's 备注."""
    consultants = "、".join(dict.fromkeys(d.inst.consultant for d in rows if d.inst.consultant)) or "未填写"
    parts = [f"置业顾问：{consultants}"]
    if others := other_overdue(rows, waiting, history):
        parts.append(f"本合同其他逾期款项（不在本次审批）：{others}")
    if lawyer:
        named = labels(rows)
        sent = "；".join(lawyer_text(letter, "、".join(named[r] for r in letter.rows)) for letter in lawyer)
        parts.append(f"已发律师函：{sent}")
    typed = notes(rows)
    parts.append(f"备注：{'无' if typed == UNSTATED else typed}")
    return "。".join(parts) + "。"
