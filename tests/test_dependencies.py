"""Every package the code imports is declared in pyproject.toml, and the lock files pin what it declares.

The code that ships (the packages `[tool.setuptools.packages.find]` includes, and manage.py) may
import only runtime dependencies; tests/ and bench/ may also import the `dev` extra. A package counts
as imported when an `import` or `from … import` names it anywhere in a file, or when the settings name
it in INSTALLED_APPS or MIDDLEWARE (Django imports those for us). A package that only arrives as
another one's dependency is not declared: an upgrade of that other package could drop it.

Imports are mapped to the distributions that provide them with importlib.metadata (no network).
The locks must pin every declared package at a version pyproject.toml allows (run `make lock` after
changing pyproject.toml), the same version in both, and torch as its CPU-only ``+cpu`` build.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from fnmatch import fnmatch
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.source_tree import project_files

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SKIPPED_DIRS = {".venv", "var", "node_modules", "build", "dist", "artifacts"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def _requirements(items: list[str]) -> list[Requirement]:
    return [r for r in map(Requirement, items) if r.marker is None or r.marker.evaluate({"extra": ""})]


RUNTIME = _requirements(PYPROJECT["project"]["dependencies"])
DEV = _requirements(PYPROJECT["project"]["optional-dependencies"]["dev"])


def _names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


def _shipped(top: str) -> bool:
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    return any(fnmatch(top, pattern) or fnmatch(f"{top}.x", pattern) for pattern in patterns)


def _python_files() -> list[Path]:
    return [
        path for _, path in project_files(".py")
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in path.relative_to(ROOT).parts[:-1])
    ]


def _local_modules() -> set[str]:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    return packages | {p.stem for p in ROOT.glob("*.py")}


def _imported_tops(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            tops.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.split(".")[0])
    return tops


@cache
def _providers() -> dict[str, list[str]]:
    return packages_distributions()


def _undeclared(top: str, allowed: set[str]) -> str | None:
    """Why importing ``top`` breaks the rule, or None when a declared distribution provides it."""
    if top in sys.stdlib_module_names or top in _local_modules() or top == "__future__":
        return None
    providers = {canonicalize_name(d) for d in _providers().get(top, [])}
    if not providers:
        return "no installed distribution provides it"
    if providers & allowed:
        return None
    return f"provided by {', '.join(sorted(providers))}, which is not declared here"


def test_every_import_is_declared():
    runtime, dev = _names(RUNTIME), _names(RUNTIME) | _names(DEV)
    problems = []
    for path in _python_files():
        rel = path.relative_to(ROOT)
        shipped = len(rel.parts) == 1 or _shipped(rel.parts[0])
        allowed = runtime if shipped else dev
        for top in sorted(_imported_tops(path)):
            if why := _undeclared(top, allowed):
                where = "project.dependencies" if shipped else "project.dependencies or the dev extra"
                problems.append(f"{rel}: imports {top}: {why} (add it to {where})")
    assert not problems, "\n".join(problems)


def test_every_app_and_middleware_the_settings_name_is_declared():
    runtime = _names(RUNTIME)
    problems = [
        f"{name}: {why}"
        for name in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]
        if (why := _undeclared(name.split(".")[0], runtime))
    ]
    assert not problems, "\n".join(problems)


def _lock(name: str) -> dict[str, Version]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pins = {}
    for entry in re.split(r"\n(?=\S)", text):
        if match := PIN.match(entry):
            assert "--hash=sha256:" in entry, f"{name}: {match[1]} has no hash"
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def test_the_locks_pin_what_pyproject_declares():
    runtime_lock, dev_lock = _lock("runtime.txt"), _lock("dev.txt")
    problems = []
    locks = (("runtime.txt", runtime_lock, RUNTIME), ("dev.txt", dev_lock, RUNTIME + DEV))
    for lock_name, lock, requirements in locks:
        for requirement in requirements:
            pinned = lock.get(canonicalize_name(requirement.name))
            if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
                problems.append(f"requirements/{lock_name} pins {requirement.name} at {pinned}, "
                                f"pyproject.toml asks for {requirement}")
    problems += [
        f"{name} is {version} in runtime.txt but {dev_lock.get(name)} in dev.txt"
        for name, version in runtime_lock.items() if dev_lock.get(name) != version
    ]
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_the_locks_take_the_cpu_only_torch():
    # PyPI's Linux torch wheel is the CUDA build (several GB of nvidia-* packages); the "+cpu" build
    # exists only as the machine's local wheel and on PyTorch's CPU index (README, "Installing").
    for name in ("runtime.txt", "dev.txt"):
        lock = _lock(name)
        assert lock["torch"].local == "cpu", f"requirements/{name} pins torch {lock['torch']}"
        assert not [pkg for pkg in lock if pkg.startswith(("nvidia-", "triton"))]
