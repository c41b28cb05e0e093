"""The docs a new engineer is pointed to exist: the README's layout names every top-level folder of
the tree (and nothing that is not there), and the code cites only documents in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.source_tree import project_files

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_TREE = {".git", ".venv", "var", "artifacts", "media", "static_collected", "node_modules", "build", "dist"}
SOURCE_SUFFIXES = {".py", ".html", ".toml", ".md", ".txt", ".json", ".cfg"}


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_layout_matches_the_tree():
    named = {m.group(1).split("/")[0] for m in re.finditer(r"^(\.?[\w-]+/)", _layout_block(), flags=re.M)}
    named |= {m.group(1) for m in re.finditer(r"^(\.ci)/", _layout_block(), flags=re.M)}
    folders = {
        p.name for p in ROOT.iterdir()
        if p.is_dir() and p.name not in NOT_IN_TREE and not p.name.endswith(".egg-info")
        and (not p.name.startswith(".") or p.name == ".ci") and not p.name.startswith("__")
    }
    assert named == folders


def test_the_code_cites_only_documents_in_the_repository():
    stale = []
    for _, path in project_files():
        rel = path.relative_to(ROOT)
        if (not path.is_file() or path.suffix not in SOURCE_SUFFIXES or rel.parts[0] in NOT_IN_TREE
                or rel.parts[0].startswith(".") or "migrations" in rel.parts or rel == Path("tests/test_docs.py")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "shared/design" in text or "constraints.txt" in text:
            stale.append(str(rel))
        for match in re.finditer(r"(?<![\w/.(\[])(policy|matching|security|operations|architecture)\.md\b", text):
            if path.parent != ROOT / "docs":  # inside docs/ a bare name is a sibling link
                stale.append(f"{rel}: {match.group(0)} (write docs/{match.group(0)})")
        for match in re.finditer(r"\bdocs/([\w-]+\.md)", text):
            if not (ROOT / "docs" / match.group(1)).exists():
                stale.append(f"{rel}: docs/{match.group(1)} does not exist")
    assert stale == []
