"""Enterprises and unions in one tree, who works where (with history), who holds which role, HR API tokens."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class OrganisationQuerySet(MP_NodeQuerySet):
    def subtree_of(self, organisation):
        """The organisation and everything below it (one indexed prefix match on the materialised path)."""
        return self.filter(path__startswith=organisation.path)

    def visible_to(self, actor, capability="view"):
        """Organisations the user or API token may act on with `capability` (see access.py)."""
        from .access import visible_organisations

        return visible_organisations(actor, capability, queryset=self)


class OrganisationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganisationQuerySet(self.model, using=self._db).order_by("path")

    def subtree_of(self, organisation):
        return self.get_queryset().subtree_of(organisation)

    def visible_to(self, actor, capability="view"):
        return self.get_queryset().visible_to(actor, capability)


class Organisation(MP_Node):
    """A node of the union tree. A grassroots union is attached to a unit (enterprise, school, agency) and is
    where workers belong; the unit's fields (tax code, province, industry, size) live on that node."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    NATIONAL_SECTOR = "national_sector"
    DISTRICT = "district"
    SECTOR = "sector"
    GRASSROOTS = "grassroots"
    KIND_CHOICES = [
        (NATIONAL, _("National federation")),
        (PROVINCIAL, _("Provincial federation")),
        (NATIONAL_SECTOR, _("National sector union")),
        (DISTRICT, _("District union")),
        (SECTOR, _("Sector union")),
        (GRASSROOTS, _("Grassroots union")),
    ]
    # Which kinds may sit directly under which: keeps the tree shaped like the real hierarchy.
    ALLOWED_PARENTS = {
        NATIONAL: {None},
        PROVINCIAL: {None, NATIONAL},  # a deployment may serve one province
        NATIONAL_SECTOR: {None, NATIONAL},
        DISTRICT: {PROVINCIAL},
        SECTOR: {PROVINCIAL, NATIONAL_SECTOR},
        GRASSROOTS: {DISTRICT, SECTOR, PROVINCIAL, NATIONAL_SECTOR},
    }

    ENTERPRISE = "enterprise"
    SCHOOL = "school"
    AGENCY = "agency"
    UNIT_CHOICES = [(ENTERPRISE, _("Enterprise")), (SCHOOL, _("School")), (AGENCY, _("Agency"))]

    SIZE_CHOICES = [
        ("micro", _("Micro (under 10 workers)")),
        ("small", _("Small (10-99)")),
        ("medium", _("Medium (100-299)")),
        ("large", _("Large (300 or more)")),
    ]

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    unit_type = models.CharField(_("attached to"), max_length=20, choices=UNIT_CHOICES, blank=True)
    unit_name = models.CharField(_("unit name"), max_length=255, blank=True, help_text=_("e.g. the enterprise's name."))
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=100, blank=True, db_index=True)
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    size = models.CharField(_("size"), max_length=20, choices=SIZE_CHOICES, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    node_order_by = ["name"]
    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "path"], name="organisations_kind_path")]

    def __str__(self):
        return self.name

    @property
    def is_workplace(self):
        return self.kind == self.GRASSROOTS

    @property
    def display_name(self):
        """What HR calls its workplace: the enterprise's (school's, agency's) own name, not its union branch's."""
        return (self.unit_name or self.name) if self.is_workplace else self.name

    def clean(self):
        super().clean()
        if self.kind != self.GRASSROOTS and (self.unit_type or self.tax_code):
            raise ValidationError(_("Only a grassroots union is attached to an enterprise, school or agency."))
        if self.tax_code and not (self.tax_code.replace("-", "").isdigit() and len(self.tax_code) in (10, 14)):
            raise ValidationError({"tax_code": _("A tax code has 10 digits, or 10 digits, a dash and 3 more.")})

    def check_parent(self, parent):
        """Raise ValidationError unless this kind of organisation may sit under `parent`."""
        if (parent.kind if parent else None) not in self.ALLOWED_PARENTS[self.kind]:
            raise ValidationError(
                _("A %(kind)s cannot be placed under %(parent)s.")
                % {"kind": self.get_kind_display(), "parent": parent or _("the top of the tree")}
            )


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))

    def in_subtree(self, organisation):
        return self.filter(organisation__path__startswith=organisation.path)


class Membership(models.Model):
    """A worker's period at one workplace; a worker has at most one open period, and old periods are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("worker")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    start_date = models.DateField(_("start date"))
    # Inclusive: the last day at this workplace. Empty while the worker is still there.
    end_date = models.DateField(_("end date"), null=True, blank=True)
    employee_number = models.CharField(_("employee number"), max_length=40, blank=True)
    union_member = models.BooleanField(_("union member"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(end_date__isnull=True), name="organisations_one_open_membership"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="organisations_membership_period",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "end_date"], name="organisations_member_org_end"),
            models.Index(fields=["user", "start_date"], name="organisations_member_user"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.start_date}–{self.end_date or ''})"

    def clean(self):
        """A period is at a workplace and overlaps no other period of the same worker (services.add_member
        checks the same when it hires): a period stretched over another workplace's would show that
        workplace's completions and certificates here."""
        super().clean()
        if self.organisation_id and not self.organisation.is_workplace:
            raise ValidationError(
                {"organisation": _("Workers belong to a grassroots union's enterprise, school or agency.")}
            )
        if self.user_id and self.start_date:
            others = Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
            if self.end_date is not None:
                others = others.filter(start_date__lte=self.end_date)
            if others.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=self.start_date)).exists():
                raise ValidationError(_("This period overlaps another period of the same worker."))

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class OrganisationRole(models.Model):
    """A person's role at an organisation; it reaches the organisation and everything below it."""

    HR_OFFICER = "hr_officer"
    UNION_OFFICER = "union_officer"
    ADMIN = "admin"
    ROLE_CHOICES = [
        (HR_OFFICER, _("HR officer")),
        (UNION_OFFICER, _("Union officer")),
        (ADMIN, _("Organisation admin")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="organisations_role_unique")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()} – {self.organisation}"


class CompletionReview(models.Model):
    """HR's confirmation or rejection of a worker's completion (learning's Completion itself is immutable)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    STATUS_CHOICES = [(PENDING, _("Waiting")), (CONFIRMED, _("Confirmed")), (REJECTED, _("Rejected"))]

    completion = models.ForeignKey(
        "learning.Completion", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("completion")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="completion_reviews", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_via = models.ForeignKey(
        "ApiToken", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("API token")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("completion review")
        verbose_name_plural = _("completion reviews")
        constraints = [
            models.UniqueConstraint(fields=["completion", "organisation"], name="organisations_one_review_per_org")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="organisations_review_status")]

    def __str__(self):
        return f"{self.completion_id} @ {self.organisation_id}: {self.status}"


def hash_token_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key an organisation's HR system uses for /api/hr/...; only its hash is stored."""

    READ = "read"
    READ_CONFIRM = "read_confirm"
    SCOPE_CHOICES = [(READ, _("Read")), (READ_CONFIRM, _("Read and confirm completions"))]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("What uses this key, e.g. the payroll system."))
    scope = models.CharField(_("scope"), max_length=20, choices=SCOPE_CHOICES, default=READ)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None


class JoinInvitation(models.Model):
    """An organisation's offer to a person who already works elsewhere: nothing changes until the person
    accepts it (then their period elsewhere ends the day before they join); HR never moves anyone."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    STATUS_CHOICES = [(PENDING, _("Waiting")), (ACCEPTED, _("Accepted")), (DECLINED, _("Declined"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_invitations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_invitations", verbose_name=_("organisation")
    )
    # The day the organisation proposes; accepting never starts a period before the day of acceptance.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    employee_number = models.CharField(_("employee number"), max_length=40, blank=True)
    union_member = models.BooleanField(_("union member"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation to join")
        verbose_name_plural = _("invitations to join")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="organisations_one_pending_invitation",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.status})"
