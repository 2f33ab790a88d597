"""催款看板 — the dunning board for a real-estate sales team's contract execution sheet.

`main()` is what the ribbon button of `dunning.xlam` runs (xlwings calls `main()` of the module
named like the add-in file). Importing this package loads nothing heavy.
"""

from __future__ import annotations

__version__ = "0.1.0"


def main() -> None:
    """The ribbon button: generate the letters due today, then refresh 催款看板 (run from Excel)."""
    from dunning.excel.button import run

    run()
