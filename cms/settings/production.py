"""Production settings: refuse to start without a real secret key and allowed hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CACHES,
    CMS_ADMIN_CSP_DIRECTIVES,
    CONTENT_SECURITY_POLICY,
    DATABASES,
    MIDDLEWARE,
    STORAGES,
    dj_database_url,
    env_bool,
    env_list,
    origin_of,
    os,
)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value (50 characters or more) in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production (no '*').")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# One cache shared by every worker process: log-in and password-reset throttles count there (a per-process
# local memory cache would let each worker count apart), and sessions are read from it.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must point at the shared Redis in production (throttles, cache and sessions need one cache)."
    )
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A Redis outage is a cache miss, not a 500 on every page (cms.cache): sessions come from the database meanwhile.
CACHES["default"]["BACKEND"] = "cms.cache.SoftRedisCache"
# A Redis that does not answer fails a request in a second or two rather than holding the worker.
CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 2, "socket_timeout": 2})
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "hoctap")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# SECURE_COOKIES=0 only for a cluster on plain-HTTP loopback (deploy/local/): browsers send no Secure cookie there.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REFERRER_POLICY = "same-origin"
# SAMEORIGIN, not DENY: Wagtail's preview panel and the SCORM player frame our own pages.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

STATIC_ROOT = os.environ.get("STATIC_ROOT") or STATIC_ROOT  # noqa: F405 - nginx serves it in deploy/local/
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405

# Production signs credentials only with keys it is given (CERTIFICATES_SIGNING_KEYS or ..._FILE), never a generated one.
CERTIFICATES_ALLOW_GENERATED_KEY = False

# --- Several app servers (docs/deploy.md) ----------------------------------------------------------------------

# PostgreSQL through pgbouncer in transaction mode (DATABASE_POOLER=pgbouncer): a server connection serves one
# transaction at a time, so nothing may outlive one: no server-side cursors (iterator() would lose its cursor),
# no prepared statements (psycopg prepares a query it has run 5 times). Django's own connection to pgbouncer is
# kept (CONN_MAX_AGE) and checked before reuse, so a restarted pgbouncer or database costs one reconnect.
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "")
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] != "django.db.backends.postgresql":
        continue
    _database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", 60))
    _database["CONN_HEALTH_CHECKS"] = True
    # A lost database host fails a request in seconds instead of holding a worker until gunicorn kills it.
    _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    if DATABASE_POOLER == "pgbouncer":
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = None
if DATABASE_REPLICA_URL:
    # cms.db_router: read-heavy screens and anonymous pages read from the replica; whoever just wrote does not.
    DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("cms.middleware.DatabaseUnavailableMiddleware") + 1, "cms.db_router.ReplicaMiddleware"
    )
    DATABASE_PIN_SECONDS = int(os.environ.get("DATABASE_PIN_SECONDS", 10))
    DATABASE_REPLICA_PATHS = env_list(
        "DATABASE_REPLICA_PATHS",
        r"^/search/,^/api/catalogue/,^/hr/\d+/(workers|completions)/,^/api/hr/(workers|completions|certificates)$,"
        r"^/recognition/\d+/(units/|reports/)?$,^/verify/,^/api/certificates/,^/api/v2/,^/sitemap\.xml$",
    )

# Object storage: any S3-compatible service (MinIO, Ceph, AWS). S3_MEDIA_BUCKET holds public media, served
# from S3_MEDIA_URL (a CDN) or the endpoint; S3_PRIVATE_BUCKET private files and SCORM package content, which
# views stream after their permission checks (cms.storage_s3). Unset: local files, as in the embedded default.
_S3_OPTIONS = {
    "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
    "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
    "region_name": os.environ.get("S3_REGION_NAME") or None,
    # MinIO and most self-hosted services answer on one host name: bucket in the path.
    "addressing_style": os.environ.get("S3_ADDRESSING_STYLE")
    or ("path" if os.environ.get("S3_ENDPOINT_URL") else None),
}
if os.environ.get("S3_MEDIA_BUCKET"):
    _media_url = os.environ.get("S3_MEDIA_URL", "").rstrip("/")
    _media_options = {**_S3_OPTIONS, "bucket_name": os.environ["S3_MEDIA_BUCKET"]}
    if _media_url:
        _media_options["custom_domain"] = _media_url.split("://", 1)[-1]
        _media_options["url_protocol"] = _media_url.split("://", 1)[0] + ":" if "://" in _media_url else "https:"
        _media_origin = origin_of(_media_url)
    else:
        _media_origin = origin_of(
            _S3_OPTIONS["endpoint_url"] or f"https://{os.environ['S3_MEDIA_BUCKET']}.s3.amazonaws.com"
        )
    STORAGES["default"] = {"BACKEND": "cms.storage_s3.PublicS3Storage", "OPTIONS": _media_options}
    for _directives in (CONTENT_SECURITY_POLICY["DIRECTIVES"], CMS_ADMIN_CSP_DIRECTIVES):
        for _name in ("img-src", "media-src"):
            _directives[_name] = [*_directives[_name], *_media_origin]
if os.environ.get("S3_PRIVATE_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "cms.storage_s3.PrivateS3Storage",
        "OPTIONS": {**_S3_OPTIONS, "bucket_name": os.environ["S3_PRIVATE_BUCKET"]},
    }

# Anonymous Wagtail pages (catalogue, courses, resources) from the shared cache, per language, dropped on publish
# (cms.page_cache). Inside CsrfViewMiddleware: it sets the CSRF cookie of a visitor served from the cache.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60))
if PAGE_CACHE_SECONDS > 0:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware") + 1, "cms.page_cache.AnonymousPageCacheMiddleware"
    )
