"""SVG chart geometry: bars proportional to the values, the target line where the target is. Pure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dashboard import charts
from dashboard import indicators as ind
from dashboard.indicators import PlacementRow, SeekerRow


def test_percent_bars_and_target_line():
    towns = {1: "鼓楼街道", 2: "石碶街道"}
    seekers = [SeekerRow(i, 1 if i <= 4 else 2, date(1990, 1, 1), "physical", False) for i in range(1, 7)]
    placements = [PlacementRow(i, 1, "physical", date(2025, 1, 1), None, None) for i in (1, 2, 3)]
    table = ind.employment_rate(towns, seekers, placements, date(2025, 12, 31))
    chart = charts.bar_chart(table, label_key="town", value_key="rate", percent=True, target=Decimal("0.60"))
    span = charts.WIDTH - charts.BAR_AREA_LEFT - charts.BAR_AREA_RIGHT
    gulou, shiqi = chart["bars"]
    assert (gulou.label, gulou.value_text, gulou.width) == ("鼓楼街道", "75.0%", round(span * 0.75, 1))
    assert (shiqi.value_text, shiqi.width) == ("0.0%", 0)
    assert chart["target_x"] == round(charts.BAR_AREA_LEFT + span * 0.6, 1)
    assert chart["target_label"] == "目标 60%" and chart["summary"] == table["summary"]


def test_count_bars_scale_to_the_largest():
    table = ind.placements_by_month([PlacementRow(1, 1, "vision", date(2025, m, 1), None, None)
                                     for m in (3, 3, 3, 3, 7)], 2025)
    chart = charts.bar_chart(table, label_key="month", value_key="placements")
    span = charts.WIDTH - charts.BAR_AREA_LEFT - charts.BAR_AREA_RIGHT
    widths = {b.label: b.width for b in chart["bars"]}
    assert widths["3月"] == span and widths["7月"] == round(span / 4, 1) and widths["1月"] == 0
    assert len(chart["bars"]) == 12 and chart["target_x"] is None
    assert chart["height"] == 2 * charts.TOP + 12 * charts.ROW_HEIGHT
