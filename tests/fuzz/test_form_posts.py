"""Every screen that takes a POST, sent hostile form data by every kind of visitor: no server error.

The fields are the union of what our forms and views read; each hostile value fills them all at once, then the
values go one field at a time. Admin screens are left to Wagtail's and Django's own validation.
"""

import pytest

from .conftest import client_for, isolated, server_error
from .test_html_views import screens

LONG = "x" * 3000
VALUES = ["999999999999999999999", "-1", "abc", "1e999", "NaN", LONG, "", "2024-13-45", "²"]
FIELDS = [
    "action", "closes_on", "comment", "completion", "confirm", "evidence_text", "fmt", "next", "opens_on", "period",
    "points", "public", "reason", "retake", "year", "enrolment", "ids", "status", "course", "all_workers",
    "identifiers", "unit", "level", "learning_plan", "training_rules", "learning_devices", "full_name", "phone",
    "email", "password", "password1", "password2", "username", "serial", "lesson", "q", "page",
]  # fmt: skip
SINGLE = ["year", "unit", "level", "points", "ids", "completion", "enrolment", "course", "status", "action", "period"]


# The screens whose forms read those fields (the others get every field at once only, to keep the suite fast).
FORM_SCREENS = ("/hr/", "/recognition/", "/lessons/", "/courses/", "/my-", "/verify/bulk/")


def forms(path):
    for value in VALUES:
        yield {name: value for name in FIELDS if not (value == LONG and name in ("ids", "completion", "enrolment"))}
    yield {"ids": ["1", "abc", "999999999999999999999", "-1", "²"], "completion": ["²", "0"], "enrolment": ["²", "1"]}
    if not path.startswith(FORM_SCREENS):
        return
    for name in SINGLE:
        for value in ("999999999999999999999", "abc", "²"):
            yield {name: value, "action": "approve", "confirm": "yes"}


@pytest.mark.parametrize("persona", ["anonymous", "learner", "hr", "union"])
def test_no_server_error_on_hostile_form_posts(world, persona, capsys):
    client = client_for(world, persona)
    targets = [path for personas, path, _params in screens(world) if persona in personas and "/api/" not in path]
    failures, requests = {}, 0
    for path in targets:
        for data in forms(path):
            response = isolated(lambda path=path, data=data: client.post(path, data))
            requests += 1
            problem = server_error(response)
            if problem:
                failures.setdefault((path, problem.split(":")[0]), []).append(
                    f"POST {path} {str(data)[:120]} -> {problem}"
                )
    errors = sum(len(found) for found in failures.values())
    with capsys.disabled():
        print(f"\nfuzz forms ({persona}): {len(targets)} screens, {requests} requests, {errors} server errors")
    assert not failures, "\n".join(f"{len(found)} x {found[0]}" for found in failures.values())
