"""Load-test accounts and the ids the scenarios need, written as JSON (run by deploy/local/cluster.sh up).

Run inside Django: `manage.py shell -c "exec(open('bench/load/users.py').read())"`. Idempotent. Learners are
made with one password hash for all (hashing a thousand passwords one by one would take minutes); they log in
like anyone else. LOAD_FIXTURE names the JSON file (default var/load.json).
"""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from courses.models import CoursePage
from learning.models import LessonScormPackage
from organisations.models import Organisation
from scorm.models import Sco

LEARNERS = int(os.environ.get("LOAD_LEARNERS", 1500))
PASSWORD = "load-test-password"  # noqa: S105 - loopback load-test accounts only
User = get_user_model()

hashed = make_password(PASSWORD)
existing = set(User.objects.filter(email__endswith="@load.test").values_list("email", flat=True))
User.objects.bulk_create(
    [
        User(email=f"learner{n}@load.test", full_name=f"Học viên {n}", password=hashed)
        for n in range(LEARNERS)
        if f"learner{n}@load.test" not in existing
    ],
    batch_size=500,
)

link = LessonScormPackage.objects.select_related("lesson").first()
sco = Sco.objects.filter(package_id=link.package_id).order_by("position").first() if link else None
scorm_course = link.lesson.get_parent().specific if link else None
courses = list(CoursePage.objects.live().order_by("pk").values_list("pk", "url_path")[:40])
organisations = list(Organisation.objects.order_by("path").values_list("pk", flat=True))
fixture = {
    "password": PASSWORD,
    "learners": [f"learner{n}@load.test" for n in range(LEARNERS)],
    "scorm": {"sco": sco.pk, "course": scorm_course.pk, "lesson_url": link.lesson.url} if sco else None,
    "courses": [{"id": pk, "url": CoursePage.objects.get(pk=pk).url} for pk, _ in courses],
    "hr": {"login": "hr@hoctap.local", "password": "hoctap-demo"},
    "officer": {"login": "congdoan@hoctap.local", "password": "hoctap-demo"},
    "organisations": organisations,
    "searches": ["ky nang so", "an toan lao dong", "tin hoc", "phap luat", "tieng anh", "may mac"],
}
path = os.environ.get("LOAD_FIXTURE", "var/load.json")
with open(path, "w") as handle:
    json.dump(fixture, handle, ensure_ascii=False)
print(f"load fixture: {path}: {LEARNERS} learners, SCORM {fixture['scorm']}, {len(fixture['courses'])} courses")
