"""Haishu's 17 towns and sub-districts (街道/镇/乡) and the distance between them.

The reference table is ``data/towns.json`` (approximate centroids; the Django seed reads it too).
Names, codes and names without the 街道/镇/乡 suffix are all accepted.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TOWNS_FILE = Path(__file__).resolve().parents[2] / "data" / "towns.json"
# Centroids closer than this are "neighbouring" (相邻) for the explanation and the distance score.
NEIGHBOUR_KM = 7.0


@dataclass(frozen=True)
class Town:
    name: str
    code: str
    lat: float
    lon: float
    type: str


@cache
def towns() -> dict[str, Town]:
    """All towns by name, in the order of the reference list."""
    rows = json.loads(TOWNS_FILE.read_text(encoding="utf-8"))
    return {row["name"]: Town(**row) for row in rows}


@cache
def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for town in towns().values():
        aliases[town.name] = town.name
        aliases[town.code] = town.name
        short = town.name.removesuffix(town.type)
        if short:
            aliases[short] = town.name
    return aliases


def normalise_town(value: str | None) -> str | None:
    """The canonical town name for a name, code or short name; ``None`` when unknown or empty."""
    if value is None:
        return None
    return _aliases().get(str(value).strip())


def distance_km(a: str | None, b: str | None) -> float | None:
    """Great-circle distance between two towns' centroids, ``None`` when either is unknown."""
    ta = towns().get(normalise_town(a) or "")
    tb = towns().get(normalise_town(b) or "")
    if ta is None or tb is None:
        return None
    if ta.name == tb.name:
        return 0.0
    lat1, lon1, lat2, lon2 = map(math.radians, (ta.lat, ta.lon, tb.lat, tb.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
