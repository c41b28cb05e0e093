"""The public page's figures (/data/, 公开数据): aggregates safe to publish, small cells merged away.

Split from ``dashboard.indicators`` (which computes the staff dashboard's tables) because publishing
adds one rule of its own: no published cell below ``PUBLIC_MIN_CELL`` people. ``publishable`` and
``merge_small_towns`` apply it to any per-town table; ``public_summary`` and ``public_families``
build the public page's two tables from the dashboard's employment-rate and zero-employment-family
indicators. Plain Python over the same plain rows (``indicators.SeekerRow`` etc.), no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from .indicators import (
    HouseholdRow,
    PlacementRow,
    SeekerRow,
    employment_rate,
    rate,
    zero_employment_families,
)

PUBLIC_MIN_CELL = 5  # public figures: no cell below 5 people
SMALL = "少于5"  # what the public page says when even the district's figure is below 5


def publishable(row: Mapping, keys: Iterable[str], derived: Iterable[Callable[[Mapping], int]] = (),
                minimum: int = PUBLIC_MIN_CELL) -> bool:
    """Every count of the row, and every count derived from them, is at least ``minimum``."""
    return all(row[k] >= minimum for k in keys) and all(f(row) >= minimum for f in derived)


def merge_small_towns(
    rows: list[dict], keys: list[str], derived: tuple[Callable[[dict], int], ...] = (),
    minimum: int = PUBLIC_MIN_CELL,
) -> tuple[list[dict], list[str]]:
    """Per-town rows that are safe to publish, and the names of the towns merged away.

    A town is shown on its own only if it is ``publishable``: every count in ``keys`` — and every
    count that follows from them (``derived``, e.g. residents − employed) — is at least ``minimum``.
    A zero is small too: "0 of 8 employed" tells something about each of the 8. The other towns are
    added up into one row, 其余N个镇街合计; if that row has a small count, the smallest shown towns
    join it until it has none. Nothing is hidden inside a shown row, so no shown figure can be
    subtracted from a total to recover a small one. Returns ([], every name) when every town ends up
    merged: then only the district total may be published (if it is publishable itself).
    """

    def safe(r: dict) -> bool:
        return publishable(r, keys, derived, minimum)

    def add_up(group: list[dict]) -> dict:
        return {k: sum(r[k] for r in group) for k in keys}

    shown = [r for r in rows if safe(r)]
    merged = [r for r in rows if not safe(r)]
    while merged and shown and not safe(add_up(merged)):
        smallest = min(shown, key=lambda r: (sum(r[k] for k in keys), r["town"]))
        shown.remove(smallest)
        merged.append(smallest)
    if not shown:
        return [], [r["town"] for r in rows]
    out = [dict(r) for r in shown]
    if merged:
        out.append({"town": f"其余{len(merged)}个镇街合计", **add_up(merged)})
    order = {r["town"]: i for i, r in enumerate(rows)}
    return out, sorted((r["town"] for r in merged), key=order.__getitem__)


def public_summary(
    towns: Mapping[int, str], seekers: Iterable[SeekerRow], placements: Iterable[PlacementRow], on: date,
    year: int, bases: Mapping[int, int] | None = None,
) -> dict:
    """Working-age certified residents and how many are employed, per town, for the public page:
    aggregates only, small towns merged (``merge_small_towns``); the base said as on the dashboard."""
    placements = list(placements)
    emp = employment_rate(towns, seekers, placements, on, bases, year)
    keys = ["residents", "employed"]
    derived = (lambda r: r["residents"] - r["employed"],)
    rows, merged = merge_small_towns([{k: r[k] for k in ("town", *keys)} for r in emp["rows"]], keys, derived)
    for r in rows:
        r["rate"] = rate(r["employed"], r["residents"])
    total = {"town": "合计", **{k: emp["total"][k] for k in keys}, "rate": emp["total"]["rate"]}
    started = sum(1 for p in placements if p.contract_start.year == year)
    if not publishable(total, keys, derived):  # the whole district is small
        total = {"town": "合计", "residents": SMALL, "employed": SMALL, "rate": None}
    started_text = f"{started}人" if started >= PUBLIC_MIN_CELL else "少于5人"
    if emp["base"] == "extract":
        summary = (f"全区劳动年龄段持证残疾人{total['residents']}人（残疾人人口基础数据库{year}年数据），"
                   f"本平台记录已就业{total['employed']}人，{year}年通过平台就业{started_text}。")
        residents_label = "劳动年龄段持证残疾人（人，人口库）"
    else:
        summary = (f"在本平台登记的劳动年龄持证残疾人{total['residents']}人，已就业{total['employed']}人，"
                   f"{year}年通过平台就业{started_text}。这些数字只统计平台登记的人，不是全区的残疾人就业率。")
        residents_label = "平台登记的劳动年龄持证残疾人（人）"
    return {"key": "public", "title": emp["title"],
            "columns": [("town", "镇街"), ("residents", residents_label), ("employed", "已就业（人，平台记录）"),
                        ("rate", "就业率")],
            "rows": rows, "total": total, "summary": summary, "merged": merged, "base_note": emp["base_note"]}


def public_families(
    towns: Mapping[int, str], households: Iterable[HouseholdRow], member_placements: Iterable[PlacementRow],
    on: date,
) -> dict:
    """The zero-employment family figures for the public page, small towns merged: a town is shown
    on its own only with at least 5 families on the register, 5 with someone employed and 5 without."""
    table = zero_employment_families(towns, households, member_placements, on)
    keys = ["families", "employed", "without"]
    rows, merged = merge_small_towns([{k: r[k] for k in ("town", *keys)} for r in table["rows"]], keys)
    for r in rows:
        r["rate"] = rate(r["employed"], r["families"])
    total = table["total"]
    if not publishable(total, keys):
        total = {"town": "合计", **dict.fromkeys(keys, SMALL), "rate": None}
    summary = (f"全区在册零就业残疾人家庭{total['families']}户，已有家庭成员就业{total['employed']}户，"
               f"尚有{total['without']}户无人就业。")
    return {**table, "key": "public_families", "rows": rows, "total": total, "summary": summary, "merged": merged}
