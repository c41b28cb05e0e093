"""Strength checks for the secrets production runs on: SECRET_KEY, FIELD_ENCRYPTION_KEYS (Fernet keys
for personal data at rest) and FIELD_HASH_KEY (HMAC key for identity-number look-up hashes).

Plain Python, no Django: ``key_problems`` returns one sentence per problem — what is wrong and what
to do — and ``config/settings/production.py`` refuses to start if there is any. The development keys
(``dev_key``, ``DEV_SECRET_KEY``) live here too, so dev settings and the production check use the
same values and a dev key can never slip into production.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

DEV_SECRET_KEY = "dev-only-insecure-key-shuguang"  # noqa: S105 - the development key production refuses
DEV_KEY_LABELS = ("fernet", "hmac")
SECRET_KEY_MIN_LENGTH = 50
HASH_KEY_MIN_BYTES = 32
MIN_DISTINCT_CHARACTERS = 10  # a random hex key of 32+ characters has 16 with near certainty
MIN_DISTINCT_KEY_BYTES = 16  # 32 random bytes have about 30 distinct values
# Words of placeholder values ("change-me", "example-secret"…): never in a generated key.
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "example", "placeholder", "insecure", "dev-only",
                     "not-a-real", "secret-key", "password")
# Values that have appeared in this repository's tests and documentation.
KNOWN_SAMPLES = frozenset({
    "deploy-check-hash-key",
    "ZmFrZS1rZXktZm9yLWRlcGxveS1jaGVjay0zMmJ5dGU=",
})

GENERATE_FERNET = (
    ".venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)
GENERATE_RANDOM_TEXT = ".venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))'"


def dev_key(label: str) -> str:
    """The key dev and test settings derive for ``label`` (a valid Fernet key, public by construction)."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"shuguang-dev-{label}".encode()).digest()).decode()


def _dev_values() -> set[str]:
    return {DEV_SECRET_KEY, *(dev_key(label) for label in DEV_KEY_LABELS)}


def _periodic(value: str) -> bool:
    """Whether the value is a shorter string repeated (``abcabcabc…``)."""
    return any(value == (value[:n] * (len(value) // n + 1))[: len(value)] for n in range(1, len(value) // 2 + 1))


def _weak_text(value: str) -> str:
    """Why a text secret is guessable, or ''."""
    if value in KNOWN_SAMPLES:
        return "is a sample value from this project's tests or documentation"
    lowered = value.lower()
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return "looks like a placeholder (it contains a word such as change-me, example or insecure)"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return f"has fewer than {MIN_DISTINCT_CHARACTERS} different characters"
    if _periodic(value):
        return "is a short pattern repeated"
    return ""


def _fernet_key_problem(key: str) -> str:
    """Why ``key`` is not a usable Fernet key, or ''."""
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32 or base64.urlsafe_b64encode(raw).decode() != key:
        return "is not a Fernet key (32 random bytes in URL-safe base64, 44 characters ending in '=')"
    if key in KNOWN_SAMPLES:
        return "is a sample value from this project's tests or documentation"
    if len(set(raw)) < MIN_DISTINCT_KEY_BYTES or all(32 <= b < 127 for b in raw):
        return "was not made from random bytes (its 32 bytes are repetitive or plain text)"
    return ""


def key_problems(*, secret_key: str, encryption_keys: list[str], hash_key: str) -> list[str]:
    """Every reason the given secrets are unfit for production, each saying what to do (empty: fit)."""
    problems: list[str] = []
    dev = _dev_values()
    new_fernet = f"Generate a new key with: {GENERATE_FERNET}"
    new_secret = f"Generate one with: {GENERATE_RANDOM_TEXT}"

    if secret_key in dev or secret_key.startswith("django-insecure"):
        problems.append(f"SECRET_KEY is the development key. {new_secret}")
    elif len(secret_key) < SECRET_KEY_MIN_LENGTH:
        problems.append(f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters. {new_secret}")
    elif reason := _weak_text(secret_key):
        problems.append(f"SECRET_KEY {reason}. {new_secret}")

    for position, key in enumerate(encryption_keys, start=1):
        which = f"FIELD_ENCRYPTION_KEYS item {position}"
        if key in dev:
            problems.append(
                f"{which} is the development key, which anyone with the source code can derive. {new_fernet} "
                "— then, if data was already encrypted with the development key, list it after the new key, "
                "run manage.py rotate_field_keys and remove it."
            )
        elif reason := _fernet_key_problem(key):
            problems.append(f"{which} {reason}. {new_fernet}")
    if len(set(encryption_keys)) != len(encryption_keys):
        problems.append("FIELD_ENCRYPTION_KEYS lists the same key twice. Remove the repeated key.")

    new_hash = f"Generate one with: {GENERATE_RANDOM_TEXT}"
    if hash_key in dev:
        problems.append(
            f"FIELD_HASH_KEY is the development key. {new_hash} (before any real data is entered: look-up "
            "hashes cannot be recomputed under a new key without the plain numbers)."
        )
    elif len(hash_key.encode()) < HASH_KEY_MIN_BYTES:
        problems.append(f"FIELD_HASH_KEY must be at least {HASH_KEY_MIN_BYTES} bytes long. {new_hash}")
    elif reason := _weak_text(hash_key):
        problems.append(f"FIELD_HASH_KEY {reason}. {new_hash}")

    # Listed in the order to change them: SECRET_KEY costs only sessions, an encryption key is rotated
    # with a command, the hash key cannot be changed once hashes exist.
    purposes = {"SECRET_KEY": {secret_key}, "FIELD_ENCRYPTION_KEYS": set(encryption_keys), "FIELD_HASH_KEY": {hash_key}}
    names = list(purposes)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            if (purposes[first] & purposes[second]) - {""}:
                how = (f"{new_secret}." if first == "SECRET_KEY" else
                       f"{new_fernet}, put it first in FIELD_ENCRYPTION_KEYS, run manage.py rotate_field_keys and "
                       "remove the shared key.")
                problems.append(
                    f"{first} and {second} share a value; each purpose needs its own key, so that one leaking "
                    f"does not expose the other. Give {first} a new value. {how}"
                )
    return problems
