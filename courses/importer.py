"""Bulk catalogue import: create or update course pages from CSV or JSON rows (format in CONTRACTS.md).

Rows are read and checked one by one; a bad row is reported (``line N: reason`` for CSV, ``item N: reason`` for
JSON) and the others still import. Pages are matched by provider + ``external_id``, so a re-import updates them.
Lookups are done in bulk (providers, taxonomies, existing external IDs, tags) and rows are written in batches,
each row in its own savepoint, so a failing row never leaves half a page.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from anyascii import anyascii
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText
from wagtail.signals import page_published

from .models import (
    LANGUAGE_CHOICES,
    CourseDigitalCompetence,
    CoursePage,
    DigitalCompetence,
    LearningArea,
    Level,
    Provider,
    ProviderPage,
)
from .services import get_or_create_provider

FIELDS = (
    "external_id",
    "title",
    "summary",
    "description",
    "learning_area",
    "level",
    "duration_hours",
    "language",
    "provider",
    "tags",
    "digital_competences",
    "outcomes",
    "prerequisites",
)
REQUIRED_COLUMNS = ("external_id", "title")
DEFAULT_LEARNING_AREA = "general"
DEFAULT_LEVEL = "beginner"
DEFAULT_LANGUAGE = "vi"
DEFAULT_DURATION = Decimal("1.0")
MAX_DURATION = Decimal("99999.9")
COMPETENCE_LEVELS = {code for code, _label in CourseDigitalCompetence.LEVEL_CHOICES}
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}
PROVIDER_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
BATCH_SIZE = 500
LOOKUP_CHUNK = 900  # below SQLite's limit on query parameters


class ImportFormatError(Exception):
    """The file cannot be read as a catalogue at all (not UTF-8, not CSV or JSON, required columns missing)."""


@dataclass
class RowError:
    position: str  # "line 3" or "item 2"
    message: str

    def __str__(self):
        return f"{self.position}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    providers_created: list = field(default_factory=list)

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged + len(self.errors)


class RowInvalid(Exception):
    pass


# Reading ---------------------------------------------------------------------------------------------------------


def read_rows(path, content=None):
    """Read a catalogue file: a list of (position, row dict). Format by extension, else by sniffing the content."""
    if content is None:
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise ImportFormatError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"{path} is not a UTF-8 text file (byte {error.start}).") from error
    if "\x00" in text:
        raise ImportFormatError(f"{path} is a binary file, not CSV or JSON.")
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith(("[", "{"))):
        return read_json(text, path)
    return read_csv(text, path)


def read_json(text, path="file"):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"{path} is not valid JSON: {error.msg} (line {error.lineno}).") from error
    if not isinstance(data, list):
        raise ImportFormatError(f"{path} must hold a JSON list of course objects.")
    return [(f"item {index}", item) for index, item in enumerate(data, start=1)]


def read_csv(text, path="file"):
    if not text.strip():
        raise ImportFormatError(f"{path} is empty.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFormatError(f"{path} is not valid CSV: {error}.") from error
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFormatError(
            f"{path} is not a catalogue CSV: the header lacks the column(s) {', '.join(missing)}"
            f" (expected columns: {', '.join(FIELDS)})."
        )
    rows = []
    start = reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) > len(columns):
                    rows.append((f"line {start}", RowInvalid(f"{len(values)} values for {len(columns)} columns")))
                else:
                    rows.append((f"line {start}", dict(zip(columns, values, strict=False))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFormatError(f"{path} is not valid CSV near line {reader.line_num}: {error}.") from error
    return rows


# Cleaning --------------------------------------------------------------------------------------------------------


def _text(row, name):
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RowInvalid(f"{name} must be text")
    return value.strip()


def _list(row, name):
    value = row.get(name)
    if value is None:
        return []
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise RowInvalid(f"{name} must be a comma-separated text or a list")
    if not all(isinstance(item, str) for item in items):
        raise RowInvalid(f"{name} must hold text items")
    return [item.strip() for item in items if item.strip()]


def description_html(text):
    """Plain text becomes escaped paragraphs; HTML is kept, limited to what the rich-text editor allows."""
    if HTML_TAG_RE.search(text):
        return EditorHTMLConverter().to_database_format(SCRIPT_RE.sub("", text))
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


def parse_duration(value):
    if isinstance(value, bool):
        raise RowInvalid("duration_hours must be a number")
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: "1,5"
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise RowInvalid(f"duration_hours {value!r} is not a number") from None
    if not hours.is_finite() or hours <= 0:
        raise RowInvalid(f"duration_hours must be greater than 0 (got {value})")
    if hours > MAX_DURATION:
        raise RowInvalid(f"duration_hours must be at most {MAX_DURATION}")
    hours = hours.quantize(Decimal("0.1"))
    if hours <= 0:
        raise RowInvalid(f"duration_hours must be at least 0.1 (got {value})")
    return hours


def make_slug(title):
    return slugify(anyascii(title))[:200].strip("-") or "khoa-hoc"


@dataclass
class CourseRow:
    """A validated row; a field is None when the row does not give it (new pages get defaults, updates keep it)."""

    position: str
    external_id: str
    title: str
    provider_slug: str
    summary: str | None = None
    description: str | None = None
    learning_area: LearningArea | None = None
    level: Level | None = None
    duration_hours: Decimal | None = None
    language: str | None = None
    tags: list | None = None
    competences: list | None = None  # [(DigitalCompetence, level)]
    outcomes: str | None = None
    prerequisites: str | None = None


class CatalogueImporter:
    """Import catalogue rows. ``progress(done, total)`` is called every ``progress_every`` rows."""

    def __init__(self, provider=None, publish=False, progress=None, progress_every=BATCH_SIZE, batch_size=BATCH_SIZE):
        self.default_provider = (provider or "").strip()
        self.publish = publish
        self.progress = progress
        self.progress_every = progress_every
        self.batch_size = batch_size
        self.result = ImportResult()
        self.areas = LearningArea.objects.all().by_code()
        self.levels = Level.objects.all().by_code()
        self.competences = {c.code: c for c in DigitalCompetence.objects.all()}
        self.providers = {}
        self.sections = {}
        self.sibling_slugs = {}
        self.tags = {}
        self.existing = {}  # (provider_id, external_id) -> page id
        self.last_paths = {}  # section id -> path of its last child
        self.new_children = {}  # section id -> children added in this batch

    # Validation ---------------------------------------------------------------------------------------------------

    def clean_row(self, position, row):
        if isinstance(row, RowInvalid):
            raise row
        if not isinstance(row, dict):
            raise RowInvalid("not an object with course fields")
        row = {str(key).strip().lower(): value for key, value in row.items()}
        external_id = _text(row, "external_id")
        if not external_id:
            raise RowInvalid("external_id is required")
        if len(external_id) > 100:
            raise RowInvalid("external_id is longer than 100 characters")
        title = _text(row, "title")
        if not title:
            raise RowInvalid("title is required")
        if len(title) > 255:
            raise RowInvalid("title is longer than 255 characters")
        provider_slug = _text(row, "provider") or self.default_provider
        if not provider_slug:
            raise RowInvalid("no provider: give a provider column or --provider")
        if not PROVIDER_SLUG_RE.match(provider_slug):
            raise RowInvalid(f"provider {provider_slug!r} is not a valid slug (letters, digits, - and _)")
        course = CourseRow(position=position, external_id=external_id, title=title, provider_slug=provider_slug)

        summary = _text(row, "summary")
        if summary:
            if len(summary) > 600:
                raise RowInvalid("summary is longer than 600 characters")
            course.summary = summary
        description = _text(row, "description")
        if description:
            course.description = description_html(description)
        if code := _text(row, "learning_area"):
            if code not in self.areas:
                raise RowInvalid(f"unknown learning_area {code!r} (one of {', '.join(self.areas)})")
            course.learning_area = self.areas[code]
        if code := _text(row, "level"):
            if code not in self.levels:
                raise RowInvalid(f"unknown level {code!r} (one of {', '.join(self.levels)})")
            course.level = self.levels[code]
        duration = row.get("duration_hours")
        if duration is not None and str(duration).strip() != "":
            course.duration_hours = parse_duration(duration)
        if language := _text(row, "language").lower():
            if language not in LANGUAGE_CODES:
                raise RowInvalid(f"unknown language {language!r} (one of {', '.join(sorted(LANGUAGE_CODES))})")
            course.language = language
        if "tags" in row and row["tags"] is not None:
            course.tags = self.clean_tags(_list(row, "tags"))
        if "digital_competences" in row and row["digital_competences"] is not None:
            course.competences = self.clean_competences(_list(row, "digital_competences"))
        outcomes = row.get("outcomes")
        if isinstance(outcomes, list) and all(isinstance(item, str) for item in outcomes):
            outcomes = "\n".join(outcomes)
        elif outcomes is not None:
            outcomes = _text(row, "outcomes")
        if outcomes:
            course.outcomes = "\n".join(line.strip() for line in outcomes.splitlines() if line.strip())
        if prerequisites := _text(row, "prerequisites"):
            course.prerequisites = description_html(prerequisites)
        return course

    def clean_tags(self, names):
        tags, seen = [], set()
        for name in names:
            if len(name) > 100:
                raise RowInvalid(f"tag {name[:20]!r}... is longer than 100 characters")
            if name.lower() not in seen:
                seen.add(name.lower())
                tags.append(name)
        return tags

    def clean_competences(self, items):
        competences = {}
        for item in items:
            code, _sep, level = item.partition(":")
            code, level = code.strip(), (level.strip().lower() or "basic")
            competence = self.competences.get(code)
            if competence is None:
                raise RowInvalid(f"unknown digital competence {code!r} (component codes 1.1 to 6.3)")
            if competence.is_domain:
                raise RowInvalid(f"digital competence {code!r} is a domain: give a component code such as {code}.1")
            if level not in COMPETENCE_LEVELS:
                raise RowInvalid(
                    f"unknown digital competence level {level!r} (one of {', '.join(sorted(COMPETENCE_LEVELS))})"
                )
            competences[code] = (competence, level)
        return list(competences.values())

    # Bulk lookups -------------------------------------------------------------------------------------------------

    def load_providers(self, slugs):
        for provider in Provider.objects.filter(slug__in=slugs):
            self.providers[provider.slug] = provider
        for slug in sorted(slugs - self.providers.keys()):
            provider, created = get_or_create_provider(slug)
            self.providers[slug] = provider
            if created:
                self.result.providers_created.append(slug)
        for section in ProviderPage.objects.filter(provider__in=self.providers.values()):
            self.sections[section.provider_id] = section
        for provider in self.providers.values():
            if provider.pk not in self.sections:
                from .services import setup_provider

                self.sections[provider.pk] = setup_provider(provider)

    def load_existing(self, courses):
        by_provider = {}
        for course in courses:
            by_provider.setdefault(self.providers[course.provider_slug].pk, []).append(course.external_id)
        for provider_id, ids in by_provider.items():
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = ids[start : start + LOOKUP_CHUNK]
                rows = CoursePage.objects.filter(provider_id=provider_id, external_id__in=chunk)
                for page_id, external_id in rows.values_list("id", "external_id"):
                    self.existing[(provider_id, external_id)] = page_id

    def load_tags(self, courses):
        names = sorted({name for course in courses for name in course.tags or ()})
        for start in range(0, len(names), LOOKUP_CHUNK):
            for tag in Tag.objects.filter(name__in=names[start : start + LOOKUP_CHUNK]):
                self.tags[tag.name] = tag

    def tag_objects(self, names):
        tags = []
        for name in names:
            if name not in self.tags:
                self.tags[name] = Tag.objects.create(name=name)
            tags.append(self.tags[name])
        return tags

    def slugs_under(self, section):
        if section.pk not in self.sibling_slugs:
            self.sibling_slugs[section.pk] = set(section.get_children().values_list("slug", flat=True))
        return self.sibling_slugs[section.pk]

    def unique_slug(self, section, title, external_id):
        taken = self.slugs_under(section)
        base = make_slug(title)
        candidates = [base, f"{base}-{make_slug(external_id)}"[:255]]
        candidates += [f"{base}-{number}" for number in range(2, 10_000)]
        return next(slug for slug in candidates if slug not in taken)

    # Writing ------------------------------------------------------------------------------------------------------

    def run(self, rows):
        """Validate every row, then write the valid ones in batches. Returns an ImportResult."""
        valid, seen = [], {}
        for position, row in rows:
            try:
                course = self.clean_row(position, row)
            except RowInvalid as error:
                self.result.errors.append(RowError(position, str(error)))
                continue
            key = (course.provider_slug, course.external_id)
            if key in seen:
                self.result.errors.append(
                    RowError(position, f"duplicate external_id {course.external_id!r} (already on {seen[key]})")
                )
                continue
            seen[key] = position
            valid.append(course)

        self.load_providers({course.provider_slug for course in valid})
        self.load_existing(valid)
        self.load_tags(valid)

        total = len(valid)
        for start in range(0, total, self.batch_size):
            batch = valid[start : start + self.batch_size]
            pages = self.fetch_pages(batch)
            with transaction.atomic():
                for course in batch:
                    self.write(course, pages)
                self.flush_child_counts()
            done = start + len(batch)
            if self.progress and (done % self.progress_every < len(batch) or done == total):
                self.progress(done, total)
        self.result.errors.sort(key=_position_key)
        return self.result

    def fetch_pages(self, batch):
        ids = [self.existing[key] for key in (self.key(course) for course in batch) if key in self.existing]
        if not ids:
            return {}
        pages = (
            CoursePage.objects.filter(pk__in=ids)
            .select_related("latest_revision")
            .prefetch_related("tagged_items__tag", "digital_competences__competence")
        )
        return {page.pk: page for page in pages}

    def key(self, course):
        return (self.providers[course.provider_slug].pk, course.external_id)

    def write(self, course, pages):
        try:
            with transaction.atomic():
                page_id = self.existing.get(self.key(course))
                if page_id is None:
                    self.create(course)
                    self.result.created += 1
                elif self.update(course, pages[page_id]):
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
        except Exception as error:  # noqa: BLE001 - report any failure of this row and go on with the next
            message = getattr(error, "message_dict", None) or str(error)
            self.result.errors.append(RowError(course.position, f"could not be saved: {message}"))
            # The row's savepoint was rolled back: forget what we cached about its section.
            section_id = self.sections[self.providers[course.provider_slug].pk].pk
            self.sibling_slugs.pop(section_id, None)
            self.last_paths.pop(section_id, None)

    def create(self, course):
        provider = self.providers[course.provider_slug]
        section = self.sections[provider.pk]
        page = CoursePage(
            title=course.title,
            slug=self.unique_slug(section, course.title, course.external_id),
            provider=provider,
            external_id=course.external_id,
            summary=course.summary or _summary_from(course),
            learning_area=course.learning_area or self.areas[DEFAULT_LEARNING_AREA],
            level=course.level or self.levels[DEFAULT_LEVEL],
            duration_hours=course.duration_hours or DEFAULT_DURATION,
            language=course.language or DEFAULT_LANGUAGE,
            outcomes=course.outcomes or "",
            prerequisites=course.prerequisites or "",
            live=False,
            has_unpublished_changes=True,
        )
        if course.description:
            page.description = [("paragraph", RichText(course.description))]
        if course.tags:
            page.tags.set(self.tag_objects(course.tags))
        if course.competences:
            page.digital_competences = [
                CourseDigitalCompetence(competence=competence, level=level, sort_order=order)
                for order, (competence, level) in enumerate(course.competences)
            ]
        self.insert(section, page)
        self.slugs_under(section).add(page.slug)
        self.existing[(provider.pk, course.external_id)] = page.pk
        return page

    def insert(self, section, page):
        add_page(section, page, publish=self.publish, path=self.next_child_path(section))
        self.new_children[section.pk] = self.new_children.get(section.pk, 0) + 1

    def next_child_path(self, section):
        path = next_child_path(section, self.last_paths.get(section.pk))
        self.last_paths[section.pk] = path
        return path

    def flush_child_counts(self):
        for section_id, count in self.new_children.items():
            Page.objects.filter(pk=section_id).update(numchild=F("numchild") + count)
        self.new_children = {}

    def update(self, course, page):
        """Apply the row to the page's latest version; save a revision (and publish) only when something changed."""
        if page.has_unpublished_changes and page.latest_revision is not None:
            current = page.latest_revision.as_object()
        else:
            current = page
        changed = self.apply(course, current)
        needs_publish = self.publish and (changed or not page.live or page.has_unpublished_changes)
        if not changed and not needs_publish:
            return False
        if changed:
            revision = current.save_revision()
        else:
            revision = page.latest_revision or current.save_revision()
        if self.publish:
            revision.publish()
        return True

    def apply(self, course, page):
        changed = False
        values = {
            "title": course.title,
            "summary": course.summary,
            "learning_area_id": course.learning_area.pk if course.learning_area else None,
            "level_id": course.level.pk if course.level else None,
            "duration_hours": course.duration_hours,
            "language": course.language,
            "outcomes": course.outcomes,
            "prerequisites": course.prerequisites,
        }
        for name, value in values.items():
            if value is not None and getattr(page, name) != value:
                setattr(page, name, value)
                changed = True
        if course.description is not None:
            current = [(block.block_type, getattr(block.value, "source", block.value)) for block in page.description]
            if current != [("paragraph", course.description)]:
                page.description = [("paragraph", RichText(course.description))]
                changed = True
        if course.tags is not None:
            if sorted(tag.name for tag in page.tags.all()) != sorted(course.tags):
                page.tags.set(self.tag_objects(course.tags))
                changed = True
        if course.competences is not None:
            current = sorted((item.competence.code, item.level) for item in page.digital_competences.all())
            if current != sorted((competence.code, level) for competence, level in course.competences):
                page.digital_competences = [
                    CourseDigitalCompetence(competence=competence, level=level, sort_order=order)
                    for order, (competence, level) in enumerate(course.competences)
                ]
                changed = True
        return changed


def next_child_path(parent, last_path=None):
    """The tree path for a new last child of ``parent`` (read from the database, not the possibly stale numchild)."""
    if last_path is None:
        children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        last_path = children.order_by("-path").values_list("path", flat=True).first()
    if last_path is None:
        return Page._get_path(parent.path, parent.depth + 1, 1)
    return Page(path=last_path)._inc_path()


def add_page(parent, page, *, publish, path=None):
    """Add a new page under ``parent`` with its first revision, published or as a draft, in one page save.

    The equivalent of ``add_child`` + ``save_revision`` (+ ``publish``) without saving the page three times. The
    caller has checked the slug is free. With ``path`` the caller gives the tree path and counts the parent's
    children itself (the importer, per batch); without it the page becomes the parent's last child at once.
    Search and reference indexes update through the page's post_save; ``page_published`` is sent.
    """
    now = timezone.now()
    count_child = path is None
    if path is None:
        path = next_child_path(parent)
    page.depth = parent.depth + 1
    page.path = path
    page.numchild = 0
    page._cached_parent_obj = parent
    page.locale_id = parent.locale_id
    page.draft_title = page.title
    page.live = publish
    page.has_unpublished_changes = not publish
    if publish:
        page.first_published_at = page.last_published_at = now
    page.save(clean=False)
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
    )
    page.latest_revision = revision
    page.latest_revision_created_at = revision.created_at
    page.live_revision = revision if publish else None
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision, latest_revision_created_at=revision.created_at, live_revision=page.live_revision
    )
    if count_child:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        parent.numchild += 1
    log(instance=page, action="wagtail.create", revision=revision, content_changed=True)
    if publish:
        log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
        page_published.send(sender=page.specific_class, instance=page, revision=revision)
    return revision


def _summary_from(course):
    text = " ".join(strip_tags(course.description or "").split())
    return (text[:597] + "...") if len(text) > 600 else (text or course.title)


def _position_key(error):
    kind, _sep, number = error.position.partition(" ")
    return (kind, int(number) if number.isdigit() else 0)


def import_catalogue(path, provider=None, publish=False, progress=None, content=None):
    """Import a catalogue file (CSV or JSON). Raises ImportFormatError when the file cannot be read at all."""
    rows = read_rows(path, content=content)
    return CatalogueImporter(provider=provider, publish=publish, progress=progress).run(rows)
