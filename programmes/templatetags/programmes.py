from django import template
from django.utils import timezone

from .. import assignments

register = template.Library()


@register.simple_tag
def assigned_learning(user):
    """The learner's assigned courses and programmes, most urgent first ([] for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return assignments.for_worker(user, timezone.localdate())
