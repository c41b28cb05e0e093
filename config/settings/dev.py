"""Local development and `make demo`: SQLite under var/, eager Celery, console email."""

from config.key_checks import DEV_SECRET_KEY
from config.key_checks import dev_key as _dev_key

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=True)
# Public development keys (derived in config/key_checks.py, which makes production refuse them).
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[_dev_key("fernet")])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default=_dev_key("hmac"))

# Text messages (sign-up codes, notifications) are recorded in the database and echoed to the console
# (employment/sms.py, backend "record"): read them in the server log or as TextMessageRecord rows.
SMS_BACKEND = env("SMS_BACKEND", default="record")

# The demo data (demo/: `manage.py seed_demo`, `make demo`, the tests): dev and test settings only, so
# production has neither the command nor the demo passwords; pyproject.toml leaves it out of the wheel.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# ---- Staff second factor: dev only ----
# Off here so `make demo`'s printed demo accounts sign in with their password alone; set
# STAFF_2FA_REQUIRED=true to try the enrolment and verification pages locally. Production ignores
# this variable (config/settings/production.py always enforces the second factor).
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=False)
