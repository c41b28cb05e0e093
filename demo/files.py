"""The demo data files (``data/demo/*.toml``): one file per kind of record, read with the standard
library's TOML parser. Plain Python, no Django, so the builder stays a pure function of the files."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# The demo app never ships (it runs from the source tree), so the data sits beside it, not in a package.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def load(name: str) -> dict[str, Any]:
    """The parsed contents of ``data/demo/<name>.toml`` (``name`` may hold a sub-folder: ``cms/news``)."""
    with (DATA_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
