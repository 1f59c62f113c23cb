"""Development settings: the embedded default that `make run` uses."""

from .base import *  # noqa: F403
from .base import env_bool, env_list, os

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")

# Serve static files straight from the app folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The embedded default serves SCORM content on the other loopback name (127.0.0.1 <-> localhost): browsers keep
# the two names' cookies apart, so packages run on an origin without the learner's session.
if not SCORM_CONTENT_ORIGIN:  # noqa: F405
    _site = WAGTAILADMIN_BASE_URL  # noqa: F405
    if "//127.0.0.1" in _site:
        SCORM_CONTENT_ORIGIN = _site.replace("//127.0.0.1", "//localhost", 1).rstrip("/")
    elif "//localhost" in _site:
        SCORM_CONTENT_ORIGIN = _site.replace("//localhost", "//127.0.0.1", 1).rstrip("/")
