"""The project's own files, for the tests that read the source (where a rule is written, what a
template or a doc says, what the code imports).

One walk per process, shared by those tests, that does not descend into what is not the project's
source: the virtual environment (tens of thousands of files), var/, test artifacts, caches and build
output. Each test still applies its own filter (``tests/`` excluded or not, which suffixes).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = {".git", ".venv", "var", "artifacts", "media", "static_collected", "node_modules", "build", "dist",
              "__pycache__"}


def _pruned(name: str) -> bool:
    return name in NOT_SOURCE or name.endswith(".egg-info") or (name.startswith(".") and name != ".ci")


@lru_cache(maxsize=1)
def _walk() -> tuple[tuple[str, Path], ...]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if not _pruned(d))
        for name in sorted(files):
            path = Path(folder, name)
            found.append((path.relative_to(ROOT).as_posix(), path))
    return tuple(found)


def project_files(*suffixes: str) -> list[tuple[str, Path]]:
    """(path relative to the root, path) of every project file with one of ``suffixes`` (all if none)."""
    return [(rel, path) for rel, path in _walk() if not suffixes or path.suffix in suffixes]
