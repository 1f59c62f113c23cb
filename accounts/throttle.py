"""Throttles on every way in: django-axes counts failed log-ins, a small cache counter limits password resets.

Log-in (every door: this site's form, Wagtail's /admin/login/, /django-admin/login/, HTTP Basic on the APIs,
since django-axes hooks `authenticate()` itself): failures are counted per account *and* address together,
so a stranger guessing from elsewhere never locks the owner out, and per address alone with a higher limit
(a factory's workers often share one NAT address) against guessing across many accounts. A lock lasts
AXES_COOLOFF_TIME and then lifts by itself. Counters live in the default cache: Redis in production, which
the production settings require, so that every worker process sees the same counts.
"""

import hashlib
import time

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_cache_keys, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from .phone import normalise_phone


def client_ip(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR only.

    X-Forwarded-For is the client's to forge unless a trusted proxy rewrites REMOTE_ADDR (deploy/ does).
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def canonical_login(login):
    """One spelling per login: e-mail lower-cased, phone number in its stored form."""
    login = (login or "").strip().lower()
    if login and "@" not in login:
        try:
            login = normalise_phone(login)
        except ValidationError:
            pass
    return login


def account_key(request, credentials):
    """The account a log-in attempt aims at (AXES_USERNAME_CALLABLE): every spelling of it counts together.

    An existing account is counted by its id, so its e-mail and phone share one counter; an unknown login by
    its canonical spelling.
    """
    credentials = credentials or {}
    # Our forms pass `username`; DRF's Basic authentication passes the model's USERNAME_FIELD (`email`).
    login = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD)
    if login is None and request is not None:
        login = getattr(request, "POST", {}).get("username")
    if not login:
        # Never None: axes would then build the address-only key and count this attempt twice there.
        return "no-login|"
    login = canonical_login(login)
    memo = getattr(request, "_throttle_accounts", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._throttle_accounts = memo
    if login not in memo:
        try:
            memo[login] = f"account#{get_user_model().objects.get_by_login(login).pk}|"
        except get_user_model().DoesNotExist:
            memo[login] = f"login#{login}|"
    return memo[login]


def max_failures_per_address():
    # Higher than per account: many workers reach the site through one NAT address.
    return max(1, int(getattr(settings, "ACCOUNTS_LOGIN_MAX_FAILURES_PER_IP", 30)))


class LoginThrottleHandler(AxesCacheHandler):
    """Axes' cache handler with a separate, higher limit for the address-only counter.

    AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]; axes compares the larger count
    with one limit (AXES_FAILURE_LIMIT), so the address counter is scaled onto that limit here.
    """

    def get_failures(self, request, credentials=None):
        keys = get_client_cache_keys(request, credentials)
        counts = [self.cache.get(key, default=0) for key in keys]
        if len(counts) != 2:
            return max(counts, default=0)
        per_account, per_address = counts
        limit = get_failure_limit(request, credentials)
        return max(per_account, per_address * limit // max_failures_per_address())

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        # The parent decided with the raw, unscaled address count; decide again with the scaled one.
        locked = self.is_locked(request, credentials)
        # DRF (HTTP Basic) wraps the HttpRequest that AxesMiddleware reads: flag that one as well.
        targets = [request, getattr(request, "_request", None)]
        for target in filter(None, targets):
            target.axes_locked_out = locked
            target.axes_credentials = credentials if locked else None

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # A success clears this account's counter from this address, never the address counter: otherwise
        # logging into one's own account between guesses would reset the limit on guessing others'.
        login = user.email or user.phone
        if login and request is not None:
            self.cache.delete(get_client_cache_keys(request, {"username": login})[0])


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out client sees (AXES_LOCKOUT_CALLABLE): 429, JSON on the APIs, a page elsewhere."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else 15
    message = ngettext(
        "Too many failed log-in attempts. Please wait %(minutes)d minute and try again.",
        "Too many failed log-in attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message, "minutes": minutes}, status=429)


def _hit(key, window):
    """Count one event under `key` in the current fixed window of `window` seconds; return the count."""
    key = f"{key}:{int(time.time() // window)}"
    if cache.add(key, 1, window + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        return 1


def allow_password_reset(request, email):
    """Count a password-reset request; False once this address or this e-mail asked too often this hour.

    Counted whether or not an account has this e-mail, so the answer reveals nothing about who is registered.
    """
    window = int(getattr(settings, "ACCOUNTS_PASSWORD_RESET_WINDOW", 3600))
    per_ip = int(getattr(settings, "ACCOUNTS_PASSWORD_RESET_PER_IP", 10))
    per_email = int(getattr(settings, "ACCOUNTS_PASSWORD_RESET_PER_EMAIL", 3))
    by_ip = _hit(f"password-reset:ip:{client_ip(request)}", window)
    digest = hashlib.sha256(canonical_login(email).encode()).hexdigest()[:32]
    by_email = _hit(f"password-reset:email:{digest}", window)
    return by_ip <= per_ip and by_email <= per_email
