"""Test settings: the same stack as dev; DATABASE_URL / CELERY_BROKER_URL from CI pick the real services."""

import os

from .dev import *  # noqa: F403
from .dev import VAR_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
# A worker process a services test starts gets TEST_EMAIL_BACKEND / TEST_EMAIL_FILE_PATH (the file
# backend) and TEST_SMS_BACKEND ("record"), so the test can see what it sent; everything else uses locmem.
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH", default=str(VAR_DIR / "test-mail"))
# One index folder per pytest-xdist worker (gw0, gw1 …), as each has its own test database.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MATCHING_INDEX_DIR = env.path(
    "MATCHING_INDEX_DIR", default=str(VAR_DIR / (f"test-index-{_XDIST_WORKER}" if _XDIST_WORKER else "test-index"))
)
# Private files a test writes without a temporary folder of its own (the seeded demo's evidence, say)
# go to a folder of the worker's, emptied as the session starts (tests/conftest.py) — never to the
# demo's var/private.
PRIVATE_MEDIA_ROOT = VAR_DIR / (f"test-private-{_XDIST_WORKER}" if _XDIST_WORKER else "test-private")
# The fast deterministic encoder (matching/encoder/hashing.py): no model to load, vectors in
# microseconds. Tests that load or measure the real encoder are marked ``real_encoder`` and get the
# project's default (tests/conftest.py); MATCHING_EMBEDDING_MODEL=default runs every test with it.
MATCHING_EMBEDDING_MODEL = env("MATCHING_EMBEDDING_MODEL", default="hashing")
# No preloading in a process that imports config.wsgi during the tests, unless a test asks for it.
MATCHING_PRELOAD = env.bool("MATCHING_PRELOAD", default=False)
# Tests that are not about the worker run tasks in-process; the worker integration tests start a
# real worker against CELERY_BROKER_URL and switch eager mode off for their duration.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Process-local cache in tests: duplicate-submit tests clear it, which must never flush the Redis
# database the Celery broker uses.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shuguang-test"}}
# The locmem cache lives for the whole test session, so state keyed on it would leak between tests
# (user ids repeat): sign-up limits are high unless a test (tests/security/) sets them. Login
# failures are counted in the database (django-axes), which every test rolls back, so the real
# limits apply here; form tokens are random per rendered form, so the duplicate-submit guard stays on.
SIGNUP_RATE_LIMIT = 1000
SIGNUP_CODE_RATE_LIMIT = 1000
SMS_PER_PHONE_LIMIT = 1000
PASSWORD_RESET_RATE_LIMIT = 1000
PASSWORD_RESET_CODE_RATE_LIMIT = 1000
PASSWORD_RESET_MAIL_LIMIT = 1000
SMS_BACKEND = env("TEST_SMS_BACKEND", default="locmem")
# The second factor is off, as in dev, except in the tests of the enforced path (tests/security/).
STAFF_2FA_REQUIRED = False
# SQLite: the test database is a file under var/ rather than in memory, so `make test` can keep it
# between runs (pytest-django --reuse-db applies only the migrations added since); pytest-xdist
# workers get test.sqlite3_gw0, _gw1 … PostgreSQL (DATABASE_URL) uses test_<name>, likewise suffixed.
# A throwaway database needs no durability: no fsync and the rollback journal in memory keep the file
# as fast as an in-memory database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (  # noqa: F405
        "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY"
    )
