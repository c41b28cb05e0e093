"""Production: refuses to start without its secrets; passes `manage.py check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from config.key_checks import key_problems

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, SECRET_KEY, env

DEBUG = False

_missing = [
    name
    for name, value in [
        ("SECRET_KEY", SECRET_KEY),
        ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS),
        ("FIELD_HASH_KEY", FIELD_HASH_KEY),
        ("DATABASE_URL", env("DATABASE_URL", default="")),
        ("CELERY_BROKER_URL", CELERY_BROKER_URL),
    ]
    if not value
]
if _missing:
    raise ImproperlyConfigured(f"Production settings need these environment variables: {', '.join(_missing)}")

# ---- key strength (issue 13): no dev, sample, short, low-entropy or shared keys (config/key_checks.py) ----
_key_problems = key_problems(secret_key=SECRET_KEY, encryption_keys=FIELD_ENCRYPTION_KEYS, hash_key=FIELD_HASH_KEY)
if _key_problems:
    raise ImproperlyConfigured(
        "Production settings refuse these keys:\n- " + "\n- ".join(_key_problems)
        + "\nSet them in the environment (or .env) and restart; see README \"Configuration\"."
    )
# ---- end of key strength ----

# The hashing encoder (matching/encoder/hashing.py) makes the tests fast and is blind to meaning: a site
# that matches people never runs on it.
if env("MATCHING_EMBEDDING_MODEL", default="").strip().lower() == "hashing":
    raise ImproperlyConfigured(
        "Production settings refuse MATCHING_EMBEDDING_MODEL=hashing: it is the tests' encoder and does not "
        "match by meaning. Unset it (the project's encoder) or name a real model; see docs/matching.md."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Staff sign in with a second factor, always: no environment variable turns this off here. A staff
# member who lost both the phone and the recovery codes is reset with `manage.py two_factor_reset`.
STAFF_2FA_REQUIRED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
