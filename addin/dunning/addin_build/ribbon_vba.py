"""The VBA module `RibbonMyAddin` of the add-in: the ribbon button's macro.

xlwings' template runs `RunPython "import <add-in name>;<add-in name>.main()"` straight away. With no workbook
open, `RunPython` stops in VBA at `ActiveWorkbook` (run-time error 91, "Object variable or With block
variable not set") before Python starts, so the user would see a VBA error instead of what to do. This
module first asks whether a workbook is open and, if not, says so in a message box; a workbook opened in
Protected View (not a workbook to VBA until 启用编辑 is pressed) gets its own message naming the file.

The project's code page (1252 in xlwings' template) cannot hold Chinese, so the message is written as
UTF-16 code units in hex and turned back into text by `U` in VBA (`ChrW`).
"""

from __future__ import annotations

MODULE_NAME = "RibbonMyAddin"
PROTECTED_VIEW_NAME = "ActiveProtectedViewWindow.SourceName"
TEMPLATE_SOURCE = (  # xlwings' quickstart_addin_ribbon.xlam, as read from its project
    'Attribute VB_Name = "RibbonMyAddin"\r\n'
    "Sub RunMain(control As IRibbonControl)\r\n"
    '    mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))\r\n'
    '    RunPython "import " & mymodule & ";" & mymodule & ".main()"\r\n'
    "End Sub\r\n\r\n"
)


def hex_units(text: str) -> str:
    """`text` as space-separated UTF-16 code units in hex, what `U` in the module turns back into text."""
    data = text.encode("utf-16-le")
    return " ".join(f"{int.from_bytes(data[i : i + 2], 'little'):04X}" for i in range(0, len(data), 2))


def vba_string(text: str, *, name: str = "") -> str:
    """`text` as a VBA expression: `U("…")` parts, and `name` (a VBA expression) where `{name}` stands."""
    parts = []
    for index, piece in enumerate(text.split("{name}")):
        if index:
            parts.append(name)
        if piece:
            parts.append(f'U("{hex_units(piece)}")')
    return " & ".join(parts)


def ribbon_vba_text(no_workbook: str, title: str, protected_view: str) -> str:
    """The module's source (CRLF, as VBA stores it): RunMain with the Protected View and no-workbook
    messages, then the template's call. A workbook in Protected View is no `ActiveWorkbook` (it is not in
    `Workbooks`); `ActiveProtectedViewWindow.SourceName` is its file name."""
    lines = [
        f'Attribute VB_Name = "{MODULE_NAME}"',
        "Sub RunMain(control As IRibbonControl)",
        "    If ActiveWorkbook Is Nothing And Not ActiveProtectedViewWindow Is Nothing Then",
        f"        MsgBox {vba_string(protected_view, name=PROTECTED_VIEW_NAME)}, vbExclamation, {vba_string(title)}",
        "        Exit Sub",
        "    End If",
        "    If ActiveWorkbook Is Nothing Then",
        f'        MsgBox U("{hex_units(no_workbook)}"), vbExclamation, U("{hex_units(title)}")',
        "        Exit Sub",
        "    End If",
        '    mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))',
        '    RunPython "import " & mymodule & ";" & mymodule & ".main()"',
        "End Sub",
        "",
        "Private Function U(ByVal units As String) As String",
        "    Dim unit As Variant",
        '    For Each unit In Split(units, " ")',
        '        U = U & ChrW(CLng("&H" & unit))',
        "    Next unit",
        "End Function",
        "",
    ]
    return "\r\n".join(lines)
