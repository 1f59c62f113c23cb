"""Small template helpers for the site shell: catalogue link, learning areas, absolute URLs, lazy embeds."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_IFRAME_WITHOUT_LOADING = re.compile(r"<iframe(?![^>]*\sloading=)", re.IGNORECASE)


@register.simple_tag
def catalogue_url():
    """The URL of the first live course catalogue, or "" when there is none."""
    from courses.models import CourseIndexPage

    catalogue = CourseIndexPage.objects.live().public().order_by("path").first()
    return catalogue.url if catalogue else ""


@register.simple_tag
def learning_areas():
    from courses.models import LearningArea

    return LearningArea.objects.all()


@register.simple_tag
def absolute_url(url):
    """Make a root-relative URL absolute on the site's one address (BASE_URL), as canonical links and e-mails are."""
    from cms.site_address import absolute

    return absolute(url)


@register.filter
def lazy_iframes(html):
    """Add loading="lazy" to embedded iframes so a video player loads only when scrolled to."""
    return mark_safe(_IFRAME_WITHOUT_LOADING.sub('<iframe loading="lazy"', str(html)))  # noqa: S308 - embed HTML from oEmbed


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The query string for page `number` of a paginated list, keeping the current filters."""
    query_string = context.get("query_string", "")
    return f"?{query_string}&page={number}" if query_string else f"?page={number}"


@register.simple_tag
def page_description(page, length=160):
    """A plain-text description of a page for meta tags: its search description, else its summary or intro."""
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    # Non-page views may have no `page`, or a paginator page under that name.
    from wagtail.models import Page

    if not isinstance(page, Page):
        return ""
    # Only the intro may be rich text; the others are plain text, where "<" is a character, not a tag.
    for name in ("search_description", "summary", "intro"):
        text = str(getattr(page, name, "") or "")
        if name == "intro":
            text = strip_tags(text)
        if text.strip():
            return Truncator(text.strip()).chars(length)
    return ""
