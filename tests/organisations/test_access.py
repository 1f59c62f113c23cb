"""The access-control matrix: every role x every HR/union screen, API and export x own / parent / sibling / child.

A role is held at D1 (a district union). Relative to it: own = D1, parent = P, sibling = D2, child = G1.
A second matrix holds the role at G1 (a workplace): own = G1, parent = D1, sibling = G2.
Each screen acts on a target organisation and, where it needs one, a worker or completion at a workplace inside
the target's subtree. Allowed exactly when the target is the role's organisation or below it and the role has
the capability the screen needs.
"""

import pytest
from django.urls import reverse

from organisations import access
from organisations.models import CompletionReview, OrganisationRole
from organisations.services import create_api_token, grant_role
from tests.factories import UserFactory

HR, UNION, ADMIN = OrganisationRole.HR_OFFICER, OrganisationRole.UNION_OFFICER, OrganisationRole.ADMIN

# relation -> (target organisation, workplace inside it whose worker/completion the screen acts on)
FROM_DISTRICT = {"own": ("D1", "G1"), "parent": ("P", "GP"), "sibling": ("D2", "G3"), "child": ("G1", "G1")}
FROM_WORKPLACE = {"own": ("G1", "G1"), "parent": ("D1", "G2"), "sibling": ("G2", "G2")}

# name -> (capability, method, url builder(org, worker, completion), workplace-only)
SCREENS = {
    "organisation": (access.VIEW, "get", lambda o, w, c: reverse("organisations:organisation", args=[o.pk]), False),
    "workers": (access.VIEW, "get", lambda o, w, c: reverse("organisations:workers", args=[o.pk]), False),
    "worker": (access.VIEW, "get", lambda o, w, c: reverse("organisations:worker", args=[o.pk, w.pk]), False),
    "completions": (access.VIEW, "get", lambda o, w, c: reverse("organisations:completions", args=[o.pk]), False),
    "export_csv": (access.EXPORT, "get", lambda o, w, c: reverse("organisations:export", args=[o.pk, "csv"]), False),
    "export_xlsx": (access.EXPORT, "get", lambda o, w, c: reverse("organisations:export", args=[o.pk, "xlsx"]), False),
    "enrol": (access.ENROL, "get", lambda o, w, c: reverse("organisations:enrol", args=[o.pk]), False),
    "import": (access.IMPORT, "get", lambda o, w, c: reverse("organisations:import", args=[o.pk]), True),
    "review": (access.CONFIRM, "post", lambda o, w, c: reverse("organisations:review", args=[o.pk, c.pk]), False),
    "bulk_confirm": (access.CONFIRM, "post", lambda o, w, c: reverse("organisations:bulk_confirm", args=[o.pk]), False),
}


def _request(client, screen, org, worker, completion):
    capability, method, url, _workplace_only = SCREENS[screen]
    if method == "get":
        response = client.get(url(org, worker, completion))
        if response.status_code == 200 and hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        # A workplace's overview page sends its officers on to its worker list.
        redirected_inside = response.status_code == 302 and response["Location"].startswith("/hr/")
        return response, response.status_code == 200 or redirected_inside
    data = {"status": "confirmed", "completion": [completion.pk]}
    response = client.post(url(org, worker, completion), data)
    reviewed = CompletionReview.objects.filter(completion=completion, status="confirmed").exists()
    CompletionReview.objects.filter(completion=completion).delete()
    return response, response.status_code == 302 and reviewed


def _matrix(client, tree, staffed, role, held_at, relations):
    workers, completions = staffed
    person = UserFactory()
    if role:
        grant_role(person, tree[held_at], role)
    client.force_login(person)
    capabilities = access.ROLE_CAPABILITIES.get(role, set())
    wrong = []
    for relation, (target, workplace) in relations.items():
        for screen, (capability, _method, _url, workplace_only) in SCREENS.items():
            if workplace_only and not tree[target].is_workplace:
                continue
            expected = relation in ("own", "child") and capability in capabilities
            response, allowed = _request(client, screen, tree[target], workers[workplace], completions[workplace])
            if allowed != expected or (not allowed and response.status_code not in (403, 404)):
                wrong.append(f"{role}@{held_at} {screen} on {relation} {target}: got {response.status_code}")
    return wrong


@pytest.mark.parametrize("role", [HR, UNION, ADMIN, None])
def test_matrix_role_at_district(client, tree, staffed, role):
    assert _matrix(client, tree, staffed, role, "D1", FROM_DISTRICT) == []


@pytest.mark.parametrize("role", [HR, UNION, ADMIN, None])
def test_matrix_role_at_workplace(client, tree, staffed, role):
    assert _matrix(client, tree, staffed, role, "G1", FROM_WORKPLACE) == []


def test_anonymous_is_sent_to_login(client, tree, staffed):
    workers, completions = staffed
    for screen in SCREENS:
        response, allowed = _request(client, screen, tree["G1"], workers["G1"], completions["G1"])
        assert not allowed
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], screen


def test_superuser_reaches_everything(client, tree, staffed):
    workers, completions = staffed
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for screen in SCREENS:
        assert _request(client, screen, tree["G3"], workers["G3"], completions["G3"])[1], screen


# The API: a token belongs to D1; the URL names no organisation, so "own / parent / sibling / child" is about
# whose data it can read and confirm.
API_RELATIONS = {"own": "G1", "child": "G2", "parent": "GP", "sibling": "G3"}


@pytest.mark.parametrize("scope", ["read", "read_confirm"])
def test_matrix_api_token(client, tree, staffed, scope):
    workers, completions = staffed
    _token, key = create_api_token(tree["D1"], "HRM", scope=scope)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    listed_workers = {r["id"] for r in client.get("/api/hr/workers", **auth).json()["results"]}
    listed = {r["id"] for r in client.get("/api/hr/completions", **auth).json()["results"]}
    wrong = []
    for relation, workplace in API_RELATIONS.items():
        inside = relation in ("own", "child")
        if (workers[workplace].pk in listed_workers) != inside:
            wrong.append(f"workers {relation}")
        if (completions[workplace].pk in listed) != inside:
            wrong.append(f"completions {relation}")
        response = client.post(f"/api/hr/completions/{completions[workplace].pk}/confirm", **auth)
        expected = 200 if inside and scope == "read_confirm" else (403 if scope == "read" else 404)
        if response.status_code != expected:
            wrong.append(f"confirm {relation}: {response.status_code} != {expected}")
        assert "error" in response.json() or response.status_code == 200
    assert wrong == []


def test_service_checks_match_the_tree(tree, staffed):
    workers, completions = staffed
    hr = UserFactory()
    grant_role(hr, tree["D1"], HR)
    assert set(tree["VN"].__class__.objects.visible_to(hr).values_list("pk", flat=True)) == {
        tree["D1"].pk,
        tree["G1"].pk,
        tree["G2"].pk,
    }
    assert access.can_view_worker(hr, workers["G1"]) and access.can_view_worker(hr, workers["G2"])
    assert not access.can_view_worker(hr, workers["G3"]) and not access.can_view_worker(hr, workers["GP"])
    assert access.can_act_on_completion(hr, completions["G2"], access.CONFIRM)
    assert not access.can_act_on_completion(hr, completions["G3"], access.CONFIRM)
    union = UserFactory()
    grant_role(union, tree["P"], UNION)
    assert access.can_view_worker(union, workers["G3"])
    assert not access.can_act_on_completion(union, completions["G3"], access.CONFIRM)
