"""Programme verbs: join a programme, see its steps, record its completion exactly once and issue its certificate."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, Max, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Completion
from learning.services import counted_completions

from .models import ProgrammeCompletion, ProgrammeCourse, ProgrammeEnrolment, ProgrammePage

logger = logging.getLogger(__name__)


def latest_completions(user_ids, course_ids, since=None):
    """{(user id, course id): latest completed_on} of completions that still count, on or after `since` if given.

    One grouped query; the callers pass one user or one chunk of users.
    """
    queryset = counted_completions(Completion.objects.filter(user_id__in=user_ids, course_id__in=course_ids))
    if since is not None:
        queryset = queryset.filter(completed_on__gte=since)
    return {
        (row["user_id"], row["course_id"]): row["last"]
        for row in queryset.values("user_id", "course_id").annotate(last=Max("completed_on")).order_by()
    }


def completed_on(user_id, course_ids, dates):
    """The day the last of `course_ids` was completed by the user (from latest_completions), or None."""
    if not course_ids:
        return None
    days = [dates.get((user_id, course_id)) for course_id in course_ids]
    return None if any(day is None for day in days) else max(days)


def programme_steps(programme, user):
    """The programme's courses in order, with what the learner has done: [{"course", "done_on", "locked"}]."""
    steps = list(programme.steps.select_related("course").order_by("sort_order"))
    course_ids = [step.course_id for step in steps]
    dates = latest_completions([user.pk], course_ids) if user.is_authenticated else {}
    joined = user.is_authenticated and ProgrammeEnrolment.objects.filter(user=user, programme=programme).exists()
    rows, all_before_done = [], True
    for step in steps:
        done_on = dates.get((getattr(user, "pk", None), step.course_id))
        rows.append(
            {"course": step.course, "done_on": done_on, "locked": programme.ordered and joined and not all_before_done}
        )
        all_before_done = all_before_done and done_on is not None
    return rows


def join(user, programme):
    """The learner joins a programme (an ordered programme's order then applies); returns (enrolment, created)."""
    return ProgrammeEnrolment.objects.get_or_create(user=user, programme=programme)


def programmes_of_course(course_id):
    """Live programmes that include the course."""
    return ProgrammePage.objects.live().filter(
        pk__in=ProgrammeCourse.objects.filter(course_id=course_id).values("programme_id")
    )


def record_programme_completion(user, programme):
    """Write the user's completion of the programme once every course is completed; returns (row, created).

    Returns (None, False) while a course is missing. Exactly once: the unique constraint on (user, programme)
    decides between two racing callers, and the loser returns the winner's row.
    """
    existing = ProgrammeCompletion.objects.filter(user=user, programme=programme).first()
    if existing is not None:
        return existing, False
    course_ids = programme.course_ids()
    day = completed_on(user.pk, course_ids, latest_completions([user.pk], course_ids))
    if day is None:
        return None, False
    try:
        with transaction.atomic():
            row = ProgrammeCompletion.objects.create(
                user=user, programme=programme, programme_title=programme.title, completed_on=day
            )
    except IntegrityError:
        return ProgrammeCompletion.objects.get(user=user, programme=programme), False
    return row, True


def issue_certificate(programme_completion):
    """The programme certificate of a completion (created once; later calls return it)."""
    from certificates.services import issue_programme_certificate

    programme = programme_completion.programme
    steps = programme.steps.select_related("course").order_by("sort_order")
    courses = [
        {"title": step.course.title, "url": step.course.get_full_url() or "", "hours": step.course.duration_hours}
        for step in steps
    ]
    certificate, _created = issue_programme_certificate(
        user=programme_completion.user,
        programme_title=programme_completion.programme_title,
        programme_url=programme.get_full_url() or "",
        courses=courses,
        provider_name=programme.offered_by,
        source_key=programme_completion.source_key,
    )
    return certificate


def programme_certificate(programme_completion):
    from certificates.models import Certificate

    return Certificate.objects.filter(source_key=programme_completion.source_key).first()


def on_course_completed(completion):
    """A course completion may complete programmes: record each and issue its certificate. Returns the new ones."""
    if completion.course_id is None:
        return []
    done = []
    for programme in programmes_of_course(completion.course_id):
        row, created = record_programme_completion(completion.user, programme)
        if row is None:
            continue
        if programme.certificate_on_completion:
            try:
                issue_certificate(row)
            except Exception:
                # The programme completion stands; `issue_programme_certificates` issues what is missing.
                logger.exception("Could not issue the certificate of programme completion %s", row.pk)
        if created:
            done.append(row)
    return done


def completions_missing_certificates():
    """Programme completions whose programme gives a certificate but that have none (a failure to recover)."""
    from certificates.models import Certificate

    key = Concat(Value("programme:"), Cast("pk", CharField()), output_field=CharField())
    return (
        ProgrammeCompletion.objects.filter(programme__certificate_on_completion=True)
        .alias(key=key)
        .filter(~Exists(Certificate.objects.filter(source_key=OuterRef("key"))))
        .select_related("programme", "user")
    )


def today():
    return timezone.localdate()


# Organisations that publish programmes ---------------------------------------------------------------------------

# The organisation's editors publish their own programmes: there is no reviewer group above them.
PUBLISHER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def programme_editor_group_name(organisation):
    # The id keeps two organisations of the same name (two "CĐCS Công ty May") in two groups.
    suffix = f" (#{organisation.pk})"
    name = _("Programme editors: %(organisation)s") % {"organisation": organisation.name}
    return name[: 150 - len(suffix)] + suffix


@transaction.atomic
def setup_programme_publisher(organisation, editors=()):
    """Give an organisation (an enterprise, a union) its programmes section under the catalogue and the editors
    group whose page permissions reach only that section; add `editors` (users) to the group.

    Idempotent, like courses.services.setup_provider, whose catalogue and permission helpers it uses. Returns
    (section, group).
    """
    from django.contrib.auth.models import Group, Permission

    from courses.services import get_catalogue, grant_page_permissions
    from courses.slugs import fold_slug

    from .models import OrganisationProgrammesPage

    section = OrganisationProgrammesPage.objects.filter(organisation=organisation).first()
    if section is None:
        slug = f"{fold_slug(organisation.short_name or organisation.name, 60) or 'to-chuc'}-{organisation.pk}"
        section = OrganisationProgrammesPage(title=organisation.name, slug=slug, organisation=organisation)
        get_catalogue().add_child(instance=section)
        section.save_revision().publish()
    group, _created = Group.objects.get_or_create(name=programme_editor_group_name(organisation))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    grant_page_permissions(group, section, PUBLISHER_PAGE_PERMISSIONS)
    for user in editors:
        user.groups.add(group)
    return section, group


def editable_sections(user):
    """The organisations' programme sections the user may edit (a permission on the section or above it)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import OrganisationProgrammesPage

    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add", "change", "publish"])
    return OrganisationProgrammesPage.objects.filter(pk__in=editable.values("pk"))


def hide_other_organisations(pages, user):
    """The page chooser's pages without the programme sections (and their programmes) the user may not edit.

    Courses and providers' programmes stay choosable. One IN per section depth, not one LIKE per section, inside a
    subquery: the chooser's search backend accepts a plain `pk__in` filter but no annotation.
    """
    from django.db.models.functions import Substr
    from wagtail.models import Page

    from .models import OrganisationProgrammesPage

    if user.is_superuser:
        return pages
    hidden = OrganisationProgrammesPage.objects.exclude(pk__in=editable_sections(user).values("pk"))
    by_length = {}
    for path in hidden.values_list("path", flat=True):
        by_length.setdefault(len(path), []).append(path)
    for length, paths in by_length.items():
        below = Page.objects.alias(section=Substr("path", 1, length)).filter(section__in=paths)
        pages = pages.exclude(pk__in=below.values("pk"))
    return pages
