"""Who may launch a SCORM package (settings.SCORM_LAUNCH_PERMISSION names `can_launch_scorm`)."""

from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from scorm.access import can_preview

from .models import LessonScormPackage


def can_launch_scorm(user, sco):
    """A learner launches a SCO only when its package sits in a live lesson open to everyone who logs in.

    Lessons behind a view restriction (password, groups) are left to editors' previews: launching needs no
    request-level unlocking to be tracked. Editors who may change packages launch any of them (previews).
    """
    lesson_ids = LessonScormPackage.objects.filter(package_id=sco.package_id).values("lesson_id")
    lessons = LessonPage.objects.live().filter(pk__in=lesson_ids)
    for lesson in lessons.only("pk", "path"):
        restrictions = PageViewRestriction.objects.filter(page__in=lesson.get_ancestors(inclusive=True))
        if all(r.restriction_type == PageViewRestriction.LOGIN for r in restrictions):
            return True
    return can_preview(user, sco)
