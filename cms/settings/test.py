"""Settings for the test suite: dev settings with fast hashing and a throwaway media folder."""

import os
import tempfile

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="test-media-")
PRIVATE_ROOT = tempfile.mkdtemp(prefix="test-private-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cms.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not SQLite's shared in-memory database: the live server's threads then get connections of their own
# instead of sharing one (which fails with "database table is locked" when two requests write at once).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"hoctap-test-{os.getpid()}.sqlite3")}  # noqa: F405

# Tests assert the English source strings; tests/test_translations.py switches the Vietnamese catalogue on.
LOCALE_PATHS = []

# The site's address in tests: the Wagtail Site record the migrations create (localhost:80) stays as it is.
BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://localhost"

# The test client's site is http://testserver; SCORM content answers on its own host name.
SCORM_SITE_ORIGIN = "http://testserver"
SCORM_CONTENT_ORIGIN = "http://scorm.testserver"
