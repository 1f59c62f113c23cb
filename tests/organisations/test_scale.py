"""Big lists: keyset pages of the worker list, a capped count, and query counts that do not grow with size."""

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from tests.factories import UserFactory


@pytest.fixture
def union_officer(client, tree):
    officer = UserFactory()
    grant_role(officer, tree["P"], OrganisationRole.UNION_OFFICER)
    client.force_login(officer)
    return officer


def _names(html):
    return re.findall(r'<a href="/hr/\d+/workers/\d+/">([^<]+)</a>', html)


def _link(html, rel):
    found = re.search(rf'href="([^"]*)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def _count(html):
    found = re.search(r'id="worker-count" data-count="(\d+)"( data-capped)?', html)
    return int(found.group(1)), bool(found.group(2))


def _workers_in_units(tree, make_worker, per_unit):
    for key in ("G1", "G2", "G3", "GP"):
        for i in range(per_unit):
            make_worker(tree[key], full_name=f"{key} công nhân {i:03d}")


def _expected_order(tree, per_unit):
    units = sorted(("G1", "G2", "G3", "GP"), key=lambda key: tree[key].path)
    return [f"{key} công nhân {i:03d}" for key in units for i in range(per_unit)]


def test_keyset_pages_walk_the_whole_list_in_order(client, settings, tree, make_worker, union_officer):
    settings.ORGANISATIONS_HR_PAGE_SIZE = 3
    _workers_in_units(tree, make_worker, 4)
    url = f"/hr/{tree['P'].pk}/workers/"
    expected = _expected_order(tree, 4)

    seen, pages, target = [], [], url + "?status=current"
    while target:
        html = client.get(url + target if target.startswith("?") else target).content.decode()
        pages.append(html)
        seen += _names(html)
        target = _link(html, "next")
        assert target is None or "status=current" in target  # filters are kept from page to page
    assert seen == expected and len(pages) == 6
    assert _link(pages[0], "prev") is None and _link(pages[-1], "next") is None
    assert _count(pages[0]) == (16, False)

    # Back from the third page gives the second one; "last" gives the end of the list.
    back = client.get(url + _link(pages[2], "prev")).content.decode()
    assert _names(back) == expected[3:6] and _link(back, "prev") is not None
    last = client.get(url + _link(pages[0], "last")).content.decode()
    assert _names(last) == expected[-3:] and _link(last, "next") is None and _link(last, "prev")


def test_bad_cursors_give_the_first_page(client, settings, tree, make_worker, union_officer):
    settings.ORGANISATIONS_HR_PAGE_SIZE = 3
    _workers_in_units(tree, make_worker, 2)
    first = _names(client.get(f"/hr/{tree['P'].pk}/workers/").content.decode())
    # A worker the officer cannot see, an unknown id, text, and a legacy page number.
    other = create_organisation(name="LĐLĐ tỉnh Khác", kind=Organisation.PROVINCIAL)
    outsider = make_worker(create_organisation(other, name="CĐCS Khác", kind=Organisation.GRASSROOTS))
    hidden = outsider.memberships.get().pk
    for query in (f"after={hidden}", "after=999999", "before=abc", "after=-1", "page=7", "last=&after="):
        response = client.get(f"/hr/{tree['P'].pk}/workers/?{query}")
        assert response.status_code == 200 and _names(response.content.decode()) == first, query


def test_count_is_capped_on_huge_lists(client, settings, tree, make_worker, union_officer):
    settings.ORGANISATIONS_COUNT_CAP = 5
    _workers_in_units(tree, make_worker, 2)
    assert _count(client.get(f"/hr/{tree['P'].pk}/workers/").content.decode()) == (5, True)  # "more than 5"
    assert _count(client.get(f"/hr/{tree['G1'].pk}/workers/").content.decode()) == (2, False)


def _queries(client, url, stream=False):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if stream else response.content
    return len(captured), body


def test_list_and_export_queries_do_not_grow_with_the_number_of_workers(
    client, settings, tree, make_worker, complete, union_officer
):
    settings.ORGANISATIONS_HR_PAGE_SIZE = 5
    settings.ORGANISATIONS_EXPORT_CHUNK_SIZE = 4  # several chunks of the server-side cursor at the larger size
    url = f"/hr/{tree['P'].pk}/workers/"
    counts = []
    for per_unit in (2, 15):
        _workers_in_units(tree, make_worker, per_unit - (counts and 2 or 0))
        for worker in list(tree["G1"].memberships.values_list("user", flat=True))[:3]:
            complete(UserFactory._meta.model.objects.get(pk=worker))
        second_page = _link(client.get(url).content.decode(), "next")
        list_queries, _html = _queries(client, url + second_page)
        last_queries, _html = _queries(client, url + "?last=1")
        export_queries, body = _queries(client, url + "export.csv", stream=True)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert len(rows) == 1 + 4 * per_unit
        counts.append((list_queries, last_queries, export_queries))
    assert counts[0] == counts[1], counts


def test_export_counts_each_period_in_the_list_order(client, tree, make_worker, complete, union_officer):
    this_year = date.today().year
    mover = make_worker(tree["G1"], start=date(2024, 1, 1), full_name="Người chuyển")
    add_member(mover, tree["G2"], start_date=date(this_year, 1, 1))  # the G1 period ends on 31/12 last year
    complete(mover, hours="3")
    stayer = make_worker(tree["G2"], full_name="An")
    complete(stayer, hours="2.5")
    body = b"".join(client.get(f"/hr/{tree['P'].pk}/workers/export.csv?status=all").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    rows = [(row[0], row[4], float(row[-2]), row[-1]) for row in rows]
    # HR's export names the company, not its union branch.
    g1 = [("Người chuyển", tree["G1"].display_name, 0.0, "0")]
    g2 = [("An", tree["G2"].display_name, 2.5, "1"), ("Người chuyển", tree["G2"].display_name, 3.0, "1")]
    # Workplaces in tree order (siblings by name), workers by name within each.
    assert rows == (g1 + g2 if tree["G1"].path < tree["G2"].path else g2 + g1)


def test_a_worker_who_moved_is_listed_once_per_period(client, tree, make_worker, union_officer):
    worker = make_worker(tree["G1"], start=date(2020, 1, 1), full_name="Hai nơi")
    add_member(worker, tree["G3"], start_date=date(2022, 1, 1))
    html = client.get(f"/hr/{tree['P'].pk}/workers/?status=all").content.decode()
    assert _names(html) == ["Hai nơi", "Hai nơi"]
    assert _names(client.get(f"/hr/{tree['P'].pk}/workers/").content.decode()) == ["Hai nơi"]
