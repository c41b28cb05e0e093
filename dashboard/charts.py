"""Server-side SVG chart geometry: turns a table into bars, axis ticks and an optional target line.

The template ``dashboard/includes/chart.html`` draws the result; colours come from classes in
``static/css/site.css`` with presentation-attribute fallbacks, so the page needs no script, no
inline style and no third-party library.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 720
BAR_AREA_LEFT = 180  # room for the longest label, 残疾人就业岗位社保补贴 at 13px
BAR_AREA_RIGHT = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: float
    text_y: int
    value_x: float


def _number(value) -> float:
    if value is None or isinstance(value, str):
        return 0.0
    return float(value)


def bar_chart(table: dict, *, label_key: str, value_key: str, percent: bool = False,
              target: Decimal | None = None) -> dict:
    """Horizontal bars, one per table row (the total row is not drawn)."""
    values = [_number(r[value_key]) for r in table["rows"]]
    top = 1.0 if percent else max(values + [1.0])
    span = WIDTH - BAR_AREA_LEFT - BAR_AREA_RIGHT
    bars = []
    for i, (row, value) in enumerate(zip(table["rows"], values, strict=True)):
        y = TOP + i * ROW_HEIGHT
        width = round(span * min(value, top) / top, 1)
        if percent:
            text = "—" if row[value_key] is None else f"{value * 100:.1f}%"
        else:
            text = str(row[value_key])
        bars.append(Bar(str(row[label_key]), text, y, width, y + BAR_HEIGHT - 4,
                        BAR_AREA_LEFT + width + 6))
    height = TOP * 2 + len(bars) * ROW_HEIGHT
    target_x = None if target is None else round(BAR_AREA_LEFT + span * float(target) / top, 1)
    return {
        "id": f"chart-{table['key']}",
        "title": table["title"],
        "summary": table["summary"],
        "width": WIDTH,
        "height": height,
        "left": BAR_AREA_LEFT,
        "bars": bars,
        "bar_height": BAR_HEIGHT,
        "axis_bottom": height - TOP,
        "target_x": target_x,
        "target_label": None if target is None else f"目标 {float(target) * 100:.0f}%",
    }


def dashboard_charts(tables: dict[str, dict]) -> dict[str, dict]:
    """One chart per table that has a natural bar form, keyed like the tables."""
    charts = {
        "employment": bar_chart(tables["employment"], label_key="town", value_key="rate", percent=True,
                                target=tables["employment"]["target"]),
        "placements_month": bar_chart(tables["placements_month"], label_key="month", value_key="placements"),
        "placements_category": bar_chart(tables["placements_category"], label_key="category",
                                         value_key="placements"),
        "graduates": bar_chart(tables["graduates"], label_key="town", value_key="rate", percent=True,
                               target=tables["graduates"]["target"]),
        "quota": bar_chart(tables["quota"], label_key="town", value_key="approved"),
        "funnel": bar_chart(tables["funnel"], label_key="stage", value_key="count"),
        "families": bar_chart(tables["families"], label_key="town", value_key="rate", percent=True,
                              target=tables["families"]["target"]),
        "subsidies": bar_chart(tables["subsidies"], label_key="programme", value_key="amount"),
        "training": bar_chart(tables["training"], label_key="town", value_key="employed"),
    }
    return charts
