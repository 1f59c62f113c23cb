"""Object-level access: the one place that decides who may see or act on which organisation, worker and completion.

An actor is a user or an ApiToken. A role at an organisation reaches that organisation and its whole subtree,
never its parent or siblings. What a role allows is a set of capabilities. Every view, API, export and admin
screen asks here.
"""

from django.db.models import DateField, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate

from .models import ApiToken, Membership, Organisation, OrganisationRole

VIEW = "view"  # workers, their completions, hours and certificates
EXPORT = "export"
CONFIRM = "confirm"  # confirm or reject completions
IMPORT = "import"  # import workers, end memberships
ENROL = "enrol"  # enrol workers in a course
MANAGE = "manage"  # roles and API tokens of the organisation
RECOGNISE = "recognise"  # review and approve "Công dân học tập" / "Đơn vị học tập" titles
TOKENS = "tokens"  # request and revoke the organisation's API tokens from the HR screens (its HR system's keys)
CAPABILITIES = (VIEW, EXPORT, CONFIRM, IMPORT, ENROL, MANAGE, RECOGNISE, TOKENS)

ROLE_CAPABILITIES = {
    OrganisationRole.HR_OFFICER: {VIEW, EXPORT, CONFIRM, IMPORT, ENROL, RECOGNISE, TOKENS},
    OrganisationRole.UNION_OFFICER: {VIEW, EXPORT, ENROL, RECOGNISE},
    OrganisationRole.ADMIN: set(CAPABILITIES),
}
TOKEN_CAPABILITIES = {
    ApiToken.READ: {VIEW},
    ApiToken.READ_CONFIRM: {VIEW, CONFIRM},
}


class Everything:
    """Marker: the actor reaches every organisation (superusers)."""


def _is_user(actor):
    return actor is not None and not isinstance(actor, ApiToken)


def root_paths(actor, capability=VIEW):
    """The paths of the subtrees the actor reaches with `capability`, or Everything."""
    if actor is None:
        return []
    if isinstance(actor, ApiToken):
        if actor.is_active and capability in TOKEN_CAPABILITIES.get(actor.scope, ()):
            return [actor.organisation.path]
        return []
    if not actor.is_authenticated or not actor.is_active:
        return []
    if actor.is_superuser:
        return Everything
    cache = actor.__dict__.setdefault("_organisation_paths", {})
    if capability not in cache:
        # One query per request for all of the person's roles, whatever the number of capabilities asked about.
        if "_organisation_roles" not in actor.__dict__:
            actor._organisation_roles = list(
                OrganisationRole.objects.filter(user=actor).values_list("role", "organisation__path")
            )
        paths = sorted(
            {path for role, path in actor._organisation_roles if capability in ROLE_CAPABILITIES.get(role, ())}
        )
        # Drop paths inside another one: fewer OR terms in every query.
        cache[capability] = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    return cache[capability]


def _path_q(paths, field="path"):
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def path_filter(actor, capability=VIEW, field="path"):
    """A Q object limiting `field` (a materialised path) to what the actor reaches; Q() for everything."""
    paths = root_paths(actor, capability)
    return Q() if paths is Everything else _path_q(paths, field)


def visible_organisations(actor, capability=VIEW, queryset=None):
    queryset = Organisation.objects.all() if queryset is None else queryset
    return queryset.filter(path_filter(actor, capability))


def can_access_organisation(actor, organisation, capability=VIEW):
    paths = root_paths(actor, capability)
    return paths is Everything or any(organisation.path.startswith(path) for path in paths)


def has_any_role(user):
    return _is_user(user) and (user.is_superuser or root_paths(user, VIEW) != [])


def memberships_visible_to(actor, capability=VIEW, organisation=None):
    """Memberships (current and past) at organisations the actor reaches, optionally within one subtree."""
    queryset = Membership.objects.filter(path_filter(actor, capability, field="organisation__path"))
    if organisation is not None:
        queryset = queryset.filter(organisation__path__startswith=organisation.path)
    return queryset


def can_view_worker(actor, worker, capability=VIEW):
    """True when the worker belongs, or belonged, to an organisation the actor reaches."""
    return memberships_visible_to(actor, capability).filter(user=worker).exists()


def memberships_on(user_ref, on, organisation=None, actor=None, capability=VIEW):
    """Memberships of the user that cover the date `on` (values or OuterRef()s), optionally within one subtree
    and limited to organisations the actor reaches. The one rule for "belonged there when it happened"."""
    memberships = Membership.objects.filter(user=user_ref, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    if organisation is not None:
        memberships = memberships.filter(organisation__path__startswith=organisation.path)
    if actor is not None:
        memberships = memberships.filter(path_filter(actor, capability, field="organisation__path"))
    return memberships


def member_during(organisation=None, actor=None, capability=VIEW, on="completed_on"):
    """An Exists() that is true when the row's user (its `user_id`) was a member, on the row's date field `on`,
    of the given organisation's subtree (and of an organisation the actor reaches): completions and
    certificates count for the workplace where the worker was when they earned them."""
    return Exists(memberships_on(OuterRef("user_id"), OuterRef(on), organisation, actor, capability))


def completions_visible_to(actor, capability=VIEW, organisation=None):
    """Completions recorded while the learner worked at an organisation the actor reaches."""
    from learning.models import Completion

    return Completion.objects.filter(member_during(organisation=organisation, actor=actor, capability=capability))


def certificates_visible_to(actor, capability=VIEW, organisation=None):
    """Certificates earned while the holder worked at an organisation the actor reaches: a course certificate
    on its completion's date, a person's title on the day it was issued (an organisation's title has no holder)."""
    from certificates.models import Certificate

    earned_on = Coalesce("completion__completed_on", TruncDate("issued_at"), output_field=DateField())
    return (
        Certificate.objects.filter(user__isnull=False)
        .alias(earned_on=earned_on)
        .filter(member_during(organisation=organisation, actor=actor, capability=capability, on="earned_on"))
    )


def can_view_certificate(actor, certificate, capability=VIEW):
    """True when the actor's organisations employed the holder when the certificate was earned."""
    return certificates_visible_to(actor, capability).filter(pk=certificate.pk).exists()


def can_act_on_completion(actor, completion, capability=VIEW):
    return completions_visible_to(actor, capability).filter(pk=completion.pk).exists()


def workplace_of_completion(completion, within=None):
    """The organisation where the learner worked when they completed (inside `within`'s subtree if given)."""
    memberships = memberships_on(completion.user_id, completion.completed_on, organisation=within)
    membership = memberships.select_related("organisation").order_by("-start_date").first()
    return membership.organisation if membership else None
