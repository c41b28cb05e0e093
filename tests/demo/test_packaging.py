"""The demo app stays out of production: only the dev and test settings install it, the production
settings cannot run ``seed_demo``, the wheel's package list has no demo package, and no packaged
module imports it."""

from __future__ import annotations

import ast
import os
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parent.parent.parent


def _packages() -> list[str]:
    """What setuptools puts in the wheel and sdist, from pyproject.toml's [tool.setuptools.packages.find]
    (namespace packages included, as setuptools does by default for pyproject configuration)."""
    find = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]
    return find_namespace_packages(where=str(ROOT), include=find.get("include", ["*"]), exclude=find.get("exclude", []))


def test_dev_and_test_settings_install_the_demo_app():
    assert "demo" in settings.INSTALLED_APPS
    from config.settings import dev

    assert "demo" in dev.INSTALLED_APPS


def test_base_settings_do_not_install_the_demo_app():
    from config.settings import base

    assert "demo" not in base.INSTALLED_APPS


def test_production_settings_have_no_demo_app_and_no_seed_demo():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    })
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.management import get_commands\n"
        "print(sorted(a for a in settings.INSTALLED_APPS if a.split('.')[0] == 'demo'), 'seed_demo' in get_commands())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[] False"


def test_the_wheel_has_no_demo_package():
    packages = _packages()
    assert {"config", "employment", "matching", "cms", "dashboard"} <= set(packages)
    assert not [p for p in packages if p == "demo" or p.startswith("demo.")]


def test_no_packaged_module_imports_the_demo_app():
    importers = []
    for package in _packages():
        for path in (ROOT / package.replace(".", "/")).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                if any(n == "demo" or n.startswith("demo.") for n in names):
                    importers.append(str(path.relative_to(ROOT)))
    assert importers == []
