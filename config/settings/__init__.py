"""Settings, read from the environment only.

Every variable is documented in README.md and .env.example. ``DEBUG`` is off unless set:
a machine that forgets it gets the production checks (a real ``SECRET_KEY``,
``ALLOWED_HOSTS`` and identity keys are required), never the debug pages. Development sets
``DEBUG=true`` (``scripts/run.sh`` does) and then runs on embedded defaults (SQLite file and a
filesystem Celery broker under ``DATA_DIR``). Tests use ``tests.settings``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from config.env import (
    ConfigError,
    load_identity_keys,
    load_secret_key,
    parse_bool,
    parse_database_url,
    parse_int,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = parse_bool(env, "DEBUG", False)

DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = load_secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG, data_dir=DATA_DIR)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError("生产环境（DEBUG=false）必须设置 ALLOWED_HOSTS，例如 ALLOWED_HOSTS=xcjj.example.gov.cn")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "core.axes_app.AxesConfig",  # django-axes, named 登录安全 in the admin
    "django_celery_beat",
    "core",
    "organization",
    "deadlines",
    "rectification",
    "petitions",
    "discipline",
    "reports",
    "web",
    "reminders",
]

MIDDLEWARE = [
    "core.errorpages.DebugBadRequestMiddleware",  # first: the Chinese 400 page with DEBUG on
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.errorpages.DebugErrorPagesMiddleware",  # last: the Chinese 404/500 pages with DEBUG on
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
                "web.context_processors.workbench",
            ],
        },
    },
]

DATABASES = {"default": parse_database_url(env.str("DATABASE_URL", default=""), data_dir=DATA_DIR)}
# A read replica for the report and the statistics (core.db_router): the same schema, kept by
# streaming replication; never migrated or written by the application.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = parse_database_url(env.str("DATABASE_REPLICA_URL"), data_dir=DATA_DIR)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA = "replica" in DATABASES
# PostgreSQL's JIT compiler, off by default on every connection (core.db_session explains why).
POSTGRES_JIT = env.bool("POSTGRES_JIT", default=False)
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": parse_int(env, "PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.passwords.CharacterClassValidator"},
]

# 等保: lock an account (username + IP) after repeated failures.
AXES_FAILURE_LIMIT = parse_int(env, "LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = parse_int(env, "LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.lockout_response"

SESSION_COOKIE_AGE = parse_int(env, "SESSION_TIMEOUT_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout, not absolute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the web pages read it for fetch/htmx requests
CSRF_FAILURE_VIEW = "core.errorpages.csrf_failure"  # the JSON error shape under /api/

LANGUAGE_CODE = "zh-hans"
# One language: a browser asking for English still gets Chinese pages and messages.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
# Chinese labels for django-axes (locale/zh_Hans: it ships none)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and attachments: never under the web root; served only by checked views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = parse_int(env, "UPLOAD_MAX_MB", 20) * 1024 * 1024
UPLOAD_ALLOWED_EXTENSIONS = env.list(
    "UPLOAD_ALLOWED_EXTENSIONS",
    default=["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "ofd", "zip"],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Caps on an uploaded spreadsheet (core.xlsx_guard), checked from the zip directory and a
# streaming pass over the sheet XML before openpyxl parses anything: a small file must not be
# able to expand into gigabytes. Defaults fit a 50,000-row ledger with long texts.
XLSX_MAX_UNCOMPRESSED_MB = parse_int(env, "XLSX_MAX_UNCOMPRESSED_MB", 256)
XLSX_MAX_PART_MB = parse_int(env, "XLSX_MAX_PART_MB", 128)
XLSX_MAX_MEMBERS = parse_int(env, "XLSX_MAX_MEMBERS", 500)
XLSX_MAX_CELLS = parse_int(env, "XLSX_MAX_CELLS", 2_000_000)
XLSX_MAX_COLUMNS = parse_int(env, "XLSX_MAX_COLUMNS", 200)
XLSX_MAX_ROWS = parse_int(env, "XLSX_MAX_ROWS", 200_000)
XLSX_MAX_MERGES = parse_int(env, "XLSX_MAX_MERGES", 200_000)
XLSX_MAX_CELL_CHARS = parse_int(env, "XLSX_MAX_CELL_CHARS", 32_767)

# Long work off the request (core.jobs): a ledger import whose sheets hold more rows than
# IMPORT_BACKGROUND_ROWS, and an export of more rows than EXPORT_BACKGROUND_ROWS, run in the
# Celery worker; the page polls the job and then offers its file. Job files (and the jobs)
# are deleted JOB_FILE_HOURS after they finish.
IMPORT_BACKGROUND_ROWS = parse_int(env, "IMPORT_BACKGROUND_ROWS", 2_000)
EXPORT_BACKGROUND_ROWS = parse_int(env, "EXPORT_BACKGROUND_ROWS", 5_000)
JOB_FILE_HOURS = parse_int(env, "JOB_FILE_HOURS", 24)
# A job "running" this long has lost its worker (killed mid-job): the hourly cleanup marks it failed.
JOB_STALE_MINUTES = parse_int(env, "JOB_STALE_MINUTES", 120)
# The 纪检 account the nightly 12345 folder import registers petitions as (petitions.tasks); unset: no import.
HOTLINE_IMPORT_USER = env.str("HOTLINE_IMPORT_USER", default="")

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = LOGIN_URL  # back to the sign-in page, never the admin's "logged out" page

# --- security headers -----------------------------------------------------------
# On by default in production; an HTTP-only intranet behind a TLS proxy may switch
# them off (documented in README).
SECURE_HTTPS = parse_bool(env, "SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = parse_bool(env, "SECURE_SSL_REDIRECT", SECURE_HTTPS)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = parse_int(env, "SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = parse_bool(env, "SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if parse_bool(env, "USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): scripts only from our own static files, so an
# injected <script> or onclick= never runs. Inline style *attributes* are allowed (ECharts
# writes its tooltips as HTML with style="…"; an attribute cannot run script or read the
# page), <style> elements are not. The API docs pages relax this on their views only
# (config.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not SECURE_HTTPS:
    # The operator chose HTTP (e.g. TLS terminated upstream) knowingly: silence the
    # HTTPS deployment checks rather than fail them.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016", "security.W021"]
elif not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- e-mail --------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = parse_int(env, "EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = parse_bool(env, "EMAIL_USE_TLS", False)
EMAIL_USE_SSL = parse_bool(env, "EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")

# --- reminders (催办督办) ------------------------------------------------------------------
# External channels for the daily digests (in-app notifications are always on): codes of
# reminders.delivery.channels, e.g. "email,webhook"; empty for in-app only.
REMINDER_CHANNELS = env.list("REMINDER_CHANNELS", default=["email"])
REMINDER_WEBHOOK_URL = env.str("REMINDER_WEBHOOK_URL", default="")
# Prefix for links in e-mails, e.g. https://xcjj.example.gov.cn (empty: relative links).
SITE_URL = env.str("SITE_URL", default="")
# The outbox sends digests in batches of OUTBOX_BATCH_SIZE until none is due, at most
# OUTBOX_MAX_PER_RUN digests or OUTBOX_MAX_SECONDS seconds per run (the rest waits for the next).
OUTBOX_BATCH_SIZE = parse_int(env, "OUTBOX_BATCH_SIZE", 200)
OUTBOX_MAX_PER_RUN = parse_int(env, "OUTBOX_MAX_PER_RUN", 20_000)
OUTBOX_MAX_SECONDS = parse_int(env, "OUTBOX_MAX_SECONDS", 240)

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = DATA_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu's default is ./control in the working directory
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 3, "interval_start": 0, "interval_step": 1}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_IGNORE_RESULT = True

# --- REST framework --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.DjangoFilterBackend",
        "core.api.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
# API tokens (django-rest-knox): only a SHA-512 digest is stored; a token lasts
# API_TOKEN_TTL_HOURS and is deleted when its user's password changes or the account is
# deactivated (core.signals). The header stays "Authorization: Token <key>".
API_TOKEN_TTL_HOURS = parse_int(env, "API_TOKEN_TTL_HOURS", 8)
if API_TOKEN_TTL_HOURS == 0:
    raise ConfigError("环境变量 API_TOKEN_TTL_HOURS 必须大于 0（接口令牌必须有有效期）")
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "TOKEN_LIMIT_PER_USER": 10,
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "巡察整改与信访督办系统 API",
    "DESCRIPTION": "巡察整改、信访举报、问题线索、纪律检查建议书与年度报告的接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every case endpoint and field: signed-in users only (the docs pages
    # are behind login_required in config.urls).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by several fields get one stable name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "rectification.models.measures.MeasureStatus",
        "ExtensionStatusEnum": "rectification.models.records.Extension.Status",
        "ProblemStatusEnum": "rectification.api.serializers.PROBLEM_STATUS_CHOICES",
        "PetitionStatusEnum": "petitions.models.Status",
        "PetitionKindEnum": "petitions.models.Kind",
        "PetitionReviewStageEnum": "petitions.api.serializers.REVIEW_STAGES",
        "ApprovalStatusEnum": "petitions.models.IdentityAccessRequest.Status",
        "RestrictedReasonEnum": "petitions.models.RestrictedReason",
        "ContactMethodEnum": "petitions.models.ContactMethod",
        "OutcomeKindEnum": "core.outcomes.OutcomeKind",
        "ClueSourceEnum": "discipline.models.Clue.Source",
        "ClueStatusEnum": "discipline.models.Clue.Status",
        "ClueStepKindEnum": "discipline.models.ClueStep.Kind",
        "ClueFeedbackTargetEnum": "discipline.models.ClueStep.FeedbackTarget",
        "RecommendationSourceEnum": "discipline.models.Recommendation.Source",
        "RecommendationStatusEnum": "discipline.models.Recommendation.Status",
        "RecommendationKindEnum": "discipline.models.Recommendation.Kind",
        "AnnualReportStatusEnum": "reports.models.AnnualReport.Status",
        "ActivityUnitEnum": "reports.models.ActivityKind.Unit",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Which role-holders get the reporter-identity grant by default is a data decision
# (core.AccessGrant rows), never implied by is_superuser.
IDENTITY_VIEW_GRANT_HOURS = parse_int(env, "IDENTITY_VIEW_GRANT_HOURS", 24)

# 疑似重复件 (petitions.repeats): how far back a new petition is compared with earlier ones, how
# similar two summaries must be (pg_trgm similarity, in per cent) for the same subject to count, and how
# many suggestions one petition gets at most.
PETITION_REPEAT_WINDOW_DAYS = parse_int(env, "PETITION_REPEAT_WINDOW_DAYS", 180)
PETITION_REPEAT_SIMILARITY_PERCENT = parse_int(env, "PETITION_REPEAT_SIMILARITY_PERCENT", 30)
PETITION_REPEAT_MAX_SUGGESTIONS = parse_int(env, "PETITION_REPEAT_MAX_SUGGESTIONS", 5)

# --- 巡察整改 ---------------------------------------------------------------------------
# Whether 纪检干部 (inspectors) may sign off measures and send them back, besides the
# 纪检负责人 (supervisor). Read at call time by rectification.permissions.
RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = parse_bool(env, "RECTIFICATION_INSPECTOR_CAN_SIGN_OFF", False)

# Reporter identities are encrypted at rest (petitions.crypto): IDENTITY_ENCRYPTION_KEYS is a
# comma-separated list of Fernet keys — the first encrypts, all decrypt (rotation:
# put a new key first, run ``manage.py rotate_identity_key``, then drop the old one).
# IDENTITY_HMAC_KEY keys the fingerprints that recognise repeat reporters without decrypting.
IDENTITY_ENCRYPTION_KEYS, IDENTITY_HMAC_KEY = load_identity_keys(
    env.str("IDENTITY_ENCRYPTION_KEYS", default=""),
    env.str("IDENTITY_HMAC_KEY", default=""),
    debug=DEBUG,
    data_dir=DATA_DIR,
)
