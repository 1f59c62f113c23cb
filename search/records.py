"""What gets indexed: live, public, current courses and open resources, as plain dicts both backends store."""

from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, OpenResourcePage

from .models import KIND_COURSE, KIND_RESOURCE

INDEXED_MODELS = {CoursePage: KIND_COURSE, OpenResourcePage: KIND_RESOURCE}
MAX_BODY_CHARS = 4000


def _stream_text(raw, out):
    """Collect the strings of a StreamField's raw JSON (rich text included) without rendering blocks."""
    if isinstance(raw, str):
        out.append(strip_tags(raw))
    elif isinstance(raw, dict):
        for key, value in raw.items():
            if key not in {"id", "type"}:
                _stream_text(value, out)
    elif isinstance(raw, list | tuple):
        for value in raw:
            _stream_text(value, out)


def body_text(raw):
    out = []
    _stream_text(raw, out)
    return " ".join(" ".join(out).split())[:MAX_BODY_CHARS]


def current_q():
    """Pages that are not past their expiry date (Wagtail unpublishes them later, in a scheduled command)."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def indexable_querysets(live_only=True):
    """(model, queryset) pairs of everything the index should hold, with what records need preloaded.

    With ``live_only=False`` every page of the indexed types (the caller checks each with ``is_indexable``).
    """
    for model in INDEXED_MODELS:
        queryset = model.objects.all()
        if live_only:
            queryset = queryset.live().public().filter(current_q())
        queryset = queryset.select_related("learning_area", "provider")
        if model is CoursePage:
            queryset = queryset.select_related("level").prefetch_related("tags")
        yield model, queryset.order_by("pk")


def restricted_paths():
    """Tree paths of the pages with view restrictions (few): a page at or below one of them is not public."""
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def is_indexable(page, restricted=None):
    """True when a specific page of an indexed type is live, public and current.

    ``restricted`` is restricted_paths(), when checking many pages; without it the page's restrictions are queried.
    """
    if type(page) not in INDEXED_MODELS or not page.live:
        return False
    if page.expire_at and page.expire_at <= timezone.now():
        return False
    if restricted is not None:
        return not page.path.startswith(restricted)
    return not page.get_view_restrictions().exists()


def page_record(page):
    """The index document of a CoursePage or OpenResourcePage."""
    kind = INDEXED_MODELS[type(page)]
    area = page.learning_area
    provider = page.provider
    if kind == KIND_COURSE:
        body = " ".join(
            filter(None, [body_text(page.description.raw_data), page.outcomes, strip_tags(page.prerequisites)])
        )
        tags = [tag.name for tag in page.tags.all()]
        level = page.level.code
        duration = float(page.duration_hours)
    else:
        body = " ".join(filter(None, [body_text(page.body.raw_data), page.author]))
        tags, level, duration = [], "", None
    return {
        "id": page.pk,
        "kind": kind,
        "path": page.path,
        "url": page.get_url() or page.url_path,
        "title": page.title,
        "summary": page.summary,
        "body": body[:MAX_BODY_CHARS],
        "tags": tags,
        "learning_area": area.code if area else "",
        "learning_area_label": " ".join(filter(None, [area.name, area.name_en])) if area else "",
        "level": level,
        "provider": provider.slug if provider else "",
        "provider_name": " ".join(filter(None, [provider.name, provider.short_name])) if provider else "",
        "language": page.language,
        "duration_hours": duration,
        "published_at": page.first_published_at,
        "expire_at": page.expire_at,
    }


def count_indexable():
    return sum(queryset.count() for _model, queryset in indexable_querysets())


def iter_records(chunk_size=500):
    """Every indexable page's record, read in chunks of primary keys so memory stays flat at 100,000 pages."""
    for _model, queryset in indexable_querysets():
        last_pk = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last_pk)[:chunk_size])
            if not chunk:
                break
            for page in chunk:
                yield page_record(page)
            last_pk = chunk[-1].pk
