"""The district's towns and streets (镇街) as reference data: ``towns_load`` creates or updates the
``Town`` rows from ``data/towns.json`` (code, name, kind, coordinates, order). Used by
``manage.py seed_towns`` on a production site and by the demo."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Town

TOWNS_FILE = Path(settings.BASE_DIR) / "data" / "towns.json"


@transaction.atomic
def towns_load(*, path: Path = TOWNS_FILE) -> dict[str, Town]:
    """Create or update the Town rows from the file (matched by code); returns them by name."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    towns: dict[str, Town] = {}
    for position, row in enumerate(rows):
        town, _ = Town.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["type"],
                "latitude": row["lat"],
                "longitude": row["lon"],
                "sort_order": position,
            },
        )
        towns[town.name] = town
    return towns
