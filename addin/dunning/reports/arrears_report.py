"""The major-arrears report (重大欠款上报表, SPEC §1 step 7): one Word file for group marketing management
listing every contract whose overdue balance reaches the rules sheet's 重大欠款金额 or that has reached
suit, with its figures and what has been done. Nothing in the workbook changes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dunning.atomic import replace_atomically
from dunning.core.arrears import MajorArrear, major_arrears
from dunning.core.board import Board
from dunning.core.contracts import by_contract
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.money import ZERO, yuan
from dunning.core.stages import NOT_CHASED
from dunning.letters.contract_facts import notes, price, proposals
from dunning.letters.files import LetterFolder, safe_name
from dunning.letters.history import (
    Archive,
    InstalmentHistory,
    contract_history,
    instalment_line,
    read_archive,
)
from dunning.letters.tables import a4, add_table

REPORT_FOLDER = "重大欠款上报"
COLUMNS = ("序号", "合同及客户", "合同总价", "已付比例", "期数\n天数", "逾期欠款", "违约金", "当前阶段",
           "催收经过（按期）及律师函", "欠款原因（备注）", "拟采取措施", "上报原因及说明")  # fmt: skip
WIDTHS = (0.7, 2.6, 2.1, 1.3, 1.4, 2.4, 2.2, 1.6, 6.0, 2.0, 2.6, 1.8)  # cm: A4 landscape, 26.7 cm between margins
NUMERIC = (0, 2, 3, 4, 5, 6)


@dataclass
class ArrearsReport:
    file: Path | None = None
    contracts: list[MajorArrear] = field(default_factory=list)


def make_report(board: Board, *, folder: LetterFolder) -> ArrearsReport:
    """Write `重大欠款上报/重大欠款上报_<date>.docx` in the workbook's folder of the day; nothing when no
    contract qualifies."""
    report = ArrearsReport(contracts=major_arrears(board))
    if not report.contracts:
        return report
    target = folder.make() / REPORT_FOLDER
    target.mkdir(exist_ok=True)
    report.file = target / safe_name(f"重大欠款上报_{board.as_of.isoformat()}.docx")
    _document(board, report.contracts, report.file)
    return report


def _document(board: Board, contracts: list[MajorArrear], path: Path) -> None:
    params = board.rules.params
    doc = Document()
    a4(doc, landscape=True)
    title = doc.add_heading("重大欠款上报表", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"报送：集团营销管理部　　项目公司：{params.company_name or '（公司名称未填写）'}　　"
        f"基准日：{chinese_date(board.as_of)}　　共 {len(contracts)} 份合同"
    )
    doc.add_paragraph(
        f"上报范围：逾期{params.major_arrears_days}天以上的欠款合计达 {yuan(params.major_arrears)} 的合同（「催款规则」的"
        "重大欠款金额、重大欠款逾期天数），以及律师函期限已过、应提起诉讼或已起诉（诉讼中）的合同。欠款只计未结清、未暂缓催收的款项；"
        "违约金按日利率计至基准日。"
    )
    rows_of = by_contract(board.decisions)
    archive = read_archive(board.archive)
    lawyer_codes = board.rules.approval_codes
    rows = [
        _row(number, m, rows_of[m.contract_no], archive, lawyer_codes=lawyer_codes)
        for number, m in enumerate(contracts, start=1)
    ]
    owed = sum((m.owed for m in contracts), ZERO)
    fees = sum((m.late_fees for m in contracts), ZERO)
    rows.append(("", "合计", "", "", f"{sum(m.instalments for m in contracts)}期", yuan(owed), yuan(fees), *[""] * 5))
    add_table(doc, COLUMNS, rows, WIDTHS, numeric=NUMERIC)
    doc.add_paragraph()
    doc.add_paragraph(
        "填报人：____________　　市场部经理：____________　　营销副总：____________　　日期：______年____月____日"
    )
    replace_atomically(path, doc.save)


def _row(
    number: int, m: MajorArrear, rows: list[Decision], archive: Archive, *, lawyer_codes: Collection[str]
) -> tuple[str, ...]:
    """One contract's line: who, the price and the paid share, the overdue figures, what was done per
    instalment (each 律师函 under the instalments it was for), the team's 备注 (the reason as far as the team knows it), the proposal."""
    history, _ = contract_history(rows, archive, lawyer_codes=lawyer_codes)
    shown = [h for h in history.values() if _worth_a_line(h)]
    done = [instalment_line(h) for h in sorted(shown, key=lambda h: h.decision.inst.due_date or date.min)]
    cost = price(rows)
    return (
        str(number),
        f"{m.contract_no}\n{m.customer}\n{m.unit}\n顾问 {m.consultant}",
        cost.text(),
        cost.paid_share(),
        f"{m.instalments}期\n{m.max_days}天",
        yuan(m.owed),
        yuan(m.late_fees),
        m.stage_label,
        "\n".join(done) or "未发函",
        notes(rows),
        proposals(rows),
        "；".join(m.reasons + m.notes),
    )


def _worth_a_line(h: InstalmentHistory) -> bool:
    """An instalment the report speaks of: one that is chased, or has letters or a 律师函 behind it."""
    d = h.decision
    return d.stage not in NOT_CHASED or bool(h.count or h.lawyer or d.inst.suit_date)
