"""The learning activity read model behind the QĐ 1268 indicators (models.LearningActivity).

One row per worker, workplace and half-year in which the worker completed a course while a member there, with
the learning areas as a bit mask. A worker's rows are recomputed from their completions and memberships in the
same transaction as any change to either (receivers below), so the indicators never see a half-written state.
Completions HR rejected and those whose certificate was revoked are left out (learning.services.counted).
"""

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save

from certificates.signals import certificate_revoked
from learning import services as learning_services
from learning.models import Completion
from organisations.models import CompletionReview, Membership

from .evaluation import insert_select
from .models import LearningActivity

# One bit per learning area of CONTRACTS.md; a completion with another code sets OTHER and counts for no indicator.
AREA_BITS = {
    "politics_law": 1,
    "vocational": 2,
    "life_skills": 4,
    "digital": 8,
    "foreign_language": 16,
    "general": 32,
}
OTHER = 64


def area_mask(codes):
    """The bit mask of a list of learning area codes (unknown codes add nothing)."""
    return sum(AREA_BITS[code] for code in set(codes) if code in AREA_BITS)


def half_year(day):
    """The LearningActivity.half_year key of a date: 20251 for January to June 2025, 20252 for July to December."""
    return day.year * 10 + (1 if day.month <= 6 else 2)


def half_years_between(start, end):
    """(first, last) half-year keys of a period made of whole half-years (1 January or 1 July to 30 June or
    31 December); anything else is a ValueError, since the read model cannot answer it exactly."""
    if (start.month, start.day) not in ((1, 1), (7, 1)) or (end.month, end.day) not in ((6, 30), (12, 31)):
        raise ValueError(f"{start}..{end} is not made of whole half-years")
    return half_year(start), half_year(end)


def _rows(completions):
    """SELECT worker, workplace, half-year, area mask of these completions (an INSERT's source)."""
    bit = Case(
        *[When(learning_area_code=code, then=Value(value)) for code, value in AREA_BITS.items()],
        default=Value(OTHER),
        output_field=IntegerField(),
    )
    during = Q(user__memberships__start_date__lte=F("completed_on")) & (
        Q(user__memberships__end_date__isnull=True) | Q(user__memberships__end_date__gte=F("completed_on"))
    )
    return (
        completions.filter(during)
        .annotate(
            a_organisation=F("user__memberships__organisation_id"),
            a_half_year=ExtractYear("completed_on") * 10
            + Case(When(completed_on__month__lte=6, then=Value(1)), default=Value(2), output_field=IntegerField()),
            a_bit=bit,
        )
        .order_by()
        .values("user_id", "a_organisation", "a_half_year")
        # Distinct powers of two: their SUM(DISTINCT) is their bitwise OR, on every database.
        .annotate(a_areas=Sum("a_bit", distinct=True))
        .values_list("user_id", "a_organisation", "a_half_year", "a_areas")
    )


def insert_rows(completions, model=LearningActivity):
    """INSERT the rows these completions make (model: the LearningActivity class, or its migration state)."""
    return insert_select(model, ["user", "organisation", "half_year", "areas"], _rows(completions))


def refresh(user_ids=None):
    """Recompute the rows of these workers (everyone when None) from their completions that still count (none
    rejected by HR, none with a revoked certificate) and their memberships; returns how many rows there are now."""
    rows = LearningActivity.objects.all()
    completions = learning_services.counted_completions()
    if user_ids is not None:
        user_ids = list(user_ids)
        rows = rows.filter(user_id__in=user_ids)
        completions = completions.filter(user_id__in=user_ids)
    rows.delete()
    return insert_rows(completions)


def _on_completion(sender, instance, created=True, **kwargs):
    # Completions are written once and never changed: a save that is not a creation changes nothing here.
    if created:
        refresh([instance.user_id])


# The membership fields the read model depends on; saving only others (employee number, union membership) skips it.
MEMBERSHIP_FIELDS = {"user", "organisation", "start_date", "end_date"}


def _on_membership(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or MEMBERSHIP_FIELDS & set(update_fields):
        refresh([instance.user_id])


def _on_review(sender, instance, created=False, **kwargs):
    # A first review that confirms changes nothing; any other save may reject, or confirm what was rejected.
    if created and instance.status != CompletionReview.REJECTED:
        return
    refresh(Completion.objects.filter(pk=instance.completion_id).values_list("user_id", flat=True))


def _on_certificate_revoked(sender, certificate, **kwargs):
    if certificate.completion_id is not None:
        refresh([certificate.user_id])


def connect():
    """Keep the read model current: a worker's rows follow their completions, HR's reviews of them, revocations of
    their certificates, and their memberships."""
    post_save.connect(_on_completion, sender=Completion, dispatch_uid="recognition_activity_completion")
    post_delete.connect(_on_completion, sender=Completion, dispatch_uid="recognition_activity_completion_delete")
    post_save.connect(_on_review, sender=CompletionReview, dispatch_uid="recognition_activity_review")
    post_delete.connect(_on_review, sender=CompletionReview, dispatch_uid="recognition_activity_review_delete")
    certificate_revoked.connect(_on_certificate_revoked, dispatch_uid="recognition_activity_certificate_revoked")
    post_save.connect(_on_membership, sender=Membership, dispatch_uid="recognition_activity_membership")
    post_delete.connect(_on_membership, sender=Membership, dispatch_uid="recognition_activity_membership_delete")
