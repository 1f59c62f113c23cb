"""Accent and case folding for Vietnamese search text: "Kỹ năng số" and "ky nang so" fold to the same words."""

import re
import unicodedata

from anyascii import anyascii

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_NON_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


def lower(text):
    """Lowercase, NFC-normalised words separated by single spaces (diacritics kept, punctuation dropped)."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def fold(text):
    """Lowercase ASCII words separated by single spaces: "Lao động, an toàn!" -> "lao dong an toan".

    anyascii handles what SQLite FTS5 and unaccent-less databases do not: letters with two marks (ể, ữ) and đ.
    """
    return " ".join(_NON_ALNUM_ASCII.sub(" ", anyascii(lower(text)).lower()).split())


def tokens(text):
    """The folded words of a text, in order, duplicates removed."""
    return list(dict.fromkeys(fold(text).split()))


def padded(text):
    """Words wrapped in spaces so that " word" and " word " match word starts and whole words with LIKE."""
    return f" {text} " if text else " "


def within_one_edit(a, b):
    """True when b is a and one insertion, deletion, substitution or swap of two neighbouring letters apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one letter longer: skipping one letter of b must give a.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]
