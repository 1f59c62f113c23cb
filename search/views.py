"""The search page, the JSON search API and the autocomplete endpoint (thin: the work is in services)."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.models import LearningArea, Level, Provider

from . import services
from .backends.base import FACETS, SORTS, SearchError

PAGE_SIZE = 20


def _labels(hits):
    return {
        "learning_area": {a.code: a.label for a in LearningArea.objects.all()},
        "level": {lv.code: lv.label for lv in Level.objects.all()},
        "provider": dict(Provider.objects.filter(slug__in={h.provider for h in hits}).values_list("slug", "name")),
    }


def _toggle_url(params, name, key):
    """The query string that selects a facet value, or clears it when it is selected already."""
    values = {k: v for k, v in params.items() if v and k != "page"}
    if values.get(name) == key:
        values.pop(name)
    else:
        values[name] = key
    return "?" + urlencode(values)


@require_GET
def search_page(request):
    params = {name: request.GET.get(name, "") for name in ("q", "sort", "kind", "literal", *FACETS)}
    context = {"q": params["q"], "params": params, "results": None, "error": ""}
    status = 200
    try:
        results = services.search_params(request.GET, per_page=PAGE_SIZE)
    except SearchError as exc:
        context["error"] = str(exc)
        status = 400
    else:
        for name, values in results.facets.items():
            for value in values:
                value.url = _toggle_url(params, name, value.key)
        rows = []
        labels = _labels(results.hits)
        for hit in results.hits:
            rows.append(
                {
                    "hit": hit,
                    "learning_area": labels["learning_area"].get(hit.learning_area, ""),
                    "level": labels["level"].get(hit.level, ""),
                    "provider": labels["provider"].get(hit.provider, ""),
                }
            )
        base = {k: v for k, v in params.items() if v and k != "page"}
        context.update(
            results=results,
            # "Kết quả cho: an toàn vệ sinh lao động", and a link to search the words exactly as typed
            understood=results.understood,
            literal_url="?" + urlencode({**base, "literal": "1"}),
            rows=rows,
            facet_groups=[
                (name, title, results.facets.get(name, []))
                for name, title in (
                    ("learning_area", _("Learning area")),
                    ("level", _("Level")),
                    ("provider", _("Provider")),
                    ("language", _("Language")),
                    ("duration", _("Duration")),
                )
            ],
            sort_options=[
                {"key": k, "label": label, "selected": k == results.query.sort} for k, label in SORTS.items()
            ],
            page_query=urlencode(base),
            previous_page=results.query.page - 1 if results.query.page > 1 else None,
            next_page=results.query.page + 1 if results.query.page < results.num_pages else None,
        )
    return render(request, "search/search.html", context, status=status)


@require_GET
def api_search(request):
    """GET /api/catalogue/search?q=&learning_area=&level=&provider=&language=&page= (CONTRACTS.md)."""
    try:
        results = services.search_params(request.GET, per_page=PAGE_SIZE)
    except SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(results.to_dict(), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_autocomplete(request):
    """GET /api/catalogue/autocomplete?q=ky+na -> {"suggestions": [{"id", "title", "url"}]}."""
    q = request.GET.get("q", "")
    if len(q) > 100:
        return JsonResponse({"error": _("The search text is too long.")}, status=400)
    suggestions = services.suggest(q)
    return JsonResponse({"suggestions": [s.to_dict() for s in suggestions]}, json_dumps_params={"ensure_ascii": False})
