"""The ribbon button on Excel for Mac, as far as it can be proved without a Mac.

xlwings drives Excel for Mac through `xlwings._xlmac` (appscript), which cannot run here. What can be
proved: every engine call that xlwings' public API (`xlwings.main`, `xlwings.conversion`) makes for the
button is one `_xlmac` implements. The calls are recorded during real presses through the Excel stand-in,
where xlwings' Windows engine `xlwings._xlwindows` answers them with the same member names, and looked
up in the source of `_xlmac.py` (read with `ast`: importing it needs appscript). A member counts as
implemented when the class `_xlmac` gives (or its base in `xlwings.base_classes`) defines it in the form
used (a method, a property, a property with a setter for a set) with a body that is not just
`raise NotImplementedError`.

Not recorded: calls the engine makes on itself, calls of a worksheet function recalculating in between
(UDFs are Windows-only), and calls on `.api` objects (raw COM, `WINDOWS_COM`). The paths a press on
Windows does not take, the product's Mac branch and xlwings' own `Book.caller()` on a Mac, are listed
from reading the code (`MAC_ONLY`).
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import inspect
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from excel_standin import Call, Excel

from test_excel_button import pressed, team_book

ENGINE_MODULE = "xlwings._xlwindows"
BUTTON_MODULE, UDF_MODULE = "dunning.excel.button", "xlwings.udfs"
Shape = tuple[int, frozenset[str]]  # a call's arguments: how many positional ones (self included), which keywords
PROTOCOL = frozenset({"__call__", "__iter__", "__len__", "__contains__", "__getitem__"})  # what main uses of dunders


class Use(NamedTuple):
    """One engine member as xlwings uses it: `access` is "call", "get" or "set"."""

    cls: str
    member: str
    access: str

    @classmethod
    def of(cls, text: str) -> Use:
        """`"Range.color set"` → Use("Range", "color", "set")."""
        name, access = text.split()
        owner, member = name.split(".")
        return cls(owner, member, access)

    def __str__(self) -> str:
        return f"{self.cls}.{self.member} {self.access}"


Uses = dict[Use, set[Shape]]

# Engine calls the button makes on a Mac that a press on Windows does not show, read from the code:
MAC_ONLY = {
    # xlwings.main `Book.caller()` off Windows: `apps.active.version`, then `Book(name, from_xl=True)`,
    # which looks through `for app in apps: for wb in app.books: wb.name`.
    "xlwings Book.caller": ["Engine.apps get", "Apps.__iter__ call", "App.version get", "App.books get",
                            "Books.__iter__ call", "Book.name get"],
    # dunning/sheets/excel_api.py off Windows: `read_only` and `protected` read `book.api` and `sheet.api`
    # (then AppleScript's `read_only` / `protect_contents`, not the engine); `supported()` is False, so
    # xlwings_book.py makes no auto-filter, chart or frozen panes and paints the looks that follow a
    # value (stages, 已延误) itself, block by block (`_paint`).
    "excel_api": ["Book.api get", "Sheet.api get"],
    "xlwings_book._paint": ["Range.color set", "Range.font get", "Font.color set", "Font.bold set"],
}  # fmt: skip

# The product's own calls on `.api` objects (raw COM, dunning/sheets/excel_api.py), as the stand-in logs
# them (object, member, action). Windows only: on a Mac `read_only` and `protected` ask AppleScript instead
# and the rest (frozen panes, auto-filter, conditional formats, chart title, page setup) is not made.
WINDOWS_COM = {
    "read_only": ["Workbook.ReadOnly get"],
    "protected": ["Worksheet.ProtectContents get"],
    "freeze_panes": ["Application.ActiveWindow get", "Window.FreezePanes set", "Window.ScrollRow set",
                     "Window.ScrollColumn set", "Window.SplitRow set", "Window.SplitColumn set"],
    "auto_filter": ["Worksheet.AutoFilterMode get", "Range.AutoFilter call"],
    "colour_by_value": ["Range.FormatConditions get", "FormatConditions.Add call", "FormatCondition.Interior get",
                        "Interior.Color set", "FormatCondition.Font get", "Font.Color set", "Font.Bold set"],
    "chart_title": ["Chart.HasTitle set", "Chart.ChartTitle get", "ChartTitle.Text set", "Chart.HasLegend set"],
    "page_setup": ["Worksheet.PageSetup get", "PageSetup.PaperSize set", "PageSetup.Orientation set",
                   "PageSetup.Zoom set", "PageSetup.FitToPagesWide set", "PageSetup.FitToPagesTall set",
                   "PageSetup.PrintArea set", "PageSetup.PrintTitleRows set", "PageSetup.CenterHorizontally set",
                   "PageSetup.LeftMargin set", "PageSetup.RightMargin set", "PageSetup.TopMargin set",
                   "PageSetup.BottomMargin set"],
}  # fmt: skip


# ---- recording the engine calls of a press ------------------------------------------------------------
def engine_classes(module: types.ModuleType) -> list[type]:
    """The engine's classes: `Engine` and those built on `xlwings.base_classes` (not its COM wrappers)."""
    return [c for c in vars(module).values() if isinstance(c, type) and c.__module__ == module.__name__
            and (c.__name__ == "Engine" or any(b.__module__ == "xlwings.base_classes" for b in c.__mro__))]  # fmt: skip


def for_the_button(frame: types.FrameType | None) -> bool:
    """Called from outside the engine, while the button's code runs and no worksheet function does."""
    if frame is None or frame.f_globals.get("__name__") == ENGINE_MODULE:
        return False
    while frame is not None:
        module = frame.f_globals.get("__name__")
        if module == UDF_MODULE:
            return False
        if module == BUTTON_MODULE:
            return True
        frame = frame.f_back
    return False


def recording(owner: type, name: str, member: Any, uses: Uses) -> Any:
    """`member` (from `owner`'s class dictionary or a base's) wrapped to add its `Use` to `uses`, with the
    shape of the arguments of a call (how many positional ones, self included, and the keywords)."""

    def wrap(function: Callable[..., Any], access: str) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            if for_the_button(sys._getframe(1)):
                shapes = uses.setdefault(Use(owner.__name__, name, access), set())
                if access == "call":
                    shapes.add((len(args), frozenset(kwargs)))
            return function(*args, **kwargs)

        return recorded

    if isinstance(member, property):
        getter, setter = member.fget, member.fset
        return property(getter and wrap(getter, "get"), setter and wrap(setter, "set"))
    if isinstance(member, staticmethod | classmethod):
        return type(member)(wrap(member.__func__, "call"))
    if isinstance(member, types.FunctionType):
        return wrap(member, "call")
    return None  # a plain class attribute


@contextlib.contextmanager
def engine_calls(module: types.ModuleType) -> Iterator[Uses]:
    """Every public member (and collection dunder) of the engine's classes records its uses; put back after."""
    uses: Uses = {}
    patches = []
    for owner in engine_classes(module):
        names = {n for base in owner.__mro__[:-1] for n in vars(base) if not n.startswith("_") or n in PROTOCOL}
        for name in names:
            member = next(vars(base)[name] for base in owner.__mro__ if name in vars(base))
            wrapped = recording(owner, name, member, uses)
            if wrapped is not None:
                patches.append((owner, name, vars(owner).get(name), wrapped))
    try:
        for owner, name, _, wrapped in patches:
            setattr(owner, name, wrapped)
        yield uses
    finally:
        for owner, name, own, _ in patches:
            if own is None:
                delattr(owner, name)
            else:
                setattr(owner, name, own)


@dataclass
class Presses:
    uses: Uses
    calls: list[Call]
    boxes: list[str]


@pytest.fixture(scope="module")
def presses(tmp_path_factory: pytest.TempPathFactory) -> Presses:
    """Two presses on a copy of the sample: the first makes the letters and the board, the second finds
    the board, its chart and the archive already there."""
    folder = tmp_path_factory.mktemp("mac")
    with Excel(folder) as excel, engine_calls(excel.xlwings.xlwindows) as uses:
        mark = excel.calls.mark()
        pressed(excel, team_book(folder))
        excel.press_button()
        return Presses(uses, excel.calls.since(mark), [box.text for box in excel.message_boxes])


# ---- what _xlmac.py implements, from its source ----------------------------------------------------------
def xlwings_source(module: str) -> str:
    spec = importlib.util.find_spec("xlwings")
    assert spec is not None and spec.submodule_search_locations, "xlwings is not installed"
    return (Path(next(iter(spec.submodule_search_locations))) / f"{module}.py").read_text(encoding="utf-8")


def only_raises_not_implemented(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def assigned_to_self(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names `self.<name> = …` gives a value in the function."""
    stored = [n for n in ast.walk(function) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)]
    return {n.attr for n in stored if isinstance(n.value, ast.Name) and n.value.id == "self"}


def signature(function: ast.FunctionDef | ast.AsyncFunctionDef) -> inspect.Signature:
    """The function's parameters as `inspect` has them (a default stands as None: only its presence counts)."""
    given, kind = function.args, inspect.Parameter
    positional = [*given.posonlyargs, *given.args]
    first_default = len(positional) - len(given.defaults)
    params = [kind(arg.arg, kind.POSITIONAL_ONLY if i < len(given.posonlyargs) else kind.POSITIONAL_OR_KEYWORD,
                   default=None if i >= first_default else kind.empty) for i, arg in enumerate(positional)]  # fmt: skip
    if given.vararg:
        params.append(kind(given.vararg.arg, kind.VAR_POSITIONAL))
    params += [kind(arg.arg, kind.KEYWORD_ONLY, default=kind.empty if default is None else None)
               for arg, default in zip(given.kwonlyargs, given.kw_defaults, strict=True)]  # fmt: skip
    if given.kwarg:
        params.append(kind(given.kwarg.arg, kind.VAR_KEYWORD))
    return inspect.Signature(params)


def accepts(function: ast.FunctionDef | ast.AsyncFunctionDef, shape: Shape) -> bool:
    """Whether the function takes a call of that shape."""
    try:
        signature(function).bind(*range(shape[0]), **dict.fromkeys(shape[1]))
    except TypeError:
        return False
    return True


def definition_kind(node: ast.stmt, name: str) -> str | None:
    """How a statement of a class body defines `name`: "get", "set", "call", "attribute" or not (None)."""
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return "attribute" if any(isinstance(t, ast.Name) and t.id == name for t in targets) else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    if node.name == "__init__" and name in assigned_to_self(node):
        return "attribute"  # an instance attribute
    if node.name != name:
        return None
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id == "property":
            return "get"
        if isinstance(decorator, ast.Attribute) and decorator.attr == "setter":
            return "set"
    return "call"


class MacEngine:
    """The classes of `_xlmac.py` and of `base_classes.py` (what `_xlmac` inherits), from their source."""

    def __init__(self, mac_source: str, base_source: str) -> None:
        self.classes = {("mac", n.name): n for n in ast.parse(mac_source).body if isinstance(n, ast.ClassDef)}
        self.classes |= {("base", n.name): n for n in ast.parse(base_source).body if isinstance(n, ast.ClassDef)}

    def lineage(self, key: tuple[str, str]) -> Iterator[tuple[str, str]]:
        """The class and its bases in `_xlmac.py` / `base_classes.py`, nearest first (depth first)."""
        yield key
        for base in self.classes[key].bases:
            if isinstance(base, ast.Name) and (key[0], base.id) in self.classes:
                yield from self.lineage((key[0], base.id))
            elif isinstance(base, ast.Attribute) and ("base", base.attr) in self.classes:
                yield from self.lineage(("base", base.attr))

    def problem(self, use: Use, shapes: Iterable[Shape] = ()) -> str | None:
        """Why `_xlmac` does not implement the use (called with arguments of these shapes), or None."""
        if ("mac", use.cls) not in self.classes:
            return f"{use}: _xlmac has no class {use.cls}"
        for key in self.lineage(("mac", use.cls)):
            found = [(definition_kind(n, use.member), n) for n in self.classes[key].body]
            found = [(kind, node) for kind, node in found if kind is not None]
            if not found:
                continue
            where = f"{use}: {'_xlmac' if key[0] == 'mac' else 'base_classes'}.{key[1]}.{use.member}"
            fitting = [node for kind, node in found if kind in (use.access, "attribute")]
            if not fitting:
                return f"{where} is there but not as {use.access}"
            node = fitting[0]
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return None
            if only_raises_not_implemented(node):
                return f"{where} raises NotImplementedError (line {node.lineno})"
            refused = sorted((n, sorted(k)) for n, k in shapes if not accepts(node, (n, k)))
            return f"{where} (line {node.lineno}) does not take the arguments {refused}" if refused else None
        return f"{use}: _xlmac.{use.cls} has no member {use.member}"

    def problems(self, uses: Uses) -> list[str]:
        return [p for p in (self.problem(use, shapes) for use, shapes in sorted(uses.items())) if p is not None]


@pytest.fixture(scope="module")
def mac() -> MacEngine:
    return MacEngine(xlwings_source("_xlmac"), xlwings_source("base_classes"))


# ---- the tests -----------------------------------------------------------------------------------------
def test_the_presses_ran_and_were_recorded(presses: Presses) -> None:
    made = [text for text in presses.boxes if text.startswith("已生成")]
    assert len(made) == 2 and not made[0].startswith("已生成 0 "), presses.boxes
    wanted = {Use.of("Range.raw_value set"), Use.of("App.status_bar set")}
    assert wanted <= presses.uses.keys(), sorted(presses.uses)


def test_every_engine_call_of_a_press_is_implemented_on_mac(presses: Presses, mac: MacEngine) -> None:
    missing = mac.problems(presses.uses)
    assert not missing, "xlwings._xlmac lacks what the button uses:\n" + "\n".join(missing)


@pytest.mark.parametrize("use", [f"{use} ({path})" for path, uses in MAC_ONLY.items() for use in uses])
def test_mac_only_engine_calls_are_implemented_on_mac(use: str, mac: MacEngine) -> None:
    problem = mac.problem(Use.of(use.partition(" (")[0]))
    assert problem is None, problem


@pytest.mark.parametrize("com", [f"{call} ({f})" for f, calls in WINDOWS_COM.items() for call in calls])
def test_windows_only_com_calls_are_those_of_a_press(com: str, presses: Presses) -> None:
    """The documented list is what a press does: each of its COM calls shows in the stand-in's log."""
    call = com.partition(" (")[0]
    assert call in {f"{c.kind}.{c.member} {c.action}" for c in presses.calls if c.udf is None}


@pytest.mark.parametrize(
    ("use", "reason"),
    [
        ("Sheet.freeze_panes get", "base_classes.Sheet.freeze_panes raises NotImplementedError"),
        ("Range.remove_duplicates call", "_xlmac.Range.remove_duplicates raises NotImplementedError"),
        ("Sheet.comments get", "_xlmac.Sheet.comments raises NotImplementedError"),
        ("Range.shape set", "_xlmac.Range.shape is there but not as set"),
        ("Range.no_such_member get", "_xlmac.Range has no member no_such_member"),
        ("NoSuchClass.name get", "_xlmac has no class NoSuchClass"),
    ],
)
def test_the_check_finds_what_the_mac_engine_lacks(use: str, reason: str, mac: MacEngine) -> None:
    problem = mac.problem(Use.of(use))
    assert problem is not None and reason in problem, problem


def test_a_docstring_before_the_raise_is_still_not_implemented() -> None:
    source = "\n".join(["class Sheet:", "    @property", "    def names(self):", '        """Names."""',
                        "        raise NotImplementedError"])  # fmt: skip
    problem = MacEngine(source, "").problem(Use.of("Sheet.names get"))
    assert problem is not None and "raises NotImplementedError" in problem


def test_the_check_finds_a_call_the_mac_engine_does_not_take(mac: MacEngine) -> None:
    problem = mac.problem(Use.of("App.alert call"), [(2, frozenset({"title"}))])  # it takes five more
    assert problem is not None and "does not take the arguments" in problem, problem
    assert mac.problem(Use.of("App.alert call"), [(6, frozenset())]) is None
