"""A small parser for Excel formulas in A1 style (the language `Range.Formula` speaks, en-US).

Covered: numbers, strings (`""` escapes), TRUE/FALSE, error literals, cell and area references with
`$`, whole columns/rows, sheet names bare or quoted (`'合同执行情况'!A3:Q306`, `催款规则!$B$4`),
defined names, function calls with empty arguments, and the operators `+ - * / ^ & = <> < > <= >= %`
with Excel's precedence. `shifted` moves relative references the way Excel does when one formula is
entered into many cells at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from excel_standin.addresses import Area, column_letter, column_number, parse_area
from excel_standin.values import ExcelError


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Bool:
    value: bool


@dataclass(frozen=True)
class Err:
    error: ExcelError


@dataclass(frozen=True)
class Ref:
    sheet: str | None
    area: Area


@dataclass(frozen=True)
class NameRef:
    name: str


@dataclass(frozen=True)
class Missing:
    pass


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Num | Str | Bool | Err | Ref | NameRef | Missing | Call | Unary | Binary


class FormulaSyntaxError(ValueError):
    pass


_CELLPART = r"\$?[A-Za-z]{1,3}\$?\d{1,7}"
_REF = re.compile(
    rf"({_CELLPART}(?::{_CELLPART})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}|\$?\d{{1,7}}:\$?\d{{1,7}})(?![\w(\u4e00-\u9fff])"
)
_WORD = re.compile(r"[A-Za-z_\\\u4e00-\u9fff][\w.\u4e00-\u9fff]*")
_NUMBER = re.compile(r"(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ERROR = re.compile(r"#(N/A|REF!|NAME\?|VALUE!|DIV/0!|NUM!|NULL!|SPILL!)", re.IGNORECASE)
_OPERATORS = ("<>", "<=", ">=", "+", "-", "*", "/", "^", "&", "=", "<", ">", "%", ",", "(", ")")


@dataclass(frozen=True)
class Token:
    kind: str  # num, str, bool, err, ref, name, func, op
    text: str
    start: int
    end: int
    sheet: str | None = None


def tokens(formula: str) -> list[Token]:
    text = formula[1:] if formula.startswith("=") else formula
    offset = len(formula) - len(text)
    out: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char == '"':
            j = i + 1
            while True:
                j = text.find('"', j)
                if j < 0:
                    raise FormulaSyntaxError(f"unclosed string in {formula}")
                if text[j + 1 : j + 2] == '"':
                    j += 2
                    continue
                break
            out.append(Token("str", text[i + 1 : j].replace('""', '"'), offset + i, offset + j + 1))
            i = j + 1
            continue
        if char == "'":
            j = i + 1
            while True:
                j = text.find("'", j)
                if j < 0:
                    raise FormulaSyntaxError(f"unclosed sheet name in {formula}")
                if text[j + 1 : j + 2] == "'":
                    j += 2
                    continue
                break
            if text[j + 1 : j + 2] != "!":
                raise FormulaSyntaxError(f"a quoted sheet name must be followed by ! in {formula}")
            sheet = text[i + 1 : j].replace("''", "'")
            i = _sheet_ref(text, j + 2, sheet, offset, out, formula, i)
            continue
        if (m := _ERROR.match(text, i)) is not None:
            out.append(Token("err", m.group(0).upper(), offset + i, offset + m.end()))
            i = m.end()
            continue
        if (m := _REF.match(text, i)) is not None and text[m.end() : m.end() + 1] != "!":
            out.append(Token("ref", m.group(0), offset + i, offset + m.end()))
            i = m.end()
            continue
        if (m := _NUMBER.match(text, i)) is not None:
            out.append(Token("num", m.group(0), offset + i, offset + m.end()))
            i = m.end()
            continue
        if (m := _WORD.match(text, i)) is not None or char == "$":
            word_end = m.end() if m is not None else i
            if text[word_end : word_end + 1] == "!" and m is not None:
                i = _sheet_ref(text, word_end + 1, m.group(0), offset, out, formula, i)
                continue
            if m is None:
                raise FormulaSyntaxError(f"unexpected $ in {formula}")
            word = m.group(0)
            rest = text[word_end:].lstrip()
            kind = "func" if rest.startswith("(") else "bool" if word.upper() in ("TRUE", "FALSE") else "name"
            out.append(Token(kind, word, offset + i, offset + word_end))
            i = word_end
            continue
        op = next((op for op in _OPERATORS if text.startswith(op, i)), None)
        if op is None:
            raise FormulaSyntaxError(f"unexpected {char!r} in {formula}")
        out.append(Token("op", op, offset + i, offset + i + len(op)))
        i += len(op)
    return out


def _sheet_ref(text: str, at: int, sheet: str, offset: int, out: list[Token], formula: str, start: int) -> int:
    m = _REF.match(text, at)
    if m is None:
        raise FormulaSyntaxError(f"no reference after {sheet}! in {formula}")
    out.append(Token("ref", m.group(0), offset + start, offset + m.end(), sheet=sheet))
    return m.end()


class _Parser:
    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.tokens = tokens(formula)
        self.i = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaSyntaxError(f"formula ends early: {self.formula}")
        self.i += 1
        return token

    def is_op(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.text in ops

    def parse(self) -> Node:
        node = self.comparison()
        if self.peek() is not None:
            raise FormulaSyntaxError(f"unexpected {self.peek().text!r} in {self.formula}")  # type: ignore[union-attr]
        return node

    def binary(self, ops: tuple[str, ...], inner: str) -> Node:
        operand: Callable[[], Node] = getattr(self, inner)
        node = operand()
        while self.is_op(*ops):
            op = self.take().text
            node = Binary(op, node, operand())
        return node

    def comparison(self) -> Node:
        return self.binary(("=", "<>", "<", ">", "<=", ">="), "concat")

    def concat(self) -> Node:
        return self.binary(("&",), "additive")

    def additive(self) -> Node:
        return self.binary(("+", "-"), "term")

    def term(self) -> Node:
        return self.binary(("*", "/"), "power")

    def power(self) -> Node:
        return self.binary(("^",), "unary")

    def unary(self) -> Node:
        if self.is_op("-", "+"):
            op = self.take().text
            return Unary(op, self.unary())
        node = self.primary()
        while self.is_op("%"):
            self.take()
            node = Unary("%", node)
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return Num(float(token.text))
        if token.kind == "str":
            return Str(token.text)
        if token.kind == "bool":
            return Bool(token.text.upper() == "TRUE")
        if token.kind == "err":
            return Err(ExcelError.from_text(token.text) or ExcelError.VALUE)
        if token.kind == "ref":
            area = parse_area(token.text)
            if area is None:
                raise FormulaSyntaxError(f"bad reference {token.text} in {self.formula}")
            return Ref(token.sheet, area)
        if token.kind == "name":
            return NameRef(token.text)
        if token.kind == "func":
            self.take()  # (
            args: list[Node] = []
            if self.is_op(")"):
                self.take()
                return Call(token.text.upper(), ())
            while True:
                args.append(Missing() if self.is_op(",", ")") else self.comparison())
                closing = self.take()
                if closing.text == ")":
                    return Call(token.text.upper(), tuple(args))
                if closing.text != ",":
                    raise FormulaSyntaxError(f"expected , or ) in {self.formula}")
        if token.kind == "op" and token.text == "(":
            node = self.comparison()
            if self.take().text != ")":
                raise FormulaSyntaxError(f"expected ) in {self.formula}")
            return node
        raise FormulaSyntaxError(f"unexpected {token.text!r} in {self.formula}")


def parse(formula: str) -> Node:
    """`=IF(A1="",TODAY(),A1)` → its syntax tree."""
    return _Parser(formula).parse()


_PART = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})")


def shifted(formula: str, rows: int, columns: int) -> str:
    """The formula as Excel writes it `rows` down and `columns` right: relative parts move, `$` parts stay."""
    if not formula.startswith("="):
        return formula

    def move(m: re.Match[str]) -> str:
        col_abs, letters, row_abs, digits = m.groups()
        column = column_number(letters) + (0 if col_abs else columns)
        row = int(digits) + (0 if row_abs else rows)
        if column < 1 or row < 1:
            return "#REF!"
        return f"{col_abs}{column_letter(column)}{row_abs}{row}"

    out, last = [], 0
    for token in tokens(formula):
        if token.kind != "ref":
            continue
        body_start = token.end - len(token.text)
        out.append(formula[last:body_start])
        out.append(_PART.sub(move, token.text))
        last = token.end
    out.append(formula[last:])
    return "".join(out)
