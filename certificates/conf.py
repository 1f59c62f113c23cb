"""Every certificates setting with its default, read in one place (`from certificates import conf`)."""

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings


def base_url():
    """The public origin of the site (no trailing slash): verification links and credential ids use it."""
    return (getattr(settings, "CERTIFICATES_BASE_URL", None) or settings.BASE_URL).rstrip("/")


def issuer_did():
    """The issuer's did:web, derived from the public origin unless set (the DID document is /.well-known/did.json)."""
    configured = getattr(settings, "CERTIFICATES_ISSUER_DID", None)
    if configured:
        return configured
    # did:web encodes a port's colon as %3A (did:web spec, section 3.2).
    return "did:web:" + quote(urlsplit(base_url()).netloc, safe="")


def issuer_name():
    return getattr(settings, "CERTIFICATES_ISSUER_NAME", None) or getattr(settings, "WAGTAIL_SITE_NAME", "")


def signing_keys():
    """Signing keys given in settings: {"current": id, "keys": [{"id", "private_key" or "public_key"}]} or None."""
    return getattr(settings, "CERTIFICATES_SIGNING_KEYS", None)


def signing_keys_file():
    """A JSON file with the same shape as CERTIFICATES_SIGNING_KEYS (env CERTIFICATES_SIGNING_KEYS_FILE)."""
    path = getattr(settings, "CERTIFICATES_SIGNING_KEYS_FILE", None) or os.environ.get("CERTIFICATES_SIGNING_KEYS_FILE")
    return Path(path) if path else None


def allow_generated_key():
    """Whether a missing key may be generated (dev and tests); production settings should set this to False."""
    configured = getattr(settings, "CERTIFICATES_ALLOW_GENERATED_KEY", None)
    if configured is not None:
        return configured
    return not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith("production")


def generated_key_file():
    """Where the dev/test key is generated: var/ is git-ignored and, unlike MEDIA_ROOT, never served."""
    return Path(
        getattr(settings, "CERTIFICATES_GENERATED_KEY_FILE", settings.BASE_DIR / "var" / "certificate-keys.json")
    )


def status_list_size():
    """Entries per Bitstring Status List: the spec's minimum of 131,072 (16 KiB) keeps holders in a crowd."""
    return getattr(settings, "CERTIFICATES_STATUS_LIST_SIZE", 131_072)


def pdf_storage_prefix():
    return getattr(settings, "CERTIFICATES_PDF_PREFIX", "certificates")


def verify_rate_limit():
    """Verification requests (page, API, credential, bulk) one client address may make per minute."""
    return getattr(settings, "CERTIFICATES_VERIFY_RATE_LIMIT", 60)


def bulk_max_rows():
    return getattr(settings, "CERTIFICATES_BULK_MAX_ROWS", 5000)
