"""Bulk catalogue import: create or update course pages from CSV or JSON rows (format in CONTRACTS.md).

Rows are read and checked one by one; a bad row is reported (``line N: reason`` for CSV, ``item N: reason`` for
JSON) and the others still import. Pages are matched by provider + ``external_id``, so a re-import updates them.
Lookups are done in bulk (providers, taxonomies, existing external IDs, tags) and rows are written in batches.
New pages of a batch are inserted together (tree paths computed once, pages, revisions, log entries, references and
Wagtail's search index written with a few queries per batch) in one savepoint; if that fails, the batch is written
again row by row, each row in its own savepoint, so a failing row never leaves half a page and the others import.
``page_published`` is still sent for every published page; during the import ``courses.signals.is_bulk_importing()``
is true and ``catalogue_pages_imported`` carries each batch's page ids, so other apps can work per batch.
"""

import csv
import io
import itertools
import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from anyascii import anyascii
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.rich_text import RichText
from wagtail.signals import page_published

from .models import (
    LANGUAGE_CHOICES,
    CourseDigitalCompetence,
    CoursePage,
    CourseTag,
    DigitalCompetence,
    LearningArea,
    Level,
    Provider,
    ProviderPage,
)
from .services import get_or_create_provider
from .signals import bulk_importing, catalogue_import_finished, catalogue_import_started, catalogue_pages_imported

logger = logging.getLogger(__name__)

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
MAX_XLSX_UNPACKED = 100 * 1024 * 1024  # a workbook's unpacked XML: refuses zip bombs before openpyxl parses them
LOOKUP_CHUNK = 900  # below SQLite's limit on query parameters


class ImportFormatError(Exception):
    """The file cannot be read as a catalogue at all (not UTF-8, not CSV or JSON, required columns missing)."""


def position_label(position):
    """A row's position in the reader's language: "line 3" (CSV, XLSX) or "item 2" (JSON)."""
    kind, _sep, number = position.partition(" ")
    if kind == "item":
        return _("item %(number)s") % {"number": number}
    return _("line %(number)s") % {"number": number}


def missing_columns_error(path, missing):
    return ImportFormatError(
        _(
            "%(file)s is not a catalogue file: the header lacks the column(s) %(missing)s (expected columns: %(expected)s)."
        )
        % {"file": path, "missing": ", ".join(missing), "expected": ", ".join(FIELDS)}
    )


@dataclass
class RowError:
    position: str  # "line 3" or "item 2", untranslated (sorting, tests); position_label() translates it
    message: str

    def __str__(self):
        return f"{position_label(self.position)}: {self.message}"


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
            raise ImportFormatError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": error.strerror or error}
            ) from error
    if Path(str(path)).suffix.lower() == ".xlsx":
        return read_xlsx(content, path)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(
            _("%(file)s is not a UTF-8 text file (byte %(byte)s).") % {"file": path, "byte": error.start}
        ) from error
    if "\x00" in text:
        raise ImportFormatError(_("%(file)s is a binary file, not CSV or JSON.") % {"file": path})
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith(("[", "{"))):
        return read_json(text, path)
    return read_csv(text, path)


def read_xlsx(content, path="file"):
    """Rows of the first sheet of an Excel workbook (a header row, then one course per row), as read_csv gives them."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ImportFormatError(_("%(file)s is not an Excel (.xlsx) workbook.") % {"file": path}) from error
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFormatError(_("%(file)s is too large once unpacked.") % {"file": path})
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds of errors for a damaged file
        raise ImportFormatError(_("%(file)s is not an Excel (.xlsx) workbook.") % {"file": path}) from error
    try:
        lines = workbook.worksheets[0].iter_rows(values_only=True) if workbook.worksheets else iter(())
        header = next(lines, None)
        if header is None:
            raise ImportFormatError(_("%(file)s is empty.") % {"file": path})
        columns = [str(name or "").strip().lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise missing_columns_error(path, missing)
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = ["" if value is None else _cell_text(value) for value in values]
            if any(cell.strip() for cell in cells):
                rows.append(
                    (f"line {number}", {name: cell for name, cell in zip(columns, cells, strict=False) if name})
                )
        return rows
    finally:
        workbook.close()


def _cell_text(value):
    # Excel stores 1.5 hours as a float and a whole number as 4.0: write them as a person would.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_json(text, path="file"):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            _("%(file)s is not valid JSON: %(reason)s (line %(line)s).")
            % {"file": path, "reason": error.msg, "line": error.lineno}
        ) from error
    if not isinstance(data, list):
        raise ImportFormatError(_("%(file)s must hold a JSON list of course objects.") % {"file": path})
    return [(f"item {index}", item) for index, item in enumerate(data, start=1)]


def read_csv(text, path="file"):
    if not text.strip():
        raise ImportFormatError(_("%(file)s is empty.") % {"file": path})
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFormatError(
            _("%(file)s is not valid CSV: %(reason)s.") % {"file": path, "reason": error}
        ) from error
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise missing_columns_error(path, missing)
    rows = []
    start = reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) > len(columns):
                    message = _("%(values)s values for %(columns)s columns") % {
                        "values": len(values),
                        "columns": len(columns),
                    }
                    rows.append((f"line {start}", RowInvalid(message)))
                else:
                    rows.append((f"line {start}", dict(zip(columns, values, strict=False))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFormatError(
            _("%(file)s is not valid CSV near line %(line)s: %(reason)s.")
            % {"file": path, "line": reader.line_num, "reason": error}
        ) from error
    return rows


# Cleaning --------------------------------------------------------------------------------------------------------


def _text(row, name):
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RowInvalid(_("%(field)s must be text") % {"field": name})
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
        raise RowInvalid(_("%(field)s must be a comma-separated text or a list") % {"field": name})
    if not all(isinstance(item, str) for item in items):
        raise RowInvalid(_("%(field)s must hold text items") % {"field": name})
    return [item.strip() for item in items if item.strip()]


def description_html(text):
    """Plain text becomes escaped paragraphs; HTML is kept, limited to what the rich-text editor allows."""
    if HTML_TAG_RE.search(text):
        return EditorHTMLConverter().to_database_format(SCRIPT_RE.sub("", text))
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


def parse_duration(value):
    if isinstance(value, bool):
        raise RowInvalid(_("duration_hours must be a number"))
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: "1,5"
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise RowInvalid(_("duration_hours %(value)r is not a number") % {"value": value}) from None
    if not hours.is_finite() or hours <= 0:
        raise RowInvalid(_("duration_hours must be greater than 0 (got %(value)s)") % {"value": value})
    if hours > MAX_DURATION:
        raise RowInvalid(_("duration_hours must be at most %(max)s") % {"max": MAX_DURATION})
    hours = hours.quantize(Decimal("0.1"))
    if hours <= 0:
        raise RowInvalid(_("duration_hours must be at least 0.1 (got %(value)s)") % {"value": value})
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
            raise RowInvalid(_("not an object with course fields"))
        row = {str(key).strip().lower(): value for key, value in row.items()}
        external_id = _text(row, "external_id")
        if not external_id:
            raise RowInvalid(_("external_id is required"))
        if len(external_id) > 100:
            raise RowInvalid(_("external_id is longer than 100 characters"))
        title = _text(row, "title")
        if not title:
            raise RowInvalid(_("title is required"))
        if len(title) > 255:
            raise RowInvalid(_("title is longer than 255 characters"))
        provider_slug = _text(row, "provider") or self.default_provider
        if not provider_slug:
            raise RowInvalid(_("no provider: give a provider column or --provider"))
        if not PROVIDER_SLUG_RE.match(provider_slug):
            raise RowInvalid(
                _("provider %(slug)r is not a valid slug (letters, digits, - and _)") % {"slug": provider_slug}
            )
        course = CourseRow(position=position, external_id=external_id, title=title, provider_slug=provider_slug)

        summary = _text(row, "summary")
        if summary:
            if len(summary) > 600:
                raise RowInvalid(_("summary is longer than 600 characters"))
            course.summary = summary
        description = _text(row, "description")
        if description:
            course.description = description_html(description)
        if code := _text(row, "learning_area"):
            if code not in self.areas:
                raise RowInvalid(
                    _("unknown learning_area %(code)r (one of %(choices)s)")
                    % {"code": code, "choices": ", ".join(self.areas)}
                )
            course.learning_area = self.areas[code]
        if code := _text(row, "level"):
            if code not in self.levels:
                raise RowInvalid(
                    _("unknown level %(code)r (one of %(choices)s)") % {"code": code, "choices": ", ".join(self.levels)}
                )
            course.level = self.levels[code]
        duration = row.get("duration_hours")
        if duration is not None and str(duration).strip() != "":
            course.duration_hours = parse_duration(duration)
        if language := _text(row, "language").lower():
            if language not in LANGUAGE_CODES:
                raise RowInvalid(
                    _("unknown language %(code)r (one of %(choices)s)")
                    % {"code": language, "choices": ", ".join(sorted(LANGUAGE_CODES))}
                )
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
                raise RowInvalid(_("tag %(tag)r... is longer than 100 characters") % {"tag": name[:20]})
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
                raise RowInvalid(_("unknown digital competence %(code)r (component codes 1.1 to 6.3)") % {"code": code})
            if competence.is_domain:
                raise RowInvalid(
                    _("digital competence %(code)r is a domain: give a component code such as %(code)s.1")
                    % {"code": code}
                )
            if level not in COMPETENCE_LEVELS:
                raise RowInvalid(
                    _("unknown digital competence level %(level)r (one of %(choices)s)")
                    % {"level": level, "choices": ", ".join(sorted(COMPETENCE_LEVELS))}
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
        candidates = itertools.chain(
            [base, f"{base}-{make_slug(external_id)}"[:255]], (f"{base}-{number}" for number in itertools.count(2))
        )
        return next(slug for slug in candidates if slug not in taken)

    # Writing ------------------------------------------------------------------------------------------------------

    def check(self, rows):
        """Validate every row without writing anything: the valid rows as CourseRows; errors go to the result."""
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
                    RowError(
                        position,
                        _("duplicate external_id %(id)r (already on %(position)s)")
                        % {"id": course.external_id, "position": position_label(seen[key])},
                    )
                )
                continue
            seen[key] = position
            valid.append(course)
        return valid

    def run(self, rows):
        """Validate every row, then write the valid ones in batches. Returns an ImportResult."""
        valid = self.check(rows)
        self.load_providers({course.provider_slug for course in valid})
        self.load_existing(valid)
        self.load_tags(valid)

        total = len(valid)
        written = []
        with bulk_import():
            catalogue_import_started.send(sender=CatalogueImporter, publish=self.publish)
            for start in range(0, total, self.batch_size):
                batch = valid[start : start + self.batch_size]
                written += self.write_batch(batch)
                done = start + len(batch)
                if self.progress and (done % self.progress_every < len(batch) or done == total):
                    self.progress(done, total)
            self.result.errors.sort(key=_position_key)
            catalogue_import_finished.send(
                sender=CatalogueImporter, page_ids=written, result=self.result, publish=self.publish
            )
        return self.result

    def write_batch(self, batch):
        """Write one batch in a transaction: new pages in bulk, updates row by row. Returns the pages' ids."""
        pages = self.fetch_pages(batch)
        new = [course for course in batch if self.key(course) not in self.existing]
        known = [course for course in batch if self.key(course) in self.existing]
        with transaction.atomic():
            page_ids = self.create_many(new) if new else []
            for course in known:
                page_ids += self.write(course, pages)
            self.flush_child_counts()
            if page_ids:
                catalogue_pages_imported.send(sender=CatalogueImporter, page_ids=page_ids, publish=self.publish)
        return page_ids

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
        """Write one row in its own savepoint; returns [page id] when a page was created or changed, else []."""
        tags_before = set(self.tags)
        try:
            with transaction.atomic():
                page_id = self.existing.get(self.key(course))
                if page_id is None:
                    page_id = self.create(course).pk
                    self.result.created += 1
                elif self.update(course, pages[page_id]):
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
                    return []
                return [page_id]
        except Exception as error:  # noqa: BLE001 - report any failure of this row and go on with the next
            message = getattr(error, "message_dict", None) or str(error)
            self.result.errors.append(
                RowError(course.position, _("could not be saved: %(reason)s") % {"reason": message})
            )
            # The row's savepoint was rolled back: forget what we cached about its section and tags.
            self.forget(self.sections[self.providers[course.provider_slug].pk].pk, tags_before)
            return []

    def forget(self, section_id, tags_before):
        self.sibling_slugs.pop(section_id, None)
        self.last_paths.pop(section_id, None)
        for name in set(self.tags) - tags_before:
            del self.tags[name]

    def create_many(self, courses):
        """Create the batch's new pages together in one savepoint; if that fails, create them row by row."""
        tags_before, new_children = set(self.tags), dict(self.new_children)
        pages = []
        try:
            with transaction.atomic():
                pages = [self.build(course) for course in courses]
                insert_pages(pages, publish=self.publish)
        except Exception:  # noqa: BLE001 - the row-by-row pass reports the row that fails
            logger.info("Bulk insert of %d pages failed; writing them row by row.", len(courses), exc_info=True)
            self.new_children = new_children
            for course in courses:
                self.forget(self.sections[self.providers[course.provider_slug].pk].pk, tags_before)
            page_ids = []
            for course in courses:
                page_ids += self.write(course, {})
            return page_ids
        for course, page in zip(courses, pages, strict=True):
            self.existing[self.key(course)] = page.pk
        self.result.created += len(pages)
        return [page.pk for page in pages]

    def create(self, course):
        """Create one page (its own page save, revision and signals): the row-by-row path."""
        provider = self.providers[course.provider_slug]
        section = self.sections[provider.pk]
        page = self.new_page(course, provider, section)
        self.insert(section, page)
        self.slugs_under(section).add(page.slug)
        self.existing[(provider.pk, course.external_id)] = page.pk
        return page

    def build(self, course):
        """An unsaved page for the row, placed as the last child of its provider's section (for insert_pages)."""
        provider = self.providers[course.provider_slug]
        section = self.sections[provider.pk]
        page = self.new_page(course, provider, section)
        place_page(section, page, self.next_child_path(section))
        self.slugs_under(section).add(page.slug)
        self.new_children[section.pk] = self.new_children.get(section.pk, 0) + 1
        return page

    def new_page(self, course, provider, section):
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


@contextmanager
def bulk_import():
    """Mark a bulk import: ``courses.signals.is_bulk_importing()`` is true inside, so receivers defer per-page work."""
    with bulk_importing():
        yield


def place_page(parent, page, path):
    """Set the tree and publishing fields of a new page that becomes ``parent``'s child at ``path``."""
    page.depth = parent.depth + 1
    page.path = path
    page.numchild = 0
    page._cached_parent_obj = parent
    page.locale_id = parent.locale_id
    page.url_path = f"{parent.url_path}{page.slug}/"
    page.draft_title = page.title
    # A new page has no children yet in any child relation: say so, so serialising it does not query for them.
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if name not in getattr(page, "_cluster_related_objects", {}):
            setattr(page, name, [])


def insert_pages(pages, *, publish):
    """Insert new pages (placed with place_page, with their tags and digital competences) in bulk.

    What ``add_page`` does for one page, with a few queries for the whole list: the page and course rows, child
    rows, first revisions, log entries, reference index rows and Wagtail's search index entries. No ``post_save``
    is sent for the pages (as with ``bulk_create``); ``page_published`` is sent for each page when publishing.
    The caller updates the parents' ``numchild`` and has checked the slugs are free.
    """
    if not pages:
        return []
    now = timezone.now()
    for page in pages:
        page.live = publish
        page.has_unpublished_changes = not publish
        if publish:
            page.first_published_at = page.last_published_at = now
    # Multi-table inheritance: the Page rows first (their ids come back), then the CoursePage rows.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    course_fields = [f for f in CoursePage._meta.local_concrete_fields if f.column]
    CoursePage._base_manager.all()._batched_insert(pages, course_fields, batch_size=None)
    tagged, competences = [], []
    for page in pages:
        for item in page.tagged_items.all():
            item.content_object = page
            tagged.append(item)
        for item in page.digital_competences.all():
            item.course = page
            competences.append(item)
    CourseTag.objects.bulk_create(tagged)
    CourseDigitalCompetence.objects.bulk_create(competences)

    content_type = ContentType.objects.get_for_model(CoursePage)
    base_content_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = now
        page.live_revision = revision if publish else None
    # Point the pages at their revisions with one UPDATE and a subquery (a bulk_update's CASE per page is slow).
    latest = Subquery(
        Revision.objects.filter(base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-pk")
        .values("pk")[:1]
    )
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=latest, latest_revision_created_at=now, live_revision=latest if publish else None
    )

    context = get_active_log_context()
    actions = ["wagtail.create", "wagtail.publish"] if publish else ["wagtail.create"]
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            label=PageLogEntry.objects.get_instance_title(page),
            action=action,
            timestamp=now,
            data={},
            user=context.user,
            uuid=context.uuid,
            page=page,
            revision=page.latest_revision,
            content_changed=True,
        )
        for page in pages
        for action in actions
    )
    index_new_pages(pages)
    if publish:
        for page in pages:
            page_published.send(sender=CoursePage, instance=page, revision=page.latest_revision)
    return revisions


def index_new_pages(pages):
    """Reference index and Wagtail search index entries of new pages, written per batch (their post_save is not sent)."""
    model = type(pages[0])
    if ReferenceIndex.is_indexed(model):
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        base_content_type = ContentType.objects.get_for_model(Page)
        ReferenceIndex.objects.bulk_create(
            [
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for page in pages
                for to_content_type_id, to_object_id, model_path, content_path in set(
                    ReferenceIndex._extract_references_from_object(page)
                )
            ],
            ignore_conflicts=True,
        )
    from modelsearch.backends import get_search_backends
    from modelsearch.index import class_is_indexed

    if class_is_indexed(model) and getattr(model, "search_auto_update", True):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)


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
    page.save(clean=False, log_action=None)  # logged below, with the revision
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
