"""
Settings for Newsroom, read from the environment.

Every variable is documented in `.env.example`. Local development reads a
`.env` file in the project root when one exists (`make run` writes one);
production sets real environment variables. With DEBUG off, the settings
refuse to start without a SECRET_KEY and turn on the HTTPS protections that
`manage.py check --deploy` expects.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only a DEBUG development server may run without one."
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The autocomplete widgets must load before the admin's own static files.
    "dal",
    "dal_select2",
    # Translated fields of the directory and sections; must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "taggit",
    "csp",
    "axes",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "richtext",
    "images",
    "audit",
    "pagecache",
    "desk",
    "backup",
    "search",
    "importing",
    "reader",
    "demo",
    "webhooks",
    "api",
    "newsroom",
    "organizations",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language from its address (/fr/, /sv/); the desk's from the browser.
    "newsroom.i18n.LanguageMiddleware",
    # Cross-origin reads of the Content API, for the origins CORS_ALLOWED_ORIGINS names.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditActorMiddleware",
    # Desk pages show times in the editor's own zone (desk.timezones).
    "desk.timezones.EditorTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "newsroom.security.DeviceCookieMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into its 429 response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

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
                "reader.context_processors.site",
                "newsroom.i18n.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# Database: SQLite file by default, PostgreSQL in production
# (DATABASE_URL=postgres://user:password@host:5432/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on the short queries a news site runs.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# SQLite with several people saving at once: write-ahead logging lets readers
# go on while one writes; every transaction takes the write lock as it begins
# (a read that later writes cannot be refused half-way with "database is
# locked"), and a writer waits up to SQLITE_BUSY_TIMEOUT seconds for its turn.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every web process), otherwise
# CACHE_URL, otherwise memory local to each process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, degrading to misses while Redis is unreachable
            # (pagecache/backend.py), with timeouts short enough that a hung
            # Redis costs a request a fraction of a second, not a worker.
            "BACKEND": "pagecache.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
    # Memory local to each process stays small whatever readers ask for.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=1000)
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The reader site in English (at unprefixed URLs), French (/fr/) and Swedish (/sv/);
# stories are written in one of them (docs/languages.md).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "French"), ("sv", "Swedish")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Profiles and sections in each language, falling back to English (django-modeltranslation).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded images (docs/images.md): the filesystem under MEDIA_ROOT by default,
# or S3-compatible object storage with MEDIA_STORAGE=s3 (django-storages).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3).
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            "file_overwrite": True,
            # File names carry a hash of their content, so they never change.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}."
    )

# Limits on an uploaded image: its size in bytes (checked before it is read)
# and its pixels (checked from its header, before it is decoded).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Whole-page caching for anonymous readers (see pagecache/middleware.py): seconds a
# page is kept. Unset: on with Redis (shared by all workers), off otherwise.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=None)
# The query parameters public pages read; any other is removed from an
# anonymous reader's request before the page is rendered and cached.
PAGE_CACHE_QUERY_PARAMETERS = ["page", "q", "p", "hops", "kind", "relationship"]
# How long a CDN may keep a public page (Cache-Control s-maxage): the
# backstop should a purge never arrive.
CDN_MAX_AGE = env.int("CDN_MAX_AGE", default=60)
# The cache tags of a page (Surrogate-Key) stay under this many characters;
# past it, a family's tag stands for its members ("a-all" for every article).
CACHE_TAGS_MAX_LENGTH = env.int("CACHE_TAGS_MAX_LENGTH", default=4000)
# Also send the tags as Cloudflare's Cache-Tag header.
CACHE_TAG_HEADER = env.bool("CACHE_TAG_HEADER", default=False)
# The edges told what to purge (pagecache.purgers); each is off unless set.
# Varnish: the addresses its PURGE requests go to, and their shared secret.
VARNISH_PURGE_URLS = env.list("VARNISH_PURGE_URLS", default=[])
VARNISH_PURGE_SECRET = env.str("VARNISH_PURGE_SECRET", default="")
FASTLY_SERVICE_ID = env.str("FASTLY_SERVICE_ID", default="")
FASTLY_API_TOKEN = env.str("FASTLY_API_TOKEN", default="")
CLOUDFLARE_ZONE_ID = env.str("CLOUDFLARE_ZONE_ID", default="")
CLOUDFLARE_API_TOKEN = env.str("CLOUDFLARE_API_TOKEN", default="")

# Background tasks (edge purges): in the database, run by `manage.py db_worker`;
# at once, in the request, in development (DEBUG) or with TASKS_IMMEDIATE=true.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env.bool("TASKS_IMMEDIATE", default=DEBUG)
        else "django_tasks_db.DatabaseBackend"
    }
}

# The Content API (api/, docs/api.md). Read-only and anonymous; each client
# address may make API_RATE_LIMIT requests that miss the page cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
}
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="300/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom Content API",
    "DESCRIPTION": "Published stories, the organizations and people they cover, "
    "what those people said, and how the organizations relate. Read-only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations are grouped and named by resource: `articles_list`, `people_retrieve`.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.models.Article.Kind",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
        "RelationshipKindEnum": "organizations.models.Relationship.Kind",
        "DatePrecisionEnum": "organizations.dates.DatePrecision",
    },
}
# Origins whose pages may read the API from a browser (CORS); none by default.
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Webhooks (webhooks/, docs/webhooks.md): endpoints on loopback and private
# addresses are refused unless this is on (development, tests).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)
# The site's public address, for the links webhook deliveries carry.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The site's name as readers and the desk see it.
NEWSROOM_NAME = env.str("NEWSROOM_NAME", default="Newsroom")

# The largest story an import takes (a pasted text or an uploaded file), in bytes.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=1024 * 1024)

# The key that signs backups (export_site) and without which a restore
# (import_site) refuses them. Set the same value on the host that restores.
BACKUP_SIGNING_KEY = env.str("BACKUP_SIGNING_KEY", default=SECRET_KEY)

# How long a shared preview link of an unpublished article works, in seconds.
PREVIEW_MAX_AGE = env.int("PREVIEW_MAX_AGE", default=7 * 24 * 60 * 60)

# django-taggit: tags are matched without regard to case ("AI" == "ai").
TAGGIT_CASE_INSENSITIVE = True
# Tag slugs are ASCII ("Données" → "donnees"), as the URL patterns expect.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# HTTPS and cookie protections, on whenever DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
        # Only behind a proxy that sets X-Forwarded-Proto itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Scripts never need the CSRF cookie: every form carries its token, which
# the tag autocomplete also falls back to.
CSRF_COOKIE_HTTPONLY = True


# Content-Security-Policy on every response (newsroom/security.py): scripts
# only from the site itself or with the request's nonce, no plugins, no
# framing, forms post only here. MEDIA_ORIGIN is where uploaded images come
# from when that is not the site itself: S3 storage's domain by default.
def _media_origin():
    if MEDIA_STORAGE != "s3":
        return ""
    options = media_storage["OPTIONS"]
    if options["custom_domain"]:
        return f"https://{options['custom_domain']}"
    return options["endpoint_url"] or "https://*.amazonaws.com"


MEDIA_ORIGIN = env.str("MEDIA_ORIGIN", default=_media_origin())
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins an
# account, and separately an address, is locked out for AXES_COOLOFF_MINUTES,
# except in a browser the account has signed in from before, which only its
# own failures lock.
# Failures and lockouts are logged and listed in the admin ("Axes").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# From a browser an account has signed in from before (a device cookie), only
# that browser's own failures count; see newsroom/security.py.
AXES_LOCKOUT_PARAMETERS = "newsroom.security.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
# Lockouts are lifted with `manage.py axes_reset_username NAME` or
# `axes_reset_ip ADDRESS` (or wait out the cool-off), not in the desk.
AXES_ENABLE_ADMIN = False
AXES_USERNAME_CALLABLE = "newsroom.security.login_username"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# How many reverse proxies of ours add to X-Forwarded-For; 0 means none is
# trusted and the connecting address counts.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The API's rate limit tells clients apart the same way.
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

# Logs go to standard output, one JSON object per line in production
# (LOG_FORMAT=json, the default with DEBUG off) for the log collector, or as
# plain text. Errors carry the request's method, path and status (newsroom/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_fields": {"()": "newsroom.logs.RequestFields"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_fields"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes announces itself each time a process starts; its logins
        # and lockouts (logger "axes.handlers") are still logged.
        "axes.apps": {"level": "WARNING"},
    },
}
