"""Evaluating a parsed formula the way Excel's calculation does, for the small language of
`formula_parser`: references (a reference stays a reference until a value is needed, so `IF` can hand
one to a function), defined names, `IF`, `IFERROR`, `TODAY`, `NOW`, `SUM`, `AND`, `OR`, `NOT`,
`ISBLANK`, `DATE`, operators with Excel's coercions, and calls of the worksheet functions of loaded
add-ins. A function name Excel does not know gives `#NAME?`; an Excel function the stand-in does not
evaluate raises `NotModelled` rather than giving a wrong answer.

A multi-cell reference where one value is needed is reduced by implicit intersection (the cell in the
formula's row or column), as Excel does for formulas entered with `Range.Formula`
(https://learn.microsoft.com/office/vba/api/excel.range.formula2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from excel_standin.addresses import Area
from excel_standin.com import NotModelled
from excel_standin.formula_parser import Binary, Bool, Call, Err, Missing, NameRef, Node, Num, Ref, Str, Unary
from excel_standin.values import ExcelError, general_number, serial

VOLATILE_FUNCTIONS = frozenset({"TODAY", "NOW", "RAND", "RANDBETWEEN", "OFFSET", "INDIRECT", "CELL", "INFO"})
EXCEL_FUNCTIONS_NOT_MODELLED = frozenset({
    "VLOOKUP", "HLOOKUP", "XLOOKUP", "INDEX", "MATCH", "SUMIF", "SUMIFS", "COUNTIF", "COUNTIFS", "COUNT", "COUNTA",
    "AVERAGE", "MIN", "MAX", "ROUND", "TEXT", "VALUE", "LEFT", "RIGHT", "MID", "LEN", "CONCATENATE", "TRIM", "ABS",
    "EDATE", "EOMONTH", "DATEDIF", "NETWORKDAYS", "WORKDAY", "YEAR", "MONTH", "DAY", "FILTER", "SORT", "UNIQUE",
    "SEQUENCE", "LET", "LAMBDA", "ROW", "COLUMN", "ROWS", "COLUMNS", "ISERROR", "ISNUMBER", "ISTEXT", "IFNA",
    "CHOOSE", "SUBTOTAL", "SUMPRODUCT", "RAND", "RANDBETWEEN", "OFFSET", "INDIRECT", "CELL", "INFO",
})  # fmt: skip

Scalar = float | str | bool | ExcelError | None


@dataclass(frozen=True)
class RefValue:
    sheet: Any  # the Worksheet model
    area: Area


@dataclass(frozen=True)
class ArrayValue:
    rows: tuple[tuple[Scalar, ...], ...]


MISSING = object()  # an omitted argument


class Engine(Protocol):
    def sheet_named(self, book: Any, name: str) -> Any: ...
    def cell_value(self, sheet: Any, row: int, column: int) -> Scalar: ...
    def area_values(self, sheet: Any, area: Area) -> tuple[tuple[Scalar, ...], ...]: ...
    def name_formula(self, book: Any, name: str) -> Node | None: ...
    def today(self) -> date: ...
    def now(self) -> datetime: ...
    def call_udf(self, context: Context, name: str, args: list[object]) -> object: ...
    def has_udf(self, name: str) -> bool: ...


@dataclass
class Context:
    engine: Engine
    book: Any
    sheet: Any
    row: int
    column: int


def evaluate(node: Node, ctx: Context) -> object:
    """A node's value: a scalar, a `RefValue` or an `ArrayValue`."""
    if isinstance(node, Num | Str | Bool):
        return node.value
    if isinstance(node, Err):
        return node.error
    if isinstance(node, Missing):
        return MISSING
    if isinstance(node, Ref):
        sheet = ctx.sheet if node.sheet is None else ctx.engine.sheet_named(ctx.book, node.sheet)
        return ExcelError.REF if sheet is None else RefValue(sheet, node.area)
    if isinstance(node, NameRef):
        formula = ctx.engine.name_formula(ctx.book, node.name)
        return ExcelError.NAME if formula is None else evaluate(formula, ctx)
    if isinstance(node, Unary):
        value = number(scalar(evaluate(node.operand, ctx), ctx))
        if isinstance(value, ExcelError):
            return value
        return -value if node.op == "-" else value / 100 if node.op == "%" else value
    if isinstance(node, Binary):
        return _binary(node.op, scalar(evaluate(node.left, ctx), ctx), scalar(evaluate(node.right, ctx), ctx))
    return _call(node, ctx)


def scalar(value: object, ctx: Context) -> Scalar:
    """One value where one is needed: a reference by implicit intersection, an array by its first item."""
    if value is MISSING:
        return None
    if isinstance(value, RefValue):
        area = value.area
        if area.rows == 1 and area.columns == 1:
            return ctx.engine.cell_value(value.sheet, area.top, area.left)
        if area.columns == 1 and area.top <= ctx.row <= area.bottom:
            return ctx.engine.cell_value(value.sheet, ctx.row, area.left)
        if area.rows == 1 and area.left <= ctx.column <= area.right:
            return ctx.engine.cell_value(value.sheet, area.top, ctx.column)
        return ExcelError.VALUE
    if isinstance(value, ArrayValue):
        return value.rows[0][0] if value.rows and value.rows[0] else ExcelError.VALUE
    return value  # type: ignore[return-value]


def number(value: Scalar) -> float | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return ExcelError.VALUE


def text(value: Scalar) -> str | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return general_number(value)
    return value


def truth(value: Scalar) -> bool | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        return ExcelError.VALUE
    return bool(value)


_RANK = {float: 0, str: 1, bool: 2}


def _compare(left: Scalar, right: Scalar) -> int:
    """Excel's order: numbers < text < logicals; text without case; a blank is 0, "" or FALSE."""
    if left is None:
        left = "" if isinstance(right, str) else False if isinstance(right, bool) else 0.0
    if right is None:
        right = "" if isinstance(left, str) else False if isinstance(left, bool) else 0.0
    if type(left) is not type(right):
        return -1 if _RANK[type(left)] < _RANK[type(right)] else 1
    if isinstance(left, str):
        left, right = left.lower(), str(right).lower()
    return (left > right) - (left < right)  # type: ignore[operator]


def _binary(op: str, left: Scalar, right: Scalar) -> Scalar:
    if op == "&":
        first, second = text(left), text(right)
        if isinstance(first, ExcelError):
            return first
        return second if isinstance(second, ExcelError) else first + second
    if op in ("=", "<>", "<", ">", "<=", ">="):
        for value in (left, right):
            if isinstance(value, ExcelError):
                return value
        order = _compare(left, right)
        return {"=": order == 0, "<>": order != 0, "<": order < 0, ">": order > 0, "<=": order <= 0,
                ">=": order >= 0}[op]  # fmt: skip
    a, b = number(left), number(right)
    if isinstance(a, ExcelError):
        return a
    if isinstance(b, ExcelError):
        return b
    if op == "/" and b == 0:
        return ExcelError.DIV0
    operations: dict[str, Callable[[float, float], float]] = {
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "/": lambda x, y: x / y,
        "^": lambda x, y: x**y,
    }  # fmt: skip
    return operations[op](a, b)


def _values(args: Sequence[object], ctx: Context) -> list[Scalar]:
    """Every value of the arguments, references and arrays flattened."""
    out: list[Scalar] = []
    for arg in args:
        if isinstance(arg, RefValue):
            out += [v for row in ctx.engine.area_values(arg.sheet, arg.area) for v in row]
        elif isinstance(arg, ArrayValue):
            out += [v for row in arg.rows for v in row]
        elif arg is not MISSING:
            out.append(arg)  # type: ignore[arg-type]
    return out


def _call(node: Call, ctx: Context) -> object:
    name, args = node.name, node.args
    if name == "IF":
        if not 1 <= len(args) <= 3:
            return ExcelError.VALUE
        condition = truth(scalar(evaluate(args[0], ctx), ctx))
        if isinstance(condition, ExcelError):
            return condition
        branch = args[1] if condition else args[2] if len(args) == 3 else None
        if branch is None or isinstance(branch, Missing):
            return condition if branch is None else 0.0
        return evaluate(branch, ctx)
    if name == "IFERROR":
        first = evaluate(args[0], ctx)
        return evaluate(args[1], ctx) if isinstance(scalar(first, ctx), ExcelError) else first
    if name == "TODAY":
        return float(int(serial(ctx.engine.today())))
    if name == "NOW":
        return serial(ctx.engine.now())
    if name in ("SUM", "AND", "OR", "NOT", "ISBLANK", "DATE"):
        return _simple(name, [evaluate(arg, ctx) for arg in args], ctx)
    if ctx.engine.has_udf(name):
        return ctx.engine.call_udf(ctx, name, [evaluate(arg, ctx) for arg in args])
    if name in EXCEL_FUNCTIONS_NOT_MODELLED:
        raise NotModelled("worksheet function", name)
    return ExcelError.NAME  # a function neither Excel nor a loaded add-in defines


def _simple(name: str, args: list[object], ctx: Context) -> Scalar:
    if name == "ISBLANK":
        return scalar(args[0], ctx) is None if args else ExcelError.VALUE
    if name == "DATE":
        parts = [number(scalar(a, ctx)) for a in args]
        if len(parts) != 3 or any(isinstance(p, ExcelError) for p in parts):
            return ExcelError.VALUE
        year, month, day = (int(p) for p in parts)  # type: ignore[arg-type]
        return serial(date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)) + day - 1
    if name == "NOT":
        value = truth(scalar(args[0], ctx)) if args else ExcelError.VALUE
        return value if isinstance(value, ExcelError) else not value
    values = _values(args, ctx)
    if (error := next((v for v in values if isinstance(v, ExcelError)), None)) is not None:
        return error
    if name == "SUM":
        return float(sum(v for v in values if isinstance(v, float)))
    truths = [bool(v) for v in values if isinstance(v, float | bool)]
    if not truths:
        return ExcelError.VALUE
    return all(truths) if name == "AND" else any(truths)


def references(node: Node, resolve_name: Callable[[str], Node | None], is_volatile_udf: Callable[[str], bool],
               seen: frozenset[str] = frozenset()) -> tuple[list[Ref], bool]:  # fmt: skip
    """The references a formula depends on (through defined names too) and whether it is volatile."""
    refs: list[Ref] = []
    volatile = False
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            refs.append(item)
        elif isinstance(item, NameRef) and item.name.upper() not in seen:
            target = resolve_name(item.name)
            if target is not None:
                inner, inner_volatile = references(target, resolve_name, is_volatile_udf, seen | {item.name.upper()})
                refs += inner
                volatile = volatile or inner_volatile
        elif isinstance(item, Call):
            volatile = volatile or item.name in VOLATILE_FUNCTIONS or is_volatile_udf(item.name)
            stack += list(item.args)
        elif isinstance(item, Unary):
            stack.append(item.operand)
        elif isinstance(item, Binary):
            stack += [item.left, item.right]
    return refs, volatile
