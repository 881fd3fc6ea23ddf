"""Settings every environment shares. Secure by default; a missing required value fails loudly."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from qijourney.domain.constants import MAX_API_BODY_BYTES

PACKAGE_DIR = Path(__file__).resolve().parents[2]


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable")
    return value


def data_dir() -> Path:
    """Where the SQLite database and the generated secret key live."""
    configured = os.environ.get("QIJOURNEY_DATA_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("qijourney", appauthor=False))


DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "qijourney.web",
    "qijourney.audit",
    "qijourney.organisations",
    "qijourney.projects",
    "qijourney.measures",
    "qijourney.reporting",
    "qijourney.assessment",
    "qijourney.capability",
    "qijourney.system",
    "qijourney.learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under /api/ every error is a JSON problem, also those Django answers (404, 405, 500).
    "qijourney.api.problems.ProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs sign-in unless its view is marked login_not_required (signing in, the
    # health check); the API's views answer 401 themselves. Before CSRF, so an anonymous POST
    # is sent to sign in rather than refused.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "qijourney.web.middleware.SecurityHeadersMiddleware",
    # Last, so it runs before any view hook (CSRF's reads the form): a body larger than any
    # upload or API bulk body is refused (413) before it is read.
    "qijourney.web.middleware.BodySizeLimitMiddleware",
]

ROOT_URLCONF = "qijourney.config.urls"
WSGI_APPLICATION = "qijourney.config.wsgi.application"

TEMPLATES = [
    {
        # Pages: Jinja2 with the NHS.UK frontend components.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "qijourney.config.jinja2.environment",
            "context_processors": ["qijourney.web.presenters.csrf_once"],
        },
    },
    {
        # Django's own engine, kept only for the admin.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# SQLite under concurrent writers (pipelines posting data points, people saving pages at once):
# - WAL: readers never block the writer nor it them; synchronous=NORMAL is safe with WAL (a
#   power cut may lose the last commits, never corrupt the file) and avoids an fsync per commit.
# - a busy timeout: a writer waits its turn (up to 20 s) rather than failing at once.
# - IMMEDIATE: every transaction (atomic block) takes the write lock when it begins. A deferred
#   one reads first and then asks to write; if another writer got in between, SQLite cannot
#   wait (the reader's snapshot is stale) and fails with "database is locked" at once.
# The pragmas run on each new connection; with CONN_MAX_AGE a connection lives for many requests.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database() -> dict:
    """DATABASE_URL, else SQLite in the data folder; SQLite gets the options above."""
    default = f"sqlite:///{data_dir() / 'qijourney.sqlite3'}"
    config = dj_database_url.config(default=default, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.Person"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Django refuses a body it is asked to hold in memory past this (a bare 400): the API's bulk
# bodies (MAX_API_POINTS points, MAX_STAFF_ROWS staff) are far over its 2.5 MB default, so it
# is the API's limit; anything larger is refused unread by BodySizeLimitMiddleware (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_API_BODY_BYTES

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # files are served from the installed package (WHITENOISE_USE_FINDERS)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the installed package's static folders: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True

# Security: cookies only over the channel they came on, no framing, no sniffing.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything the pages load comes from this app: no CDN; the one inline script (the NHS.UK
# template's js-enabled switch) carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Pipelines send "Authorization: Token <key>"; a signed-in browser may use its session.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON, with NUL refused anywhere in a body (PostgreSQL cannot store it).
    "DEFAULT_PARSER_CLASSES": ["qijourney.api.text.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "qijourney.api.pagination.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Errors as JSON problems (RFC 9457); a busy database is 503 with Retry-After.
    "EXCEPTION_HANDLER": "qijourney.api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "qijourney API",
    "DESCRIPTION": "Projects, measures, data points (bulk upsert for BI pipelines) and PDSA "
    "cycles of your organisation. Authenticate with the header `Authorization: Token <key>`; "
    "create a key on your account page.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Every operation's error answers (400, 401, 403, 404, 412, 503) in the schema.
        "qijourney.api.schema.error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
