"""Locust scenarios against deploy/local/ (bench/load/run.py runs them; docs/capacity.md reads the results).

- learner (most users): logs in, browses the catalogue and courses, searches without diacritics, enrols in the
  SCORM course, plays its lesson as the real player does (launch, the SCO file from the content origin, commits
  in a text/plain body with the token: status, pages of location, suspend data and interactions, session time,
  passed), then looks for the certificate and downloads its PDF when the worker has rendered it;
- HR officer: the workplace's lists of workers and completions, and the workers' export;
- union officer: the recognition dashboard, its units and reports.

Each learner takes an account of its own (bench/load/users.py made them). Every acknowledged SCORM commit is
written to LOAD_ACKS (attempt, sequence), so run.py can check afterwards that no acknowledged write was lost.
"""

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

# The commits a real player sends, as bench/scorm_sessions.py measures them (bench/ is this file's parent).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scorm_traffic import session_commits  # noqa: E402

CLUSTER_DIR = os.environ.get("CLUSTER_DIR", "/tmp/hoctap-cluster")  # noqa: S108 - deploy/local/cluster.sh's default
FIXTURE = json.load(open(os.environ.get("LOAD_FIXTURE", f"{CLUSTER_DIR}/load.json")))  # noqa: SIM115
CONTENT_HOST = os.environ.get("LOAD_CONTENT_HOST", f"localhost:{8080 + int(os.environ.get('CLUSTER_PORT_OFFSET', 0))}")
ACKS = open(os.environ.get("LOAD_ACKS", f"{CLUSTER_DIR}/acks.jsonl"), "a", buffering=1)  # noqa: SIM115
ERRORS = open(os.environ.get("LOAD_ERRORS", f"{CLUSTER_DIR}/errors.jsonl"), "a", buffering=1)  # noqa: SIM115
SESSIONS = json.load(open(os.environ.get("LOAD_SESSIONS", f"{CLUSTER_DIR}/sessions.json")))  # noqa: SIM115
# One learner in LOGIN_EVERY logs in with their password; the others arrive signed in (bench/load/sessions.py).
LOGIN_EVERY = int(os.environ.get("LOAD_LOGIN_EVERY", 10))
_learners = itertools.cycle(enumerate(FIXTURE["learners"]))


@events.request.add_listener
def record_failure(request_type, name, exception, **kwargs):
    """Each failed request with its time: run.py counts those inside and outside the fault windows."""
    if exception:
        ERRORS.write(json.dumps({"at": time.time(), "name": name, "error": str(exception)[:200]}) + "\n")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True

    def log_in(self, login, password):
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": login, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log in answered {response.status_code}")
                raise StopUser()

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def post_form(self, path, name, data=None):
        return self.client.post(
            path,
            data={**(data or {}), "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": f"{self.host}{path}"},
            name=name,
            allow_redirects=False,
        )


class Learner(SignedIn):
    weight = 18
    # Between two actions a learner reads: 10 to 30 s (real learners take longer; this keeps 5 minutes busy).
    wait_time = between(10, 30)

    def on_start(self):
        number, self.login = next(_learners)
        self.rng = random.Random(self.login)
        if number % LOGIN_EVERY == 0 or self.login not in SESSIONS:
            self.log_in(self.login, FIXTURE["password"])
        else:
            self.client.cookies.set("sessionid", SESSIONS[self.login])
            self.client.get("/", name="home")  # sets the CSRF cookie, as a first page does
        self.played = False

    @task(4)
    def browse(self):
        self.client.get("/", name="home")
        course = self.rng.choice(FIXTURE["courses"])
        self.client.get(course["url"], name="course page")

    @task(3)
    def search(self):
        query = self.rng.choice(FIXTURE["searches"])  # typed without diacritics
        self.client.get("/search/", params={"q": query}, name="search page")
        self.client.get("/api/catalogue/search", params={"q": query}, name="search API")

    @task(1)
    def my_learning(self):
        self.client.get("/my-learning/", name="my learning")

    @task(2)
    def play_scorm_lesson(self):
        scorm = FIXTURE["scorm"]
        if self.played or not scorm:
            return
        self.played = True
        self.post_form(f"/courses/{scorm['course']}/enrol", "enrol")
        self.client.get(scorm["lesson_url"], name="lesson page")
        launch = self.client.get(f"/scorm/scos/{scorm['sco']}/launch", name="SCORM launch")
        if launch.status_code != 200:
            return
        data = launch.json()
        content = data["url"].split("://", 1)[-1].split("/", 1)[-1]
        self.client.get(f"/{content}", headers={"Host": CONTENT_HOST}, name="SCORM content file")
        commit_path = "/" + data["commit_url"].split("://", 1)[-1].split("/", 1)[-1]
        for sequence, (_kind, cmi) in enumerate(session_commits(self.login), start=1):
            self._sleep()
            body = json.dumps({"token": data["token"], "sequence": sequence, "cmi": cmi})
            response = self.client.post(
                commit_path,
                data=body.encode(),
                headers={"Content-Type": "text/plain;charset=UTF-8", "Origin": f"http://{CONTENT_HOST}"},
                name="SCORM commit",
                cookies={},
            )
            if response.status_code == 200:
                ACKS.write(json.dumps({"attempt": data["attempt"], "sequence": sequence}) + "\n")
        self.certificate()

    def _sleep(self):
        # A real player commits about once a minute; here every 10 to 30 s (docs/capacity.md scales it).
        gevent.sleep(self.rng.uniform(10, 30))

    def certificate(self):
        page = self.client.get("/my-certificates/", name="my certificates")
        serials = re.findall(r"/certificates/([A-Za-z0-9-]+)\.pdf", page.text)
        if serials:
            self.client.get(f"/certificates/{serials[0]}.pdf", name="certificate PDF")


class HumanResources(SignedIn):
    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        self.log_in(FIXTURE["hr"]["login"], FIXTURE["hr"]["password"])
        home = self.client.get("/hr/", name="HR home")
        self.orgs = sorted(set(re.findall(r"/hr/(\d+)/", home.url + home.text)))
        if not self.orgs:
            raise StopUser()

    @task(3)
    def lists(self):
        org = random.choice(self.orgs)  # noqa: S311
        self.client.get(f"/hr/{org}/workers/", name="HR workers")
        self.client.get(f"/hr/{org}/completions/", name="HR completions")

    @task(1)
    def export(self):
        org = random.choice(self.orgs)  # noqa: S311
        self.client.get(f"/hr/{org}/workers/export.csv", name="HR export")


class UnionOfficer(SignedIn):
    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        self.log_in(FIXTURE["officer"]["login"], FIXTURE["officer"]["password"])
        home = self.client.get("/recognition/", name="officer home")
        # /recognition/ redirects to the officer's own unit; its page links the units below it.
        self.orgs = sorted(set(re.findall(r"/recognition/(\d+)/", home.url + home.text)))
        if not self.orgs:
            raise StopUser()

    @task
    def dashboard(self):
        org = random.choice(self.orgs)  # noqa: S311
        self.client.get(f"/recognition/{org}/", name="officer dashboard")
        self.client.get(f"/recognition/{org}/units/", name="officer units")
        self.client.get(f"/recognition/{org}/reports/", name="officer reports")
