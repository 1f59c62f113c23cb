"""Log-in throttling with Django's cache: a few failures per identifier, more per IP (workers often share one)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .phone import normalise_phone


def max_failures_per_login():
    return int(getattr(settings, "ACCOUNTS_LOGIN_MAX_FAILURES", 5))


def max_failures_per_ip():
    # Higher than per login: a factory's workers often reach the site through one NAT address.
    return int(getattr(settings, "ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP", 30))


def lockout_seconds():
    return int(getattr(settings, "ACCOUNTS_LOGIN_LOCKOUT_SECONDS", 15 * 60))


def _canonical(login):
    login = (login or "").strip().lower()
    if "@" not in login:
        try:
            login = normalise_phone(login)
        except ValidationError:
            pass
    return login


def _keys(login, ip):
    digest = hashlib.sha256(_canonical(login).encode()).hexdigest()[:32]
    return f"login-fail:id:{digest}", f"login-fail:ip:{ip or 'unknown'}"


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def is_locked(login, ip):
    login_key, ip_key = _keys(login, ip)
    return (cache.get(login_key) or 0) >= max_failures_per_login() or (cache.get(ip_key) or 0) >= max_failures_per_ip()


def _bump(key):
    if cache.add(key, 1, lockout_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, lockout_seconds())


def record_failure(login, ip):
    for key in _keys(login, ip):
        _bump(key)


def clear(login):
    cache.delete(_keys(login, "")[0])
