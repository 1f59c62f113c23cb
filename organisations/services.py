"""Verbs of the organisations app: build the tree, hire and move workers, grant roles, issue API keys, review."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access
from .models import (
    ApiToken,
    CompletionReview,
    JoinInvitation,
    Membership,
    Organisation,
    OrganisationRole,
    hash_token_key,
)


class OrganisationError(Exception):
    """A refusal a person can act on; the message is translated."""


# The tree ---------------------------------------------------------------------------------------------------


def create_organisation(parent=None, **fields):
    """Create an organisation under `parent` (or as a root), checking the kind fits the hierarchy."""
    organisation = Organisation(**fields)
    organisation.check_parent(parent)
    organisation.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organisation.add_root(instance=organisation)
    parent.refresh_from_db()  # treebeard needs the parent's current numchild
    return parent.add_child(instance=organisation)


def get_or_create_organisation(parent=None, *, name, **fields):
    siblings = parent.get_children() if parent else Organisation.get_root_nodes()
    existing = siblings.filter(name=name).first()
    if existing:
        return existing, False
    return create_organisation(parent, name=name, **fields), True


# Memberships ------------------------------------------------------------------------------------------------


def current_membership(user):
    return Membership.objects.filter(user=user, end_date__isnull=True).select_related("organisation").first()


@transaction.atomic
def add_member(user, organisation, *, start_date=None, employee_number="", union_member=False, by=None):
    """Make `user` a worker of `organisation` from `start_date`; an open period elsewhere ends the day before.

    Returns (membership, change) where change is "created", "moved" or "unchanged".
    """
    if not organisation.is_workplace:
        raise OrganisationError(_("Workers belong to a grassroots union's enterprise, school or agency."))
    start_date = start_date or timezone.localdate()
    open_period = Membership.objects.select_for_update().filter(user=user, end_date__isnull=True).first()
    change = "created"
    if open_period is not None:
        if open_period.organisation_id == organisation.pk:
            fields = []
            if employee_number and open_period.employee_number != employee_number:
                open_period.employee_number = employee_number
                fields.append("employee_number")
            if union_member and not open_period.union_member:
                open_period.union_member = True
                fields.append("union_member")
            if fields:
                open_period.save(update_fields=fields)
            return open_period, "unchanged"
        if start_date <= open_period.start_date:
            raise OrganisationError(
                _("%(name)s has worked at %(org)s since %(date)s; the new start date must be later.")
                % {"name": user, "org": open_period.organisation, "date": open_period.start_date.strftime("%d/%m/%Y")}
            )
        open_period.end_date = start_date - timedelta(days=1)
        open_period.save(update_fields=["end_date"])
        change = "moved"
    overlapping = Membership.objects.filter(user=user, end_date__gte=start_date).exclude(
        pk=getattr(open_period, "pk", None)
    )
    if overlapping.exists():
        raise OrganisationError(_("%(name)s already belonged to another workplace on that date.") % {"name": user})
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        start_date=start_date,
        employee_number=employee_number,
        union_member=union_member,
        created_by=by,
    )
    return membership, change


# Why an import may not attach an existing account (attach_refusals); only a member elsewhere is invited.
MEMBER_ELSEWHERE, ADMINISTRATOR, OFFICER_ELSEWHERE = "member_elsewhere", "administrator", "officer_elsewhere"
REFUSALS = {
    MEMBER_ELSEWHERE: gettext_lazy(
        "already a member of another organisation: the person joins here only if they accept the invitation sent "
        "to them"
    ),
    ADMINISTRATOR: gettext_lazy("this account has administrative rights and cannot be attached by an import"),
    OFFICER_ELSEWHERE: gettext_lazy(
        "this account holds a role at another organisation and cannot be attached by an import"
    ),
}


def attach_refusals(users, organisation):
    """{user id: reason} for the existing accounts HR may not attach to `organisation` (REFUSALS[reason] says why).

    HR may attach only a person who belongs nowhere else: no current or future period at another workplace,
    not staff or a superuser, no role at an organisation outside `organisation`'s subtree. Matching an account
    by phone or e-mail proves nothing about consent, so such a person is never moved nor given to HR.
    """
    users = [user for user in users if user is not None and user.pk]
    if not users:
        return {}
    ids = [user.pk for user in users]
    refusals = {user.pk: ADMINISTRATOR for user in users if user.is_staff or user.is_superuser}
    officers = OrganisationRole.objects.filter(user_id__in=ids).exclude(
        organisation__path__startswith=organisation.path
    )
    for user_id in officers.values_list("user_id", flat=True):
        refusals.setdefault(user_id, OFFICER_ELSEWHERE)
    today = timezone.localdate()
    elsewhere = (
        Membership.objects.filter(user_id__in=ids)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(organisation=organisation)
    )
    for user_id in elsewhere.values_list("user_id", flat=True):
        refusals.setdefault(user_id, MEMBER_ELSEWHERE)
    return refusals


def attach_member(user, organisation, **kwargs):
    """add_member for an HR import: attaches an existing account only when attach_refusals allows it.

    Raises OrganisationError otherwise; never ends a period at another organisation.
    """
    with transaction.atomic():
        # Lock the person's periods: a concurrent hire elsewhere waits, then this check sees it.
        list(Membership.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
        reason = attach_refusals([user], organisation).get(user.pk)
        if reason:
            raise OrganisationError(f"{user}: {REFUSALS[reason]}")
        membership, change = add_member(user, organisation, **kwargs)
        if change == "moved":  # cannot happen after the check above; a guard, not a code path
            raise OrganisationError(f"{user}: {REFUSALS[MEMBER_ELSEWHERE]}")
        return membership, change


def invite_member(user, organisation, *, start_date=None, employee_number="", union_member=False, by=None):
    """Invite a person who works elsewhere to join `organisation`; one pending invitation per person and
    organisation (a new one replaces the proposed details). Nothing else changes until they accept."""
    if not organisation.is_workplace:
        raise OrganisationError(_("Workers belong to a grassroots union's enterprise, school or agency."))
    invitation, _created = JoinInvitation.objects.update_or_create(
        user=user,
        organisation=organisation,
        status=JoinInvitation.PENDING,
        defaults={
            "start_date": start_date,
            "employee_number": employee_number,
            "union_member": union_member,
            "created_by": by,
            "created_at": timezone.now(),
        },
    )
    return invitation


def pending_invitations(user):
    return JoinInvitation.objects.filter(user=user, status=JoinInvitation.PENDING).select_related("organisation")


@transaction.atomic
def accept_invitation(user, invitation_id):
    """The person joins the inviting organisation from today (or the later day it proposed); their open period
    elsewhere ends the day before. Raises JoinInvitation.DoesNotExist unless it is their own pending one."""
    invitation = JoinInvitation.objects.select_for_update().get(
        pk=invitation_id, user=user, status=JoinInvitation.PENDING
    )
    today = timezone.localdate()
    start = max(invitation.start_date or today, today)
    membership, _change = add_member(
        user,
        invitation.organisation,
        start_date=start,
        employee_number=invitation.employee_number,
        union_member=invitation.union_member,
        by=invitation.created_by,
    )
    invitation.status, invitation.responded_at = JoinInvitation.ACCEPTED, timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return membership


def decline_invitation(user, invitation_id):
    """Raises JoinInvitation.DoesNotExist unless it is the person's own pending invitation."""
    invitation = JoinInvitation.objects.get(pk=invitation_id, user=user, status=JoinInvitation.PENDING)
    invitation.status, invitation.responded_at = JoinInvitation.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def end_membership(membership, *, end_date=None):
    end_date = end_date or timezone.localdate()
    if end_date < membership.start_date:
        raise OrganisationError(_("The end date cannot be before the start date."))
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    return membership


# Roles and API tokens ---------------------------------------------------------------------------------------


def grant_role(user, organisation, role):
    return OrganisationRole.objects.get_or_create(user=user, organisation=organisation, role=role)[0]


def revoke_role(user, organisation, role):
    OrganisationRole.objects.filter(user=user, organisation=organisation, role=role).delete()


def create_api_token(organisation, name, *, scope=ApiToken.READ, by=None):
    """Create an API token; returns (token, key). The key is shown once: only its hash is stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=key[:8],
        key_hash=hash_token_key(key),
        created_by=by,
    )
    return token, key


def authenticate_token(key):
    """The active token with this key, or None."""
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("organisation").filter(key_hash=hash_token_key(key)).first()
    if token is None or not token.is_active:
        return None
    now = timezone.now()
    # Write last use at most once a minute: an HR system polling the API should not write on every call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_api_token(token):
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


# Completion reviews ----------------------------------------------------------------------------------------


def _actor_fields(actor):
    if isinstance(actor, ApiToken):
        return {"reviewed_by": None, "reviewed_via": actor}
    return {"reviewed_by": actor, "reviewed_via": None}


def review_completion(actor, completion, status, *, comment="", organisation=None):
    """Confirm or reject a completion on behalf of the workplace where the learner was when they completed.

    Raises PermissionDenied when the actor may not confirm it, OrganisationError for a refusal (e.g. a
    rejection without a comment). Returns the CompletionReview.
    """
    if status not in (CompletionReview.CONFIRMED, CompletionReview.REJECTED):
        raise OrganisationError(_("Choose confirm or reject."))
    comment = (comment or "").strip()
    if status == CompletionReview.REJECTED and not comment:
        raise OrganisationError(_("Say why the completion is rejected."))
    if not access.can_act_on_completion(actor, completion, access.CONFIRM):
        raise PermissionDenied
    workplace = access.workplace_of_completion(completion, within=organisation)
    if workplace is None or not access.can_access_organisation(actor, workplace, access.CONFIRM):
        raise PermissionDenied
    values = {"status": status, "comment": comment, "reviewed_at": timezone.now(), **_actor_fields(actor)}
    try:
        with transaction.atomic():
            review, _created = CompletionReview.objects.update_or_create(
                completion=completion, organisation=workplace, defaults=values
            )
    except IntegrityError:  # two reviewers at once: the second one's decision wins
        review = CompletionReview.objects.get(completion=completion, organisation=workplace)
        for field, value in values.items():
            setattr(review, field, value)
        review.save()
    return review


@transaction.atomic
def bulk_confirm(actor, completion_ids, *, organisation=None, comment=""):
    """Confirm many completions at once; those the actor may not confirm are skipped. Returns the count.

    Periods at workplaces never overlap, so the membership that makes a completion visible names its workplace.
    """
    ids = {int(i) for i in completion_ids}
    workplace = Subquery(
        access.memberships_on(OuterRef("user_id"), OuterRef("completed_on"))
        .order_by("-start_date")
        .values("organisation_id")[:1]
    )
    rows = list(
        access.completions_visible_to(actor, access.CONFIRM, organisation=organisation)
        .filter(pk__in=ids)
        .annotate(workplace_id=workplace)
        .values_list("pk", "workplace_id")
    )
    values = {
        "status": CompletionReview.CONFIRMED,
        "comment": comment,
        "reviewed_at": timezone.now(),
        **_actor_fields(actor),
    }
    existing = {
        (completion_id, org_id): pk
        for pk, completion_id, org_id in CompletionReview.objects.select_for_update()
        .filter(completion_id__in=[pk for pk, _org in rows])
        .values_list("pk", "completion_id", "organisation_id")
    }
    CompletionReview.objects.filter(pk__in=[existing[row] for row in rows if row in existing]).update(**values)
    CompletionReview.objects.bulk_create(
        [
            CompletionReview(completion_id=pk, organisation_id=org_id, **values)
            for pk, org_id in rows
            if (pk, org_id) not in existing
        ]
    )
    return len(rows)


# Group enrolment ------------------------------------------------------------------------------------------


def enrol_workers(actor, organisation, course, users):
    """Enrol workers of `organisation` (that the actor reaches) in a course; returns (new enrolments, skipped)."""
    from learning.services import enrol_many

    if not access.can_access_organisation(actor, organisation, access.ENROL):
        raise PermissionDenied
    user_ids = {user.pk for user in users}
    allowed = set(
        access.memberships_visible_to(actor, access.ENROL, organisation=organisation)
        .current()
        .filter(user_id__in=user_ids)
        .values_list("user_id", flat=True)
    )
    workers = [user for user in users if user.pk in allowed]
    created = enrol_many(workers, course, by=actor)
    return created, len(user_ids) - len(allowed)
