"""The search vocabulary (abbreviations and synonyms) as data: parsing, validation, CSV import, and the lookup table.

One concept per row. CSV columns: ``term`` (the Vietnamese form, required), ``abbreviations`` and ``synonyms``
(several values separated by commas or semicolons), ``learning_area`` (a learning area code, optional), ``active``
(optional; 0/no/false switches a row off). A row whose folded term exists already updates that concept.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .folding import fold, lower

FIELDS = ("term", "abbreviations", "synonyms", "learning_area", "active")
LEARNING_AREAS = ("politics_law", "vocational", "life_skills", "digital", "foreign_language", "general")
MAX_FORM_WORDS = 8
MAX_ABBREVIATION_LENGTH = 16
_SEPARATORS = re.compile(r"[,;]")
# Telex spelling of the letters abbreviations carry, so "ATVSLDD" (Đ typed as DD) finds ATVSLĐ too.
_TELEX_LETTERS = {"đ": "dd", "ư": "uw", "ơ": "ow", "â": "aa", "ê": "ee", "ô": "oo", "ă": "aw"}


def split_values(text):
    """ "ATVSLĐ, ATVSLD; atld" -> ["ATVSLĐ", "ATVSLD", "atld"] (blank values dropped)."""
    return [value.strip() for value in _SEPARATORS.split(text or "") if value.strip()]


def abbreviation_keys(abbreviation):
    """The folded spellings an abbreviation is typed as: "TƯLĐTT" -> {"tuldtt", "tuwlddtt"}."""
    word = lower(abbreviation).replace(" ", "")
    keys = {fold(word).replace(" ", "")}
    telex = "".join(_TELEX_LETTERS.get(char, char) for char in word)
    if telex.isascii():
        keys.add(telex)
    return {key for key in keys if key}


@dataclass
class Concept:
    """A concept as the query-understanding step uses it: its Vietnamese form and folded forms (tuples of words)."""

    term: str  # as the editors wrote it: "an toàn vệ sinh lao động"
    forms: tuple  # folded forms, the term's first: (("an", "toan", "ve", "sinh", "lao", "dong"), ("atvsld",), ...)
    keys: tuple  # folded spellings a query may contain (the forms plus telex spellings of abbreviations)
    display: dict  # folded form -> how it is written ("an toàn lao động"); abbreviations as written ("ATVSLĐ")
    display_forms: frozenset  # the forms that are words, not abbreviations


def concept_from_values(term, abbreviations, synonyms):
    """A Concept from a row's raw values (the same for model rows, CSV rows and the migration's starting set)."""
    term = " ".join((term or "").split())
    display = {tuple(fold(term).split()): term}
    for value in split_values(synonyms):
        display.setdefault(tuple(fold(value).split()), value)
    words = frozenset(form for form in display if form)
    keys = []
    for value in split_values(abbreviations):
        spellings = sorted(abbreviation_keys(value), key=lambda k: (len(k), k))
        display.setdefault((spellings[0],), value)
        keys += [(key,) for key in spellings[1:]]
    forms = tuple(form for form in display if form)
    keys = tuple(dict.fromkeys([*forms, *keys]))
    return Concept(term=term, forms=forms, keys=keys, display=display, display_forms=words)


def validate_values(term, abbreviations, synonyms, learning_area="", exclude_folded=None, taken=None):
    """Messages for what is wrong with a concept's values (empty when it is fine).

    ``taken`` maps folded keys already used by other concepts to their term (a form belongs to one concept only).
    """
    errors = []
    if not fold(term):
        errors.append(_("The Vietnamese form is required."))
    for value in split_values(abbreviations):
        folded = fold(value)
        if " " in folded or not folded:
            errors.append(_("The abbreviation “%(value)s” must be one word.") % {"value": value})
        elif len(folded) < 2 or len(folded) > MAX_ABBREVIATION_LENGTH:
            errors.append(
                _("The abbreviation “%(value)s” must have 2 to %(n)d letters.")
                % {"value": value, "n": MAX_ABBREVIATION_LENGTH}
            )
    for value in split_values(synonyms):
        words = fold(value).split()
        if not words:
            errors.append(_("The form “%(value)s” has no letters.") % {"value": value})
        elif len(words) > MAX_FORM_WORDS:
            errors.append(_("The form “%(value)s” is longer than %(n)d words.") % {"value": value, "n": MAX_FORM_WORDS})
    if learning_area and learning_area not in LEARNING_AREAS:
        errors.append(
            _("Unknown learning area “%(value)s” (one of %(choices)s).")
            % {"value": learning_area, "choices": ", ".join(LEARNING_AREAS)}
        )
    if not errors and taken:
        concept = concept_from_values(term, abbreviations, synonyms)
        for key in concept.keys:
            other = taken.get(" ".join(key))
            if other and other[0] != exclude_folded:
                errors.append(
                    _("“%(form)s” already belongs to “%(other)s”.") % {"form": " ".join(key), "other": other[1]}
                )
    return errors


def taken_keys(exclude_pk=None):
    """{folded key: (folded term, term)} of the saved concepts (optionally leaving one out)."""
    from .models import Synonym

    taken = {}
    rows = Synonym.objects.exclude(pk=exclude_pk) if exclude_pk else Synonym.objects.all()
    for row in rows.only("term", "folded", "abbreviations", "synonyms"):
        for key in concept_from_values(row.term, row.abbreviations, row.synonyms).keys:
            taken[" ".join(key)] = (row.folded, row.term)
    return taken


def validate_concept(instance):
    """Model validation (the snippet form): raise ValidationError with every problem."""
    errors = validate_values(
        instance.term,
        instance.abbreviations,
        instance.synonyms,
        instance.learning_area,
        exclude_folded=fold(instance.term),
        taken=taken_keys(exclude_pk=instance.pk),
    )
    from .models import Synonym

    duplicate = Synonym.objects.filter(folded=fold(instance.term)).exclude(pk=instance.pk).first()
    if duplicate:
        errors.append(_("“%(term)s” is in the vocabulary already.") % {"term": duplicate.term})
    if errors:
        raise ValidationError(errors)


def _truthy(value):
    return (value or "").strip().lower() not in {"0", "no", "false", "n", "khong", "không"}


def parse_csv(text):
    """Rows of a vocabulary CSV as dicts, and the problems found as "line N: message" strings (nothing is saved)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or []]
    if "term" not in columns:
        return [], [_("The CSV needs a header row with a “term” column (and abbreviations, synonyms).")]
    unknown = [name for name in columns if name not in FIELDS]
    if unknown:
        return [], [_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)}]
    rows, errors, taken = [], [], {}
    for line, raw in enumerate(reader, start=2):
        row = {name: (raw.get(name) or "").strip() for name in FIELDS}
        if not any(row.values()):
            continue
        problems = validate_values(row["term"], row["abbreviations"], row["synonyms"], row["learning_area"])
        if not problems:
            folded = fold(row["term"])
            for key in concept_from_values(row["term"], row["abbreviations"], row["synonyms"]).keys:
                other = taken.get(" ".join(key))
                if other and other[0] != folded:
                    problems.append(
                        _("“%(form)s” already belongs to “%(other)s”.") % {"form": " ".join(key), "other": other[1]}
                    )
                taken[" ".join(key)] = (folded, row["term"])
        errors += [_("line %(line)d: %(message)s") % {"line": line, "message": p} for p in problems]
        row["active"] = _truthy(row["active"]) if row["active"] else True
        rows.append(row)
    return rows, errors


def import_csv(text, replace=False):
    """Create or update concepts from CSV text, all or nothing: returns (created, updated); raises ValidationError.

    With ``replace`` the concepts missing from the file are deleted.
    """
    from .models import Synonym

    rows, errors = parse_csv(text)
    if not errors and not rows:
        errors = [_("The CSV has no rows.")]
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    with transaction.atomic():
        seen = set()
        for row in rows:
            folded = fold(row["term"])
            seen.add(folded)
            obj = Synonym.objects.filter(folded=folded).first() or Synonym()
            created += obj.pk is None
            updated += obj.pk is not None
            for name in FIELDS:
                setattr(obj, name, row[name])
            obj.save()
        if replace:
            Synonym.objects.exclude(folded__in=seen).delete()
        # A form moved between concepts by this file must still belong to one concept only.
        clashes = []
        taken = {}
        for obj in Synonym.objects.all():
            for key in concept_from_values(obj.term, obj.abbreviations, obj.synonyms).keys:
                other = taken.setdefault(" ".join(key), obj.term)
                if other != obj.term:
                    clashes.append(
                        _("“%(form)s” would belong to both “%(a)s” and “%(b)s”.")
                        % {"form": " ".join(key), "a": other, "b": obj.term}
                    )
        if clashes:
            transaction.set_rollback(True)
            raise ValidationError(clashes)
    return created, updated


def export_csv(rows):
    """The concepts as CSV text in the import format (what `search_synonyms export` prints)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                "term": row.term,
                "abbreviations": row.abbreviations,
                "synonyms": row.synonyms,
                "learning_area": row.learning_area,
                "active": "1" if row.active else "0",
            }
        )
    return out.getvalue()


def synonym_rules(concepts):
    """Elasticsearch synonym_graph rules, folded like the search analyzer's tokens: "so cap cuu, so cuu"."""
    rules = []
    for concept in concepts:
        forms = [" ".join(key) for key in concept.keys]
        if len(forms) > 1:
            rules.append(", ".join(forms))
    return sorted(rules)
