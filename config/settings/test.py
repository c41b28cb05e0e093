"""Test settings: the same stack as dev; DATABASE_URL / CELERY_BROKER_URL from CI pick the real services."""

from .dev import *  # noqa: F403
from .dev import VAR_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MATCHING_INDEX_DIR = env.path("MATCHING_INDEX_DIR", default=str(VAR_DIR / "test-index"))
# Tests that are not about the worker run tasks in-process; the worker integration tests start a
# real worker against CELERY_BROKER_URL and switch eager mode off for their duration.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Process-local cache in tests: login-throttle tests clear it, which must never flush the Redis
# database the Celery broker uses.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shuguang-test"}}
# The locmem cache lives for the whole test session, so state keyed on it would leak between tests
# (user ids repeat): the login limit is high unless a test (tests/security/) sets it. (Form tokens are
# random per rendered form, so the duplicate-submit guard stays on.)
LOGIN_FAILURE_LIMIT = 1000
