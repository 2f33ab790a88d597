"""What is handed over beside the letters, each one Word file and nothing changed in the workbook: the
vice-president's approval pack (`dunning approvals`), the major-arrears report (`dunning major-arrears`) and a
customer's promise to pay as a document to sign (`dunning promise`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dunning.core.board import Board
from dunning.core.run_options import RunOptions
from dunning.jobs.boards import board_of
from dunning.jobs.workbook import Book, opened
from dunning.letters.lawyer import LawyerRecord
from dunning.letters.promise import PromiseDocument
from dunning.reports.approvals import ApprovalPack
from dunning.reports.arrears_report import ArrearsReport


def approvals(book: Book, options: RunOptions) -> ApprovalPack:
    """The vice-president's approval pack for every contract whose lawyer's letter awaits approval;
    reads the workbook, writes one Word file beside the letters, changes nothing in the workbook."""
    port = opened(book, options, for_writing=False)
    return _approval_pack(board_of(port.read(), options), port.path, options)


def major_arrears(book: Book, options: RunOptions) -> ArrearsReport:
    """The major-arrears report for group marketing management; reads the workbook, writes one Word
    file beside the letters, changes nothing in the workbook."""
    port = opened(book, options, for_writing=False)
    return _arrears_report(board_of(port.read(), options), port.path, options)


def promise(book: Book, contract: str, options: RunOptions) -> PromiseDocument:
    """`dunning promise`: the contract's promise to pay typed in 跟进记录 as a 付款承诺书 / 分期还款协议 to print and
    have signed; reads the workbook, writes one Word file beside the letters, changes nothing in the workbook."""
    from dunning.core.fields import FOLLOW_UP_SHEET
    from dunning.letters.promise import make_promise

    port = opened(book, options, for_writing=False)
    values = port.read()
    typed = values.sheets.get(FOLLOW_UP_SHEET) or []
    return make_promise(board_of(values, options), typed, contract, workbook=port.path, epoch1904=values.epoch1904,
                        out=options.out, templates=options.templates)  # fmt: skip


def handovers(board: Board, path: Path, options: RunOptions) -> tuple[ApprovalPack, ArrearsReport]:
    """What the button hands over after the letters: the vice-president's approval pack and the
    major-arrears report, each written only when it has something in it."""
    return _approval_pack(board, path, options), _arrears_report(board, path, options)


def _record_of(archive: Sequence[Sequence[object]] | None) -> LawyerRecord:
    """函件归档's letters (with their day and 函件编号) and every 函件编号 it holds: what the approval pack's
    drafts refer to (they take no number)."""
    from dunning.sheets.archive import archived_letters, archived_references

    return LawyerRecord(archived_letters(archive), archived_references(archive))


def _approval_pack(board: Board, path: Path, options: RunOptions) -> ApprovalPack:
    from dunning.letters.files import letter_folder
    from dunning.letters.templates import templates_folder
    from dunning.reports.approvals import make_pack

    folder = letter_folder(path, as_of=board.as_of, out=options.out)
    record = _record_of(board.archive)  # the drafts refer to earlier 律师函 as the letters will
    return make_pack(board, folder=folder, templates=templates_folder(path, options.templates), record=record)


def _arrears_report(board: Board, path: Path, options: RunOptions) -> ArrearsReport:
    from dunning.letters.files import letter_folder
    from dunning.reports.arrears_report import make_report

    return make_report(board, folder=letter_folder(path, as_of=board.as_of, out=options.out))
