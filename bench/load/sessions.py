"""Signed-in sessions for the load-test learners, made without hashing their passwords (run by run.py).

Run inside Django: `manage.py shell -c "exec(open('bench/load/sessions.py').read())"`. A learner who arrives
with one of these is signed in as after a log-in; the scenarios still log a share of learners in with
their password (LOAD_LOGIN_SHARE), whose cost docs/capacity.md counts apart: one PBKDF2 log-in costs more CPU
than a learner's whole SCORM session, so a ramp of 200 log-ins would measure the password hasher, not learning.
LOAD_SESSIONS names the JSON file written: {email: session key}.
"""

import json
import os

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.module_loading import import_string

SessionStore = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
users = get_user_model().objects.filter(email__endswith="@load.test").only("pk", "email", "password")
keys = {}
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrPhoneBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys[user.email] = session.session_key
path = os.environ.get("LOAD_SESSIONS", "var/load-sessions.json")
with open(path, "w") as handle:
    json.dump(keys, handle)
print(f"load sessions: {path}: {len(keys)}")
