"""The HR and union lists: workers with their hours per learning area, completions with their review.

Every function takes the actor and goes through access.py; every figure is computed in the database.
"""

from datetime import date

from django.apps import apps
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from accounts.models import name_contains
from learning import services as learning_services

from . import access
from .models import CompletionReview, Organisation

CURRENT, FORMER, ALL = "current", "former", "all"
# Workers are listed by workplace (in tree order), then by name: the database walks the organisation path
# index and sorts only within one workplace, which keeps a page of a province's 500,000 workers cheap.
WORKER_ORDER = ("organisation__path", "user__full_name", "pk")


def learning_areas():
    """(code, name) of every learning area, in display order."""
    from courses.models import LearningArea

    return list(LearningArea.objects.order_by("sort_order", "code").values_list("code", "name"))


def certificate_model():
    """certificates.Certificate when that app is installed, else None (the HR screens then leave it out)."""
    try:
        return apps.get_model("certificates", "Certificate")
    except LookupError:
        return None


def worker_memberships(actor, organisation, *, status=CURRENT, q="", unit=None, capability=access.VIEW):
    """Memberships in the organisation's subtree the actor may see, filtered; ordered by workplace, then name."""
    memberships = access.memberships_visible_to(actor, capability, organisation=organisation)
    today = timezone.localdate()
    if status == CURRENT:
        memberships = memberships.current(today)
    elif status == FORMER:
        memberships = memberships.filter(end_date__lt=today)
    if unit is not None:
        memberships = memberships.filter(organisation__path__startswith=unit.path)
    q = (q or "").strip()
    if q:
        memberships = memberships.filter(
            name_contains(q) | Q(user__phone__startswith=q) | Q(user__email__istartswith=q) | Q(employee_number=q)
        )
    return memberships.select_related("user", "organisation").order_by(*WORKER_ORDER)


def annotate_hours(memberships, year=None, areas=None):
    """Add hours_<area code>, hours_total and completions (in `year`, within each membership's period).

    A worker who changed workplace counts for each one in its own period. Apply it to one page or one
    chunk of ids at a time: it groups by membership.
    """
    year = year or timezone.localdate().year
    areas = learning_areas() if areas is None else areas
    in_period = Q(user__completions__completed_on__gte=F("start_date")) & (
        Q(end_date__isnull=True) | Q(user__completions__completed_on__lte=F("end_date"))
    )
    in_year = Q(user__completions__completed_on__range=(date(year, 1, 1), date(year, 12, 31)))
    # Rejected completions and those whose certificate was revoked count no hours (docs/security.md).
    scope = in_period & in_year & learning_services.counted("user__completions__")
    annotations = {
        f"hours_{code}": Sum("user__completions__hours", filter=scope & Q(user__completions__learning_area_code=code))
        for code, _name in areas
    }
    annotations["hours_total"] = Sum("user__completions__hours", filter=scope)
    annotations["completion_count"] = Count("user__completions", filter=scope)
    return memberships.annotate(**annotations)


def hours_rows(memberships, year=None, areas=None):
    """The page's memberships with their figures, in the page's order (one grouped query)."""
    memberships = list(memberships)
    figures = (
        {
            row["pk"]: row
            for row in annotate_hours(
                memberships[0].__class__.objects.filter(pk__in=[m.pk for m in memberships]), year, areas
            )
            .order_by()
            .values(
                "pk", *[f"hours_{code}" for code, _n in (areas or learning_areas())], "hours_total", "completion_count"
            )
        }
        if memberships
        else {}
    )
    for membership in memberships:
        row = figures.get(membership.pk, {})
        membership.hours = [row.get(f"hours_{code}") or 0 for code, _n in (areas or learning_areas())]
        membership.hours_total = row.get("hours_total") or 0
        membership.completion_count = row.get("completion_count") or 0
    return memberships


def review_annotations():
    reviews = CompletionReview.objects.filter(completion=OuterRef("pk")).order_by("-reviewed_at", "-id")
    return {
        "review_status": Subquery(reviews.values("status")[:1]),
        "review_comment": Subquery(reviews.values("comment")[:1]),
        "reviewed_at": Subquery(reviews.values("reviewed_at")[:1]),
    }


def completions(
    actor, organisation, *, status="", area="", source="", year=None, q="", worker=None, capability=access.VIEW
):
    """Completions the actor may see (or, with capability=EXPORT, export) in the organisation's subtree, with their
    latest review, whether they still count (not rejected, certificate not revoked) and when their certificate was
    revoked; newest first."""
    queryset = access.completions_visible_to(actor, capability, organisation=organisation).annotate(
        **review_annotations(),
        counted=learning_services.counted(),
        certificate_revoked_at=F("certificate__revoked_at"),
    )
    if worker is not None:
        queryset = queryset.filter(user=worker)
    if status == CompletionReview.PENDING:
        queryset = queryset.filter(Q(review_status__isnull=True) | Q(review_status=CompletionReview.PENDING))
    elif status in (CompletionReview.CONFIRMED, CompletionReview.REJECTED):
        queryset = queryset.filter(review_status=status)
    if area:
        queryset = queryset.filter(learning_area_code=area)
    if source:
        queryset = queryset.filter(source=source)
    if year:
        queryset = queryset.filter(completed_on__range=(date(year, 1, 1), date(year, 12, 31)))
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(name_contains(q) | Q(course_title__icontains=q))
    return queryset.select_related("user").order_by("-completed_on", "-id")


def certificates_of(actor, organisation, worker=None):
    """Certificates the workers earned while in the organisation's subtree (the rule of completions), newest
    first; None when the certificates app is not installed."""
    if certificate_model() is None:
        return None
    queryset = access.certificates_visible_to(actor, access.VIEW, organisation=organisation)
    if worker is not None:
        queryset = queryset.filter(user=worker)
    return queryset


def subtree_units(actor, organisation, q=""):
    """Workplaces below the organisation that the actor reaches (the union officer's list), by path."""
    units = Organisation.objects.subtree_of(organisation).filter(
        access.path_filter(actor, access.VIEW), kind=Organisation.GRASSROOTS
    )
    q = (q or "").strip()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(unit_name__icontains=q) | Q(tax_code=q))
    return units.order_by("path")


def with_worker_counts(units):
    """Set worker_count (current members) on one page of units, with one grouped query."""
    from .models import Membership

    units = list(units)
    counts = dict(
        Membership.objects.current()
        .filter(organisation__in=units)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    for unit in units:
        unit.worker_count = counts.get(unit.pk, 0)
    return units
