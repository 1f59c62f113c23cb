"""Prerequisites block enrolment with a message naming what is missing and a page linking to it."""

import pytest
from django.db import IntegrityError

from learning.models import Enrolment
from learning.services import PrerequisitesMissing, enrol
from programmes.models import CoursePrerequisite
from programmes.prerequisites import missing_for


@pytest.fixture
def advanced(make_course):
    return make_course(title="Vận hành lò hơi")


def require(course, *, required_course=None, required_programme=None, order=0):
    return CoursePrerequisite.objects.create(
        course=course, required_course=required_course, required_programme=required_programme, sort_order=order
    )


def test_a_missing_course_blocks_enrolment_with_a_clear_message(advanced, courses, user, complete):
    require(advanced, required_course=courses[0])
    with pytest.raises(PrerequisitesMissing) as error:
        enrol(user, advanced)
    assert str(error.value) == f"Before “{advanced.title}”, complete: “{courses[0].title}”."
    assert [item.title for item in error.value.missing] == [courses[0].title]
    assert error.value.url == f"/courses/{advanced.pk}/prerequisites/"
    assert not Enrolment.objects.filter(user=user, course=advanced).exists()

    complete(user, courses[0])
    enrolment, created = enrol(user, advanced)
    assert created and enrolment.course == advanced


def test_the_enrol_button_explains_and_links(client, advanced, courses, user):
    require(advanced, required_course=courses[0])
    require(advanced, required_course=courses[1], order=1)
    client.force_login(user)
    response = client.post(f"/courses/{advanced.pk}/enrol", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/courses/{advanced.pk}/prerequisites/"
    assert f"Before “{advanced.title}”, complete: “{courses[0].title}”; “{courses[1].title}”." in page
    assert f'href="{courses[0].url}"' in page and f'href="{courses[1].url}"' in page
    assert not Enrolment.objects.filter(user=user, course=advanced).exists()


def test_a_required_programme_needs_all_its_courses(advanced, programme, courses, user, complete):
    require(advanced, required_programme=programme)
    complete(user, courses[0])
    complete(user, courses[1])
    assert [item.title for item in missing_for(user, advanced)] == [programme.title]
    complete(user, courses[2])
    assert missing_for(user, advanced) == []
    assert enrol(user, advanced)[1]


def test_an_ordered_programme_holds_its_later_steps_for_those_who_joined(make_programme, courses, user, complete):
    from programmes.services import join

    programme = make_programme(courses, ordered=True, title="Lộ trình an toàn")
    # Not joined: the courses stay open to anyone.
    assert missing_for(user, courses[2]) == []
    join(user, programme)
    assert [item.title for item in missing_for(user, courses[2])] == [courses[0].title, courses[1].title]
    assert missing_for(user, courses[0]) == []
    with pytest.raises(PrerequisitesMissing):
        enrol(user, courses[1])
    complete(user, courses[0])
    assert enrol(user, courses[1])[1]


def test_hr_enrolling_a_worker_is_not_held_back(advanced, courses, user):
    from tests.factories import UserFactory

    require(advanced, required_course=courses[0])
    officer = UserFactory()
    assert enrol(user, advanced, by=officer)[1]


def test_a_prerequisite_names_one_target(advanced, courses, programme):
    with pytest.raises(IntegrityError):
        require(advanced, required_course=courses[0], required_programme=programme)


def test_the_prerequisites_page_for_anonymous_visitors(client, advanced, courses):
    require(advanced, required_course=courses[0])
    page = client.get(f"/courses/{advanced.pk}/prerequisites/").content.decode()
    assert courses[0].title in page
    assert client.get("/courses/999999/prerequisites/").status_code == 404
