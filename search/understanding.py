"""Query understanding, the one step both backends share: what a worker meant by what they typed.

1. Telex / VNI typed with the input method off is decoded ("hanf ddieenj" -> "hàn điện"); the literal word is kept
   beside the decoded one, since "may" or "tin" are words too.
2. Abbreviations and synonyms from the editors' vocabulary (search.models.Synonym) are expanded, longest phrase
   first ("ATVSLĐ" -> "an toàn vệ sinh lao động", "sơ cứu" -> "sơ cấp cứu").
3. The backends then fold and correct typos as before: the database backend matches every slot by any of its
   alternatives (query expansion); Elasticsearch gets the decoded text and expands the vocabulary in its search
   analyzer (a synonym_graph filter built from the same rows).
"""

import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache

from .folding import fold, lower
from .vietnamese import decode_word

LITERAL, DECODED, EXPANDED = "literal", "decoded", "expanded"
VOCABULARY_VERSION_KEY = "search:vocabulary:version"
VOCABULARY_MAX_AGE = 60  # seconds: a process rereads the vocabulary at least this often, whatever the cache says
MAX_PHRASE_WORDS = 8


@dataclass(frozen=True)
class Alternative:
    """One way to read a slot: folded words that must all match, how it was found, and how to show it."""

    words: tuple
    kind: str
    display: str


@dataclass(frozen=True)
class Slot:
    """A part of the query (one word, or a phrase the vocabulary knows) and its readings, the literal one first."""

    typed: str
    alternatives: tuple
    display: str  # what the page says it understood for this part
    primary: tuple = ()  # folded words of the best reading (the decoded words, the concept's Vietnamese form)

    @property
    def literal(self):
        return self.alternatives[0]

    @property
    def changed(self):
        return len(self.alternatives) > 1


@dataclass(frozen=True)
class Understanding:
    text: str
    slots: tuple = ()
    decoded_text: str = ""  # the text with telex/VNI words decoded, everything else as typed (lowercase)
    literal_only: bool = False

    @property
    def changed(self):
        return any(slot.changed for slot in self.slots)

    @property
    def decoded(self):
        return any(alt.kind == DECODED for slot in self.slots for alt in slot.alternatives)

    @property
    def expanded(self):
        return any(alt.kind == EXPANDED for slot in self.slots for alt in slot.alternatives)

    @property
    def understood(self):
        """ "an toàn vệ sinh lao động" for "ATVSLĐ": what the page shows after "Kết quả cho:"."""
        return " ".join(slot.display for slot in self.slots)

    @property
    def literal_words(self):
        return [word for slot in self.slots for word in slot.literal.words]

    @property
    def primary_words(self):
        """Folded words of the best reading of each slot (decoded words, a phrase's Vietnamese form)."""
        return [word for slot in self.slots for word in (slot.primary or slot.literal.words)]

    def readings(self, limit=6):
        """Whole-query word lists, the primary reading first, then each slot's other readings in turn (autocomplete
        tries them in this order)."""
        primary = [slot.primary or slot.literal.words for slot in self.slots]
        out = [tuple(w for part in primary for w in part)]
        for index, slot in enumerate(self.slots):
            for alt in slot.alternatives:
                words = tuple(w for i, part in enumerate(primary) for w in (alt.words if i == index else part))
                if words not in out:
                    out.append(words)
        return [list(words) for words in out[:limit]]

    def to_dict(self):
        return {
            "text": self.text,
            "understood": self.understood if self.changed else None,
            "decoded": self.decoded,
            "expanded": self.expanded,
        }


# The vocabulary, read once per process and reread when an editor changes it (a version in the shared cache) or
# after VOCABULARY_MAX_AGE seconds.


@dataclass
class _Vocabulary:
    version: str = ""
    loaded_at: float = 0.0
    concepts: list = field(default_factory=list)
    by_key: dict = field(default_factory=dict)
    longest: int = 0


_state = threading.local()


def vocabulary_changed():
    """Called when a concept is saved or deleted: every process rereads the vocabulary on its next query."""
    cache.set(VOCABULARY_VERSION_KEY, uuid.uuid4().hex, None)
    _state.__dict__.pop("vocabulary", None)


def load_concepts():
    """The active concepts as search.synonyms.Concept, read from the database now."""
    from .models import Synonym
    from .synonyms import concept_from_values

    rows = Synonym.objects.filter(active=True).order_by("folded").values_list("term", "abbreviations", "synonyms")
    return [concept_from_values(*row) for row in rows]


def vocabulary():
    current = getattr(_state, "vocabulary", None)
    version = cache.get(VOCABULARY_VERSION_KEY) or ""
    if current and current.version == version and time.monotonic() - current.loaded_at < VOCABULARY_MAX_AGE:
        return current
    concepts = load_concepts()
    by_key = {}
    for concept in concepts:
        for key in concept.keys:
            by_key.setdefault(key, concept)
    current = _Vocabulary(version, time.monotonic(), concepts, by_key, max((len(k) for k in by_key), default=0))
    _state.vocabulary = current
    return current


@dataclass
class _Word:
    typed: str  # lowercase, as typed
    folded: str
    decoded: str = ""  # lowercase Vietnamese, when telex/VNI
    decoded_folded: str = ""

    @property
    def primary(self):
        return self.decoded_folded or self.folded

    @property
    def shown(self):
        return self.decoded or self.typed


def _words(text):
    words = []
    for typed in lower(text).split():
        folded_parts = fold(typed).split()
        if len(folded_parts) != 1:  # a word anyascii splits (rare): each part on its own, as typed
            words += [_Word(part, part) for part in folded_parts]
            continue
        word = _Word(typed, folded_parts[0])
        decoded = decode_word(typed)
        if decoded:
            word.decoded, word.decoded_folded = decoded, fold(decoded)
        words.append(word)
    return words


def _word_slot(word):
    alternatives = [Alternative((word.folded,), LITERAL, word.typed)]
    if word.decoded_folded and word.decoded_folded != word.folded:
        alternatives.append(Alternative((word.decoded_folded,), DECODED, word.decoded))
    return Slot(word.typed, tuple(alternatives), word.shown, alternatives[-1].words)


def _phrase_slot(words, concept, key):
    typed = " ".join(w.typed for w in words)
    alternatives = [Alternative(tuple(w.folded for w in words), LITERAL, typed)]
    decoded = tuple(w.primary for w in words)
    if decoded != alternatives[0].words:
        alternatives.append(Alternative(decoded, DECODED, " ".join(w.shown for w in words)))
    seen = {alt.words for alt in alternatives}
    for form in concept.forms:  # the term's form first: it is the slot's primary reading
        if form not in seen:
            seen.add(form)
            alternatives.append(Alternative(form, EXPANDED, concept.display.get(form, " ".join(form))))
    term_form = concept.forms[0]
    shown = " ".join(w.shown for w in words)
    if key == term_form:
        display = concept.term  # the term itself, typed without diacritics or in telex: show it written out
    elif len(key) == 1 and key not in concept.display_forms:
        display = concept.term  # an abbreviation: show what it stands for
    else:
        display = f"{concept.display.get(key, shown)} ({concept.term})"
    return Slot(typed, tuple(alternatives), display, term_form)


def understand(text, literal=False, expand=True):
    """The Understanding of a query; with ``literal`` only the typed words (the "search the literal text" link).

    ``expand=False`` decodes telex/VNI only, without the vocabulary (no database access: Elasticsearch's analyzer
    expands abbreviations and synonyms itself).
    """
    words = _words(text)
    decoded_text = " ".join(w.shown for w in words)
    if literal:
        slots = tuple(Slot(w.typed, (Alternative((w.folded,), LITERAL, w.typed),), w.typed) for w in words)
        return Understanding(text, slots, " ".join(w.typed for w in words), literal_only=True)
    vocab = vocabulary() if words and expand else _Vocabulary()
    slots, i = [], 0
    while i < len(words):
        found = None
        for length in range(min(vocab.longest, MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            part = words[i : i + length]
            for key in (tuple(w.primary for w in part), tuple(w.folded for w in part)):
                if key in vocab.by_key:
                    found = (length, vocab.by_key[key], key)
                    break
            if found:
                break
        if found:
            length, concept, key = found
            slots.append(_phrase_slot(words[i : i + length], concept, key))
            i += length
        else:
            slots.append(_word_slot(words[i]))
            i += 1
    return Understanding(text, tuple(slots), decoded_text)
