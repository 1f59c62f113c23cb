"""Facet values with labels, ordered the same way whichever backend counted them."""

from decimal import Decimal

from courses.models import DURATION_BANDS, LANGUAGE_CHOICES, LearningArea, Level, Provider

from . import conf
from .backends.base import FACETS, FacetValue


def duration_band(hours):
    """The DURATION_BANDS key of a duration in hours, or "" for none."""
    if hours is None:
        return ""
    hours = Decimal(str(hours))
    for key, _label, low, high in DURATION_BANDS:
        if (low is None or hours >= low) and (high is None or hours < high):
            return key
    return ""


def build_facets(counts, filters):
    """Turn {facet: {key: count}} into {facet: [FacetValue]}: non-zero values plus the selected one, labelled."""
    facets = {}
    selected = {name: filters.get(name, "") for name in FACETS}

    def keep(name, key):
        return counts.get(name, {}).get(key, 0) > 0 or key == selected[name]

    def value(name, key, label):
        return FacetValue(key=key, label=label, count=counts.get(name, {}).get(key, 0), selected=key == selected[name])

    # Every learning area and level is listed (the catalogue shows empty ones disabled); providers and
    # languages only when they have results.
    facets["learning_area"] = [value("learning_area", area.code, area.label) for area in LearningArea.objects.all()]
    facets["level"] = [value("level", lv.code, lv.label) for lv in Level.objects.all()]
    provider_counts = counts.get("provider", {})
    top = sorted((key for key in provider_counts if key), key=lambda k: (-provider_counts[k], k))
    top = top[: conf.provider_facet_size()]
    if selected["provider"] and selected["provider"] not in top:
        top.append(selected["provider"])
    names = dict(Provider.objects.filter(slug__in=top).values_list("slug", "name"))
    facets["provider"] = [value("provider", slug, names[slug]) for slug in top if slug in names]
    facets["language"] = [value("language", code, label) for code, label in LANGUAGE_CHOICES if keep("language", code)]
    facets["duration"] = [value("duration", key, label) for key, label, *_rest in DURATION_BANDS]
    return facets
