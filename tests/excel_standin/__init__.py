"""A stand-in for Microsoft Excel on Windows that xlwings' own Windows engine drives, for tests.

Excel does not run on Linux. This package gives xlwings' unmodified Windows engine
(`xlwings._xlwindows`, `xlwings.udfs`, `xlwings.com_server`) the pywin32 modules it imports, and behind
them an Excel object model (Application, Workbooks, Workbook, Worksheet, Range, Window, charts, names)
backed by a real workbook file, a log of every COM call, Excel's recalculation rule with a small formula
evaluator, the worksheet functions of a loaded add-in read from its VBA project, and the add-in's ribbon
button. `Excel` (driver.py) is what a test uses.
"""

from excel_standin.com import Call, CallLog, NotModelled, UdfInvocation
from excel_standin.driver import Excel
from excel_standin.values import ExcelError
from excel_standin.winmods import MessageBox

__all__ = ["Call", "CallLog", "Excel", "ExcelError", "MessageBox", "NotModelled", "UdfInvocation"]
