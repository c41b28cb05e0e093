"""Production settings refuse to start without their secrets, and with weak ones (config/key_checks.py):
each bad value is tried in a fresh interpreter that imports the production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from config.key_checks import DEV_SECRET_KEY, dev_key

ROOT = Path(__file__).resolve().parent.parent
SECRETS = {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}
SERVICES = {"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}


def _env(env_extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra})
    return env


def _check(env_extra: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=_env(env_extra), capture_output=True, text=True,
        timeout=120,
    )


def _import_production(env_extra: dict) -> subprocess.CompletedProcess:
    """Import the production settings module alone (what every process does first)."""
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"], cwd=ROOT, env=_env(env_extra),
        capture_output=True, text=True, timeout=120,
    )


def strong_keys() -> dict:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(48),
        **SERVICES,
    }


def test_production_refuses_without_secrets():
    result = _check(SERVICES)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_starts_with_secrets():
    result = _check(strong_keys())
    assert result.returncode == 0, result.stderr


def test_production_starts_with_two_encryption_keys_during_rotation():
    keys = strong_keys()
    keys["FIELD_ENCRYPTION_KEYS"] = f"{Fernet.generate_key().decode()},{keys['FIELD_ENCRYPTION_KEYS']}"
    result = _import_production(keys)
    assert result.returncode == 0, result.stderr


_shared = Fernet.generate_key().decode()
_secret = secrets.token_urlsafe(64)

# (what is set, what the message must say: the problem and what to do)
WEAK = {
    "dev SECRET_KEY": ({"SECRET_KEY": DEV_SECRET_KEY}, ["SECRET_KEY is the development key", "token_urlsafe"]),
    "short SECRET_KEY": ({"SECRET_KEY": secrets.token_urlsafe(20)}, ["at least 50 characters", "token_urlsafe"]),
    "one-character SECRET_KEY": ({"SECRET_KEY": "x" * 60}, ["SECRET_KEY has fewer than 10 different", "token_urlsafe"]),
    "repeated-pattern SECRET_KEY": ({"SECRET_KEY": "abcdefghijkl" * 5}, ["SECRET_KEY is a short pattern repeated"]),
    "placeholder SECRET_KEY": (
        {"SECRET_KEY": "please-change-me-" + secrets.token_urlsafe(40)}, ["SECRET_KEY looks like a placeholder"]),
    "dev encryption key": (
        {"FIELD_ENCRYPTION_KEYS": dev_key("fernet")},
        ["FIELD_ENCRYPTION_KEYS item 1 is the development key", "Fernet.generate_key", "rotate_field_keys"]),
    "dev key as the old key": (
        {"FIELD_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{dev_key('fernet')}"},
        ["FIELD_ENCRYPTION_KEYS item 2 is the development key"]),
    "not a Fernet key": (
        {"FIELD_ENCRYPTION_KEYS": "my-encryption-key-1234567890"},
        ["FIELD_ENCRYPTION_KEYS item 1 is not a Fernet key", "Fernet.generate_key"]),
    "text as a Fernet key": (
        {"FIELD_ENCRYPTION_KEYS": "ZmFrZS1rZXktZm9yLWRlcGxveS1jaGVjay0zMmJ5dGU="},
        ["FIELD_ENCRYPTION_KEYS item 1 is a sample value"]),
    "all-zero Fernet key": (
        {"FIELD_ENCRYPTION_KEYS": "A" * 43 + "="}, ["FIELD_ENCRYPTION_KEYS item 1 was not made from random bytes"]),
    "same encryption key twice": (
        {"FIELD_ENCRYPTION_KEYS": f"{_shared},{_shared}"}, ["lists the same key twice"]),
    "dev hash key": ({"FIELD_HASH_KEY": dev_key("hmac")}, ["FIELD_HASH_KEY is the development key", "token_urlsafe"]),
    "short hash key": ({"FIELD_HASH_KEY": secrets.token_urlsafe(16)}, ["FIELD_HASH_KEY must be at least 32 bytes"]),
    "one-character hash key": ({"FIELD_HASH_KEY": "h" * 40}, ["FIELD_HASH_KEY has fewer than 10 different"]),
    "sample hash key": ({"FIELD_HASH_KEY": "deploy-check-hash-key"}, ["FIELD_HASH_KEY must be at least 32 bytes"]),
    "hash key is SECRET_KEY": (
        {"SECRET_KEY": _secret, "FIELD_HASH_KEY": _secret},
        ["SECRET_KEY and FIELD_HASH_KEY share a value", "Give SECRET_KEY a new value"]),
    "hash key is an encryption key": (
        {"FIELD_ENCRYPTION_KEYS": _shared, "FIELD_HASH_KEY": _shared},
        ["FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY share a value", "rotate_field_keys"]),
}


@pytest.mark.parametrize("case", list(WEAK))
def test_production_refuses_a_weak_key(case):
    bad, expected = WEAK[case]
    result = _import_production({**strong_keys(), **bad})
    assert result.returncode != 0, f"{case}: production settings accepted {bad}"
    assert "ImproperlyConfigured" in result.stderr and "Production settings refuse these keys" in result.stderr
    for text in expected:
        assert text in result.stderr, f"{case}: {text!r} not in {result.stderr[-1500:]}"
    for value in bad.values():  # the message names the problem, never the secret itself
        assert value not in result.stderr


def test_production_refuses_the_test_encoder():
    result = _import_production({**strong_keys(), "MATCHING_EMBEDDING_MODEL": "hashing"})
    assert result.returncode != 0
    assert "MATCHING_EMBEDDING_MODEL=hashing" in result.stderr
    assert _import_production({**strong_keys(), "MATCHING_EMBEDDING_MODEL": ""}).returncode == 0
