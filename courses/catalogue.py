"""Catalogue filters: learning area, level, provider, language, duration band, sort; facet counts in the database."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import DURATION_BANDS, LANGUAGE_CHOICES, LearningArea, Level, Provider

SORTS = {
    "newest": ("-first_published_at", _("Newest")),
    "title": ("title", _("Title A–Z")),
    "shortest": ("duration_hours", _("Shortest first")),
    "longest": ("-duration_hours", _("Longest first")),
}
DEFAULT_SORT = "newest"


def duration_band_q(key):
    """The filter for a duration band key, or None for an unknown key."""
    for band_key, _label, low, high in DURATION_BANDS:
        if band_key == key:
            condition = Q()
            if low is not None:
                condition &= Q(duration_hours__gte=low)
            if high is not None:
                condition &= Q(duration_hours__lt=high)
            return condition
    return None


class CatalogueFilters:
    """Reads filter values from a query string, ignoring unknown values rather than failing."""

    params = ("learning_area", "level", "provider", "language", "duration", "sort")

    def __init__(self, data):
        self.learning_area = data.get("learning_area", "")
        self.level = data.get("level", "")
        self.provider = data.get("provider", "")
        self.language = data.get("language", "")
        self.duration = data.get("duration", "")
        sort = data.get("sort", DEFAULT_SORT)
        self.sort = sort if sort in SORTS else DEFAULT_SORT

    @property
    def active(self):
        return any([self.learning_area, self.level, self.provider, self.language, self.duration])

    def _q(self, exclude=None):
        condition = Q()
        if self.learning_area and exclude != "learning_area":
            condition &= Q(learning_area__code=self.learning_area)
        if self.level and exclude != "level":
            condition &= Q(level__code=self.level)
        if self.provider and exclude != "provider":
            condition &= Q(provider__slug=self.provider)
        if self.language and exclude != "language":
            condition &= Q(language=self.language)
        if self.duration and exclude != "duration":
            band = duration_band_q(self.duration)
            if band is not None:
                condition &= band
        return condition

    def apply(self, courses):
        """Filter and sort a CoursePage queryset."""
        return (
            courses.filter(self._q())
            .select_related("learning_area", "level", "provider", "cover_image")
            .order_by(SORTS[self.sort][0], "pk")
        )

    def facets(self, courses):
        """Counts per value of each filter, each counted with the other filters applied (computed in the database)."""

        def counts(field, exclude):
            rows = courses.filter(self._q(exclude=exclude)).values(field).annotate(n=Count("pk")).order_by()
            return {row[field]: row["n"] for row in rows}

        area_counts = counts("learning_area__code", "learning_area")
        level_counts = counts("level__code", "level")
        provider_counts = counts("provider__slug", "provider")
        language_counts = counts("language", "language")
        duration_base = courses.filter(self._q(exclude="duration"))
        duration_counts = duration_base.aggregate(
            **{key: Count("pk", filter=duration_band_q(key)) for key, *_rest in DURATION_BANDS}
        )
        return {
            "learning_area": [
                {
                    "key": a.code,
                    "label": a.label,
                    "count": area_counts.get(a.code, 0),
                    "selected": a.code == self.learning_area,
                }
                for a in LearningArea.objects.all()
            ],
            "level": [
                {
                    "key": lv.code,
                    "label": lv.label,
                    "count": level_counts.get(lv.code, 0),
                    "selected": lv.code == self.level,
                }
                for lv in Level.objects.all()
            ],
            "provider": [
                {"key": p.slug, "label": p.name, "count": provider_counts[p.slug], "selected": p.slug == self.provider}
                for p in Provider.objects.filter(slug__in=provider_counts.keys())
            ],
            "language": [
                {"key": code, "label": label, "count": language_counts[code], "selected": code == self.language}
                for code, label in LANGUAGE_CHOICES
                if code in language_counts
            ],
            "duration": [
                {"key": key, "label": label, "count": duration_counts[key], "selected": key == self.duration}
                for key, label, *_rest in DURATION_BANDS
            ],
        }

    @property
    def sort_options(self):
        return [{"key": key, "label": label, "selected": key == self.sort} for key, (_f, label) in SORTS.items()]

    def query_string_without_page(self):
        """The current filters as a query string, for pagination links."""
        values = {name: getattr(self, name) for name in self.params if getattr(self, name)}
        if values.get("sort") == DEFAULT_SORT:
            del values["sort"]
        return urlencode(values)
