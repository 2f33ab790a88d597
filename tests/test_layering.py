"""Dependency direction: the core imports none of openpyxl, xlwings, docx."""

from __future__ import annotations

import subprocess
import sys


def test_core_loads_no_office_library() -> None:
    code = (
        "import sys, dunning.core.board, dunning.core.rules_sheet, dunning.core.summary;"
        "bad = [m for m in ('openpyxl', 'xlwings', 'docx', 'docxtpl', 'python_calamine', 'pandas') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
