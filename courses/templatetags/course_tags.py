"""Template helpers for course pages: JSON-LD output and the course outline."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The characters that could end a <script> element or open a comment, escaped as JSON unicode escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def as_json_ld(data):
    """Serialise a dict as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped above


@register.simple_tag
def course_outline(course):
    """The course's live lessons grouped by module, in tree order: a list of (module or None, [lessons])."""
    modules = list(course.modules)
    groups = []
    for lesson in course.lessons:
        module = next((m for m in modules if lesson.path.startswith(m.path)), None)
        if groups and groups[-1][0] == module:
            groups[-1][1].append(lesson)
        else:
            groups.append((module, [lesson]))
    # Modules without a live lesson still show, so learners see the course's shape.
    listed = {group[0].pk for group in groups if group[0] is not None}
    groups += [(module, []) for module in modules if module.pk not in listed]
    return groups
