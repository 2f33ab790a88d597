"""The COM layer: what pywin32 hands to xlwings in place of Excel's objects, and the log of every call.

pywin32 gives Python a `CDispatch` for each Excel object; reading or setting a property or calling a
method is a round trip to Excel. `Dispatch` here plays that part for the model objects of the
stand-in: each access is recorded (`Call`), model objects coming back are wrapped again, and a member
the stand-in does not model raises `NotModelled` (a `com_error`, DISP_E_UNKNOWNNAME) naming it, so a
test shows what is missing instead of passing on a silent no-op. COM member names are
case-insensitive (https://learn.microsoft.com/windows/win32/api/oaidl/nf-oaidl-idispatch-getidsofnames),
so `rng.value` finds `Value`.

`OleObject` plays pywin32's raw `PyIDispatch` (`_oleobj_`): xlwings asks it for the type's IID to tell
a Range argument from a value (`is_range_instance`), and the xlwings COM server turns it into a
`CDispatch` (`FromVariant`).
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

IDISPATCH_IID = "{00020400-0000-0000-C000-000000000046}"
DISP_E_UNKNOWNNAME = -2147352570
DISP_E_EXCEPTION = -2147352567
XL_APP_ERROR = -2146827284  # 0x800A03EC, the scode of Excel's "application-defined or object-defined error"


class ComError(Exception):
    """pywintypes.com_error: args are (hresult, strerror, excepinfo, argerror)."""

    def __init__(self, hresult: int = DISP_E_EXCEPTION, strerror: str = "Exception occurred.",
                 excepinfo: tuple[Any, ...] | None = None, argerror: int | None = None) -> None:  # fmt: skip
        super().__init__(hresult, strerror, excepinfo, argerror)
        self.hresult, self.strerror, self.excepinfo, self.argerror = hresult, strerror, excepinfo, argerror


def excel_error(description: str) -> ComError:
    """An error raised by Excel itself (DISP_E_EXCEPTION with Excel's description and scode)."""
    return ComError(DISP_E_EXCEPTION, "Exception occurred.", (0, "Microsoft Excel", description, None, 0,
                                                              XL_APP_ERROR))  # fmt: skip


class NotModelled(ComError):  # noqa: N818 - named for what a test reads in the failure
    """A member of Excel's object model that the stand-in does not model."""

    def __init__(self, kind: str, member: str) -> None:
        text = f"Excel stand-in: {kind}.{member} is not modelled"
        super().__init__(DISP_E_UNKNOWNNAME, text, None, None)
        self.kind, self.member = kind, member

    def __str__(self) -> str:
        return self.strerror


class StandInBug(RuntimeError):
    """An AttributeError inside the model: reported as such (xlwings would retry an AttributeError forever)."""


@dataclass(frozen=True)
class UdfInvocation:
    """One call of a worksheet function into Python, and the objects handed to it as arguments."""

    function: str
    caller: str
    arguments: frozenset[int]


@dataclass(frozen=True)
class Call:
    """One COM round trip: object kind, member, get/set/call, the arguments (described), where."""

    seq: int
    kind: str
    member: str
    action: str
    args: tuple[str, ...]
    book: str | None
    sheet: str | None
    target: int
    calculation: int | None
    udf: UdfInvocation | None
    screen_updating: bool = True  # Application.ScreenUpdating when the call was made
    calculation_mode: int = -4105  # Application.Calculation when the call was made


@dataclass
class CallLog:
    calls: list[Call] = field(default_factory=list)
    not_modelled: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls)

    def mark(self) -> int:
        return len(self.calls)

    def since(self, mark: int) -> list[Call]:
        return self.calls[mark:]

    def count(self, *, kind: str | None = None, member: str | None = None, action: str | None = None,
              sheet: str | None = None, book: str | None = None, since: int = 0) -> int:  # fmt: skip
        return len(self.select(kind=kind, member=member, action=action, sheet=sheet, book=book, since=since))

    def select(self, *, kind: str | None = None, member: str | None = None, action: str | None = None,
               sheet: str | None = None, book: str | None = None, since: int = 0) -> list[Call]:  # fmt: skip
        def keep(call: Call) -> bool:
            return all(want is None or got == want for want, got in ((kind, call.kind), (member, call.member),
                       (action, call.action), (sheet, call.sheet), (book, call.book)))  # fmt: skip

        return [call for call in self.calls[since:] if keep(call)]


class ComObject:
    """Base of the model objects. COM members are the attributes whose names start with a capital
    letter: a `property` is a COM property, a method a COM method. `Item` is the default member."""

    kind: ClassVar[str] = "Object"
    iid: ClassVar[str] = IDISPATCH_IID
    _members: ClassVar[dict[str, str]]

    def __init__(self, app: Any) -> None:
        self.app = app
        self._ole: OleObject | None = None

    @property
    def ole(self) -> OleObject:
        if self._ole is None:
            self._ole = OleObject(self)
        return self._ole

    def where(self) -> tuple[str | None, str | None]:
        """(workbook name, sheet name) this object belongs to, for the call log."""
        return None, None

    def describe(self) -> str:
        return self.kind

    @classmethod
    def member(cls, name: str) -> str | None:
        if "_members" not in cls.__dict__:
            cls._members = {attr.lower(): attr for attr in dir(cls) if attr[:1].isupper()}
        return cls._members.get(name.lower())


class OleObject:
    """pywin32's PyIDispatch for a model object."""

    def __init__(self, target: ComObject) -> None:
        self.target = target

    def GetTypeInfo(self) -> TypeInfo:  # noqa: N802 - the COM name
        return TypeInfo(self.target)

    def GetIDsOfNames(self, _lcid: int, name: str) -> int:  # noqa: N802
        if self.target.member(name) is None:
            raise NotModelled(self.target.kind, name)
        return 1

    def __repr__(self) -> str:
        return f"<PyIDispatch {self.target.describe()}>"


class TypeInfo:
    def __init__(self, target: ComObject) -> None:
        self.target = target

    def GetTypeAttr(self) -> types.SimpleNamespace:  # noqa: N802
        return types.SimpleNamespace(iid=uuid.UUID(self.target.iid))

    def GetDocumentation(self, _index: int) -> tuple[str, None, int, None]:  # noqa: N802
        return self.target.kind, None, 0, None


def target_of(value: object) -> object:
    """A model object for whatever Python hands to COM: a Dispatch, an xlwings wrapper, a PyIDispatch."""
    if isinstance(value, Dispatch):
        return object.__getattribute__(value, "_target")
    if isinstance(value, OleObject):
        return value.target
    ole = getattr(value, "_oleobj_", None) if not isinstance(value, (str, int, float, list, tuple)) else None
    if isinstance(ole, OleObject):
        return ole.target
    return value


def describe(value: object) -> str:
    if isinstance(value, ComObject):
        return value.describe()
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(row, (list, tuple)) for row in value):
            return f"<array {len(value)}x{max(len(row) for row in value)}>"
        return f"<array 1x{len(value)}>" if len(value) > 8 else repr(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class Dispatch:
    """win32com.client.CDispatch for a model object: every access is a logged round trip."""

    def __init__(self, target: ComObject) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_oleobj_", target.ole)

    def __repr__(self) -> str:
        return f"<COMObject {object.__getattribute__(self, '_target').describe()}>"

    def __eq__(self, other: object) -> bool:
        return target_of(other) is object.__getattribute__(self, "_target")

    def __hash__(self) -> int:
        return id(object.__getattribute__(self, "_target"))

    def _resolve(self, name: str) -> tuple[ComObject, str]:
        target: ComObject = object.__getattribute__(self, "_target")
        member = target.member(name)
        if member is None:
            target.app.log.not_modelled.append(f"{target.kind}.{name}")
            raise NotModelled(target.kind, name)
        return target, member

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target, member = self._resolve(name)
        attr = getattr(type(target), member)
        if isinstance(attr, property):
            record(target, member, "get", ())
            return _guard(lambda: wrap(attr.fget(target)))  # type: ignore[misc]

        def invoke(_self: Dispatch, *args: Any, **kwargs: Any) -> Any:
            record(target, member, "call", args, kwargs)
            plain = [target_of(arg) for arg in args]
            named = {key: target_of(value) for key, value in kwargs.items()}
            return _guard(lambda: wrap(getattr(target, member)(*plain, **named)))

        return types.MethodType(invoke, self)

    def __setattr__(self, name: str, value: Any) -> None:
        target, member = self._resolve(name)
        attr = getattr(type(target), member)
        if not isinstance(attr, property) or attr.fset is None:
            raise NotModelled(target.kind, f"{member} (setting it)")
        record(target, member, "set", (value,))
        _guard(lambda: attr.fset(target, target_of(value)))

    def __call__(self, *args: Any) -> Any:
        target: ComObject = object.__getattribute__(self, "_target")
        if target.member("Item") is None:
            raise NotModelled(target.kind, "(default member)")
        record(target, "Item", "call", args)
        return _guard(lambda: wrap(target.Item(*[target_of(a) for a in args])))  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Any]:
        target: ComObject = object.__getattribute__(self, "_target")
        items = getattr(target, "items", None)
        if items is None:
            raise NotModelled(target.kind, "_NewEnum")
        record(target, "_NewEnum", "call", ())
        return iter([wrap(item) for item in items()])


def _guard(action: Any) -> Any:
    try:
        return action()
    except AttributeError as exc:
        raise StandInBug(f"AttributeError inside the Excel stand-in: {exc}") from exc


def wrap(value: object) -> Any:
    return Dispatch(value) if isinstance(value, ComObject) else value


def record(
    target: ComObject, member: str, action: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None
) -> None:
    app = target.app
    book, sheet = target.where()
    shown = tuple(describe(target_of(a)) for a in args)
    shown += tuple(f"{key}={describe(target_of(value))}" for key, value in (kwargs or {}).items())
    app.log.calls.append(Call(len(app.log.calls), target.kind, member, action, shown, book, sheet, id(target),
                              app.calc.number if app.calc.running else None, app.calc.udf, app.screen_updating,
                              app.calculation))  # fmt: skip
