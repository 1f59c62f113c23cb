"""The database backend's index: one row per live course or open resource, with folded text and facet values."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KIND_COURSE = "course"
KIND_RESOURCE = "resource"
KIND_CHOICES = [(KIND_COURSE, _("Course")), (KIND_RESOURCE, _("Open resource"))]


class CatalogueEntry(models.Model):
    """A searchable page. Text columns are padded with spaces so LIKE " word" finds word starts.

    `title_lower` keeps the diacritics (exact matches rank first); the `*_folded` columns are ASCII-folded
    (anyascii) so that "lao dong" finds "lao động" on SQLite and PostgreSQL alike.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("page")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default=KIND_COURSE)
    path = models.CharField(_("tree path"), max_length=255, db_index=True)
    url = models.CharField(_("URL"), max_length=500)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    title_lower = models.CharField(max_length=300)
    title_folded = models.CharField(max_length=300)
    summary_folded = models.TextField(blank=True)
    text_folded = models.TextField(blank=True, help_text="Title, summary, body, tags, provider and labels, folded.")
    title_words = models.PositiveSmallIntegerField(default=0)
    learning_area = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=40, blank=True)
    provider = models.CharField(max_length=80, blank=True)
    language = models.CharField(max_length=10, blank=True)
    duration_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalogue search entry")
        verbose_name_plural = _("catalogue search entries")
        indexes = [
            models.Index(fields=["kind", "learning_area"], name="search_entry_kind_area"),
            models.Index(fields=["kind", "level"], name="search_entry_kind_level"),
            models.Index(fields=["kind", "provider"], name="search_entry_kind_provider"),
            models.Index(fields=["kind", "-published_at"], name="search_entry_kind_published"),
        ]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """The folded words of indexed titles and summaries: the vocabulary typo correction picks from."""

    word = models.CharField(max_length=64, unique=True)
    length = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search vocabulary word")
        indexes = [models.Index(fields=["length", "word"], name="search_word_length")]

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """One concept of the search vocabulary: its Vietnamese form, abbreviations and other everyday forms.

    A query holding any of the forms also finds the others ("ATVSLĐ", "an toàn lao động" and "an toàn vệ sinh lao
    động" find each other). Editors keep the rows (Wagtail snippet, CSV import); search.understanding reads them.
    """

    term = models.CharField(
        _("Vietnamese form"), max_length=200, help_text=_("The usual written form, e.g. an toàn vệ sinh lao động.")
    )
    folded = models.CharField(_("folded form"), max_length=200, unique=True, editable=False)
    abbreviations = models.CharField(
        _("abbreviations"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. ATVSLĐ, ATVSLD. Written upper or lower case, with or without Đ/Ư."),
    )
    synonyms = models.TextField(
        _("other forms"),
        blank=True,
        help_text=_("Comma-separated short forms and synonyms that mean the same, e.g. an toàn lao động."),
    )
    learning_area = models.CharField(_("learning area"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("abbreviation or synonym")
        verbose_name_plural = _("abbreviations and synonyms")
        ordering = ["folded"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        from .folding import fold

        self.folded = fold(self.term)[:200]
        super().save(*args, **kwargs)

    def clean(self):
        from .synonyms import validate_concept

        validate_concept(self)
