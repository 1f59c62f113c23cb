"""Settings shared by every environment; everything deployment-specific comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def origin_of(url):
    """The origin ("https://cdn.example") of an absolute URL, as a list; [] for a path like "/static/"."""
    parts = urlsplit(url or "")
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


INSTALLED_APPS = [
    "cms",
    "accounts",
    "courses",
    "scorm",
    "learning",
    "certificates",
    "organisations",
    "recognition",
    "programmes",
    "notifications",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the rest: a database error raised by a view or by a middleware below becomes a JSON 503 on the APIs.
    "cms.middleware.DatabaseUnavailableMiddleware",
    # On SCORM_CONTENT_ORIGIN's host name only package content is served, never a page of the site.
    "scorm.origins.ContentOriginMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware: it marks the session for saving before SessionMiddleware saves it.
    "cms.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware_input.RejectNulMiddleware",  # 400, not a database error, for NUL in the query or a form
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: axes turns a lockout into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "notifications.context_processors.notices",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: any URL dj-database-url accepts; a relative SQLite path is relative to the project.
DATABASE_URL = os.environ.get("DATABASE_URL") or "sqlite:///var/db.sqlite3"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _name = Path(DATABASES["default"]["NAME"])
    if not _name.is_absolute() and str(_name) != ":memory:":
        DATABASES["default"]["NAME"] = str(BASE_DIR / _name)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the dev server read while a command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# AxesStandaloneBackend first: it refuses a locked-out attempt before any password is checked, on every
# door that calls authenticate() (this site's log-in, Wagtail's and Django's admin log-ins, HTTP Basic).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrPhoneBackend"]
LOGIN_URL = "accounts:login"
# The refused-form page in the person's language (Django's own is English only); JSON on the APIs.
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttle (django-axes; docs/security.md "Throttling"): 5 failures for one account from one address,
# or 30 from one address across accounts, pause log-ins from that address (for that account) for 15 minutes.
# Counting the account together with the address means a stranger elsewhere cannot lock its owner out.
AXES_HANDLER = "accounts.throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP", 30))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttle.account_key"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # the cache handler keeps no database records to show
# Password reset sends mail to anyone's inbox: at most 3 per e-mail address and 10 per client address an hour.
ACCOUNTS_PASSWORD_RESET_PER_EMAIL = 3
ACCOUNTS_PASSWORD_RESET_PER_IP = 10

# Sessions end after 4 idle hours: the expiry moves forward on activity, at most once every 5 minutes
# (cms.middleware.SessionIdleTimeoutMiddleware; cheaper than SESSION_SAVE_EVERY_REQUEST at scale).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 4 * 3600))
SESSION_IDLE_REFRESH_SECONDS = 300

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project's own catalogue first (makemessages writes into the first entry); then cms/wagtail_locale, the
# Vietnamese of Wagtail's and Django's admin strings, which makemessages never touches (docs/translations.md).
# Both come before every app's own catalogue, so they override Wagtail's partial Vietnamese.
LOCALE_PATHS = [BASE_DIR / "locale", PROJECT_DIR / "wagtail_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# One date form (dd/mm/yyyy) and the reader's decimal mark everywhere: cms/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media")).resolve()
MEDIA_URL = "/media/"

# Private files (certificate PDFs, evidence, imports and exports, SCORM package content) live outside
# MEDIA_ROOT and have no URL: they are served only by permission-checked views.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private")).resolve()

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cms.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp) on site pages; docs/security.md says why each source is there.
# cms.middleware.ContentSecurityPolicyMiddleware adds SCORM_CONTENT_ORIGIN to frame-src at request time and
# answers the admin (CMS_ADMIN_CSP_PREFIXES) with CMS_ADMIN_CSP_DIRECTIVES instead.
# /scorm/ is left out: the scorm app sets the policy of its content and run-time responses itself.
# Files on object storage behind a CDN may be served from a host that STATIC_URL / MEDIA_URL do not name.
_STATIC_ORIGIN = origin_of(STATIC_URL) + env_list("CSP_STATIC_ORIGINS")
_MEDIA_ORIGIN = origin_of(MEDIA_URL) + env_list("CSP_MEDIA_ORIGINS")
# Video blocks embed players from these (wagtail.embeds); CSP_EMBED_ORIGINS replaces the list.
CSP_EMBED_ORIGINS = env_list(
    "CSP_EMBED_ORIGINS", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/scorm/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_STATIC_ORIGIN],
        # 'unsafe-inline' for styles only: progress bars set their width in a style attribute.
        "style-src": ["'self'", "'unsafe-inline'", *_STATIC_ORIGIN],
        "img-src": ["'self'", "data:", *_STATIC_ORIGIN, *_MEDIA_ORIGIN],
        "font-src": ["'self'", *_STATIC_ORIGIN],
        "media-src": ["'self'", *_MEDIA_ORIGIN],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_ORIGINS],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Wagtail's and Django's admin still use inline scripts and show images from anywhere (avatars, embeds).
CMS_ADMIN_CSP_PREFIXES = ["/admin/", "/django-admin/"]
CMS_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'", *_STATIC_ORIGIN],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "media-src": ["'self'", "blob:", *_MEDIA_ORIGIN],
    "font-src": ["'self'", "data:", *_STATIC_ORIGIN],
}
# Features no page of ours uses are off; fullscreen and autoplay stay on for our pages and the SCORM content
# origin (added at request time), and fullscreen for the video embeds. /scorm/ sets its own.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self"],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self", *CSP_EMBED_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# Background work: a thread of the same process for the embedded default (cms.tasks_backend; the request that
# queued a task does not wait for it); the database backend with a worker at scale.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "cms.tasks_backend.ThreadBackend"),
    }
}

# Cache: Redis when REDIS_URL is set (shared by all workers), local memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Wagtail
WAGTAIL_SITE_NAME = "Học tập suốt đời"
# The one public address of the site (no trailing slash): canonical links, og:url, the sitemap, the API, credential
# ids, QR codes, e-mails and password-reset links all start with it, and the Wagtail Site record follows it
# (cms.site_address, on every migrate and seed_demo). `make run` sets it from HOST and PORT.
BASE_URL = (os.environ.get("BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CustomDocument"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "gif"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "vtt", "srt", "mp4", "mp3"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "phone"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# ASCII web addresses: the admin's slug field transliterates ("Sơ cứu" -> "so-cuu"), as courses/slugs.py does.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar: the admin would send a hash of every staff e-mail to a third party (and need its images in CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# SCORM: package content and the run-time page on their own origin, which holds none of the site's cookies
# (docs/scorm.md). Production refuses to start without it unless SCORM_ALLOW_SAME_ORIGIN says otherwise.
SCORM_CONTENT_ORIGIN = os.environ.get("SCORM_CONTENT_ORIGIN", "")
SCORM_ALLOW_SAME_ORIGIN = env_bool("SCORM_ALLOW_SAME_ORIGIN", False)
# A learner launches only packages placed in a live lesson they can open.
SCORM_LAUNCH_PERMISSION = "learning.access.can_launch_scorm"

# Catalogue search: the database backend unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "learning")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@hoctap.local")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
