"""Criteria versions, the 80 / min-5 rule, automatic evidence, re-runs, unit levels."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from organisations.models import Organisation
from recognition import evaluation
from recognition.models import Assessment, Award, Criteria, Evidence, UnitAssessment


def test_defaults_are_loaded(national):
    assert national.indicators.count() == 10
    assert national.max_total == 100
    assert {i.competence for i in national.indicators.all()} == {
        "Tự học và học tập suốt đời",
        "Sử dụng công cụ tương tác",
        "Quan hệ xã hội",
    }


def test_criteria_versions_apply_to_their_year_and_issuer(tree, national):
    v2026 = Criteria.objects.create(name="2026", year=2026, pass_total=85)
    province = Criteria.objects.create(name="Hà Nam 2025", year=2025, issuer=tree["P"], pass_total=75)
    assert evaluation.criteria_for(2024, tree["G1"]) == national
    assert evaluation.criteria_for(2025, tree["G1"]) == province  # the province adjusted it for its subtree
    assert evaluation.criteria_for(2025, None) == national
    assert evaluation.criteria_for(2026, None) == v2026
    assert evaluation.criteria_for(2020, None) is None


def test_evaluation_uses_the_version_of_the_year(tree, make_worker, national):
    Criteria.objects.create(name="Hà Nam 2026", year=2026, issuer=tree["P"], pass_total=75)
    worker = make_worker(tree["G1"])
    evaluation.evaluate(2025)
    evaluation.evaluate(2026)
    assert Assessment.objects.get(user=worker, year=2025).criteria == national
    assert Assessment.objects.get(user=worker, year=2026).criteria.name == "Hà Nam 2026"


@pytest.mark.parametrize(
    "points, expected",
    [
        ([8] * 9 + [8], True),  # exactly 80, all >= 5
        ([9] * 9 + [4], False),  # 85 with one 4
        ([8.4] * 9 + [4.4], False),  # 80 with one 4.4: no indicator under 5
        ([8] * 9 + [7], False),  # 79
        ([10] * 8 + [5, 5], True),
        ([10] * 9 + [None], False),
    ],
)
def test_pass_rule_boundaries(national, points, expected):
    assert evaluation.passes(points, national) is expected


def test_pass_rule_80_with_a_four(national):
    assert evaluation.passes([10, 10, 10, 10, 10, 10, 8, 4, 4, 4], national) is False
    assert sum([10, 10, 10, 10, 10, 10, 8, 4, 4, 4]) == 80


def test_automatic_evidence_picks_exactly_the_right_completions(tree, make_worker, complete):
    worker = make_worker(tree["G1"])
    other = make_worker(tree["G2"])
    digital = complete(worker, "digital", date(2025, 3, 1))  # advanced: 5 points
    basic = complete(worker, "digital_basic", date(2025, 5, 1), hours="4.0")  # basic: 3 points
    language = complete(worker, "foreign_language", date(2025, 6, 1))
    complete(worker, "foreign_language", date(2024, 12, 31))  # last year: not counted
    complete(worker, "vocational", date(2026, 1, 1))  # next year: not counted
    complete(other, "foreign_language", date(2025, 6, 1))  # someone else
    evaluation.evaluate(2025)
    assessment = Assessment.objects.get(user=worker, year=2025)
    scores = {s.indicator.code: s for s in assessment.scores.select_related("indicator")}

    def counted(code):
        return set(Evidence.objects.filter(score=scores[code]).values_list("completion_id", flat=True))

    assert counted("2.1") == {digital.pk, basic.pk}
    assert scores["2.1"].auto_points == Decimal(8)
    assert counted("2.2") == {language.pk}
    assert scores["2.2"].auto_points == Decimal(4)
    # Learning plan: the three completions of 2025 (8 + 4 + 8 hours, 4 hours a point); enrolments made today are
    # not in 2025.
    assert counted("1.2") == {digital.pk, basic.pk, language.pk}
    assert scores["1.2"].auto_points == Decimal(5)
    assert scores["1.3"].auto_points is None and scores["1.3"].proposed_points is None
    assert scores["2.1"].proposed_points == scores["2.1"].auto_points
    assert assessment.proposed_total == Decimal(17)
    assert assessment.proposed_passes is False


def test_points_are_capped_at_the_maximum(tree, make_worker, complete):
    worker = make_worker(tree["G1"])
    for month in range(1, 5):
        complete(worker, "foreign_language", date(2025, month, 1))  # 4 x 4 = 16 -> 10
    evaluation.evaluate(2025)
    score = Assessment.objects.get(user=worker).scores.get(indicator__code="2.2")
    assert score.auto_points == Decimal(10)
    assert score.evidence.count() == 4


def test_rerunning_gives_the_same_result(tree, make_worker, complete):
    workers = [make_worker(tree[key]) for key in ("G1", "G1", "G2", "S")]
    complete(workers[0], "digital", date(2025, 3, 1))
    complete(workers[2], "foreign_language", date(2025, 3, 1))

    def snapshot():
        return (
            sorted(
                Assessment.objects.values_list("user_id", "year", "criteria_id", "proposed_total", "proposed_passes")
            ),
            sorted(
                Evidence.objects.values_list(
                    "score__assessment__user_id", "score__indicator__code", "completion_id", "points"
                )
            ),
            sorted(UnitAssessment.objects.values_list("organisation_id", "members", "cdht_holders", "proposed_level")),
        )

    first = evaluation.evaluate(2025)
    before = snapshot()
    second = evaluation.evaluate(2025)
    assert snapshot() == before
    assert first.titles == second.titles
    assert Assessment.objects.count() == 4


def test_evaluation_of_one_subtree_and_only_members_of_the_year(tree, make_worker):
    inside = make_worker(tree["G1"])
    make_worker(tree["S"])
    make_worker(tree["G2"], start=date(2023, 1, 1), end=date(2024, 6, 30))  # left before 2025
    evaluation.evaluate(2025, tree["D1"])
    assert list(Assessment.objects.values_list("user_id", flat=True)) == [inside.pk]


def test_command_prints_counts(tree, make_worker, capsys):
    make_worker(tree["G1"])
    call_command("recognition_evaluate", "--year", "2025", "--org", str(tree["P"].pk))
    out = capsys.readouterr().out
    assert "1 person assessments" in out and "cdht_proposed: 0" in out


def test_command_refuses_bad_input(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no organisation"):
        call_command("recognition_evaluate", "--year", "2025", "--org", "999999")
    with pytest.raises(CommandError, match="out of range"):
        call_command("recognition_evaluate", "--year", "1800")
    assert not Assessment.objects.exists()


def _award_cdht(users, year, criteria):
    for user in users:
        membership = user.memberships.first()
        Award.objects.create(
            kind=Award.CDHT, year=year, user=user, organisation=membership.organisation, criteria=criteria,
            valid_from=date(year, 6, 1), valid_until=date(year + 1, 12, 31),
        )  # fmt: skip


def _unit(org, year):
    unit = UnitAssessment.objects.get(organisation=org, year=year)
    return unit


def test_unit_levels_by_share_conditions_and_timing(tree, make_worker, national):
    workers = [make_worker(tree["G1"]) for _ in range(20)]
    _award_cdht(workers[:18], 2025, national)  # 90 %
    evaluation.evaluate(2025)
    unit = _unit(tree["G1"], 2025)
    assert (unit.members, unit.cdht_holders, unit.proposed_level) == (20, 18, 0)  # conditions not yet recorded
    UnitAssessment.objects.filter(pk=unit.pk).update(
        has_learning_plan=True, has_training_rules=True, has_learning_devices=True
    )
    evaluation.evaluate(2025)
    assert _unit(tree["G1"], 2025).proposed_level == 1
    # 95 % but no level-1 title a year before: still level 1.
    _award_cdht(workers[18:19], 2025, national)
    evaluation.evaluate(2025)
    assert _unit(tree["G1"], 2025).proposed_level == 1


def test_unit_level_rule_in_python(national):
    kw = {"members": 100, "conditions_met": True, "year": 2026}
    assert evaluation.unit_level(national, holders=89, is_school=False, **kw) == 0
    assert evaluation.unit_level(national, holders=90, is_school=False, **kw) == 1
    assert evaluation.unit_level(national, holders=95, is_school=False, **kw) == 1  # no level 1 yet
    assert evaluation.unit_level(national, holders=95, is_school=False, level1_since=date(2025, 12, 31), **kw) == 2
    assert evaluation.unit_level(national, holders=95, is_school=False, level1_since=date(2026, 1, 1), **kw) == 1
    assert evaluation.unit_level(national, holders=94, is_school=True, **kw) == 0  # schools: 95 / 97
    assert evaluation.unit_level(national, holders=96, is_school=True, level1_since=date(2024, 1, 1), **kw) == 1
    assert evaluation.unit_level(national, holders=97, is_school=True, level1_since=date(2024, 1, 1), **kw) == 2
    assert evaluation.unit_level(national, holders=100, is_school=False, **{**kw, "conditions_met": False}) == 0


def test_level_two_after_a_level_one_title_a_year_before(tree, make_worker, national):
    workers = [make_worker(tree["G2"]) for _ in range(20)]
    Award.objects.create(
        kind=Award.UNIT_1, year=2024, organisation=tree["G2"], criteria=national,
        valid_from=date(2024, 11, 1), valid_until=date(2027, 10, 31),
    )  # fmt: skip
    _award_cdht(workers[:19], 2025, national)  # 95 %
    evaluation.evaluate(2025)
    UnitAssessment.objects.filter(organisation=tree["G2"]).update(
        has_learning_plan=True, has_training_rules=True, has_learning_devices=True
    )
    evaluation.evaluate(2025)
    assert _unit(tree["G2"], 2025).proposed_level == 2
    assert tree["S"].unit_type == Organisation.SCHOOL
