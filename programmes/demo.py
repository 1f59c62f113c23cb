"""Demo programme and assigned learning: a programme of three demo courses, assigned by the demo enterprise's HR to
all its workers, yearly (idempotent)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage

from .models import Assignment, ProgrammeCourse, ProgrammePage

SLUG = "an-toan-lao-dong-toan-dien"


def seed(stdout, style):
    from organisations.demo import HR_EMAIL
    from organisations.models import OrganisationRole

    from . import assignments

    courses = list(CoursePage.objects.live().order_by("path")[:3])
    catalogue = CourseIndexPage.objects.order_by("path").first()
    if len(courses) < 3 or catalogue is None:
        stdout.write("programmes: skipped (fewer than three demo courses)")
        return []
    programme = ProgrammePage.objects.filter(slug=SLUG).first()
    if programme is None:
        programme = ProgrammePage(
            title="An toàn lao động toàn diện",
            slug=SLUG,
            summary="Ba khóa học nền tảng cho người lao động mới: học lần lượt, nhận chứng nhận chương trình.",
            ordered=True,
        )
        catalogue.add_child(instance=programme)
        for number, course in enumerate(courses):
            ProgrammeCourse.objects.create(programme=programme, course=course, sort_order=number)
        programme.save_revision().publish()
    hr = get_user_model().objects.filter(email=HR_EMAIL).first()
    role = hr and hr.organisation_roles.filter(role=OrganisationRole.HR_OFFICER).select_related("organisation").first()
    if role and not Assignment.objects.filter(programme=programme, organisation=role.organisation).exists():
        assignments.assign(
            hr,
            role.organisation,
            target=programme,
            due_on=timezone.localdate() + datetime.timedelta(days=30),
            audience=Assignment.EVERYONE,
            valid_months=12,
            renew_days=30,
        )
    stdout.write(style.SUCCESS(f"programmes: “{programme.title}”, assigned at the demo enterprise"))
    return []
