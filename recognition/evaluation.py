"""The yearly evaluation: set-based statements that propose CDHT scores and Đơn vị học tập levels.

Everything runs in the database, a handful of statements per criteria version and rule (INSERT ... SELECT and
UPDATE with subqueries), never a Python loop over workers. Only assessments still in draft are touched, so a
re-run gives the same result and never changes what a person submitted or a reviewer decided.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models import Case, Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Floor, Least
from django.utils import timezone

from learning import services as learning_services
from organisations.models import Membership, Organisation

from .models import (
    RULE_AREA_COMPLETIONS,
    RULE_DIGITAL,
    RULE_LEARNING_PLAN,
    Assessment,
    Award,
    Criteria,
    CriteriaIndicator,
    Evidence,
    Score,
    UnitAssessment,
)

LEVEL_ORDER = ["specialised", "advanced", "intermediate", "basic"]
POINTS = DecimalField(max_digits=6, decimal_places=2)
ANALYZE_AFTER = 10_000  # rows inserted by one statement


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# Criteria ---------------------------------------------------------------------------------------------------


def criteria_for(year, organisation=None):
    """The criteria in force for `year` at `organisation`: the nearest issuer's latest version from before or in
    that year (the issuer's subtree), else the national default. None when nothing applies."""
    candidates = Criteria.objects.filter(year__lte=year)
    if organisation is not None:
        paths = [
            organisation.path[:i] for i in range(Organisation.steplen, len(organisation.path) + 1, Organisation.steplen)
        ]
        candidates = candidates.filter(Q(issuer__isnull=True) | Q(issuer__path__in=paths))
    else:
        candidates = candidates.filter(issuer__isnull=True)
    chosen = None
    for criteria in candidates.select_related("issuer").order_by("-year"):
        depth = len(criteria.issuer.path) if criteria.issuer_id else 0
        if chosen is None or depth > chosen[0]:
            chosen = (depth, criteria)
    return chosen[1] if chosen else None


def criteria_scopes(year, root=None):
    """[(criteria, path prefix, [deeper prefixes to leave out])] covering the subtree for `year`.

    A province's own version applies in its subtree; the national one everywhere else. A handful of rows.
    """
    versions = {}
    for criteria in Criteria.objects.filter(year__lte=year).select_related("issuer").order_by("year"):
        key = criteria.issuer.path if criteria.issuer_id else ""
        versions[key] = criteria  # the latest version per issuer wins
    root_path = root.path if root else ""
    # An issuer above the root still applies inside it: the nearest one becomes the root's own scope.
    above = [p for p in versions if root_path.startswith(p)]
    scopes = []
    if above:
        scopes.append((versions[max(above, key=len)], root_path))
    scopes += [(c, p) for p, c in versions.items() if p and p.startswith(root_path) and p != root_path]
    prefixes = [p for _c, p in scopes]
    return [(c, p, [q for q in prefixes if q != p and q.startswith(p)]) for c, p in scopes]


def _in_scope(prefix, excluded, field="organisation__path"):
    q = Q(**{f"{field}__startswith": prefix})
    for path in excluded:
        q &= ~Q(**{f"{field}__startswith": path})
    return q


# SQL helpers ------------------------------------------------------------------------------------------------


def insert_select(model, columns, queryset, skip_existing=False):
    """INSERT INTO model's table (columns) SELECT <queryset>; the queryset's values_list matches `columns`.

    skip_existing leaves out rows that would break a unique constraint (ON CONFLICT DO NOTHING, PostgreSQL and
    SQLite). Never "WHERE NOT EXISTS (SELECT ... FROM the same table)": planned while the table is still empty,
    PostgreSQL scans the table it is filling once per row, and 500,000 rows then take hours.
    """
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}{conflict}", params)
        count = cursor.rowcount
        if count >= ANALYZE_AFTER and connection.vendor == "postgresql":
            # The next statements of the same evaluation read these rows: without fresh statistics PostgreSQL
            # still plans for the empty table it saw before and picks nested loops that never finish.
            cursor.execute(f"ANALYZE {table}")
        return count


def _value(value, output_field):
    return Value(value, output_field=output_field)


# Persons ----------------------------------------------------------------------------------------------------


def workplace_memberships(year, prefix, excluded=()):
    """Each person's last membership in the scope during `year` (one row per person)."""
    start, end = year_bounds(year)
    overlapping = Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))
    base = Membership.objects.filter(overlapping, _in_scope(prefix, excluded))
    later = Membership.objects.filter(overlapping, user=OuterRef("user_id")).filter(
        Q(start_date__gt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), pk__gt=OuterRef("pk"))
    )
    return base.filter(~Exists(later))


def create_assessments(year, criteria, prefix, excluded=(), user=None):
    """Add a draft assessment for every worker in the scope who has none for the year; returns how many."""
    memberships = workplace_memberships(year, prefix, excluded)
    if user is not None:
        memberships = memberships.filter(user=user)
    rows = (
        memberships.order_by()
        .annotate(
            a_year=_value(year, models.IntegerField()),
            a_criteria=_value(criteria.pk, models.IntegerField()),
            a_status=_value(Assessment.DRAFT, models.CharField()),
            a_total=_value(0, models.IntegerField()),
            a_passes=_value(False, models.BooleanField()),
            a_text=_value("", models.CharField()),
        )
        .values_list("user_id", "organisation_id", "a_year", "a_criteria", "a_status", "a_total", "a_passes", "a_text")
    )
    columns = [
        "user",
        "organisation",
        "year",
        "criteria",
        "status",
        "proposed_total",
        "proposed_passes",
        "review_comment",
    ]
    return insert_select(Assessment, columns, rows, skip_existing=True)


def create_scores(assessments):
    """Add the missing score rows: one per indicator of each assessment's criteria (a statement per indicator)."""
    created = 0
    for indicator in CriteriaIndicator.objects.filter(criteria__in=assessments.values("criteria_id")):
        rows = (
            assessments.filter(criteria_id=indicator.criteria_id)
            .order_by()
            .annotate(s_indicator=_value(indicator.pk, models.IntegerField()), s_text=_value("", models.CharField()))
            .values_list("pk", "s_indicator", "s_text", "s_text", "s_text", "s_text")
        )
        columns = ["assessment", "indicator", "proposed_reason", "final_reason", "evidence_text", "evidence_file"]
        created += insert_select(Score, columns, rows, skip_existing=True)
    return created


def _digital_points(params, course_ref):
    """Points for one digital completion: by the highest digital-competence level its course reaches."""
    from courses.models import CourseDigitalCompetence

    level_points = params.get("level_points") or {}
    default = Decimal(str(params.get("per_completion", level_points.get("basic", 3))))
    whens = [
        When(
            Exists(CourseDigitalCompetence.objects.filter(course_id=OuterRef(course_ref), level=level)),
            then=_value(Decimal(str(level_points[level])), POINTS),
        )
        for level in LEVEL_ORDER
        if level in level_points
    ]
    return Case(*whens, default=_value(default, POINTS), output_field=POINTS) if whens else _value(default, POINTS)


def collect_evidence(indicator, scores, year):
    """Write the evidence rows the indicator's rule counts for these scores; returns how many."""
    start, end = year_bounds(year)
    params = indicator.rule_params or {}
    columns = ["score", "completion", "certificate", "enrolment", "points"]
    completions = "assessment__user__completions"
    scores = scores.filter(indicator=indicator).order_by()
    # Rejected completions and those whose certificate was revoked are no evidence: the condition goes in the same
    # filter() as the others on the completions, so that it applies to the same completion row.
    counts = learning_services.counted(f"{completions}__")
    if indicator.rule in (RULE_AREA_COMPLETIONS, RULE_DIGITAL):
        rows = scores.filter(
            Q(
                **{f"{completions}__completed_on__range": (start, end)},
                **{f"{completions}__learning_area_code__in": params.get("areas") or []},
            )
            & counts
        )
        if indicator.rule == RULE_DIGITAL:
            points = _digital_points(params, f"{completions}__course_id")
        else:
            points = _value(Decimal(str(params.get("per_completion", 1))), POINTS)
        rows = rows.annotate(
            e_completion=F(f"{completions}__pk"),
            e_certificate=F(f"{completions}__certificate__pk"),
            e_enrolment=_value(None, models.IntegerField()),
            e_points=points,
        ).values_list("pk", "e_completion", "e_certificate", "e_enrolment", "e_points")
        return insert_select(Evidence, columns, rows)
    if indicator.rule == RULE_LEARNING_PLAN:
        enrolments = "assessment__user__enrolments"
        per_enrolment = Decimal(str(params.get("per_enrolment", 2)))
        hours_per_point = Decimal(str(params.get("hours_per_point", 4))) or Decimal(1)
        first = scores.filter(
            **{f"{enrolments}__enrolled_at__date__range": (start, end)},
        ).exclude(**{f"{enrolments}__status": "withdrawn"})
        first = first.annotate(
            e_completion=_value(None, models.IntegerField()),
            e_certificate=_value(None, models.IntegerField()),
            e_enrolment=F(f"{enrolments}__pk"),
            e_points=_value(per_enrolment, POINTS),
        ).values_list("pk", "e_completion", "e_certificate", "e_enrolment", "e_points")
        count = insert_select(Evidence, columns, first)
        second = (
            scores.filter(Q(**{f"{completions}__completed_on__range": (start, end)}) & counts)
            .annotate(
                e_completion=F(f"{completions}__pk"),
                e_certificate=F(f"{completions}__certificate__pk"),
                e_enrolment=_value(None, models.IntegerField()),
                e_points=models.ExpressionWrapper(F(f"{completions}__hours") / hours_per_point, output_field=POINTS),
            )
            .values_list("pk", "e_completion", "e_certificate", "e_enrolment", "e_points")
        )
        return count + insert_select(Evidence, columns, second)
    return 0


def score_persons(assessments, year):
    """Recompute evidence, automatic points, proposals and totals of these draft assessments."""
    scores = Score.objects.filter(assessment__in=assessments)
    Evidence.objects.filter(score__in=scores).delete()
    indicator_ids = scores.values("indicator_id").distinct()
    for indicator in CriteriaIndicator.objects.filter(pk__in=indicator_ids).exclude(rule=""):
        collect_evidence(indicator, scores, year)
    evidence_sum = (
        Evidence.objects.filter(score=OuterRef("pk"))
        .order_by()
        .values("score")
        .annotate(total=Sum("points"))
        .values("total")
    )
    ruled = scores.exclude(indicator__rule="")
    # UPDATE cannot join to the indicator: cap with each distinct maximum in turn (a few values at most).
    for max_points in ruled.order_by().values_list("indicator__max_points", flat=True).distinct():
        ruled.filter(indicator__max_points=max_points).update(
            auto_points=Least(
                Floor(Coalesce(Subquery(evidence_sum, output_field=POINTS), _value(Decimal(0), POINTS))),
                _value(Decimal(max_points), POINTS),
            )
        )
    # The platform's figure is the proposal until the person changes it (always with a reason).
    ruled.filter(proposed_reason="").update(proposed_points=F("auto_points"))
    update_totals(assessments)


def update_totals(assessments):
    """proposed_total and proposed_passes from the scores, per criteria version (pass mark, minimum per indicator)."""
    total = (
        Score.objects.filter(assessment=OuterRef("pk"))
        .order_by()
        .values("assessment")
        .annotate(total=Sum("proposed_points"))
        .values("total")
    )
    for criteria in Criteria.objects.filter(pk__in=assessments.values("criteria_id")):
        subset = Assessment.objects.filter(pk__in=assessments.filter(criteria=criteria).values("pk"))
        subset.update(proposed_total=Coalesce(Subquery(total, output_field=POINTS), _value(Decimal(0), POINTS)))
        weak = Score.objects.filter(assessment=OuterRef("pk")).filter(
            Q(proposed_points__isnull=True) | Q(proposed_points__lt=criteria.min_indicator)
        )
        subset.update(
            proposed_passes=Case(
                When(Q(proposed_total__gte=criteria.pass_total) & ~Exists(weak), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            evaluated_at=timezone.now(),
        )


def rescore_person(user_id):
    """Score again the person's undecided assessments (drafts and submitted ones) after their learning record
    changed (a rejection, a revocation): the automatic points and evidence follow the record until a decision."""
    undecided = Assessment.objects.filter(user_id=user_id, status__in=[Assessment.DRAFT, Assessment.SUBMITTED])
    for year in undecided.order_by().values_list("year", flat=True).distinct():
        score_persons(undecided.filter(year=year), year)


def passes(points, criteria):
    """The CDHT rule on a list of indicator points: total >= pass mark and none under the minimum (None fails)."""
    if any(p is None for p in points):
        return False
    return sum(Decimal(str(p)) for p in points) >= criteria.pass_total and all(
        Decimal(str(p)) >= criteria.min_indicator for p in points
    )


def evaluate_persons(year, root=None):
    """Create and score the year's CDHT assessments in the subtree; returns the number of draft assessments."""
    drafts = 0
    for criteria, prefix, excluded in criteria_scopes(year, root):
        create_assessments(year, criteria, prefix, excluded)
        scope = Assessment.objects.filter(year=year).filter(_in_scope(prefix, excluded))
        create_scores(scope.filter(status=Assessment.DRAFT))
        draft = scope.filter(status=Assessment.DRAFT)
        score_persons(draft, year)
        drafts += draft.count()
    return drafts


def evaluate_person(user, year):
    """Create (when missing) and score one person's assessment for the year; returns it, or None when the person
    has no workplace that year."""
    for criteria, prefix, excluded in criteria_scopes(year):
        create_assessments(year, criteria, prefix, excluded, user=user)
    assessment = Assessment.objects.filter(user=user, year=year).first()
    if assessment is None:
        return None
    if assessment.status == Assessment.DRAFT:
        mine = Assessment.objects.filter(pk=assessment.pk)
        create_scores(mine)
        score_persons(mine, year)
        assessment.refresh_from_db()
    return assessment


# Units ------------------------------------------------------------------------------------------------------


def units_in(prefix, excluded=()):
    """Grassroots unions attached to a unit (enterprise, school, agency) in the scope."""
    return Organisation.objects.filter(_in_scope(prefix, excluded, field="path"), kind=Organisation.GRASSROOTS).exclude(
        unit_type=""
    )


def create_unit_assessments(year, criteria, prefix, excluded=()):
    rows = (
        units_in(prefix, excluded)
        .order_by()
        .annotate(
            u_year=_value(year, models.IntegerField()),
            u_criteria=_value(criteria.pk, models.IntegerField()),
            u_false=_value(False, models.BooleanField()),
            u_zero=_value(0, models.IntegerField()),
            u_status=_value(UnitAssessment.DRAFT, models.CharField()),
            u_text=_value("", models.CharField()),
        )
        .values_list(
            "pk",
            "u_year",
            "u_criteria",
            "u_false",
            "u_false",
            "u_false",
            "u_zero",
            "u_zero",
            "u_zero",
            "u_status",
            "u_text",
        )
    )
    columns = [
        "organisation", "year", "criteria", "has_learning_plan", "has_training_rules", "has_learning_devices",
        "members", "cdht_holders", "proposed_level", "status", "review_comment",
    ]  # fmt: skip
    return insert_select(UnitAssessment, columns, rows, skip_existing=True)


def score_units(units, criteria, year):
    """Members at the end of the year, CDHT holders among them, and the proposed level, for draft unit assessments."""
    _start, end = year_bounds(year)
    members = Membership.objects.filter(organisation=OuterRef("organisation_id"), start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end)
    )
    count = lambda qs: Subquery(  # noqa: E731
        qs.order_by().values("organisation").annotate(n=Count("user_id", distinct=True)).values("n"),
        output_field=IntegerField(),
    )
    holders = members.filter(Exists(Award.objects.held().filter(kind=Award.CDHT, year=year, user=OuterRef("user_id"))))
    units.update(members=Coalesce(count(members), 0), cdht_holders=Coalesce(count(holders), 0))
    conditions = Q(has_learning_plan=True, has_training_rules=True, has_learning_devices=True)
    reference = datetime.date(year - criteria.level2_after_years, 12, 31)
    earlier_level1 = Award.objects.held().filter(
        organisation=OuterRef("organisation_id"), kind__in=[Award.UNIT_1, Award.UNIT_2], valid_from__lte=reference
    )
    school = Q(organisation__unit_type=Organisation.SCHOOL)

    def share_at_least(percent):
        # holders / members >= percent, written without division so that it stays exact in SQL.
        return Q(members__gt=0) & Q(cdht_holders__gte=F("members") * Decimal(percent) / 100)

    level2 = (
        conditions
        & Exists(earlier_level1)
        & ((school & share_at_least(criteria.school_level2_share)) | (~school & share_at_least(criteria.level2_share)))
    )
    level1 = conditions & (
        (school & share_at_least(criteria.school_level1_share)) | (~school & share_at_least(criteria.level1_share))
    )
    now = timezone.now()
    UnitAssessment.objects.filter(pk__in=units.filter(level2).values("pk")).update(proposed_level=2, evaluated_at=now)
    UnitAssessment.objects.filter(pk__in=units.filter(level1 & ~level2).values("pk")).update(
        proposed_level=1, evaluated_at=now
    )
    UnitAssessment.objects.filter(pk__in=units.exclude(level1).values("pk")).update(proposed_level=0, evaluated_at=now)


def evaluate_units(year, root=None):
    drafts = 0
    for criteria, prefix, excluded in criteria_scopes(year, root):
        create_unit_assessments(year, criteria, prefix, excluded)
        draft = UnitAssessment.objects.filter(year=year, status=UnitAssessment.DRAFT).filter(
            _in_scope(prefix, excluded)
        )
        score_units(draft, criteria, year)
        drafts += draft.count()
    return drafts


def unit_level(criteria, *, members, holders, conditions_met, is_school, level1_since=None, year=None):
    """The level a unit reaches (0, 1 or 2): the same rule as score_units, for one unit in Python (used in tests
    and forms). `level1_since` is the date its level-1 title started, if it has one."""
    if not conditions_met or not members:
        return 0
    l1 = criteria.school_level1_share if is_school else criteria.level1_share
    l2 = criteria.school_level2_share if is_school else criteria.level2_share
    share = Decimal(holders) * 100 / Decimal(members)
    if (
        share >= l2
        and level1_since is not None
        and level1_since <= datetime.date(year - criteria.level2_after_years, 12, 31)
    ):
        return 2
    return 1 if share >= l1 else 0


# Both -------------------------------------------------------------------------------------------------------


@dataclass
class EvaluationResult:
    year: int
    persons: int = 0
    units: int = 0
    titles: Counter = field(default_factory=Counter)


@transaction.atomic
def evaluate(year, root=None):
    """Evaluate persons, then units, of the year in the subtree (everything when root is None)."""
    result = EvaluationResult(year=year)
    result.persons = evaluate_persons(year, root)
    result.units = evaluate_units(year, root)
    assessments = Assessment.objects.filter(year=year)
    units = UnitAssessment.objects.filter(year=year)
    awards = Award.objects.filter(year=year)
    if root is not None:
        assessments = assessments.filter(organisation__path__startswith=root.path)
        units = units.filter(organisation__path__startswith=root.path)
        awards = awards.filter(organisation__path__startswith=root.path)
    result.titles["cdht_proposed"] = assessments.filter(status=Assessment.DRAFT, proposed_passes=True).count()
    result.titles["cdht_submitted"] = assessments.filter(status=Assessment.SUBMITTED).count()
    for row in awards.values("kind").annotate(n=Count("pk")).order_by():
        result.titles[row["kind"]] = row["n"]
    for row in units.filter(status=UnitAssessment.DRAFT).values("proposed_level").annotate(n=Count("pk")).order_by():
        result.titles[f"unit_level_{row['proposed_level']}_proposed"] = row["n"]
    return result
