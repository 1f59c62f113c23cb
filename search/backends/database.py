"""The embedded default: search over folded text columns with LIKE, ranking and facet counts in SQL.

Works the same on SQLite and PostgreSQL (where trigram GIN indexes speed up the LIKE scans).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, CharField, Count, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cms.db_router import read_connection
from courses.models import DURATION_BANDS

from .. import conf
from ..folding import fold, lower, padded, within_one_edit
from ..models import CatalogueEntry, SearchWord
from ..understanding import DECODED, EXPANDED, LITERAL
from .base import FACETS, BaseSearchBackend, Hit, SearchResults, Suggestion

MIN_FUZZY_LENGTH = 4  # like Elasticsearch's fuzziness AUTO: one edit from 3-5 letters; "dogn" -> "dong"
MAX_CORRECTIONS = 5
# On PostgreSQL words are matched with one full-text query over a GIN index of the folded text (migration 0005):
# whole words and word starts (`dong:*`), as the LIKE patterns do on SQLite, without scanning trigram lists.
TSV_MATCH = "to_tsvector('simple'::regconfig, text_folded) @@ to_tsquery('simple'::regconfig, %s)"
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
    kind: str = LITERAL

    @property
    def words(self):
        return {term.word for term in self.terms}


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
        # Words with a letter only: numbers are matched as typed, never "corrected" to another number ("2018" is not
        # a typo of "2019"), and a catalogue's course numbers would fill the vocabulary (50,000 of 50,270 words at
        # 100,000 generated courses) that typo correction reads.
        rows = [
            SearchWord(word=word, length=len(word)) for word in words if 2 <= len(word) <= 64 and not word.isdigit()
        ]
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
        self.refresh_statistics()
        return written

    @staticmethod
    def refresh_statistics():
        """PostgreSQL: fresh planner statistics for the index tables (and their dead rows reclaimed, outside a
        transaction), after a rebuild has rewritten them all.

        EXPLAIN ANALYZE at 100,000 courses: with the statistics of an empty table (or none: autovacuum off or not yet
        run) the planner guesses 2 matches where there are 41,687, and the faceted statement, reading twice the pages
        because of the deleted copy, took 3 times as long. Autovacuum would do the same, some time later.
        """
        if connection.vendor != "postgresql":
            return
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in (CatalogueEntry, SearchWord):
                cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")

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

    def _corrections(self, word, prefix):
        """One-edit corrections of a word of 4+ letters that starts (or is, when not the last) no indexed word."""
        if len(word) < MIN_FUZZY_LENGTH:
            return ()
        n = len(word)
        # Only words that can be one edit apart: the same first letter (the edit is later), or the edit is at the
        # start (first letter changed, dropped, added, or swapped with the second). Reading all words of three
        # lengths to test them here took 30-40 ms per mistyped word at 100,000 courses.
        near = Q(length__in=[n - 1, n, n + 1]) & (
            Q(word__gte=word[0], word__lt=word[0] + AFTER_Z)
            | Q(length=n, word__endswith=word[1:])
            | Q(length=n + 1, word__endswith=word)
            | Q(word__in=[word[1:], word[1] + word[0] + word[2:]])
        )
        # The word itself (a word it starts, for the last one) in the same query: a known word is not corrected.
        known = Q(word__gte=word, word__lt=word + AFTER_Z) if prefix else Q(word=word)
        words = list(SearchWord.objects.filter(near | known).order_by("word").values_list("word", flat=True))
        if any(candidate == word or (prefix and candidate.startswith(word)) for candidate in words):
            return ()
        return tuple(candidate for candidate in words if within_one_edit(word, candidate))[:MAX_CORRECTIONS]

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
                readings.append(Reading(terms, EXPANDED_FACTOR if alt.kind == EXPANDED else 1.0, alt.kind))
            slots.append(self._prune(readings))
        return slots

    @staticmethod
    def _prune(readings):
        """Drop the readings that only match where another one does (their words include all of its words):
        "an toan ve sinh lao dong" adds nothing to "an toan lao dong" but work for the index."""
        kept = []
        for reading in readings:
            if not any(other is not reading and other.words < reading.words for other in readings):
                kept.append(reading)
        return kept

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

    @staticmethod
    def _term_tsquery(term):
        words = [
            f"{word}:*" if position == 0 and term.prefix else word for position, word in enumerate(term.alternatives)
        ]
        return words[0] if len(words) == 1 else "(" + " | ".join(words) + ")"

    def _slot_tsquery(self, readings):
        parts = ["(" + " & ".join(self._term_tsquery(term) for term in reading.terms) + ")" for reading in readings]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def _match(self, entries, slots, every=True):
        """Entries with every slot (by any of its readings), or with any slot (``every=False``, the fallback)."""
        if not slots:
            return entries
        if self._postgres():
            tsquery = (" & " if every else " | ").join(self._slot_tsquery(readings) for readings in slots)
            # The tsquery is a parameter, built from folded words ([a-z0-9] only) and operators.
            return entries.filter(RawSQL(TSV_MATCH, [tsquery], output_field=BooleanField()))  # noqa: S611
        condition = Q()
        for readings in slots:
            if every:
                condition &= self._slot_q(readings)
            else:
                condition |= self._slot_q(readings)
        return entries.filter(condition)

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
        # Nested: the whole-word and title-start tests run only on titles that hold the phrase at all, so most
        # entries cost two LIKEs here instead of four (the scores are the same).
        in_title = Q(title_folded__contains=" " + phrase)
        return [
            _case(
                When(
                    in_title,
                    then=Case(
                        _when(Q(title_folded__contains=padded(phrase)), 12),
                        default=Value(8.0),
                        output_field=FloatField(),
                    )
                    + _case(_when(Q(title_folded__startswith=" " + phrase), 4)),
                ),
                _when(Q(summary_folded__contains=" " + phrase), 3),
            )
        ]

    @staticmethod
    def _term_parts(term, factor, in_text=False, body=True):
        """``in_text``: every matched entry has the word in its text (an all-words match of a term without
        corrections), so the body test is skipped: the same scores without a LIKE over each entry's whole text.
        ``body=False`` leaves body-only matches at 0 (slots with several readings, whose words need not be there)."""
        parts = []
        for position, word in enumerate(term.alternatives):
            weight = factor * (1.0 if position == 0 else 0.5)
            whens = [
                When(
                    Q(title_folded__contains=" " + word),
                    then=Case(
                        _when(Q(title_folded__contains=padded(word)), 3 * weight),
                        default=Value(2 * weight),
                        output_field=FloatField(),
                    ),
                ),
                _when(Q(summary_folded__contains=" " + word), 1 * weight),
            ]
            if in_text and len(term.alternatives) == 1:
                parts.append(Case(*whens, default=Value(0.5 * weight), output_field=FloatField()))
            elif body:
                parts.append(_case(*whens, _when(Q(text_folded__contains=" " + word), 0.5 * weight)))
            else:
                parts.append(_case(*whens))
        return parts

    @staticmethod
    def _forms_part(forms, words):
        """One score for all the vocabulary forms of a slot: the whole form in the title, else the summary, else the
        body or tags (not only its words here and there). Weighted like ``words`` typed words.

        Whole-form LIKEs rather than one regular expression per column: EXPLAIN ANALYZE of "ATVSLĐ" at 100,000
        courses spent 27 µs per matched entry in the score, most of it in the regular expressions (a Python
        function per row on SQLite); a LIKE per form and column is the same test at about half the cost.
        """

        def any_form(column):
            condition = Q()
            for form in sorted(forms, key=len, reverse=True):  # folded forms: [a-z0-9 ] only
                condition |= Q(**{f"{column}__contains": padded(form)})
            return condition

        return _case(
            _when(any_form("title_folded"), 3 * EXPANDED_FACTOR * words),
            _when(any_form("summary_folded"), 1 * EXPANDED_FACTOR * words),
            _when(any_form("text_folded"), 0.5 * EXPANDED_FACTOR * words),
        )

    def _score(self, understanding, slots, every=True):
        """Relevance: title above summary above body, exact diacritics above folded, typo corrections lowest.

        A slot with several readings scores by its best one (typed or decoded words, or the vocabulary's forms as
        phrases); a decoded query's phrase earns the phrase bonuses too.
        """
        literal = " ".join(understanding.literal_words)
        parts = self._phrase_parts(literal)
        primary = " ".join(understanding.primary_words)
        if primary != literal and (understanding.decoded or len(understanding.slots) == 1):
            parts += self._phrase_parts(primary)
        text = understanding.decoded_text if understanding.decoded else understanding.text
        exact = lower(text)
        if exact and exact != fold(text):
            parts.append(_case(_when(Q(title_lower__contains=" " + exact), 6)))
            for word in set(exact.split()) - set(fold(text).split()):
                parts.append(_case(_when(Q(title_lower__contains=padded(word)), 1.5)))
        for readings, slot in zip(slots, understanding.slots, strict=True):
            if len(readings) == 1:
                reading = readings[0]
                parts += [p for term in reading.terms for p in self._term_parts(term, reading.factor, every)]
                continue
            scores = [
                _sum([p for term in reading.terms for p in self._term_parts(term, reading.factor, body=False)])
                for reading in readings
                if reading.kind != EXPANDED
            ]
            forms = [" ".join(alt.words) for alt in slot.alternatives if alt.kind == EXPANDED]
            if forms:
                scores.append(self._forms_part(forms, len(slot.literal.words)))
            parts.append(scores[0] if len(scores) == 1 else Greatest(*scores, output_field=FloatField()))
        return _sum(parts)

    def _facet_counts(self, matched, filters):
        """All facets in one GROUP BY over the matched entries; each facet counts with the *other* filters applied.

        The grouped rows are combinations of facet values (bounded by areas x levels x providers x languages x
        bands), not entries, so the Python pass over them stays small at 100,000 courses.
        """
        rows = matched.annotate(duration=self._band_expression()).values(*FACETS).annotate(n=Count("pk")).order_by()
        return self._tally(rows, filters)

    @staticmethod
    def _tally(rows, filters):
        """(total with the filters, {facet: {value: count}}, total without filters) from grouped rows."""
        counts = {name: defaultdict(int) for name in FACETS}
        total = everything = 0
        for row in rows:
            everything += row["n"]
            misses = [name for name in FACETS if filters.get(name) and row[name] != filters[name]]
            if not misses:
                total += row["n"]
                for name in FACETS:
                    counts[name][row[name]] += row["n"]
            elif len(misses) == 1:
                counts[misses[0]][row[misses[0]]] += row["n"]
        return total, counts, everything

    def _facets_and_page(self, base, slots, query, understanding, every=True):
        """PostgreSQL, relevance order: the counts and the page's ids in one statement, with facets or without.

        The matched entries are read once (a MATERIALIZED CTE with their facet values and score), then counted (all
        facets in one GROUP BY, or two counts without facets) and ranked for the page, instead of matching, reading
        and scoring them in several queries. It runs on the read connection (cms.db_router.read_connection).
        """
        db = read_connection(CatalogueEntry)
        matched = self._match(base, slots, every).annotate(
            band=self._band_expression(), score=self._score(understanding, slots, every)
        )
        columns = ["page_id", "learning_area", "level", "provider", "language", "band", "title_words", "published_at"]
        sql, params = matched.values(*columns, "score").query.get_compiler(connection=db).as_sql()
        where, where_params = [], []
        for name in FACETS:
            if query.filters.get(name):
                where.append(f"{'band' if name == 'duration' else name} = %s")  # names from FACETS, not input
                where_params.append(query.filters[name])
        filtered = " AND ".join(where) or "TRUE"
        if query.facets:
            counts = (
                "SELECT 'f', learning_area, level, provider, language, band, COUNT(*), NULL FROM m"
                " GROUP BY 2, 3, 4, 5, 6"
            )
            counts_params = []
        else:  # one row: how many with the filters (the count shown) and without (the expansion's threshold)
            counts = f"SELECT 'c', NULL, NULL, NULL, NULL, NULL, COUNT(*) FILTER (WHERE {filtered}), COUNT(*) FROM m"  # noqa: S608
            counts_params = where_params
        ranking = "score DESC, title_words ASC, published_at DESC NULLS LAST, page_id ASC"
        statement = f"""
            WITH m AS MATERIALIZED ({sql}),
            p AS (
                SELECT page_id, score, title_words, published_at FROM m WHERE {filtered}
                ORDER BY {ranking} LIMIT %s OFFSET %s
            )
            SELECT c.*, NULL, NULL, NULL, NULL FROM ({counts}) c
            UNION ALL SELECT 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL, page_id, score, title_words, published_at FROM p
        """  # noqa: S608 - the CTE is the ORM's own SQL with its parameters; the filter columns come from FACETS
        rows, page, total, everything = [], [], 0, 0
        with db.cursor() as cursor:
            cursor.execute(statement, [*params, *where_params, query.per_page, query.offset, *counts_params])
            for part, *values, n, unfiltered, page_id, score, words, published in cursor.fetchall():
                if part == "f":
                    rows.append({**dict(zip(FACETS, values, strict=True)), "n": n})
                elif part == "c":
                    total, everything = n, unfiltered
                else:
                    page.append((page_id, score, words, published))
        # UNION ALL keeps no order: the page's rows are put back in the ranking's order here.
        # Stable sorts, least significant first: page_id, published_at (newest first, none last), title_words, score.
        page.sort(key=lambda row: row[0])
        page.sort(key=lambda row: (row[3] is not None, row[3]), reverse=True)
        page.sort(key=lambda row: row[2])
        page.sort(key=lambda row: row[1], reverse=True)
        ids = [row[0] for row in page]
        counts = None
        if query.facets:
            total, counts, everything = self._tally(rows, query.filters)
        return total, counts, everything, ids

    def _matches(self, base, slots, query, every=True):
        """(matched entries, total with the filters, facet counts, how many match without the filters).

        With facets, one GROUP BY answers all of it (no separate count or existence query). Without, one count; a
        second (bounded) one only when filters hide entries that the expansion threshold must see."""
        matched = self._match(base, slots, every)
        if query.facets:
            total, counts, everything = self._facet_counts(matched, query.filters)
            return matched, total, counts, everything
        filters = self._filter_q(query.filters)
        total = matched.filter(filters).count()
        everything = total
        if slots and filters and total < conf.expand_below():
            everything = max(total, matched[: conf.expand_below()].count())
        return matched, total, None, everything

    def search(self, query):
        from ..facets import build_facets
        from ..understanding import understand

        understanding = self.understand(query)
        base = self._base(query)
        # Query expansion as relaxation: the words as typed first; when they find fewer than expand_below() entries,
        # the decoded and expanded readings too. A typed phrase that finds plenty (the common case on a large
        # catalogue) costs what it cost before understanding; one that finds little gets its synonyms.
        readings = [understand(query.text, literal=True), understanding] if understanding.changed else [understanding]
        # On PostgreSQL a relevance-ordered text search is one statement (counts and page), facets or not.
        combined = self._postgres() and query.sort == "relevance" and query.text
        ids = None

        def run(used, slots, every=True):
            if combined and slots:
                total, counts, everything, ids = self._facets_and_page(base, slots, query, used, every)
                return None, total, counts, everything, ids
            return (*self._matches(base, slots, query, every), None)

        for position, used in enumerate(readings):
            slots = self._slots(used)
            matched, total, counts, everything, ids = run(used, slots)
            if everything >= (conf.expand_below() if position < len(readings) - 1 else 1):
                break
        understanding, every = used, True
        if not everything and len(slots) > 1:
            every = False
            matched, total, counts, everything, ids = run(used, slots, every=False)
        facets = build_facets(counts, query.filters) if query.facets else {}
        if ids is not None:
            entries = CatalogueEntry.objects.in_bulk(ids)
            page = [entries[pk] for pk in ids if pk in entries]
        else:
            results = matched.filter(self._filter_q(query.filters))
            if query.sort == "relevance" and slots:
                # Ties by the entry's own copy of the publication date: joining every matched entry to its page to
                # read the same date was half of a 100,000-course query (EXPLAIN ANALYZE, docs/search.md).
                results = results.annotate(score=self._score(understanding, slots, every)).order_by(
                    "-score", "title_words", F("published_at").desc(nulls_last=True), "pk"
                )
            else:
                results = results.order_by(*self._ordering(query.sort))
            page = list(results[query.offset : query.offset + query.per_page])
        hits = [self._hit(entry) for entry in page]
        return SearchResults(query=query, count=total, hits=hits, facets=facets, understanding=understanding)

    @staticmethod
    def _postgres():
        return read_connection(CatalogueEntry).vendor == "postgresql"

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
            phrases += [" ".join(words) for words in understanding.readings()]
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
