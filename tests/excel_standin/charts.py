"""Embedded charts: `Worksheet.ChartObjects()` and the Chart inside each ChartObject, with what a chart
needs to be checked afterwards: type, source range, title, legend, style. Charts are not drawn.
"""

from __future__ import annotations

from typing import Any

from excel_standin.com import ComObject, excel_error

XL_COLUMN_CLUSTERED = 51


def _box(index: int) -> property:
    """Left, Top, Width or Height of a ChartObject, in points."""

    def get(self: ChartObject) -> float:
        return self.box[index]

    def put(self: ChartObject, value: float) -> None:
        self.box[index] = float(value)

    return property(get, put)


class _OnSheet(ComObject):
    sheet: Any

    def where(self) -> tuple[str | None, str | None]:
        return self.sheet.book.name, self.sheet.name


class ChartObjects(_OnSheet):
    kind = "ChartObjects"

    def __init__(self, sheet: Any) -> None:
        super().__init__(sheet.app)
        self.sheet = sheet

    @property
    def Count(self) -> int:  # noqa: N802 - COM member names
        return len(self.sheet.charts)

    def Item(self, index: int | str) -> ChartObject:  # noqa: N802
        charts: list[ChartObject] = self.sheet.charts
        found: ChartObject | None
        if isinstance(index, str):
            found = next((c for c in charts if c.name.lower() == index.lower()), None)
        else:
            found = charts[int(index) - 1] if 1 <= int(index) <= len(charts) else None
        if found is None:
            raise excel_error("Unable to get the ChartObjects property of the Worksheet class")
        return found

    def items(self) -> list[ChartObject]:
        return list(self.sheet.charts)

    def Add(self, Left: float, Top: float, Width: float, Height: float) -> ChartObject:  # noqa: N802, N803
        self.sheet.guard(None, formats=True)
        chart = ChartObject(self.sheet, (float(Left), float(Top), float(Width), float(Height)))
        self.sheet.charts.append(chart)
        return chart

    def Delete(self) -> None:  # noqa: N802
        self.sheet.charts.clear()

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.sheet


class ChartObject(_OnSheet):
    kind = "ChartObject"

    def __init__(self, sheet: Any, box: tuple[float, float, float, float]) -> None:
        super().__init__(sheet.app)
        self.sheet = sheet
        self.name = f"Chart {sum(len(s.charts) for s in sheet.book.sheets) + 1}"
        self.box = list(box)
        self.chart = Chart(self)

    @property
    def Name(self) -> str:  # noqa: N802
        return self.name

    @Name.setter
    def Name(self, value: str) -> None:  # noqa: N802
        self.name = value

    @property
    def Chart(self) -> Chart:  # noqa: N802
        return self.chart

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.sheet

    Left, Top, Width, Height = _box(0), _box(1), _box(2), _box(3)

    def Delete(self) -> None:  # noqa: N802
        self.sheet.charts.remove(self)


class Chart(_OnSheet):
    kind = "Chart"

    def __init__(self, holder: ChartObject) -> None:
        super().__init__(holder.app)
        self.holder, self.sheet = holder, holder.sheet
        self.chart_type = XL_COLUMN_CLUSTERED
        self.source: Any = None
        self.plot_by: int | None = None
        self.has_title = False
        self.title = ""
        self.has_legend = True
        self.style = 2

    @property
    def ChartType(self) -> int:  # noqa: N802
        return self.chart_type

    @ChartType.setter
    def ChartType(self, value: int) -> None:  # noqa: N802
        self.chart_type = int(value)

    def SetSourceData(self, Source: Any, PlotBy: int | None = None) -> None:  # noqa: N802, N803
        self.source, self.plot_by = Source, PlotBy

    @property
    def HasTitle(self) -> bool:  # noqa: N802
        return self.has_title

    @HasTitle.setter
    def HasTitle(self, value: bool) -> None:  # noqa: N802
        self.has_title = bool(value)

    @property
    def ChartTitle(self) -> ChartTitle:  # noqa: N802
        if not self.has_title:
            raise excel_error("Unable to get the ChartTitle property of the Chart class")  # only while HasTitle
        return ChartTitle(self)

    @property
    def HasLegend(self) -> bool:  # noqa: N802
        return self.has_legend

    @HasLegend.setter
    def HasLegend(self, value: bool) -> None:  # noqa: N802
        self.has_legend = bool(value)

    @property
    def ChartStyle(self) -> int:  # noqa: N802
        return self.style

    @ChartStyle.setter
    def ChartStyle(self, value: int) -> None:  # noqa: N802
        self.style = int(value)

    @property
    def Parent(self) -> ChartObject:  # noqa: N802
        return self.holder


class ChartTitle(_OnSheet):
    kind = "ChartTitle"

    def __init__(self, chart: Chart) -> None:
        super().__init__(chart.app)
        self.chart, self.sheet = chart, chart.sheet

    @property
    def Text(self) -> str:  # noqa: N802
        return self.chart.title

    @Text.setter
    def Text(self, value: str) -> None:  # noqa: N802
        self.chart.title = str(value)
