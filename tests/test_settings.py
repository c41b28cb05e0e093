"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_without_secrets():
    result = _check({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_starts_with_secrets():
    from cryptography.fernet import Fernet

    result = _check(
        {
            "SECRET_KEY": "x" * 60,
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "FIELD_HASH_KEY": "h" * 40,
            "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert result.returncode == 0, result.stderr
