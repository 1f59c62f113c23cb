from decimal import Decimal

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import LICENCE_CHOICES, LICENCE_URLS

from .blocks import BodyBlock, LessonBodyBlock
from .forms import LessonPageForm

LANGUAGE_CHOICES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh", "中文"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("km", "ភាសាខ្មែរ"),
]

COMPLETION_ALL_REQUIRED = "all_required"
COMPLETION_MIN_SCORE = "min_score"
COMPLETION_RULE_CHOICES = [
    (COMPLETION_ALL_REQUIRED, _("All required lessons complete")),
    (COMPLETION_MIN_SCORE, _("All required lessons complete and a minimum score")),
]
HOURS_COURSE_DURATION = "duration"
HOURS_MEASURED = "measured"
HOURS_CREDIT_CHOICES = [
    (HOURS_COURSE_DURATION, _("The course duration")),
    (HOURS_MEASURED, _("The time the learner actually spent")),
]

# Duration bands for the catalogue filter: (key, label, min hours inclusive, max hours exclusive).
DURATION_BANDS = [
    ("short", _("Under 2 hours"), None, Decimal(2)),
    ("medium", _("2 to 8 hours"), Decimal(2), Decimal(8)),
    ("long", _("8 to 40 hours"), Decimal(8), Decimal(40)),
    ("extended", _("40 hours or more"), Decimal(40), None),
]


class TaxonomyQuerySet(models.QuerySet):
    def by_code(self):
        return {item.code: item for item in self}


class BilingualNameMixin:
    """Taxonomy names are data: Vietnamese in `name`, English in `name_en`, shown per the active language."""

    @property
    def label(self):
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

    def __str__(self):
        return self.label


class LearningArea(BilingualNameMixin, models.Model):
    """A learning area; the first four are the QĐ 1268 indicator areas."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    qd1268_indicator = models.BooleanField(
        _("QĐ 1268 indicator area"), default=False, help_text=_("Counts towards a QĐ 1268 programme indicator.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TaxonomyQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("qd1268_indicator"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("learning area")
        verbose_name_plural = _("learning areas")


class Level(BilingualNameMixin, models.Model):
    """A course level: beginner, intermediate, advanced."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TaxonomyQuerySet.as_manager()
    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class DigitalCompetence(BilingualNameMixin, models.Model):
    """A domain (e.g. "1") or component (e.g. "1.1") of the digital competence framework (Thông tư 02/2025/TT-BGDĐT)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    domain = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("domain"),
        limit_choices_to={"domain__isnull": True},
    )
    digcomp_code = models.CharField(
        _("DigComp 2.2 equivalent"), max_length=10, blank=True, help_text=_("Empty for domain 6 (AI).")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("digcomp_code")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("digital competence")
        verbose_name_plural = _("digital competences")

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def is_domain(self):
        return self.domain_id is None


class Provider(index.Indexed, models.Model):
    """A vocational college or training centre that publishes courses."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    logo = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("logo")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_name"),
        FieldPanel("logo"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
    ]
    # FilterField("name"): the admin's provider list sorts search results by name.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.name


class CourseTag(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items")


class CourseIndexPage(Page):
    """The catalogue: lists every live course below it, with filters, sort and pagination."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(_("courses per page"), default=12)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = [
        "courses.ProviderPage",
        "courses.CoursePage",
        "courses.OpenResourcePage",
        "programmes.ProgrammePage",
        # Made only by programmes.services.setup_programme_publisher (is_creatable = False): listed so that Wagtail
        # accepts the sections already here, in moves and copies.
        "programmes.OrganisationProgrammesPage",
    ]
    parent_page_types = ["cms.HomePage", "wagtailcore.Page"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        # The catalogue's filters and facet counts go through the catalogue search service (database or
        # Elasticsearch backend), the same one behind /search/ and /api/catalogue/search.
        from search.services import catalogue_listing

        from .catalogue import CatalogueFilters

        context = super().get_context(request, *args, **kwargs)
        filters = CatalogueFilters(request.GET)
        paginator, page, facets = catalogue_listing(self, filters, request.GET.get("page"), self.per_page or 12)
        context.update(
            filters=filters,
            courses=page,
            paginator=paginator,
            facets=facets,
            query_string=filters.query_string_without_page(),
        )
        return context


class ProviderPage(Page):
    """A provider's section of the catalogue: its editors may edit only below this page."""

    provider = models.OneToOneField(
        Provider, on_delete=models.PROTECT, related_name="section", verbose_name=_("provider")
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("provider"), FieldPanel("intro")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage", "courses.OpenResourcePage", "programmes.ProgrammePage"]

    class Meta:
        verbose_name = _("provider section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live().public().child_of(self).select_related("learning_area", "level", "cover_image")
        )
        context["resources"] = OpenResourcePage.objects.live().public().child_of(self)
        return context


class CoursePage(Page):
    """A course: what it teaches, to whom, how long it takes, and who provides it."""

    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences for the catalogue."))
    description = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("description"))
    learning_area = models.ForeignKey(
        LearningArea, on_delete=models.PROTECT, related_name="courses", verbose_name=_("learning area")
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="courses", verbose_name=_("level"))
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=6, decimal_places=1, default=Decimal("1.0"))
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="vi")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses", verbose_name=_("provider"))
    cover_image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    outcomes = models.TextField(_("learning outcomes"), blank=True, help_text=_("One outcome per line."))
    prerequisites = RichTextField(_("prerequisites"), blank=True, features=["bold", "italic", "link", "ul"])
    tags = ClusterTaggableManager(through=CourseTag, blank=True, verbose_name=_("tags"))
    certificate_on_completion = models.BooleanField(_("certificate on completion"), default=True)
    completion_rule = models.CharField(
        _("completion rule"), max_length=30, choices=COMPLETION_RULE_CHOICES, default=COMPLETION_ALL_REQUIRED
    )
    minimum_score = models.DecimalField(
        _("minimum score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("With the minimum score rule: the average score of scored lessons (quizzes, SCORM) to reach."),
    )
    hours_credit = models.CharField(
        _("learning hours credited"), max_length=20, choices=HOURS_CREDIT_CHOICES, default=HOURS_COURSE_DURATION
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        blank=True,
        help_text=_("The provider's own code; catalogue imports update by it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("learning_area"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("language")]),
                FieldPanel("provider"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("minimum_score"),
                FieldPanel("hours_credit"),
                FieldPanel("certificate_on_completion"),
            ],
            heading=_("Completion"),
        ),
        FieldPanel("outcomes"),
        FieldPanel("prerequisites"),
        # Enforced at enrolment (programmes.prerequisites); the rich text above only describes them.
        InlinePanel("prerequisite_links", label=_("Required courses or programmes"), heading=_("Required first")),
        FieldPanel("tags"),
        InlinePanel("digital_competences", label=_("Digital competences"), heading=_("Digital competences")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("external_id")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("learning_area"),
        index.FilterField("level"),
        index.FilterField("provider"),
        index.FilterField("language"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("learning_area_code"),
        APIField("level_code"),
        APIField("duration_hours"),
        APIField("language"),
        APIField("provider_name"),
        APIField("outcome_list"),
        APIField("tag_names"),
        APIField("certificate_on_completion"),
        APIField("cover_image"),
    ]
    parent_page_types = ["courses.CourseIndexPage", "courses.ProviderPage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=~models.Q(external_id=""),
                name="courses_course_external_id_unique_per_provider",
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.completion_rule == COMPLETION_MIN_SCORE and self.minimum_score is None:
            raise ValidationError({"minimum_score": _("Give the minimum score for this completion rule.")})

    @property
    def learning_area_code(self):
        return self.learning_area.code

    @property
    def level_code(self):
        return self.level.code

    @property
    def provider_name(self):
        return self.provider.name

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    @cached_property
    def lessons(self):
        """Live lessons of this course in tree order (directly or inside modules)."""
        return LessonPage.objects.live().descendant_of(self).order_by("path")

    @cached_property
    def modules(self):
        return ModulePage.objects.live().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = self.json_ld(request)
        return context

    def json_ld(self, request=None):
        """schema.org Course metadata for search engines."""
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
            "inLanguage": self.language,
            "educationalLevel": self.level.label,
            "about": self.learning_area.label,
            "timeRequired": f"PT{self.duration_hours.normalize():f}H",
            "provider": {"@type": "Organization", "name": self.provider.name},
            "isAccessibleForFree": True,
        }
        if self.provider.website:
            data["provider"]["sameAs"] = self.provider.website
        if self.outcome_list:
            data["teaches"] = self.outcome_list
        if self.certificate_on_completion:
            data["educationalCredentialAwarded"] = str(_("Certificate of completion"))
        data["hasCourseInstance"] = {
            "@type": "CourseInstance",
            "courseMode": "online",
            "courseWorkload": data["timeRequired"],
        }
        return data


class CourseDigitalCompetence(Orderable):
    """A digital-competence component a course develops, with the framework level it reaches."""

    LEVEL_CHOICES = [
        ("basic", _("Basic")),
        ("intermediate", _("Intermediate")),
        ("advanced", _("Advanced")),
        ("specialised", _("Specialised")),
    ]

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="digital_competences")
    competence = models.ForeignKey(
        DigitalCompetence,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competence"),
        limit_choices_to={"domain__isnull": False},
    )
    level = models.CharField(_("level"), max_length=20, choices=LEVEL_CHOICES, default="basic")

    panels = [FieldRowPanel([FieldPanel("competence"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = _("digital competence")
        constraints = [
            models.UniqueConstraint(fields=["course", "competence"], name="courses_course_competence_unique")
        ]


class ModulePage(Page):
    """A group of lessons inside a course."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self)
        context["course"] = self.course
        return context


class LessonPage(Page):
    """One lesson: text, images, video with captions, documents and SCORM content."""

    body = StreamField(LessonBodyBlock(), blank=True, use_json_field=True, verbose_name=_("content"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=15)
    required = models.BooleanField(
        _("required for completion"), default=True, help_text=_("Learners must complete it to complete the course.")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("required")]),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    api_fields = [APIField("body"), APIField("duration_minutes"), APIField("required")]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types = []
    base_form_class = LessonPageForm

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        context["course"] = course
        if course:
            lessons = list(course.lessons.only("id", "title", "url_path", "path", "depth"))
            ids = [lesson.id for lesson in lessons]
            position = ids.index(self.id) if self.id in ids else -1
            context["lesson_list"] = lessons
            context["previous_lesson"] = lessons[position - 1] if position > 0 else None
            context["next_lesson"] = lessons[position + 1] if 0 <= position < len(lessons) - 1 else None
        return context


class OpenResourcePage(Page):
    """An open learning resource: a file or link with its licence, author and attribution."""

    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("description"))
    resource_file = models.ForeignKey(
        "cms.CustomDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    resource_url = models.URLField(_("link"), blank=True)
    licence = models.CharField(_("licence"), max_length=40, choices=LICENCE_CHOICES, default="cc-by-4.0")
    author = models.CharField(_("author"), max_length=255)
    attribution = models.CharField(
        _("attribution"), max_length=500, blank=True, help_text=_("How to credit this work when reusing it.")
    )
    learning_area = models.ForeignKey(
        LearningArea, on_delete=models.PROTECT, related_name="resources", verbose_name=_("learning area")
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="vi")
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="resources", verbose_name=_("provider")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("resource_file"), FieldPanel("resource_url")], heading=_("Resource")),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("author"), FieldPanel("attribution")], heading=_("Licence and credit")
        ),
        FieldRowPanel([FieldPanel("learning_area"), FieldPanel("language")]),
        FieldPanel("provider"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("author")]
    api_fields = [
        APIField("summary"),
        APIField("resource_file"),
        APIField("resource_url"),
        APIField("licence"),
        APIField("licence_url"),
        APIField("author"),
        APIField("attribution_text"),
        APIField("language"),
    ]
    parent_page_types = ["courses.CourseIndexPage", "courses.ProviderPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("open learning resource")
        verbose_name_plural = _("open learning resources")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not self.resource_file_id and not self.resource_url:
            raise ValidationError({"resource_url": _("Give a link or choose a file.")})

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def attribution_text(self):
        """The credit line to show: the editor's wording, or TASL (title, author, source, licence)."""
        if self.attribution:
            return self.attribution
        return f"“{self.title}”, {self.author}, {self.get_licence_display()}"


# Admin catalogue imports live in their own module; imported here so Django registers the model with the app.
from .import_jobs import CatalogueImport  # noqa: E402, F401
