import io

import pytest
from django.core.management.color import no_style

from learning import demo
from learning.models import Completion, Enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(course):
    worker = UserFactory(phone=demo.WORKER_PHONE)
    out = io.StringIO()
    demo.seed(out, no_style())
    assert Enrolment.objects.filter(user=worker).exists()
    assert Completion.objects.filter(user=worker).count() == 1
    demo.seed(out, no_style())
    assert Completion.objects.filter(user=worker).count() == 1


def test_demo_seed_skips_without_worker(db):
    out = io.StringIO()
    assert demo.seed(out, no_style()) == []
    assert "skipped" in out.getvalue()
