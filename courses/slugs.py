"""Page slugs in ASCII: every new page's web address is folded with anyascii ("Sơ cứu" -> "so-cuu").

The admin's slug field does the same in the browser (WAGTAIL_ALLOW_UNICODE_SLUGS = False: Wagtail's urlify
transliterates Vietnamese), and the importer and seed data call ``fold_slug``. This receiver is the server's side
of it: a new page saved with a slug in another script, or with the slug Wagtail derives from the title itself
(Django's slugify drops "đ" and every letter it cannot decompose), gets the folded slug, still editable later.
"""

import re

from anyascii import anyascii
from django.utils.text import slugify
from wagtail.models import Page


def fold_slug(text, max_length=255):
    """ASCII slug of a text: transliterated with anyascii, then slugified ("Đào tạo nghề" -> "dao-tao-nghe")."""
    return slugify(anyascii(text or ""))[:max_length].strip("-")


def _derived_by_wagtail(slug, title):
    # Wagtail's own fallback, slugify(title) with allow_unicode=False, possibly with a "-2" suffix for a sibling.
    lossy = slugify(title)
    return bool(lossy) and (slug == lossy or re.fullmatch(re.escape(lossy) + r"-\d+", slug) is not None)


def fold_new_page_slug(sender, instance, raw=False, **kwargs):
    """pre_save receiver: fold a new page's slug, and a slug in another script typed on an existing page."""
    if raw or not isinstance(instance, Page) or not instance.slug:
        return
    slug = instance.slug
    if instance.pk is not None:
        # An existing page: only a new slug in another script is folded (an editor typed it); an old address and
        # an ASCII slug the editor chose stay as they are.
        if slug.isascii() or Page.objects.filter(pk=instance.pk, slug=slug).exists():
            return
    elif slug.isascii() and not _derived_by_wagtail(slug, instance.title):
        return
    base = fold_slug(slug if not slug.isascii() else instance.title) or fold_slug(instance.title) or "trang"
    if base == slug:
        return
    parent = instance.get_parent() if instance.path else getattr(instance, "_cached_parent_obj", None)
    candidate, number = base, 1
    while parent is not None and not Page._slug_is_available(candidate, parent, instance):
        number += 1
        candidate = f"{base}-{number}"
    instance.slug = candidate
    if parent is not None and instance.url_path:
        instance.url_path = f"{parent.url_path}{candidate}/"
