"""BackHealth settings: one file, configured from the environment.

Two modes:
- local (default): plain http on 127.0.0.1, DEBUG off, SQLite unless DATABASE_URL is set.
- production (DJANGO_PRODUCTION=true): HTTPS only, HSTS, secure ``__Host-`` cookies; it
  refuses to start without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("DJANGO_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG")

_LOCAL_ONLY_KEY = "django-insecure-local-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "" if PRODUCTION else _LOCAL_ONLY_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value in production "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Behind our own proxy (deploy/nginx/): trust X-Forwarded-For and X-Forwarded-Proto, but
# only on connections from the proxy's own address(es); "unix" means gunicorn's unix socket,
# which only the proxy can open. From anyone else those headers are dropped.
BACKHEALTH_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
BACKHEALTH_TRUSTED_PROXIES = env_list("BACKHEALTH_TRUSTED_PROXIES", "127.0.0.1,::1,unix")
for _proxy in set(BACKHEALTH_TRUSTED_PROXIES) - {"unix"}:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"BACKHEALTH_TRUSTED_PROXIES: {_proxy!r} is not an address, a network or 'unix'."
        ) from error

# Request bodies: every request gets a small cap (413 page above it); only staff uploading a
# file in the admin may send up to BACKHEALTH_MAX_UPLOAD_BYTES (backhealth.limits).
BACKHEALTH_MAX_BODY_BYTES = int(os.environ.get("BACKHEALTH_MAX_BODY_BYTES", str(256 * 1024)))
BACKHEALTH_MAX_UPLOAD_BYTES = int(
    os.environ.get("BACKHEALTH_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))
)
# Django's own limit on the non-file part of a form (a wrong-sized form answers 400).
DATA_UPLOAD_MAX_MEMORY_SIZE = BACKHEALTH_MAX_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# What the site calls itself and which number people call in an emergency.
BACKHEALTH_SITE_NAME = os.environ.get("BACKHEALTH_SITE_NAME", "BackHealth")
BACKHEALTH_EMERGENCY_NUMBER = os.environ.get("BACKHEALTH_EMERGENCY_NUMBER", "911")
# A nurse advice line (811 in most of Canada): the clinic settings' default, shown on
# non-emergency results and for the articles' HEALTH_LINE token ("" hides it).
BACKHEALTH_HEALTH_LINE = os.environ.get("BACKHEALTH_HEALTH_LINE", "811")
# Content workflow: a clinician must approve before anything is published (on by default in
# production), and whether one person may approve their own change (a one-person clinic).
BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = env_bool("BACKHEALTH_REQUIRE_CLINICAL_APPROVAL", PRODUCTION)
BACKHEALTH_ALLOW_SELF_APPROVAL = env_bool("BACKHEALTH_ALLOW_SELF_APPROVAL")
# How long a saved questionnaire result stays available.
BACKHEALTH_RESULT_RETENTION_DAYS = int(os.environ.get("BACKHEALTH_RESULT_RETENTION_DAYS", "30"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "formtools",
    "reversion",
    "axes",
    "backhealth",
    "clinical",
    "articles",
    "assessment",
]

MIDDLEWARE = [
    "backhealth.middleware.TrustedProxyMiddleware",
    "backhealth.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "backhealth.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "backhealth.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backhealth.limits.BodySizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "backhealth.urls"
WSGI_APPLICATION = "backhealth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "backhealth.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite by default (tuned so several gunicorn workers share it without
# "database is locked"), PostgreSQL in production through DATABASE_URL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Keep each worker's connection: opening one costs a file open and the PRAGMAs.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches (backhealth/caches.py). None of them can take the site down:
# - "default": rendered library pages. Each process's memory, or Redis (REDIS_URL) shared by
#   every worker; an unreachable Redis means pages render uncached.
# - "search": rendered search pages, each process's memory only: at most 200 pages of
#   at most articles.searchcache.MAX_SEARCH_PAGE_BYTES, whatever people type.
# - "shared": counters every worker must see (rate limits, the library's content version): a
#   database table that never evicts a live counter, or a Redis of their own
#   (REDIS_COUNTERS_URL, maxmemory-policy noeviction). Unreachable: the limits fail open.
# - "lockouts": the same store for admin login lockouts, raising: unreachable = admin login
#   answers 503 (fails closed).
_REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def cache_settings(redis_url: str = "", counters_url: str = "") -> dict:
    """CACHES for a page-cache Redis (or none) and a counters Redis (or none)."""
    if redis_url:
        pages = {
            "BACKEND": "backhealth.caches.FailSoftRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "page",
            "OPTIONS": _REDIS_TIMEOUTS,
        }
    else:
        pages = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    if counters_url:
        counters = {"LOCATION": counters_url, "OPTIONS": _REDIS_TIMEOUTS}
        shared = {"BACKEND": "backhealth.caches.FailSoftRedisCache", **counters}
        lockouts = {"BACKEND": "django.core.cache.backends.redis.RedisCache", **counters}
    else:
        shared = lockouts = {
            "BACKEND": "backhealth.caches.CounterDatabaseCache",
            "LOCATION": "backhealth_shared_cache",
            # Not a cap: the row count at which expired rows are swept out.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    return {
        "default": pages,
        "search": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "search-pages",
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
        "shared": shared,
        "lockouts": lockouts,
        # Pages rendered once with blanks for each visit's values (backhealth.renderonce):
        # result pages hold answers, so this stays in the process's memory, and small.
        "rendered": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rendered-pages",
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }


CACHES = cache_settings(os.environ.get("REDIS_URL", ""), os.environ.get("REDIS_COUNTERS_URL", ""))

# Rate limits per client (shared cache): questionnaire submissions and result look-ups.
# BACKHEALTH_RATE_LIMITS=off turns them off (benchmarks and load tests from one address).
RATELIMIT_ENABLE = os.environ.get("BACKHEALTH_RATE_LIMITS", "on").lower() != "off"
RATELIMIT_USE_CACHE = "shared"
RATELIMIT_VIEW = "backhealth.throttle.rate_limited"
# Counters unreachable: questionnaire, results and search stay open (people come first).
RATELIMIT_FAIL_OPEN = True
BACKHEALTH_RATE_QUESTIONNAIRE = os.environ.get("BACKHEALTH_RATE_QUESTIONNAIRE", "60/m")
BACKHEALTH_RATE_RESULTS = os.environ.get("BACKHEALTH_RATE_RESULTS", "30/m")

# Searches per client (shared cache): an uncached search costs a few database queries.
BACKHEALTH_RATE_SEARCH = os.environ.get("BACKHEALTH_RATE_SEARCH", "30/m")

# Admin login throttling (django-axes): 5 failures for a username from one address lock
# that pair out for 15 minutes. Counted in the "lockouts" cache (never evicted by junk: see
# CACHES); if it cannot be read the admin login answers 503 rather than allow guesses.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "lockouts"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "backhealth.throttle.client_ip"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_RESET_ON_SUCCESS = True

# Health answers live in the session while the questionnaire is filled in: keep them in
# the database (never in a cookie), and only for a short while.
SESSION_ENGINE = "backhealth.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 2
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Canadian English by default; add a language here (and its catalogue under locale/) to offer
# it. Every user-facing string is marked for translation.
LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers sent in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Media: pictures from the admin's image library (articles.Image). Local files under
# MEDIA_ROOT by default, served by the site itself (articles.media, cached for a year: the
# names hold a hash of the content). With several servers, set BACKHEALTH_MEDIA_BUCKET and
# its credentials to keep them in an S3-compatible object store (django-storages); the
# bucket (or BACKHEALTH_MEDIA_DOMAIN in front of it) must let anyone read the files.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("BACKHEALTH_MEDIA_ROOT", str(BASE_DIR / "media")))
BACKHEALTH_MEDIA_BUCKET = os.environ.get("BACKHEALTH_MEDIA_BUCKET", "").strip()
BACKHEALTH_SERVE_MEDIA = not BACKHEALTH_MEDIA_BUCKET
if BACKHEALTH_MEDIA_BUCKET:
    _media_key = os.environ.get("BACKHEALTH_MEDIA_ACCESS_KEY_ID", "")
    _media_secret = os.environ.get("BACKHEALTH_MEDIA_SECRET_ACCESS_KEY", "")
    if not (_media_key and _media_secret):
        raise ImproperlyConfigured(
            "BACKHEALTH_MEDIA_BUCKET is set: set BACKHEALTH_MEDIA_ACCESS_KEY_ID and "
            "BACKHEALTH_MEDIA_SECRET_ACCESS_KEY too."
        )
    _media_endpoint = os.environ.get("BACKHEALTH_MEDIA_ENDPOINT_URL", "") or None
    _media_domain = os.environ.get("BACKHEALTH_MEDIA_DOMAIN", "") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BACKHEALTH_MEDIA_BUCKET,
            "access_key": _media_key,
            "secret_key": _media_secret,
            "endpoint_url": _media_endpoint,
            "region_name": os.environ.get("BACKHEALTH_MEDIA_REGION", "") or None,
            "custom_domain": _media_domain,
            "location": "media",
            # Figure addresses are stored in the article HTML: no expiring signed URLs.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # The pictures come from the bucket's own host: allow it for images, and only them.
    if _media_domain:
        _media_origin = f"https://{_media_domain}"
    elif _media_endpoint:
        _media_origin = _media_endpoint.rstrip("/")
    else:
        _media_origin = f"https://{BACKHEALTH_MEDIA_BUCKET}.s3.amazonaws.com"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        _media_origin,
    ]

if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- names: the browser only accepts them Secure, on Path=/, without a Domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if BACKHEALTH_BEHIND_PROXY:
        # Only behind a proxy that sets (and strips incoming) X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One line per event on stderr; request bodies are never logged. Every record, whichever
# logger wrote it (Django's, gunicorn's, ours), goes through one handler and its filter:
# result tokens redacted, control characters escaped, no traceback for a 4xx.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "backhealth.logfilter.RedactFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        # stderr (as gunicorn's own log): stdout stays clean for management commands' output.
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # No handlers of their own (Django's debug console, admin e-mails with the whole
        # request in them; gunicorn's stderr in each worker): every record reaches "console"
        # through the root logger, once. deploy/gunicorn.conf.py does the same for the master.
        "django": {"handlers": []},
        "django.db.backends": {"level": "WARNING"},
        "gunicorn.error": {"handlers": [], "propagate": True},
        "gunicorn.access": {"handlers": [], "propagate": True},
    },
}

# The articles' CRISIS_LINE token: suicide and mental health crisis line (988 in Canada and
# the United States), shown as a tel: link.
BACKHEALTH_CRISIS_LINE = os.environ.get("BACKHEALTH_CRISIS_LINE", "988")
