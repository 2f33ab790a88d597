Attribute VB_Name = "xlwings_udfs"
Function DUNNING_ACTION_DUE(cell_or_row, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_ACTION_DUE = XLPy.CallUDF("dunning.udfs", "DUNNING_ACTION_DUE", Array(cell_or_row, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_ACTION_DUE = XLPy.CallUDF("dunning.udfs", "DUNNING_ACTION_DUE", Array(cell_or_row, as_of))
        Exit Function
    #End If
failed:
    DUNNING_ACTION_DUE = Err.Description
End Function

Function DUNNING_BOARD(table, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_BOARD = XLPy.CallUDF("dunning.udfs", "DUNNING_BOARD", Array(table, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_BOARD = XLPy.CallUDF("dunning.udfs", "DUNNING_BOARD", Array(table, as_of))
        Exit Function
    #End If
failed:
    DUNNING_BOARD = Err.Description
End Function

Function DUNNING_DAYS_OVERDUE(cell_or_row, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_DAYS_OVERDUE = XLPy.CallUDF("dunning.udfs", "DUNNING_DAYS_OVERDUE", Array(cell_or_row, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_DAYS_OVERDUE = XLPy.CallUDF("dunning.udfs", "DUNNING_DAYS_OVERDUE", Array(cell_or_row, as_of))
        Exit Function
    #End If
failed:
    DUNNING_DAYS_OVERDUE = Err.Description
End Function

Function DUNNING_LATE_FEE(cell_or_row, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_LATE_FEE = XLPy.CallUDF("dunning.udfs", "DUNNING_LATE_FEE", Array(cell_or_row, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_LATE_FEE = XLPy.CallUDF("dunning.udfs", "DUNNING_LATE_FEE", Array(cell_or_row, as_of))
        Exit Function
    #End If
failed:
    DUNNING_LATE_FEE = Err.Description
End Function

Function DUNNING_NEXT_ACTION(cell_or_row, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_NEXT_ACTION = XLPy.CallUDF("dunning.udfs", "DUNNING_NEXT_ACTION", Array(cell_or_row, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_NEXT_ACTION = XLPy.CallUDF("dunning.udfs", "DUNNING_NEXT_ACTION", Array(cell_or_row, as_of))
        Exit Function
    #End If
failed:
    DUNNING_NEXT_ACTION = Err.Description
End Function

Function DUNNING_STAGE(cell_or_row, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DUNNING_STAGE = XLPy.CallUDF("dunning.udfs", "DUNNING_STAGE", Array(cell_or_row, as_of), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        DUNNING_STAGE = XLPy.CallUDF("dunning.udfs", "DUNNING_STAGE", Array(cell_or_row, as_of))
        Exit Function
    #End If
failed:
    DUNNING_STAGE = Err.Description
End Function

