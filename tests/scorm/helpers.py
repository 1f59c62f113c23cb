"""The SCORM run-time protocol as the run-time page speaks it: launch with the learner's session (site origin),
then commits carrying the launch's token, with no cookie (the content origin holds none)."""

import json

from django.core import signing
from django.test import Client
from django.urls import reverse

from scorm.tokens import SALT
from tests.factories import LessonPageFactory

SITE_HOST = "testserver"
CONTENT_HOST = "scorm.testserver"  # cms/settings/test.py: SCORM_CONTENT_ORIGIN


def place_in_lesson(package, course, title="Bài SCORM"):
    """A live lesson of `course` whose body holds `package` (what lets learners launch it)."""
    body = json.dumps([{"type": "scorm", "value": {"title": package.title, "package_id": package.pk}}])
    return LessonPageFactory(parent=course, title=title, body=body)


def learner_client(user):
    client = Client()
    client.force_login(user)
    return client


def launch(client, sco, *, started_ago=0):
    """Launch `sco` as the lesson page does; `started_ago` backdates the token's launch time (seconds)."""
    response = client.get(reverse("scorm:launch", args=[sco.pk]))
    assert response.status_code == 200, response.content
    data = response.json()
    if started_ago:
        data["token"] = backdated(data["token"], started_ago)
    return data


def backdated(token, seconds):
    """The same session's token, as if it had been launched `seconds` earlier (signed with the site's key)."""
    claims = signing.loads(token, salt=SALT)
    claims["t"] -= seconds
    return signing.dumps(claims, salt=SALT, compress=False)


def signed_at(claims, when, salt=SALT, key=None):
    """Claims signed with a timestamp of `when` (epoch seconds): an old token, as the site once made it."""

    class Signer(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(when))

    return Signer(key=key, salt=salt).sign_object(claims, compress=False)


def post_commit(attempt_id, body, **extra):
    """POST a commit as the run-time page does: JSON in a text/plain body, no cookie, no CSRF token."""
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return Client().post(reverse("scorm:commit", args=[attempt_id]), data=data, content_type="text/plain", **extra)


LAUNCH_TOKEN = object()


def commit(launched, sequence, cmi, *, token=LAUNCH_TOKEN, attempt_id=None):
    """Commit `cmi` with the launch's token (or `token`, any value, even None) to its attempt (or `attempt_id`)."""
    body = {"token": launched["token"] if token is LAUNCH_TOKEN else token, "sequence": sequence, "cmi": cmi}
    return post_commit(attempt_id or launched["attempt"], body)
