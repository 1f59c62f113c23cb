"""Demo recognition: an open cycle of this year for the demo province, everyone's proposal, two submitted
self-assessments waiting for the union officer (idempotent)."""

import datetime

from django.utils import timezone

from organisations.models import Organisation

from . import services
from .models import Assessment, Cycle


def seed(stdout, style):
    province = Organisation.objects.filter(kind=Organisation.PROVINCIAL, name="Liên đoàn Lao động tỉnh Hà Nam").first()
    if province is None:
        stdout.write(style.WARNING("recognition: no demo organisations; skipped"))
        return []
    year = timezone.localdate().year
    cycle, created = Cycle.objects.get_or_create(organisation=province, year=year)
    if cycle.status != Cycle.OPEN:
        services.open_cycle(cycle, opens_on=datetime.date(year, 1, 1), closes_on=datetime.date(year, 12, 31))
    # Here and now, not in the background: the submitted examples below need the proposals.
    services.run_evaluation(cycle)
    submitted = 0
    drafts = Assessment.objects.filter(year=year, organisation__path__startswith=province.path, status=Assessment.DRAFT)
    if not Assessment.objects.filter(year=year, status=Assessment.SUBMITTED).exists():
        for assessment in drafts.exclude(user__phone="0912345678").order_by("pk")[:2]:
            for score in assessment.scores.select_related("indicator"):
                points = (
                    score.proposed_points if score.proposed_points is not None and score.proposed_points >= 8 else 8
                )
                services.propose_score(
                    assessment,
                    score.indicator.code,
                    by=assessment.user,
                    points=points,
                    reason="" if score.auto_points in (None, points) else "Đã học thêm ngoài nền tảng",
                    evidence_text="Xác nhận của tổ công đoàn",
                )
            services.submit(assessment, by=assessment.user)
            submitted += 1
    stdout.write(f"recognition: cycle {year} open for {province.name}, {submitted} self-assessments submitted")
    return []
