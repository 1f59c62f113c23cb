"""The embedded default: search over folded text columns with LIKE, ranking and facet counts in SQL.

Works the same on SQLite and PostgreSQL (where trigram GIN indexes speed up the LIKE scans).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, CharField, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from courses.models import DURATION_BANDS

from ..folding import fold, lower, padded, within_one_edit
from ..models import CatalogueEntry, SearchWord
from ..understanding import DECODED, EXPANDED, LITERAL
from .base import FACETS, BaseSearchBackend, Hit, SearchResults, Suggestion

MIN_FUZZY_LENGTH = 4  # like Elasticsearch's fuzziness AUTO: one edit from 3-5 letters; "dogn" -> "dong"
MAX_CORRECTIONS = 5
EXPANDED_FACTOR = 0.8  # a vocabulary form ranks a little below the words as typed (or decoded)
# Word-range upper bound for "starts with" on the vocabulary's unique index (folded words are [a-z0-9]).
AFTER_Z = "{"


@dataclass
class Term:
    """One folded query word and the vocabulary words it may be a typo of."""

    word: str
    corrections: tuple = ()
    prefix: bool = False  # the last word may be unfinished: it matches word starts, the others whole words

    @property
    def alternatives(self):
        return (self.word, *self.corrections)


@dataclass
class Reading:
    """One reading of a query slot (see search.understanding): its words must all match."""

    terms: list
    factor: float = 1.0


def _when(condition, weight):
    return When(condition, then=Value(float(weight)))


def _case(*whens):
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _sum(parts):
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class DatabaseBackend(BaseSearchBackend):
    name = "database"

    # Indexing

    def _entry(self, record):
        title, summary = record["title"], record["summary"] or ""
        everything = " ".join(
            [
                title,
                summary,
                record["body"],
                " ".join(record["tags"]),
                record["provider_name"],
                record["learning_area_label"],
            ]
        )
        title_folded = fold(title)
        return CatalogueEntry(
            page_id=record["id"],
            kind=record["kind"],
            path=record["path"],
            url=record["url"],
            title=title[:255],
            summary=summary,
            title_lower=padded(lower(title))[:300],
            title_folded=padded(title_folded)[:300],
            summary_folded=padded(fold(summary)),
            text_folded=padded(fold(everything)),
            title_words=min(len(title_folded.split()), 32767),
            learning_area=record["learning_area"],
            level=record["level"],
            provider=record["provider"],
            language=record["language"],
            duration_hours=record["duration_hours"],
            published_at=record["published_at"],
            expire_at=record["expire_at"],
        )

    def _add_words(self, entries):
        words = set()
        for entry in entries:
            words.update(entry.title_folded.split())
            words.update(entry.summary_folded.split())
        rows = [SearchWord(word=word, length=len(word)) for word in words if 2 <= len(word) <= 64]
        SearchWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)

    def index_records(self, records):
        entries = [self._entry(record) for record in records]
        if not entries:
            return 0
        with transaction.atomic():
            CatalogueEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
            CatalogueEntry.objects.bulk_create(entries, batch_size=500)
            self._add_words(entries)
        return len(entries)

    def remove(self, page_ids):
        CatalogueEntry.objects.filter(pk__in=list(page_ids)).delete()

    def rebuild(self, records, total, progress=None):
        """Rebuild in one transaction, so searches see the old index until the new one is complete."""
        written = 0
        with transaction.atomic():
            CatalogueEntry.objects.all().delete()
            SearchWord.objects.all().delete()
            batch = []
            for record in records:
                batch.append(self._entry(record))
                if len(batch) >= 500:
                    written += self._write(batch, progress, written)
                    batch = []
            if batch:
                written += self._write(batch, progress, written)
        return written

    def _write(self, batch, progress, written):
        CatalogueEntry.objects.bulk_create(batch)
        self._add_words(batch)
        if progress:
            progress(written + len(batch))
        return len(batch)

    def count(self):
        return CatalogueEntry.objects.count()

    def health(self):
        CatalogueEntry.objects.exists()
        return "ok"

    # Querying

    def _known(self, word, prefix):
        if prefix:
            return SearchWord.objects.filter(word__gte=word, word__lt=word + AFTER_Z).exists()
        return SearchWord.objects.filter(word=word).exists()

    def _corrections(self, word, prefix):
        """One-edit corrections of a word of 4+ letters that starts (or is, when not the last) no indexed word."""
        if len(word) < MIN_FUZZY_LENGTH or self._known(word, prefix):
            return ()
        candidates = SearchWord.objects.filter(length__in=[len(word) - 1, len(word), len(word) + 1])
        return tuple(
            candidate
            for candidate in candidates.order_by("word").values_list("word", flat=True).iterator()
            if within_one_edit(word, candidate)
        )[:MAX_CORRECTIONS]

    def _slots(self, understanding):
        """Each query slot's readings as Terms: typed words (typo-corrected when the slot has no other reading),
        decoded telex/VNI words (typo-corrected), vocabulary forms (whole words). The last typed word is a prefix."""
        slots = []
        for position, slot in enumerate(understanding.slots):
            last = position == len(understanding.slots) - 1
            readings = []
            for alt in slot.alternatives:
                correct = alt.kind == DECODED or (alt.kind == LITERAL and not slot.changed)
                terms = []
                for index, word in enumerate(alt.words):
                    prefix = last and index == len(alt.words) - 1 and alt.kind != EXPANDED
                    terms.append(Term(word, self._corrections(word, prefix) if correct else (), prefix))
                readings.append(Reading(terms, EXPANDED_FACTOR if alt.kind == EXPANDED else 1.0))
            slots.append(readings)
        return slots

    def _base(self, query):
        entries = CatalogueEntry.objects.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        if query.within:
            entries = entries.filter(path__startswith=query.within)
        if query.filters.get("kind"):
            entries = entries.filter(kind=query.filters["kind"])
        return entries

    @staticmethod
    def _term_q(term):
        condition = Q()
        for position, word in enumerate(term.alternatives):
            exact_only = position > 0 or not term.prefix
            condition |= Q(text_folded__contains=padded(word) if exact_only else " " + word)
        return condition

    def _slot_q(self, readings):
        condition = Q()
        for reading in readings:
            all_terms = Q()
            for term in reading.terms:
                all_terms &= self._term_q(term)
            condition |= all_terms
        return condition

    def _match(self, entries, slots):
        """Entries with every slot (by any of its readings); when none has them all, entries with any slot."""
        if not slots:
            return entries
        all_slots = Q()
        for readings in slots:
            all_slots &= self._slot_q(readings)
        matched = entries.filter(all_slots)
        if len(slots) > 1 and not matched.exists():
            any_slot = Q()
            for readings in slots:
                any_slot |= self._slot_q(readings)
            matched = entries.filter(any_slot)
        return matched

    @staticmethod
    def _filter_q(filters, exclude=None):
        condition = Q()
        for name in FACETS:
            value = filters.get(name)
            if not value or name == exclude:
                continue
            if name == "duration":
                condition &= DatabaseBackend._duration_q(value)
            else:
                condition &= Q(**{name: value})
        return condition

    @staticmethod
    def _duration_q(key):
        for band_key, _label, low, high in DURATION_BANDS:
            if band_key == key:
                condition = Q(duration_hours__isnull=False)
                if low is not None:
                    condition &= Q(duration_hours__gte=low)
                if high is not None:
                    condition &= Q(duration_hours__lt=high)
                return condition
        return Q(pk__in=[])

    @staticmethod
    def _band_expression():
        whens = []
        for key, _label, low, high in DURATION_BANDS:
            condition = Q(duration_hours__isnull=False)
            if low is not None:
                condition &= Q(duration_hours__gte=low)
            if high is not None:
                condition &= Q(duration_hours__lt=high)
            whens.append(When(condition, then=Value(key)))
        return Case(*whens, default=Value(""), output_field=CharField())

    @staticmethod
    def _phrase_parts(phrase):
        return [
            _case(
                _when(Q(title_folded__contains=padded(phrase)), 12),
                _when(Q(title_folded__contains=" " + phrase), 8),
                _when(Q(summary_folded__contains=" " + phrase), 3),
            ),
            _case(_when(Q(title_folded__startswith=" " + phrase), 4)),
        ]

    @staticmethod
    def _term_parts(term, factor):
        parts = []
        for position, word in enumerate(term.alternatives):
            weight = factor * (1.0 if position == 0 else 0.5)
            parts.append(
                _case(
                    _when(Q(title_folded__contains=padded(word)), 3 * weight),
                    _when(Q(title_folded__contains=" " + word), 2 * weight),
                    _when(Q(summary_folded__contains=" " + word), 1 * weight),
                    _when(Q(text_folded__contains=" " + word), 0.5 * weight),
                )
            )
        return parts

    def _score(self, understanding, slots):
        """Relevance: title above summary above body, exact diacritics above folded, typo corrections lowest.

        A slot with several readings scores by its best one; the typed phrase and the understood phrase (decoded
        words, the vocabulary's Vietnamese form) both earn phrase bonuses.
        """
        literal = " ".join(understanding.literal_words)
        parts = self._phrase_parts(literal)
        primary = " ".join(understanding.primary_words)
        if primary != literal:
            parts += self._phrase_parts(primary)
        text = understanding.decoded_text if understanding.decoded else understanding.text
        exact = lower(text)
        if exact and exact != fold(text):
            parts.append(_case(_when(Q(title_lower__contains=" " + exact), 6)))
            for word in set(exact.split()) - set(fold(text).split()):
                parts.append(_case(_when(Q(title_lower__contains=padded(word)), 1.5)))
        for readings in slots:
            scores = []
            for reading in readings:
                reading_parts = [p for term in reading.terms for p in self._term_parts(term, reading.factor)]
                scores.append(_sum(reading_parts))
            parts.append(scores[0] if len(scores) == 1 else Greatest(*scores, output_field=FloatField()))
        return _sum(parts)

    def _facet_counts(self, matched, filters):
        """All facets in one GROUP BY over the matched entries; each facet counts with the *other* filters applied.

        The grouped rows are combinations of facet values (bounded by areas x levels x providers x languages x
        bands), not entries, so the Python pass over them stays small at 100,000 courses.
        """
        rows = matched.annotate(duration=self._band_expression()).values(*FACETS).annotate(n=Count("pk")).order_by()
        counts = {name: defaultdict(int) for name in FACETS}
        total = 0
        for row in rows:
            misses = [name for name in FACETS if filters.get(name) and row[name] != filters[name]]
            if not misses:
                total += row["n"]
                for name in FACETS:
                    counts[name][row[name]] += row["n"]
            elif len(misses) == 1:
                counts[misses[0]][row[misses[0]]] += row["n"]
        return total, counts

    def search(self, query):
        from ..facets import build_facets

        understanding = self.understand(query)
        slots = self._slots(understanding)
        matched = self._match(self._base(query), slots)
        results = matched.filter(self._filter_q(query.filters))
        if query.facets:
            total, counts = self._facet_counts(matched, query.filters)
            facets = build_facets(counts, query.filters)
        else:
            total, facets = results.count(), {}
        if query.sort == "relevance" and slots:
            results = results.annotate(score=self._score(understanding, slots)).order_by(
                "-score", "title_words", F("page__first_published_at").desc(nulls_last=True), "pk"
            )
        else:
            results = results.order_by(*self._ordering(query.sort))
        page = list(results[query.offset : query.offset + query.per_page])
        hits = [self._hit(entry) for entry in page]
        return SearchResults(query=query, count=total, hits=hits, facets=facets, understanding=understanding)

    @staticmethod
    def _ordering(sort):
        return {
            # The live page's date (a join on the primary key), so the order is right even before a reindex.
            "relevance": [F("page__first_published_at").desc(nulls_last=True), "pk"],
            "newest": [F("page__first_published_at").desc(nulls_last=True), "pk"],
            "title": ["title_folded", "pk"],
            "shortest": [F("duration_hours").asc(nulls_last=True), "pk"],
            "longest": [F("duration_hours").desc(nulls_last=True), "pk"],
        }[sort]

    @staticmethod
    def _hit(entry):
        return Hit(
            id=entry.page_id,
            title=entry.title,
            url=entry.url,
            summary=entry.summary,
            kind=entry.kind,
            learning_area=entry.learning_area,
            level=entry.level,
            provider=entry.provider,
            language=entry.language,
            duration_hours=float(entry.duration_hours) if entry.duration_hours is not None else None,
        )

    def suggest(self, prefix, limit=8, understanding=None):
        """Titles for the words as typed, then for what they were understood as (decoded, expanded)."""
        phrases = [" ".join(fold(prefix).split())]
        if understanding is not None and understanding.changed:
            phrases.append(" ".join(understanding.primary_words))
        suggestions, seen = [], set()
        for phrase in dict.fromkeys(p for p in phrases if p):
            for suggestion in self._suggest_phrase(phrase, limit):
                if suggestion.id not in seen and len(suggestions) < limit:
                    seen.add(suggestion.id)
                    suggestions.append(suggestion)
        return suggestions

    def _suggest_phrase(self, phrase, limit):
        words = phrase.split()
        entries = self._base_for_suggest().filter(title_folded__contains=" " + phrase)
        if not entries.exists() and len(words) > 1:
            condition = Q()
            for word in words:
                condition &= Q(title_folded__contains=" " + word)
            entries = self._base_for_suggest().filter(condition)
        entries = entries.annotate(
            starts=Coalesce(_case(_when(Q(title_folded__startswith=" " + phrase), 1)), Value(0.0))
        ).order_by("-starts", "title_words", "title_folded", "pk")
        return [Suggestion(title=e.title, url=e.url, id=e.page_id) for e in entries.only("title", "url")[:limit]]

    @staticmethod
    def _base_for_suggest():
        return CatalogueEntry.objects.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
