"""Demo organisations: a provincial federation > a district union > two grassroots unions at two enterprises,
the demo worker and 20 more workers, an HR officer and a union officer (idempotent)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Membership, Organisation, OrganisationRole
from .services import add_member, get_or_create_organisation, grant_role

WORKER_PHONE = "0912345678"
DEMO_PASSWORD = "hoctap-demo"  # noqa: S105 (documented demo login)
HR_EMAIL = "hr@hoctap.local"
UNION_EMAIL = "congdoan@hoctap.local"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Minh Đức",
    "Thị Hà",
    "Quốc Hùng",
    "Thị Lan",
    "Văn Long",
    "Thị Mai",
]


def _user(created, *, password=DEMO_PASSWORD, **fields):
    User = get_user_model()
    lookup = {"phone": fields["phone"]} if fields.get("phone") else {"email": fields["email"]}
    user = User.objects.filter(**lookup).first()
    if user is None:
        user = User.objects.create_user(password=password, **fields)
        created.append(user)
    return user


def seed(stdout, style):
    """Create the demo tree, workers and officers. Returns the demo logins as (login, password, role)."""
    created = []
    province, _ = get_or_create_organisation(
        None,
        name="Liên đoàn Lao động tỉnh Hà Nam",
        short_name="LĐLĐ Hà Nam",
        kind=Organisation.PROVINCIAL,
        province="Hà Nam",
    )
    district, _ = get_or_create_organisation(
        province,
        name="Liên đoàn Lao động thị xã Duy Tiên",
        short_name="LĐLĐ Duy Tiên",
        kind=Organisation.DISTRICT,
        province="Hà Nam",
    )
    common = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE, "province": "Hà Nam"}
    garment, _ = get_or_create_organisation(
        district,
        name="Công đoàn cơ sở Công ty TNHH May mặc Hưng Phát",
        short_name="CĐCS Hưng Phát",
        unit_name="Công ty TNHH May mặc Hưng Phát",
        tax_code="0700234567",
        industry="Dệt may",
        size="large",
        **common,
    )
    mechanics, _ = get_or_create_organisation(
        district,
        name="Công đoàn cơ sở Công ty CP Cơ khí Đồng Văn",
        short_name="CĐCS Cơ khí Đồng Văn",
        unit_name="Công ty CP Cơ khí Đồng Văn",
        tax_code="0700345678",
        industry="Cơ khí chế tạo",
        size="medium",
        **common,
    )
    start = datetime.date(timezone.localdate().year - 1, 1, 1)
    worker = _user(created, phone=WORKER_PHONE, full_name="Nguyễn Thị Hoa", employer_name=garment.unit_name)
    if not Membership.objects.filter(user=worker).exists():
        add_member(worker, garment, start_date=start, employee_number="HP0001", union_member=True)
    for i in range(20):
        workplace = garment if i < 12 else mechanics
        person = _user(
            created,
            phone=f"09880000{i:02d}",
            full_name=f"{FAMILY[i % 10]} {GIVEN[(i * 3) % 10]}",
            employer_name=workplace.unit_name,
        )
        if not Membership.objects.filter(user=person).exists():
            prefix = "HP" if workplace == garment else "DV"
            add_member(
                person, workplace, start_date=start, employee_number=f"{prefix}{i + 2:04d}", union_member=i % 3 != 0
            )
    hr = _user(created, email=HR_EMAIL, full_name="Phạm Thu Hằng (Nhân sự Hưng Phát)")
    grant_role(hr, garment, OrganisationRole.HR_OFFICER)
    union = _user(created, email=UNION_EMAIL, full_name="Trần Văn Tuấn (LĐLĐ Duy Tiên)")
    grant_role(union, district, OrganisationRole.UNION_OFFICER)
    completions = _seed_completions(garment)
    stdout.write(
        f"organisations: 4 organisations, 21 workers, {len(created)} users created, {completions} classroom completions"
    )
    return [
        (HR_EMAIL, DEMO_PASSWORD, f"HR officer, {garment.unit_name}"),
        (UNION_EMAIL, DEMO_PASSWORD, f"union officer, {district.name}"),
    ]


def _seed_completions(garment):
    """A few classroom completions waiting for HR, so the confirmation screen has work (only once)."""
    from courses.models import CoursePage
    from learning.models import Completion, Enrolment
    from learning.services import enrol, record_completion

    course = CoursePage.objects.live().order_by("path").first()
    if course is None:
        return 0
    count = 0
    today = timezone.localdate()
    workers = Membership.objects.filter(organisation=garment).exclude(user__phone=WORKER_PHONE).order_by("id")[:5]
    for index, membership in enumerate(workers):
        if Enrolment.objects.filter(user=membership.user, course=course).exists():
            continue
        enrolment, _ = enrol(membership.user, course)
        record_completion(
            enrolment,
            source=Completion.ATTENDANCE,
            completed_on=today - datetime.timedelta(days=index + 1),
            evidence="Danh sách điểm danh lớp tập huấn",
        )
        count += 1
    return count
