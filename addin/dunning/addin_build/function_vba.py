"""The add-in's worksheet functions, written in VBA by hand (not by xlwings' "Import Functions").

`=DUNNING_STAGE(A4)` names one cell of a table row. Its row, the rest of the table, 催款规则, 函件归档 and the day
are not its arguments, so the function is volatile (`Application.Volatile`): Excel runs it on every
recalculation. It must then cost almost nothing when nothing changed, and it must never call back into Excel from
Python (each such call crosses processes). So the VBA does the reading, in Excel's own process:

- `dunning_functions` (the functions and their cache). Each function finds the table's slot (workbook, sheet,
  as-of). Once per recalculation — Excel's `AfterCalculate` and `SheetChange` events, hooked in the add-in's
  `ThisWorkbook`, advance a generation counter — a slot reads the used range of the table's sheet, of 催款规则 and
  of 函件归档 (one `Value` read each; the table's cells that call these functions count by their formula, so
  their own results are no change), and compares them, with Excel's today, to what it last sent. Only when
  something differs does it make one call to Python (`TABLE_OUTCOMES`, plain arrays, no Range objects, with the
  table's merged ranges), which returns the five values of every row as `dunning board` computes them. Every
  other call picks its row's value from the slot. Without the events (a reset VBA project) every call
  compares: slower, never stale.
- `dunning_excel` (what the functions ask of Excel itself: the workbook of a sheet, a sibling sheet, the date
  system, and xlwings' server, kept in a module variable and started once). Tests run `dunning_functions` in
  LibreOffice Basic with a stand-in for this module (tests/excel/libreoffice_basic.py): what LibreOffice 7.4
  refuses is avoided in the module itself (Optional passed on as Optional, members read through Object
  variables, `Any` not a name, `MergeCells` of a partly merged range guarded).

The long form `=DUNNING_STAGE($A4:$Q4,$A$3:$Q$3,基准日,催款规则表[,跟进记录!$A$1:$I$500])` (rows that hold formulas:
Excel orders a calculation by arguments only) and `DUNNING_BOARD` stay: they pass their arguments' values (the log
only when given) and are not volatile.

The project's code page (1252) cannot hold Chinese: texts are UTF-16 code units in hex, turned into text by `U`.
"""

from __future__ import annotations

from dunning.addin_build.ribbon_vba import hex_units
from dunning.core.fields import ARCHIVE_SHEET, FOLLOW_UP_SHEET
from dunning.core.rules_sheet import SHEET as RULES_SHEET

FUNCTIONS_MODULE = "dunning_functions"
EXCEL_MODULE = "dunning_excel"
UDF_MODULE = "dunning.excel.udfs"
TABLE_FUNCTION = "TABLE_OUTCOMES"
ROW_FUNCTIONS = ("DUNNING_STAGE", "DUNNING_NEXT_ACTION", "DUNNING_DAYS_OVERDUE", "DUNNING_LATE_FEE",
                 "DUNNING_ACTION_DUE")  # fmt: skip  # the columns of TABLE_OUTCOMES' rows, in this order
SLOTS = 8
NOT_A_CELL = "请给本行的一个单元格，如 =DUNNING_STAGE(A4)"

_LOGIC = r"""Attribute VB_Name = "dunning_functions"
' The dunning worksheet functions: =DUNNING_STAGE(A4) and its siblings (see dunning.addin_build.function_vba).
Option Explicit

Private Const SLOTS As Long = {slots}
Private SlotKey(1 To SLOTS) As String
Private SlotInputs(1 To SLOTS) As Variant
Private SlotOutputs(1 To SLOTS) As Variant
Private SlotTop(1 To SLOTS) As Long
Private SlotSeen(1 To SLOTS) As Long
Private SlotUsed(1 To SLOTS) As Long
Private Generation As Long
Private Clock As Long
Public Watching As Boolean

' Excel's events (ThisWorkbook): a cell changed or a calculation ended, so the next recalculation compares again.
Public Sub Changed()
    Generation = Generation + 1
End Sub

{row_functions}
Public Function DUNNING_BOARD(Table As Variant, Optional AsOf As Variant, Optional Rules As Variant, _
                              Optional Log As Variant) As Variant
    On Error GoTo Failed
    DUNNING_BOARD = CallPython("DUNNING_BOARD", Array(ValueOf(Table), ValueOf(AsOf), ValueOf(Rules), ValueOf(Log)))
    Exit Function
Failed:
    DUNNING_BOARD = Err.Description
End Function

Private Function Outcome(Which As Long, Name As String, Cell As Variant, Optional Header As Variant, _
                         Optional AsOf As Variant, Optional Rules As Variant, Optional Log As Variant) As Variant
    On Error GoTo Failed
    If Not IsMissing(Header) Then
        Application.Volatile False
        Outcome = CallPython(Name, Array(ValueOf(Cell), ValueOf(Header), ValueOf(AsOf), ValueOf(Rules), ValueOf(Log)))
        Exit Function
    End If
    Application.Volatile True
    If TypeName(Cell) <> "Range" Then
        Outcome = U("{not_a_cell}")
        Exit Function
    End If
    Dim Target As Object, Day As Variant, S As Long
    Set Target = Cell
    Day = ValueOf(AsOf)
    S = Slot(Target.Worksheet, Day)
    Outcome = Picked(S, Target.Row, Which)
    Exit Function
Failed:
    Outcome = Err.Description
End Function

' The slot of the table on Sheet (as of Day), compared with the workbook once per recalculation.
Private Function Slot(Sheet As Object, Day As Variant) As Long
    Dim Key As String, S As Long, Oldest As Long
    Key = BookName(Sheet) & "|" & Sheet.Name & "|" & CStr(Day)
    Clock = Clock + 1
    Oldest = 1
    For S = 1 To SLOTS
        If SlotKey(S) = Key Then Exit For
        If SlotUsed(S) < SlotUsed(Oldest) Then Oldest = S
    Next S
    If S > SLOTS Then
        S = Oldest
        SlotKey(S) = Key
        SlotInputs(S) = Empty
        SlotOutputs(S) = Empty
    End If
    SlotUsed(S) = Clock
    If SlotSeen(S) <> Generation Or Not Watching Or IsEmpty(SlotInputs(S)) Then Refresh S, Sheet, Day
    Slot = S
End Function

' Compare the values of the table, the rules sheet, the archive sheet and the log, and today, with those of the last
' answer; only if any differs, ask Python once. A cell holding one of these functions counts by its formula, not
' its result: the functions' own results (a DUNNING_STAGE column beside the table) never count as a change.
Private Sub Refresh(S As Long, Sheet As Object, Day As Variant)
    Dim Inputs As Variant, Table As Variant, R As Variant, A As Variant, F As Variant
    On Error GoTo Failed
    Table = Used(Sheet)
    R = Used(SheetOf(Sheet, U("{rules_sheet}")))
    A = Used(SheetOf(Sheet, U("{archive_sheet}")))
    F = Used(SheetOf(Sheet, U("{follow_up_sheet}")))
    Inputs = Array(BookName(Sheet), Sheet.Name, Masked(Sheet, Table), R, A, Day, Date, Is1904(Sheet), F)
    If Not Same(Inputs, SlotInputs(S)) Then
        SlotInputs(S) = Empty
        SlotOutputs(S) = CallPython("{table_function}", Array(Inputs(0), Inputs(1), Table(0), Table(1), Table(2), _
                                    R(0), R(1), R(2), A(0), A(1), A(2), Day, Inputs(6), Inputs(7), _
                                    Merges(Sheet, Table), F(0), F(1), F(2)))
        SlotTop(S) = Table(0)
        SlotInputs(S) = Inputs
    End If
    SlotSeen(S) = Generation
    Exit Sub
Failed:
    SlotOutputs(S) = Err.Description
    SlotInputs(S) = Empty
    SlotSeen(S) = Generation
End Sub

Private Function Picked(S As Long, RowNumber As Long, Which As Long) As Variant
    Dim I As Long
    If Not IsArray(SlotOutputs(S)) Then
        Picked = SlotOutputs(S)
        Exit Function
    End If
    If Dimensions(SlotOutputs(S)) = 1 Then ' a one-row answer: CallUDF hands it over as a 1-D array
        If RowNumber = SlotTop(S) Then Picked = SlotOutputs(S)(LBound(SlotOutputs(S)) + Which - 1) Else Picked = ""
        Exit Function
    End If
    I = RowNumber - SlotTop(S) + LBound(SlotOutputs(S), 1)
    If RowNumber < SlotTop(S) Or I > UBound(SlotOutputs(S), 1) Then
        Picked = ""
    Else
        Picked = SlotOutputs(S)(I, LBound(SlotOutputs(S), 2) + Which - 1)
    End If
End Function

' A sheet's used range: its first row, first column and values; (0, 0, Empty) when there is no such sheet.
Private Function Used(Sheet As Object) As Variant
    If Sheet Is Nothing Then
        Used = Array(0, 0, Empty)
    Else
        With Sheet.UsedRange
            Used = Array(.Row, .Column, .Value)
        End With
    End If
End Function

' The table as compared: the formula in place of the result of each cell that calls one of these functions.
Private Function Masked(Sheet As Object, Table As Variant) As Variant
    Dim Formulas As Variant, Values As Variant, I As Long, J As Long
    Values = Table(2)
    If IsArray(Values) Then
        Formulas = Sheet.UsedRange.Formula
        For I = LBound(Values, 1) To UBound(Values, 1)
            For J = LBound(Values, 2) To UBound(Values, 2)
                If InStr(1, Formulas(I, J), "DUNNING_", vbTextCompare) > 0 Then Values(I, J) = Formulas(I, J)
            Next J
        Next I
    End If
    Masked = Array(Table(0), Table(1), Values)
End Function

' The merged ranges of the table ("top,left,bottom,right;" in sheet rows and columns), found from the blank
' cells a merge leaves after its first cell; "" at once when the used range holds no merged cell.
Private Function Merges(Sheet As Object, Table As Variant) As String
    Dim I As Long, J As Long, Found As String, Key As String, Values As Variant, Here As Object, Area As Object
    Dim Merged As Variant
    Values = Table(2)
    If Not IsArray(Values) Then Exit Function
    On Error Resume Next ' Excel: False (no merged cell), True or Null (some); LibreOffice may raise for "some"
    Merged = Sheet.UsedRange.MergeCells
    If Err.Number <> 0 Then Merged = Null
    On Error GoTo 0
    If VarType(Merged) = vbBoolean Then
        If Not Merged Then Exit Function
    End If
    Found = ";"
    For I = LBound(Values, 1) To UBound(Values, 1)
        For J = LBound(Values, 2) To UBound(Values, 2)
            If IsEmpty(Values(I, J)) Then
                Set Here = Sheet.Cells(Table(0) + I - LBound(Values, 1), Table(1) + J - LBound(Values, 2))
                If Here.MergeCells Then
                    Set Area = Here.MergeArea
                    Key = Area.Row & "," & Area.Column & "," & (Area.Row + Area.Rows.Count - 1) & "," & _
                          (Area.Column + Area.Columns.Count - 1) & ";"
                    If InStr(Found, ";" & Key) = 0 Then Found = Found & Key
                End If
            End If
        Next J
    Next I
    Merges = Mid(Found, 2)
End Function

Private Function ValueOf(Optional Given As Variant) As Variant
    Dim Source As Object
    If IsMissing(Given) Then
        ValueOf = Empty
    ElseIf IsObject(Given) Then
        Set Source = Given
        ValueOf = Source.Value
    Else
        ValueOf = Given
    End If
End Function

' Same values in the same places (arrays of one or two dimensions, nested), same types: text compares exactly.
Private Function Same(A As Variant, B As Variant) As Boolean
    Dim I As Long, J As Long
    If IsArray(A) <> IsArray(B) Then Exit Function
    If Not IsArray(A) Then
        Same = SameValue(A, B)
        Exit Function
    End If
    If Dimensions(A) <> Dimensions(B) Then Exit Function
    If LBound(A, 1) <> LBound(B, 1) Or UBound(A, 1) <> UBound(B, 1) Then Exit Function
    If Dimensions(A) = 1 Then
        For I = LBound(A, 1) To UBound(A, 1)
            If Not Same(A(I), B(I)) Then Exit Function
        Next I
    Else
        If LBound(A, 2) <> LBound(B, 2) Or UBound(A, 2) <> UBound(B, 2) Then Exit Function
        For I = LBound(A, 1) To UBound(A, 1)
            For J = LBound(A, 2) To UBound(A, 2)
                If Not SameValue(A(I, J), B(I, J)) Then Exit Function
            Next J
        Next I
    End If
    Same = True
End Function

Private Function SameValue(A As Variant, B As Variant) As Boolean
    If VarType(A) <> VarType(B) Then Exit Function
    If IsError(A) Or IsEmpty(A) Or IsNull(A) Then
        SameValue = (CStr(A) = CStr(B)) Or IsEmpty(A) Or IsNull(A)
    Else
        SameValue = (A = B)
    End If
End Function

Private Function Dimensions(A As Variant) As Long
    Dim Bound As Long
    On Error GoTo Done
    Bound = UBound(A, 2)
    Dimensions = 2
    Exit Function
Done:
    Dimensions = 1
End Function

Private Function U(ByVal Units As String) As String
    Dim Unit As Variant
    For Each Unit In Split(Units, " ")
        U = U & ChrW(CLng("&H" & Unit))
    Next Unit
End Function
"""

_ROW_FUNCTION = """Public Function {name}(Cell As Variant, Optional Header As Variant, Optional AsOf As Variant, _
                  Optional Rules As Variant, Optional Log As Variant) As Variant
    {name} = Outcome({which}, "{name}", Cell, Header, AsOf, Rules, Log)
End Function
"""

_EXCEL = r"""Attribute VB_Name = "dunning_excel"
' What dunning_functions asks of Excel itself (see dunning.addin_build.function_vba).
Option Explicit

Private Server As Object

Public Function BookName(Sheet As Object) As String
    BookName = Sheet.Parent.FullName
End Function

Public Function SheetOf(Sheet As Object, Name As String) As Object
    On Error Resume Next
    Set SheetOf = Sheet.Parent.Worksheets(Name)
End Function

Public Function Is1904(Sheet As Object) As Boolean
    Is1904 = Sheet.Parent.Date1904
End Function

' One call of a function of dunning.excel.udfs with plain values: xlwings' server, started once and kept; no workbook
' and no caller are handed over, so Python has nothing to call back into Excel with.
Public Function CallPython(Name As String, Args As Variant) As Variant
    If Server Is Nothing Then Set Server = XLPy
    On Error GoTo Again
    CallPython = Server.CallUDF("{udf_module}", Name, Args, Nothing, Nothing)
    Exit Function
Again:
    Set Server = XLPy
    CallPython = Server.CallUDF("{udf_module}", Name, Args, Nothing, Nothing)
End Function
"""


THISWORKBOOK_HEADER = (  # the template's ThisWorkbook attributes, kept
    'Attribute VB_Name = "ThisWorkbook"',
    'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"',
    "Attribute VB_GlobalNameSpace = False",
    "Attribute VB_Creatable = False",
    "Attribute VB_PredeclaredId = True",
    "Attribute VB_Exposed = True",
    "Attribute VB_TemplateDerived = False",
    "Attribute VB_Customizable = True",
)
_THISWORKBOOK = r"""' Excel's events tell dunning_functions when to compare the workbooks again (see dunning.addin_build.function_vba).
Option Explicit

Private WithEvents App As Application

Private Sub Workbook_Open()
    Watch
End Sub

Public Sub Watch()
    Set App = Application
    dunning_functions.Watching = True
    dunning_functions.Changed
End Sub

Private Sub App_SheetChange(ByVal Sh As Object, ByVal Target As Range)
    dunning_functions.Changed
End Sub

Private Sub App_AfterCalculate()
    dunning_functions.Changed
End Sub

Private Sub App_WorkbookOpen(ByVal Wb As Workbook)
    dunning_functions.Changed
End Sub
"""


def thisworkbook_vba_text() -> str:
    """The add-in's ThisWorkbook module: the template's attributes, then the event hook."""
    return _crlf("\n".join(THISWORKBOOK_HEADER) + "\n" + _THISWORKBOOK)


def functions_vba_text() -> str:
    """`dunning_functions`' source, CRLF line endings, as VBA stores it."""
    rows = "\n".join(_ROW_FUNCTION.format(name=name, which=which) for which, name in enumerate(ROW_FUNCTIONS, 1))
    text = _LOGIC.format(
        slots=SLOTS,
        row_functions=rows,
        not_a_cell=hex_units(NOT_A_CELL),
        rules_sheet=hex_units(RULES_SHEET),
        archive_sheet=hex_units(ARCHIVE_SHEET),
        follow_up_sheet=hex_units(FOLLOW_UP_SHEET),
        table_function=TABLE_FUNCTION,
    )
    return _crlf(text)


def excel_vba_text() -> str:
    """`dunning_excel`'s source, CRLF line endings."""
    return _crlf(_EXCEL.format(udf_module=UDF_MODULE))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")
