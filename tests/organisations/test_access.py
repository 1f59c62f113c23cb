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


# The Wagtail admin: an organisation admin at D1 (staff, with the organisations permissions) tries every create,
# edit and copy form with an organisation or person outside D1's subtree. Each attempt must end in a form error
# or a 403/404: never a save, never a 500.
ADMIN_URL = "/admin/organisations/{model}/{action}/"


@pytest.fixture
def org_admin(client, tree, staffed):
    from django.contrib.auth.models import Permission

    admin = UserFactory(is_staff=True)
    admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["organisations", "wagtailadmin"])
    )
    grant_role(admin, tree["D1"], ADMIN)
    client.force_login(admin)
    client.raise_request_exception = False  # a 500 is recorded as a wrong answer, not raised
    return admin


def _admin_post(client, model, action, data, pk=None):
    url = ADMIN_URL.format(model=model, action=action) + (f"{pk}/" if pk else "")
    return client.post(url, data)


def test_admin_forms_never_save_outside_the_subtree(client, tree, staffed, org_admin):
    from datetime import date

    from organisations.models import ApiToken, Membership, Organisation, OrganisationRole
    from organisations.services import end_membership

    workers, _completions = staffed
    former = UserFactory(full_name="Đã nghỉ ở G1")
    from organisations.services import add_member

    end_membership(add_member(former, tree["G1"], start_date=date(2023, 1, 1))[0], end_date=date(2023, 12, 31))
    counts = lambda: (  # noqa: E731
        OrganisationRole.objects.count(),
        Membership.objects.count(),
        ApiToken.objects.count(),
        Organisation.objects.count(),
    )
    inside, outside = tree["G2"], [tree["P"], tree["D2"], tree["G3"], tree["GP"]]
    role = grant_role(workers["G1"], tree["G1"], HR)
    own_token, _key = create_api_token(tree["G1"], "HRM")
    membership = Membership.objects.get(user=workers["G1"])
    forms = {
        "role": lambda org, user=workers["G1"]: {"user": user.pk, "organisation": org.pk, "role": ADMIN},
        "membership": lambda org, user=former: {"user": user.pk, "organisation": org.pk, "start_date": "2024-06-01"},
        "apitoken": lambda org: {"organisation": org.pk, "name": "Khóa lạ", "scope": "read_confirm"},
    }
    wrong = []

    def attempt(label, model, action, data, pk=None):
        before = counts()
        response = _admin_post(client, model, action, data, pk)
        if response.status_code not in (200, 403, 404, 405) or counts() != before:
            wrong.append(f"{label}: {response.status_code}, counts {before} -> {counts()}")

    for org in outside:
        for model, data in forms.items():
            attempt(f"create {model} at {org}", model, "new", data(org))
        attempt(f"organisation under {org}", "organisation", "new", {"parent": org.pk, "name": "X", "kind": "district"})
        attempt(f"copy role to {org}", "role", "copy", forms["role"](org), role.pk)
        attempt(f"copy membership to {org}", "membership", "copy", forms["membership"](org), membership.pk)
        attempt(f"copy token to {org}", "apitoken", "copy", forms["apitoken"](org), own_token.pk)
    # Edits that move an own row out of the subtree.
    for model, obj in (("role", role), ("membership", membership), ("apitoken", own_token)):
        data = forms[model](tree["G3"])
        if model == "membership":
            data = {**data, "user": workers["G1"].pk, "start_date": "2024-01-01"}
        _admin_post(client, model, "edit", data, obj.pk)
        obj.refresh_from_db()
        if obj.organisation_id != tree["G1"].pk:
            wrong.append(f"edit {model} moved to G3")
    # People outside the subtree: the worker of G3 cannot be pulled into G1, nor made its officer.
    attempt("membership of G3's worker", "membership", "new", forms["membership"](tree["G1"], workers["G3"]))
    attempt("role for G3's worker", "role", "new", forms["role"](tree["G1"], workers["G3"]))
    # Objects outside the subtree cannot be opened through any admin view.
    foreign_role = grant_role(workers["G3"], tree["G3"], HR)
    foreign_token, _key = create_api_token(tree["G3"], "HRM")
    foreign = {
        "role": foreign_role.pk,
        "membership": Membership.objects.get(user=workers["G3"]).pk,
        "apitoken": foreign_token.pk,
        "organisation": tree["G3"].pk,
    }
    for model, pk in foreign.items():
        for action in ("edit", "copy", "delete", "history", "usage"):
            response = client.get(ADMIN_URL.format(model=model, action=action) + f"{pk}/")
            if response.status_code not in (403, 404):
                wrong.append(f"GET {action} of {model} in G3: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    # The HR screens of organisations outside the subtree stay closed to the admin.
    for org in outside:
        assert client.get(reverse("organisations:workers", args=[org.pk])).status_code == 403
    # A membership is at a workplace and overlaps no other period of the worker.
    attempt("membership at D1", "membership", "new", forms["membership"](tree["D1"]))
    overlap = {**forms["membership"](tree["G2"]), "start_date": "2023-06-01", "end_date": "2023-08-31"}
    attempt("overlapping membership", "membership", "new", overlap)
    assert not wrong, "\n".join(wrong)
    # A copy POSTed to the copy URL never overwrites the original; the copy form offers only the subtree.
    assert _admin_post(client, "role", "copy", forms["role"](tree["G2"]), role.pk).status_code == 405
    role.refresh_from_db()
    assert role.organisation == tree["G1"] and role.role == HR
    page = client.get(ADMIN_URL.format(model="role", action="copy") + f"{role.pk}/").content.decode()
    assert tree["G2"].name in page and tree["G3"].name not in page and workers["G3"].full_name not in page
    # The same forms work inside the subtree, so the refusals above are about the subtree, not broken forms.
    for model, data in forms.items():
        before = counts()
        response = _admin_post(client, model, "new", data(inside))
        assert response.status_code == 302 and counts() != before, (model, response.content.decode()[:3000])
