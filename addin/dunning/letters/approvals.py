"""The vice-president's approval pack (SPEC §2: 市场部经理 submits the list and the letter text to the
营销副总): one Word file with the list of every contract whose lawyer's letter awaits approval — its
instalments, days overdue, amounts owed and late fees, totals, a place to sign — followed by the draft
律师函 of each, filled from the same template and figures the letter would be sent with.

Nothing in the workbook changes: approval is still typed into 律师函审批人 by a person.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dunning.core.board import Board, by_contract
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.money import ZERO, yuan
from dunning.core.stages import LAWYER_PENDING
from dunning.letters.context import build_context
from dunning.letters.files import LetterFolder, safe_name
from dunning.letters.plan import PlannedLetter, contract_problem
from dunning.letters.tables import a4, add_table
from dunning.letters.templates import template_file

PACK_FOLDER = "律师函审批"
COLUMNS = ("合同编号", "客户姓名", "房号", "款项类型", "约定付款日期", "逾期天数", "欠款金额", "违约金", "置业顾问")
WIDTHS = (2.7, 1.6, 1.8, 1.7, 2.1, 1.5, 2.6, 2.2, 1.6)  # cm, within A4's 18 cm between margins


@dataclass
class ApprovalPack:
    file: Path | None = None
    contracts: list[str] = field(default_factory=list)
    without_draft: list[tuple[str, str]] = field(default_factory=list)  # (contract, why no draft)


def make_pack(board: Board, *, folder: LetterFolder, templates: Path) -> ApprovalPack:
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
        for number, (contract, rows) in enumerate(pending.items(), start=1):
            level = rows[0].level
            problem = contract_problem(rows_of[contract])
            if level is None or not board.rules.params.law_firm or problem:
                why = problem or "「催款规则」未填写律师事务所"
                pack.without_draft.append((contract, why))
                continue
            letter = PlannedLetter(contract, level, None, tuple(rows), tuple(rows), ())
            draft = Path(scratch) / f"{number}.docx"
            Template(template_file(templates, letter)).render(
                build_context(letter, board.rules, as_of=board.as_of), draft
            )
            parts.append(draft)
        pack.file = target_folder / safe_name(f"律师函审批_{board.as_of.isoformat()}.docx")
        combine(parts, pack.file)
    return pack


def _list_document(board: Board, pending: dict[str, list[Decision]], path: Path) -> Path:
    doc = Document()
    a4(doc)  # portrait, like the drafts after it
    title = doc.add_heading(f"律师函审批名单（基准日 {chinese_date(board.as_of)}）", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"以下 {len(pending)} 份合同的欠款已逾期超过律师函起算期限，拟委托"
        f"{board.rules.params.law_firm or '（律师事务所未填写）'}发出律师函。"
        "每份律师函的文本附后（草稿，审批后生成正式函件）。请审批后在合同执行情况表的「律师函审批人」一栏填写审批人。"
    )
    rows: list[tuple[str, ...]] = []
    owed_total = fees_total = ZERO
    for decisions in pending.values():
        for d in decisions:
            inst = d.inst
            rows.append(
                (
                    inst.contract_no,
                    inst.customer,
                    inst.unit,
                    inst.payment_kind or "—",
                    inst.due_date.isoformat() if inst.due_date else "",
                    str(d.days_overdue or 0),
                    yuan(d.outstanding),
                    yuan(d.late_fee),
                    inst.consultant,
                )
            )
            owed_total += d.outstanding
            fees_total += d.late_fee
    rows.append(("合计", "", "", "", "", "", yuan(owed_total), yuan(fees_total), ""))
    add_table(doc, COLUMNS, rows, WIDTHS, numeric=(5, 6, 7))
    doc.add_paragraph()
    doc.add_paragraph("营销副总审批意见：□ 同意全部　□ 同意部分（请在名单上勾选）　□ 不同意")
    doc.add_paragraph("审批人（签字）：____________　　日期：______年____月____日")
    doc.save(str(path))
    return path
