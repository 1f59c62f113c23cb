"""The person's unread notices for every page (queried only when a template uses them)."""

from django.utils.functional import SimpleLazyObject


def notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def summary():
        from .services import unread

        latest = list(unread(user).only("pk", "subject", "created")[:3])
        count = len(latest) if len(latest) < 3 else unread(user).count()
        return {"count": count, "latest": latest}

    return {"unread_notices": SimpleLazyObject(summary)}
