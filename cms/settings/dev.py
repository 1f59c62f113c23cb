"""Development settings: the embedded default that `make run` uses."""

from .base import *  # noqa: F403
from .base import env_bool, env_list, os

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")

# Serve static files straight from the app folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
