"""The QĐ 1268 indicators of an organisation subtree for a period, computed in the database.

Workers are the distinct people with a membership in the subtree during the period. A worker counts for an
area when they completed a course of that area in the period while a member of the subtree (read from the
LearningActivity read model, kept per half-year: periods are whole half-years). A CDHT holder
holds a title valid at the end of the period; a unit holds Đơn vị học tập when a title is valid then.
Every figure is a COUNT(DISTINCT ...) grouped by child organisation (a prefix of the materialised path), so
the subtree's total and the breakdown by children take the same few queries.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from organisations.models import Membership, Organisation

from . import activity
from .models import Award, Indicator, IndicatorTarget, LearningActivity

HALF_YEAR = "half"
ANNUAL = "annual"


def period_bounds(year, period=ANNUAL):
    """(start, end) of the 6-month report (January to June) or of the annual report (the calendar year)."""
    if period == HALF_YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def half_years(end_year, end_half, count):
    """The `count` half-years up to (end_year, end_half), oldest first, as (label, start, end)."""
    result = []
    year, half = end_year, end_half
    for _i in range(count):
        start = datetime.date(year, 1 if half == 1 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        result.append((f"{half}/{year}", start, end))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return list(reversed(result))


def share(count, total):
    if not total:
        return Decimal(0)
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ancestor_paths(organisation):
    step = Organisation.steplen
    return [organisation.path[:i] for i in range(step, len(organisation.path) + 1, step)]


def targets_for(organisation):
    """{indicator code: {year: percent}}: each year's target from the nearest issuer (national when none)."""
    paths = _ancestor_paths(organisation)
    chosen = {}
    rows = IndicatorTarget.objects.filter(Q(issuer__isnull=True) | Q(issuer__path__in=paths)).select_related(
        "indicator", "issuer"
    )
    for target in rows:
        depth = len(target.issuer.path) if target.issuer_id else 0
        key = (target.indicator.code, target.year)
        if key not in chosen or depth > chosen[key][0]:
            chosen[key] = (depth, target.percent)
    result = {}
    for (code, year), (_depth, percent) in chosen.items():
        result.setdefault(code, {})[year] = percent
    return result


def _overlapping(start, end, prefix=""):
    return Q(**{f"{prefix}start_date__lte": end}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    )


def _bucket(path_field, length):
    return Substr(path_field, 1, length)


def worker_counts(organisation, start, end, length):
    rows = (
        Membership.objects.filter(_overlapping(start, end), organisation__path__startswith=organisation.path)
        .annotate(bucket=_bucket("organisation__path", length))
        .values("bucket")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    return {row["bucket"]: row["n"] for row in rows}


def area_counts(organisation, start, end, length, indicators):
    """{bucket: {indicator code: distinct workers}} for the 'areas' indicators, from the LearningActivity read model.

    Two levels: one row per (bucket, worker) with a 0/1 per indicator (a worker may have rows in several
    workplaces and half-years), then the sums per bucket. A hash aggregate over at most two rows per worker and
    year, where COUNT(DISTINCT ...) per indicator would sort them once per indicator (bench/indicators.py).
    Raw SQL for the nested aggregate; `&` on integers is the same on PostgreSQL and SQLite.
    """
    if not indicators:
        return {}
    first, last = activity.half_years_between(start, end)
    quote = connection.ops.quote_name
    table, organisation_table = (quote(model._meta.db_table) for model in (LearningActivity, Organisation))
    flags = [f"MAX(CASE WHEN (a.areas & %s) <> 0 THEN 1 ELSE 0 END) AS i{n}" for n in range(len(indicators))]
    sums = [f"SUM(i{n})" for n in range(len(indicators))]
    masks = [activity.area_mask(indicator.area_codes) for indicator in indicators]
    # Only quoted table names and %s placeholders are interpolated; every value is a parameter.
    sql = (
        f"SELECT bucket, {', '.join(sums)} FROM ("  # noqa: S608
        f"SELECT SUBSTR(o.path, 1, %s) AS bucket, a.user_id, {', '.join(flags)} "
        f"FROM {table} a INNER JOIN {organisation_table} o ON o.id = a.organisation_id "
        f"WHERE a.half_year BETWEEN %s AND %s AND o.path LIKE %s "
        f"GROUP BY SUBSTR(o.path, 1, %s), a.user_id) AS per_worker GROUP BY bucket"
    )
    params = [length, *masks, first, last, organisation.path + "%", length]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: {indicator.code: int(count or 0) for indicator, count in zip(indicators, row[1:], strict=True)}
            for row in cursor.fetchall()
        }


def cdht_counts(organisation, start, end, length):
    rows = (
        Award.objects.held()
        .filter(kind=Award.CDHT, valid_from__lte=end, valid_until__gte=end)
        .filter(
            _overlapping(start, end, "user__memberships__"),
            user__memberships__organisation__path__startswith=organisation.path,
        )
        .annotate(bucket=_bucket("user__memberships__organisation__path", length))
        .values("bucket")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    return {row["bucket"]: row["n"] for row in rows}


def unit_counts(organisation, end, length):
    held = Award.objects.held().filter(
        organisation=OuterRef("pk"), kind__in=[Award.UNIT_1, Award.UNIT_2], valid_from__lte=end, valid_until__gte=end
    )
    rows = (
        Organisation.objects.filter(path__startswith=organisation.path, kind=Organisation.GRASSROOTS)
        .exclude(unit_type="")
        .annotate(bucket=_bucket("path", length), held=Exists(held))
        .values("bucket")
        .annotate(units=Count("pk"), holding=Count("pk", filter=Q(held=True)))
        .order_by()
    )
    return {row["bucket"]: (row["units"], row["holding"]) for row in rows}


@dataclass
class IndicatorRow:
    code: str
    name: str
    short_name: str
    measure: str
    count: int
    total: int
    share: Decimal
    targets: dict = field(default_factory=dict)

    def target(self, year):
        return self.targets.get(year)

    def met(self, year):
        target = self.targets.get(year)
        return target is not None and self.share >= target


@dataclass
class Figures:
    organisation: Organisation
    start: datetime.date
    end: datetime.date
    workers: int
    units: int
    rows: list


def _figures_by_bucket(organisation, start, end, length, indicators):
    workers = worker_counts(organisation, start, end, length)
    areas = area_counts(organisation, start, end, length, [i for i in indicators if i.measure == Indicator.AREAS])
    cdht = cdht_counts(organisation, start, end, length) if any(i.measure == Indicator.CDHT for i in indicators) else {}
    units = unit_counts(organisation, end, length) if any(i.measure == Indicator.UNITS for i in indicators) else {}
    return workers, areas, cdht, units


def _rows(bucket, indicators, workers, areas, cdht, units, targets):
    rows = []
    total_workers = workers.get(bucket, 0)
    unit_total, unit_holding = units.get(bucket, (0, 0))
    for indicator in indicators:
        if indicator.measure == Indicator.UNITS:
            count, total = unit_holding, unit_total
        elif indicator.measure == Indicator.CDHT:
            count, total = cdht.get(bucket, 0), total_workers
        else:
            count, total = areas.get(bucket, {}).get(indicator.code, 0), total_workers
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                short_name=indicator.label,
                measure=indicator.measure,
                count=count,
                total=total,
                share=share(count, total),
                targets=targets.get(indicator.code, {}),
            )
        )
    return rows


def _figures(organisation, start, end, indicators, buckets, targets):
    """The Figures of one organisation's bucket among the grouped counts."""
    workers, areas, cdht, units = buckets
    return Figures(
        organisation,
        start,
        end,
        workers.get(organisation.path, 0),
        units.get(organisation.path, (0, 0))[0],
        _rows(organisation.path, indicators, workers, areas, cdht, units, targets),
    )


def indicators_for(organisation, start, end, indicators=None):
    """The subtree's figures for the period (a Figures with one IndicatorRow per indicator)."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    length = len(organisation.path)
    buckets = _figures_by_bucket(organisation, start, end, length, indicators)
    return _figures(organisation, start, end, indicators, buckets, targets_for(organisation))


def breakdown(organisation, start, end, indicators=None, children=None):
    """Figures of each child organisation (its whole subtree), in the same grouped queries."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    children = list(children if children is not None else organisation.get_children())
    length = len(organisation.path) + Organisation.steplen
    buckets = _figures_by_bucket(organisation, start, end, length, indicators)
    targets = targets_for(organisation)
    return [_figures(child, start, end, indicators, buckets, targets) for child in children]


def trend(organisation, end_year, end_half, count, indicators=None):
    """[(label, {indicator code: share})] for the last `count` half-years."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    result = []
    for label, start, end in half_years(end_year, end_half, count):
        figures = indicators_for(organisation, start, end, indicators)
        result.append((label, {row.code: row.share for row in figures.rows}))
    return result


def target_years():
    return sorted(set(IndicatorTarget.objects.values_list("year", flat=True)))
