"""Local development and `make demo`: SQLite under var/, eager Celery, console email."""

import hashlib

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-shuguang"  # noqa: S105 - dev settings only


def _dev_key(label: str) -> str:
    import base64

    return base64.urlsafe_b64encode(hashlib.sha256(f"shuguang-dev-{label}".encode()).digest()).decode()


FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[_dev_key("fernet")])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default=_dev_key("hmac"))

# ---- Staff second factor: dev only ----
# Off here so `make demo`'s printed demo accounts sign in with their password alone; set
# STAFF_2FA_REQUIRED=true to try the enrolment and verification pages locally. Production ignores
# this variable (config/settings/production.py always enforces the second factor).
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=False)
