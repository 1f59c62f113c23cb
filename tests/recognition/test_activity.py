"""The learning activity read model: kept current by completions and memberships, equal to a full rebuild."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Membership
from organisations.services import add_member, end_membership
from recognition import activity, indicators
from recognition.models import Indicator, LearningActivity


def _rows(worker):
    return sorted(
        LearningActivity.objects.filter(user=worker).values_list("organisation__name", "half_year", "areas"),
    )


def test_a_completion_marks_its_area_for_the_workplace_and_half_year(tree, make_worker, complete):
    worker = make_worker(tree["G1"])
    complete(worker, "digital", date(2025, 3, 1))
    complete(worker, "politics_law", date(2025, 5, 2))
    complete(worker, "digital", date(2025, 9, 9))
    complete(worker, "general", date(2025, 10, 1))
    name = tree["G1"].name
    assert _rows(worker) == [(name, 20251, 8 | 1), (name, 20252, 8 | 32)]


def test_a_worker_who_moves_counts_for_each_workplace_in_its_own_period(tree, make_worker, complete):
    worker = make_worker(tree["G1"], start=date(2025, 1, 1))
    complete(worker, "vocational", date(2025, 2, 1))
    add_member(worker, tree["G2"], start_date=date(2025, 4, 1))
    complete(worker, "life_skills", date(2025, 5, 1))
    assert _rows(worker) == [(tree["G2"].name, 20251, 4), (tree["G1"].name, 20251, 2)]
    start, end = indicators.period_bounds(2025, indicators.HALF_YEAR)
    vocational = Indicator.objects.get(areas="vocational")
    life_skills = Indicator.objects.get(areas="life_skills")
    g1 = indicators.indicators_for(tree["G1"], start, end, [vocational, life_skills])
    g2 = indicators.indicators_for(tree["G2"], start, end, [vocational, life_skills])
    assert [row.count for row in g1.rows] == [1, 0]
    assert [row.count for row in g2.rows] == [0, 1]
    # The district holds both workplaces: one worker, counted once per indicator.
    d1 = indicators.indicators_for(tree["D1"], start, end, [vocational, life_skills])
    assert d1.workers == 1 and [row.count for row in d1.rows] == [1, 1]


def test_a_membership_added_later_backdates_the_activity_and_removing_it_clears_it(tree, make_worker, complete):
    worker = make_worker(tree["G1"], start=date(2025, 6, 1))
    complete(worker, "digital", date(2025, 3, 1))  # before the worker joined: no workplace
    assert _rows(worker) == []
    earlier = Membership.objects.create(
        user=worker, organisation=tree["G2"], start_date=date(2025, 1, 1), end_date=date(2025, 5, 31)
    )
    assert _rows(worker) == [(tree["G2"].name, 20251, 8)]
    end_membership(earlier, end_date=date(2025, 2, 1))
    assert _rows(worker) == []
    earlier.end_date = date(2025, 5, 31)
    earlier.save()
    earlier.delete()
    assert _rows(worker) == []


def test_a_full_rebuild_gives_what_the_signals_kept(tree, make_worker, complete):
    workers = [make_worker(tree[key]) for key in ("G1", "G2", "S")]
    for n, worker in enumerate(workers):
        complete(worker, "foreign_language", date(2024, 12, 31))
        complete(worker, ["digital", "vocational", "life_skills"][n], date(2025, 7, 1))
    kept = sorted(LearningActivity.objects.values_list("user_id", "organisation_id", "half_year", "areas"))
    assert len(kept) == 6
    assert activity.refresh() == 6
    assert sorted(LearningActivity.objects.values_list("user_id", "organisation_id", "half_year", "areas")) == kept


def test_periods_must_be_whole_half_years(tree):
    assert activity.half_years_between(date(2025, 1, 1), date(2025, 12, 31)) == (20251, 20252)
    assert activity.half_years_between(date(2025, 7, 1), date(2026, 6, 30)) == (20252, 20261)
    with pytest.raises(ValueError, match="whole half-years"):
        indicators.indicators_for(tree["P"], date(2025, 3, 1), date(2025, 12, 31))


def test_indicators_name_only_known_learning_areas(db):
    indicator = Indicator(code="x", name="Kỹ năng nghề", measure=Indicator.AREAS, areas="vocational, cooking")
    with pytest.raises(ValidationError, match="cooking"):
        indicator.full_clean()
    indicator.areas = "vocational,life_skills"
    indicator.full_clean()


def test_saving_other_membership_fields_leaves_the_read_model_alone(tree, make_worker, complete):
    worker = make_worker(tree["G1"])
    complete(worker, "digital", date(2025, 3, 1))
    membership = Membership.objects.get(user=worker)
    membership.employee_number = "NV001"
    with CaptureQueriesContext(connection) as queries:
        membership.save(update_fields=["employee_number"])
    assert not [q for q in queries.captured_queries if "recognition_learningactivity" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        end_membership(membership, end_date=date(2025, 12, 31))
    assert [q for q in queries.captured_queries if "recognition_learningactivity" in q["sql"]]
    assert _rows(worker) == [(tree["G1"].name, 20251, 8)]
