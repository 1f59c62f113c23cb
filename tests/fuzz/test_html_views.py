"""Every screen that reads a query string, attacked with hostile ones by every kind of visitor: no server error.

The routes are enumerated from the URL configuration (new screens join the table by themselves); path arguments
are filled from a small world (an enterprise, its HR officer, a province's union officer, a learner with a
certificate, a superuser). Wagtail admin and Django admin list screens are attacked by the superuser.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import client_for, isolated, server_error

LONG = "x" * 3000
# Hostile values, already URL-encoded.
VALUES = [
    "999999999999999999999",
    "-1",
    "abc",
    "1e999",
    "a%00b",
    LONG,
    "%F0%9F%92%A9%E2%80%AE%EF%BF%BF%ED%A0%80%C3%27%3Cx",
]
# Every parameter name a screen of ours (or Wagtail's, Django's) reads.
PARAMS = [
    "q", "page", "p", "page_size", "year", "status", "area", "source", "unit", "period", "serial", "sort", "kind",
    "learning_area", "level", "provider", "language", "duration", "since", "until", "next", "ordering", "o",
    "search", "order", "type", "fields", "limit", "offset", "lesson", "course", "collection_id", "tag", "locale",
    "search_operator", "child_of", "descendant_of", "id", "slug", "html_path", "site", "translation_of", "after",
    "before", "last",
]  # fmt: skip
EXTRA = ["%00=1", "q[]=a&q[]=b&page[]=1&a[b]=2&=&&=x&page=2"]
# All parameters at once, an early 400 for one can hide another's 500: the parameters each kind of screen
# reads are also tried one at a time.
CATALOGUE = ["q", "page", "sort", "kind", "learning_area", "level", "provider", "language", "duration"]
ROUTE_PARAMS = [
    ("api/v2/", ["offset", "limit", "search", "search_operator", "order", "fields", "type", "child_of", "id",
                 "descendant_of", "slug", "locale", "translation_of", "site", "html_path"]),
    ("hr/", ["q", "status", "year", "area", "source", "unit", "page", "after", "before"]),
    ("api/hr/", ["q", "status", "learning_area", "since", "until", "page", "page_size"]),
    ("recognition/", ["year", "status", "period", "page", "unit"]),
    ("search/", CATALOGUE),
    ("api/catalogue/", CATALOGUE),
    ("my-", ["page"]),
    ("verify/", ["serial"]),
    ("accounts/", ["next"]),
]  # fmt: skip
SINGLE_VALUES = ["999999999999999999999", "abc", "%C2%B2"]  # ² passes str.isdigit() but not int()

# Routes never fuzzed: logging out ends the session the test uses; Wagtail's deliberate error page;
# SCORM's runtime is fuzzed by its own tests.
SKIP = re.compile(r"^(admin/(logout|failwhale|test404)|django-admin/logout|scorm/|i18n/setlang|accounts/logout)")
# Admin list screens (their "results/" twins run the same code, choosers the same listing).
ADMIN_LISTS = re.compile(r"(^|:)(index|list|search|wagtailadmin_explore_root|.*_changelist|locked_pages|workflow|"
                         r"workflow_tasks|site_history|aging_pages|page_types_usage)$")  # fmt: skip


def _walk(patterns, prefix="", names=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), names + (pattern.namespace or "",))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join([*filter(None, names), pattern.name or ""])


def _fill(route, world):
    """A concrete path for a route, or None when its arguments cannot be filled from the world."""
    values = {
        "org_id": world.enterprise.pk if route.startswith("hr/") else world.province.pk,
        "user_id": world.learner.pk,
        "pk": world.completion.pk,
        "serial": world.certificate.serial,
        "course_id": world.course.pk,
        "lesson_id": world.lesson.pk,
        "block_id": "x",
        "code": "1.1",
        "number": 0,
        "fmt": "csv",
        "uidb64": "MQ",
        "token": "set-password",
        "page_id": world.course.pk,
        "page_view_restriction_id": 1,
        "restriction_id": 1,
        "id": 1,
    }
    route = route.replace("^", "").replace("$", "")
    if route.startswith("((?:"):
        return None  # Wagtail's page serving: the pages are listed apart
    if "(" in route or "\\" in route:
        return None  # regular-expression routes (Wagtail API internals, document serving)

    def fill(match):
        name = match.group(2)
        if name not in values:
            raise LookupError(name)
        return str(values[name])

    try:
        path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
    except LookupError:
        return None
    return "/" + path


def _params(route):
    return next((params for prefix, params in ROUTE_PARAMS if route.startswith(prefix)), ["page"])


def screens(world):
    """(persona set, path, parameters read) for every route to attack."""
    everyone = ("anonymous", "learner", "hr", "union")
    found = []
    for route, name in _walk(get_resolver().url_patterns):
        route = route.replace("^", "")
        if SKIP.match(route):
            continue
        path = _fill(route, world)
        if path is None:
            continue
        if route.startswith(("admin/", "django-admin/")):
            if "<" not in route and ADMIN_LISTS.search(name):
                found.append((("admin",), path, ("p", "ordering")))
        elif route.startswith(("hr/", "recognition/", "verify/", "api/hr/")):
            found.append((everyone, path, tuple(_params(route))))
        else:
            # HR and union officers see the other screens as any learner does.
            found.append((("anonymous", "learner"), path, tuple(_params(route))))
    # Pages served by Wagtail: home, the catalogue (filters and paging through search), a course, a lesson.
    catalogue = world.course.get_parent().get_parent()
    for page in (catalogue.get_parent(), catalogue, world.course.get_parent(), world.course, world.lesson):
        found.append((("anonymous", "learner"), page.url, tuple(CATALOGUE if page == catalogue else ["page"])))
    found.append((("admin",), f"/django-admin/accounts/user/{world.learner.pk}/change/", ("_changelist_filters",)))
    return sorted(set(found), key=lambda item: item[1])


def queries(params):
    """Every parameter at once with one hostile value, then the screen's own parameters one at a time."""
    yield from EXTRA
    for value in VALUES:
        yield "&".join(f"{name}={value}" for name in PARAMS if not (value == LONG and name != "q"))
    for name in params:
        for value in SINGLE_VALUES:
            yield f"{name}={value}"


@pytest.mark.parametrize("persona", ["anonymous", "learner", "hr", "union", "admin"])
def test_no_server_error_on_hostile_query_strings(world, persona, capsys):
    client = client_for(world, persona)
    targets = [(path, params) for personas, path, params in screens(world) if persona in personas]
    assert len(targets) >= {"anonymous": 60, "learner": 60, "hr": 15, "union": 15, "admin": 30}[persona]
    failures, requests = {}, 0
    for path, params in targets:
        for query in queries(params):
            url = f"{path}?{query}"
            response = isolated(lambda url=url: client.get(url))
            requests += 1
            problem = server_error(response)
            if problem:
                # One line per screen and kind of error, with the first query that caused it.
                failures.setdefault((path, problem.split(":")[0]), []).append(f"GET {url[:160]} -> {problem}")
    errors = sum(len(found) for found in failures.values())
    with capsys.disabled():
        print(f"\nfuzz html ({persona}): {len(targets)} screens, {requests} requests, {errors} server errors")
    assert not failures, "\n".join(f"{len(found)} x {found[0]}" for found in failures.values())
