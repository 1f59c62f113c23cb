"""Versioned recognition criteria, QĐ 1268 indicator targets, yearly cycles, self-assessments and awarded titles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.storage import private_storage

# Automatic evidence rules an indicator may name (evaluation.py implements them).
RULE_NONE = ""
RULE_AREA_COMPLETIONS = "area_completions"
RULE_DIGITAL = "digital_competence"
RULE_LEARNING_PLAN = "learning_plan"
RULE_CHOICES = [
    (RULE_NONE, _("None: the person scores it with evidence")),
    (RULE_AREA_COMPLETIONS, _("Completions in learning areas")),
    (RULE_DIGITAL, _("Digital courses and their digital-competence levels")),
    (RULE_LEARNING_PLAN, _("Enrolments and learning hours of the year")),
]


class Criteria(ClusterableModel):
    """One version of the recognition rules: applies from `year` on, in the issuer's subtree (everywhere if none)."""

    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("applies from year"))
    issuer = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognition_criteria",
        verbose_name=_("issuing organisation"),
        help_text=_("Empty: the national default. A province may adjust the criteria for its subtree."),
    )
    # "Công dân học tập"
    pass_total = models.PositiveSmallIntegerField(_("points needed"), default=80)
    min_indicator = models.PositiveSmallIntegerField(_("lowest points allowed per indicator"), default=5)
    # "Đơn vị học tập"
    level1_share = models.DecimalField(
        _("level 1: share of members holding CDHT (%)"), max_digits=5, decimal_places=2, default=90
    )
    level2_share = models.DecimalField(
        _("level 2: share of members holding CDHT (%)"), max_digits=5, decimal_places=2, default=95
    )
    school_level1_share = models.DecimalField(_("schools, level 1 (%)"), max_digits=5, decimal_places=2, default=95)
    school_level2_share = models.DecimalField(_("schools, level 2 (%)"), max_digits=5, decimal_places=2, default=97)
    validity_years = models.PositiveSmallIntegerField(_("recognition valid for (years)"), default=3)
    level2_after_years = models.PositiveSmallIntegerField(
        _("level 2 at least this many years after level 1"), default=1
    )
    source = models.CharField(_("legal basis"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("year"), FieldPanel("issuer")]),
        FieldPanel("source"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("pass_total"), FieldPanel("min_indicator")]), InlinePanel("indicators")],
            heading=_("Công dân học tập"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level1_share"), FieldPanel("level2_share")]),
                FieldRowPanel([FieldPanel("school_level1_share"), FieldPanel("school_level2_share")]),
                FieldRowPanel([FieldPanel("validity_years"), FieldPanel("level2_after_years")]),
            ],
            heading=_("Đơn vị học tập"),
        ),
    ]

    class Meta:
        ordering = ["-year", "issuer_id", "pk"]
        verbose_name = _("recognition criteria")
        verbose_name_plural = _("recognition criteria")
        constraints = [
            models.UniqueConstraint(fields=["year", "issuer"], name="recognition_criteria_year_issuer"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(issuer__isnull=True), name="recognition_criteria_year_national"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def max_total(self):
        return sum(indicator.max_points for indicator in self.indicators.all())


class CriteriaIndicator(Orderable):
    """One CDHT indicator: its competence, points, the evidence asked for and an optional automatic rule."""

    criteria = ParentalKey(Criteria, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. 2.1"))
    competence = models.CharField(_("competence"), max_length=255)
    name = models.CharField(_("indicator"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=10)
    evidence_hint = models.CharField(_("evidence asked for"), max_length=500, blank=True)
    rule = models.CharField(_("automatic evidence"), max_length=30, choices=RULE_CHOICES, blank=True)
    rule_params = models.JSONField(
        _("rule parameters"),
        default=dict,
        blank=True,
        help_text=_(
            'E.g. {"areas": ["foreign_language"], "per_completion": 4} or {"per_enrolment": 2, "hours_per_point": 4}.'
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("max_points")]),
        FieldPanel("competence"),
        FieldPanel("name"),
        FieldPanel("evidence_hint"),
        FieldRowPanel([FieldPanel("rule"), FieldPanel("rule_params")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["criteria", "code"], name="recognition_indicator_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if not isinstance(self.rule_params, dict):
            raise ValidationError({"rule_params": _("Rule parameters must be a JSON object.")})


class Indicator(models.Model):
    """A QĐ 1268 (or union) indicator: the share of workers with a completion in some areas, holding CDHT,
    or of units holding Đơn vị học tập."""

    AREAS = "areas"
    CDHT = "cdht"
    UNITS = "units"
    MEASURE_CHOICES = [
        (AREAS, _("Workers with a completion in the learning areas")),
        (CDHT, _("Workers holding Công dân học tập")),
        (UNITS, _("Units holding Đơn vị học tập")),
    ]

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # Table columns and chart labels on a phone: the full name is a sentence, the code is not for people.
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_('For table headings, e.g. "Kỹ năng sống".')
    )
    measure = models.CharField(_("measure"), max_length=20, choices=MEASURE_CHOICES, default=AREAS)
    areas = models.CharField(
        _("learning area codes"), max_length=255, blank=True, help_text=_("Comma-separated, for the 'areas' measure.")
    )
    source = models.CharField(_("source"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def area_codes(self):
        return [code.strip() for code in self.areas.split(",") if code.strip()]

    def clean(self):
        super().clean()
        from .activity import AREA_BITS

        unknown = [code for code in self.area_codes if code not in AREA_BITS]
        if unknown:
            raise ValidationError(
                {
                    "areas": _("Unknown learning area codes: %(codes)s. Use: %(known)s.")
                    % {"codes": ", ".join(unknown), "known": ", ".join(AREA_BITS)}
                }
            )


class IndicatorTarget(models.Model):
    """The target share of an indicator for a year, set by an issuing organisation (nationally when empty)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    issuer = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recognition_targets",
        verbose_name=_("issuing organisation"),
    )
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["year", "indicator__sort_order"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "issuer"], name="recognition_target_unique"),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(issuer__isnull=True),
                name="recognition_target_national",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.percent}%"


class Cycle(models.Model):
    """A yearly recognition round of an organisation's subtree: the self-assessment window and the review."""

    DRAFT = "draft"
    OPEN = "open"
    REVIEW = "review"
    CLOSED = "closed"
    STATUS_CHOICES = [
        (DRAFT, _("Being prepared")),
        (OPEN, _("Open for self-assessment")),
        (REVIEW, _("In review")),
        (CLOSED, _("Closed")),
    ]

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="recognition_cycles",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    opens_on = models.DateField(_("self-assessment opens"), null=True, blank=True)
    closes_on = models.DateField(_("self-assessment closes"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    # The last reminder: how many people it was for and how many an e-mail or a message reached (the others see it
    # only on their pages). reminders_sent adds up what reached people over the cycle.
    reminders_sent = models.PositiveIntegerField(_("reminders delivered"), default=0)
    reminders_targeted = models.PositiveIntegerField(_("people reminded last time"), default=0)
    reminders_reached = models.PositiveIntegerField(_("reached by e-mail or message last time"), default=0)
    evaluation_requested_at = models.DateTimeField(_("evaluation requested"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("last evaluated"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "organisation__path"]
        verbose_name = _("recognition cycle")
        verbose_name_plural = _("recognition cycles")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="recognition_cycle_unique")]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    @property
    def evaluating(self):
        """An evaluation was asked for and has not finished yet (it runs as a background task)."""
        return self.evaluation_requested_at is not None and (
            self.evaluated_at is None or self.evaluated_at < self.evaluation_requested_at
        )

    @property
    def accepts_self_assessments(self):
        today = timezone.localdate()
        return (
            self.status == self.OPEN
            and (self.opens_on is None or self.opens_on <= today)
            and (self.closes_on is None or today <= self.closes_on)
        )


class Assessment(models.Model):
    """A person's yearly CDHT self-assessment: proposed by the platform and the person, decided by a reviewer."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (DRAFT, _("Not submitted")),
        (SUBMITTED, _("Waiting for review")),
        (APPROVED, _("Recognised")),
        (REJECTED, _("Not recognised")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cdht_assessments", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="cdht_assessments",
        verbose_name=_("workplace"),
    )
    criteria = models.ForeignKey(
        Criteria, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("criteria")
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT, db_index=True)
    proposed_total = models.DecimalField(_("proposed points"), max_digits=6, decimal_places=1, default=0)
    proposed_passes = models.BooleanField(_("proposal meets the criteria"), default=False)
    final_total = models.DecimalField(_("final points"), max_digits=6, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "user_id"]
        verbose_name = _("CDHT self-assessment")
        verbose_name_plural = _("CDHT self-assessments")
        constraints = [models.UniqueConstraint(fields=["user", "year"], name="recognition_one_assessment_per_year")]
        indexes = [models.Index(fields=["organisation", "year", "status"], name="recognition_assess_org")]

    def __str__(self):
        return f"{self.user} {self.year}: {self.status}"

    @property
    def is_editable(self):
        return self.status == self.DRAFT

    @property
    def overrides_criteria(self):
        """Recognised although the proposal computed at approval did not meet the criteria (review_comment says why)."""
        return self.status == self.APPROVED and not self.proposed_passes


class Score(models.Model):
    """One indicator of an assessment: automatic points, the person's proposal and the reviewer's final points."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(CriteriaIndicator, on_delete=models.PROTECT, related_name="+")
    auto_points = models.DecimalField(
        _("points from the learning record"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    proposed_points = models.DecimalField(_("proposed points"), max_digits=4, decimal_places=1, null=True, blank=True)
    proposed_reason = models.TextField(_("reason for the proposal"), blank=True)
    final_points = models.DecimalField(_("final points"), max_digits=4, decimal_places=1, null=True, blank=True)
    final_reason = models.TextField(_("reviewer's reason"), blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    # Private: served only by views.evidence_download to the person and their reviewers.
    evidence_file = models.FileField(
        _("evidence file"), upload_to="recognition/evidence/%Y/", storage=private_storage, blank=True
    )

    class Meta:
        ordering = ["indicator__sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="recognition_one_score")]

    def __str__(self):
        return f"{self.assessment_id}/{self.indicator_id}: {self.proposed_points}"

    @property
    def person_adjusted(self):
        return bool(self.proposed_reason)

    @property
    def evidence_file_name(self):
        """The uploaded file's own name, without the storage folders."""
        return self.evidence_file.name.rsplit("/", 1)[-1] if self.evidence_file else ""


class Evidence(models.Model):
    """A record the automatic rules counted for a score: a completion (with its certificate) or an enrolment."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    completion = models.ForeignKey(
        "learning.Completion", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    points = models.DecimalField(max_digits=6, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["score"], name="recognition_evidence_score")]

    def __str__(self):
        return f"{self.score_id}: completion {self.completion_id} enrolment {self.enrolment_id}"


class UnitAssessment(models.Model):
    """A unit's yearly "Đơn vị học tập" evaluation: conditions, the CDHT share, the proposed and final level."""

    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUS_CHOICES = [(DRAFT, _("Proposed")), (APPROVED, _("Recognised")), (REJECTED, _("Not recognised"))]

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="unit_assessments", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    criteria = models.ForeignKey(Criteria, on_delete=models.PROTECT, related_name="unit_assessments")
    has_learning_plan = models.BooleanField(_("annual learning plan"), default=False)
    has_training_rules = models.BooleanField(_("training rules"), default=False)
    has_learning_devices = models.BooleanField(_("learning devices"), default=False)
    members = models.PositiveIntegerField(_("members"), default=0)
    cdht_holders = models.PositiveIntegerField(_("members holding CDHT"), default=0)
    proposed_level = models.PositiveSmallIntegerField(_("proposed level"), default=0)
    final_level = models.PositiveSmallIntegerField(_("final level"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "organisation__path"]
        verbose_name = _("Đơn vị học tập evaluation")
        verbose_name_plural = _("Đơn vị học tập evaluations")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="recognition_one_unit_assessment")]

    def __str__(self):
        return f"{self.organisation} {self.year}: level {self.proposed_level}"

    @property
    def share(self):
        return round(100 * self.cdht_holders / self.members, 1) if self.members else 0

    @property
    def overrides_criteria(self):
        """Awarded a level above what the criteria gave at approval (review_comment holds the recorded reason).

        proposed_level is computed again inside the approval and never after (only drafts are evaluated).
        """
        return self.status == self.APPROVED and (self.final_level or 0) > self.proposed_level


class AwardQuerySet(models.QuerySet):
    def held(self):
        """Titles still held: those whose certificate was revoked are not (an award waiting for its certificate is)."""
        return self.filter(models.Q(certificate__isnull=True) | models.Q(certificate__revoked_at__isnull=True))


class Award(models.Model):
    """A title granted: CDHT to a person for a year, or Đơn vị học tập level 1 or 2 to a unit for some years."""

    CDHT = "cdht"
    UNIT_1 = "unit_1"
    UNIT_2 = "unit_2"
    KIND_CHOICES = [
        (CDHT, _("Công dân học tập")),
        (UNIT_1, _("Đơn vị học tập, level 1")),
        (UNIT_2, _("Đơn vị học tập, level 2")),
    ]

    kind = models.CharField(_("title"), max_length=10, choices=KIND_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="recognition_awards"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="recognition_awards",
        verbose_name=_("organisation"),
    )
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="award")
    unit_assessment = models.OneToOneField(
        UnitAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="award"
    )
    criteria = models.ForeignKey(Criteria, on_delete=models.PROTECT, related_name="awards")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("title awarded")
        verbose_name_plural = _("titles awarded")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"], condition=models.Q(kind="cdht"), name="recognition_one_cdht_per_year"
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=models.Q(kind__in=["unit_1", "unit_2"]),
                name="recognition_one_unit_title_per_year",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "year", "user"], name="recognition_award_kind_year"),
            models.Index(fields=["kind", "valid_until"], name="recognition_award_validity"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}: {self.user or self.organisation}"

    @property
    def is_unit(self):
        return self.kind in (self.UNIT_1, self.UNIT_2)


class ReportExport(models.Model):
    """A 6-month or annual report built in the background: status, progress and the stored file."""

    HALF_YEAR = "half"
    ANNUAL = "annual"
    PERIOD_CHOICES = [(HALF_YEAR, _("6-month report (due 25 June)")), (ANNUAL, _("Annual report (due 25 November)"))]
    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
    STATUS_CHOICES = [(PENDING, _("Waiting")), (RUNNING, _("Building")), (DONE, _("Ready")), (FAILED, _("Failed"))]

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("report"), max_length=10, choices=PERIOD_CHOICES)
    fmt = models.CharField(_("format"), max_length=5, choices=[("xlsx", "XLSX"), ("pdf", "PDF")])
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Private: served only by views.report_download to those who may export the organisation's figures.
    file = models.FileField(_("file"), upload_to="recognition/reports/", storage=private_storage, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self):
        return f"{self.organisation} {self.year} {self.period}.{self.fmt}: {self.status}"


class LearningActivity(models.Model):
    """Read model of the QĐ 1268 indicators: the learning areas in which a worker completed a course during a
    half-year while a member of a workplace (areas as a bit mask, see activity.AREA_BITS).

    Derived, never edited: activity.refresh() rewrites a worker's rows whenever one of their completions or
    memberships is saved or deleted. It turns the province query from a join of millions of completions with the
    memberships into a scan of at most two rows per worker and year (bench/indicators.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    # year * 10 + half: 20251 is January to June 2025, 20252 July to December; computed the same in every database.
    half_year = models.PositiveIntegerField(_("half-year"))
    areas = models.PositiveIntegerField(_("learning areas (bit mask)"))

    class Meta:
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activity")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "half_year"], name="recognition_activity_unique")
        ]
        # Covering on PostgreSQL (an index-only scan answers the indicator query); a plain index elsewhere.
        indexes = [
            models.Index(
                fields=["half_year", "organisation", "user"], include=["areas"], name="recognition_activity_scan"
            )
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.organisation_id} {self.half_year}: {self.areas}"
