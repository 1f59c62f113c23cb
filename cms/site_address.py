"""The site's one public address (settings.BASE_URL) and the Wagtail Site record kept in step with it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def base_url():
    """BASE_URL without a trailing slash, e.g. "http://127.0.0.1:8000" or "https://hoctap.example.vn"."""
    return settings.BASE_URL.rstrip("/")


def absolute(path):
    """A root-relative path ("/verify/X/") made absolute on BASE_URL; absolute URLs are returned as they are."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    return base_url() + ("" if path.startswith("/") else "/") + path


def host_and_port(url=None):
    """(hostname, port) of BASE_URL as Wagtail's Site record stores them (80 / 443 when the URL names none)."""
    parts = urlsplit(url or base_url())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"BASE_URL must be an http(s) address such as http://127.0.0.1:8000, not {url!r}.")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(using="default"):
    """Point the default Wagtail Site at BASE_URL's host and port; returns True when it changed.

    Page URLs (canonical, og:url, sitemap, API) come from the Site record: when it says "localhost:80" while the
    site is served on 127.0.0.1:8000, every absolute link is wrong. Runs after each migrate and in seed_demo, so
    the demo follows the address `make run` serves it on.
    """
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = host_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    # Another Site may already hold that host and port (unique together): that one is then the site's own.
    if Site.objects.using(using).filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return False
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()
    return True


def on_post_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (connected once, for the cms app): keep the Site record on BASE_URL."""
    from django.db.utils import DatabaseError

    try:
        sync_default_site(using=using)
    except DatabaseError:
        # A partial migrate (wagtailcore not migrated yet) has no Site table: the next migrate syncs.
        pass
