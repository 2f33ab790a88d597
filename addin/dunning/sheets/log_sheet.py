"""The collector's log (跟进记录) added by the first run that finds none: `dunning refresh`, a real `dunning letters`
run and the button add it as `dunning init` does (its note line and header, no rows), after 催款规则 when the
workbook has one, else after the team's sheet, in the run's one save. A log that is there is never touched: the
rows people typed are theirs."""

from __future__ import annotations

from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.sheets.layout import put_cells
from dunning.sheets.port import WorkbookPort
from dunning.sheets.reader import Values
from dunning.sheets.rules_layout import follow_up_layout


def add_missing_log(book: WorkbookPort, values: Values) -> bool:
    """Put an empty 跟进记录 into the book when `values` (every sheet of it, as read) has none; whether it did.
    The values then hold it as written, so a later job on the same values does not add it again."""
    if FOLLOW_UP_SHEET in values.sheets:
        return False
    name, _, _ = values.data_table()
    layout = follow_up_layout()
    book.put_sheet(layout, after=RULES_SHEET if RULES_SHEET in values.sheets else name)
    put_cells(values.sheets.setdefault(FOLLOW_UP_SHEET, []), layout.cells)
    return True
