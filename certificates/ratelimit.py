"""A small fixed-window rate limit per client address, kept in the shared cache (Redis at scale)."""

import functools
import time

from django.core.cache import cache

from . import conf


def client_address(request):
    # REMOTE_ADDR only: a forwarded header is the client's to forge unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope, limit=None, window=60):
    """Count one request of this client in `scope`; False once `limit` requests were made in this window."""
    limit = limit or conf.verify_rate_limit()
    key = f"certificates:rate:{scope}:{client_address(request)}:{int(time.time() // window)}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    return count <= limit


def rate_limited(scope, on_limited):
    """View decorator: call `on_limited(request)` instead of the view when the client is over its limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allow(request, scope):
                return on_limited(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
