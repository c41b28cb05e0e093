"""Encryption at rest and keyed look-up hashes for identity numbers (resident ID, certificate).

Values are encrypted with Fernet (AES-128-CBC + HMAC). ``FIELD_ENCRYPTION_KEYS`` lists keys newest
first: the first encrypts, every key decrypts, so a key is rotated by prepending a new one, re-encrypting
every row with ``rotate`` (a management command for that is still to be written), then dropping
the old key.
Look-ups and duplicate detection use an HMAC-SHA256 of the normalised value under ``FIELD_HASH_KEY``,
so a database dump reveals neither the number nor a hash that can be brute-forced without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key was dropped before rotation finished: an operator error
        raise ImproperlyConfigured("Cannot decrypt a personal-data field with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key."""
    return _current().rotate(token.encode()).decode()


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised identity number, for unique constraints and duplicate checks."""
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code sees the plain value."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
