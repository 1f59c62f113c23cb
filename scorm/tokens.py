"""Commit tokens: what lets the run-time page, on the content origin, store commits of one attempt.

The content origin holds none of the site's cookies, so its commits cannot ride on the learner's session. At
launch the site signs {attempt, learner, session key, launch time} for that one attempt; a commit carrying the
token writes only that attempt, and the launch time caps the session time the commit may claim.
"""

import secrets
import time

from django.core import signing

from . import conf

SALT = "scorm.commit"


class InvalidToken(Exception):
    """The token is malformed, forged or expired."""


def make_token(attempt, now=None):
    """Sign a new session of `attempt` (a fresh session key, launched now); returns (token, session key)."""
    session = secrets.token_urlsafe(12)
    launched = int(now if now is not None else time.time())
    claims = {"a": attempt.pk, "u": attempt.user_id, "s": session, "t": launched}
    return signing.dumps(claims, salt=SALT, compress=False), session


def read_token(token):
    """The claims of a valid token: {"a": attempt id, "u": user id, "s": session key, "t": launch time}."""
    if not isinstance(token, str) or not token or len(token) > 512:
        raise InvalidToken
    try:
        claims = signing.loads(token, salt=SALT, max_age=conf.token_max_age())
    except (signing.BadSignature, ValueError):  # ValueError: signed by us, but without a timestamp
        raise InvalidToken from None
    if not isinstance(claims, dict) or not all(isinstance(claims.get(k), int) for k in ("a", "u", "t")):
        raise InvalidToken
    if not isinstance(claims.get("s"), str):
        raise InvalidToken
    return claims
