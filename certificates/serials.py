"""Certificate serials: short, typed by people, unguessable and self-checking.

A serial is 14 random symbols and 1 check symbol from a 29-symbol alphabet, shown in three groups of five:
``K7Q2M-XW9PD-HC4TN``. 14 symbols carry 14 x log2(29) = 68 random bits (the issue asks for at least 60).

The alphabet leaves out every symbol people confuse when reading or typing (0/O/D is kept apart by dropping 0
and O; 1/I/L, U/V are dropped). 29 is prime, so the weighted check ``sum((i + 1) * value_i) = 0 (mod 29)``
catches every single-symbol substitution (weight and difference are both non-zero modulo a prime) and every
swap of two neighbours (the weights differ by one); a missing or extra symbol changes the length.
"""

import secrets

from django.utils.translation import gettext as _

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
BASE = len(ALPHABET)  # 29, prime
RANDOM_LENGTH = 14
LENGTH = RANDOM_LENGTH + 1
GROUP = 5
SEPARATOR = "-"
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}


class InvalidSerial(ValueError):
    """The text is not a well-formed serial (wrong length, a foreign symbol or a failed check)."""


def _check_symbol(body):
    total = sum((position + 1) * _VALUES[symbol] for position, symbol in enumerate(body))
    # The check symbol sits at position LENGTH (weight LENGTH) and makes the whole sum 0 modulo BASE.
    value = (-total * pow(LENGTH, -1, BASE)) % BASE
    return ALPHABET[value]


def format_serial(compact):
    """Group a compact serial for display: ``ABCDE-FGHJK-MNPQR``."""
    return SEPARATOR.join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def generate_serial():
    """A new random serial, formatted for display (uniqueness is the database's job)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_serial(body + _check_symbol(body))


def normalize_serial(text):
    """Return the canonical (grouped) form of a typed serial, or raise InvalidSerial.

    Case, spaces and hyphens are forgiven; anything else that is wrong is reported, never guessed.
    """
    if not isinstance(text, str):
        raise InvalidSerial(_("A serial is text."))
    compact = "".join(text.split()).replace(SEPARATOR, "").upper()
    if len(compact) != LENGTH:
        raise InvalidSerial(_("A serial has %(count)s characters, for example K7Q2M-XW9PD-HC4TN.") % {"count": LENGTH})
    if any(symbol not in _VALUES for symbol in compact):
        raise InvalidSerial(_("The serial contains a character that is never used in serials."))
    if _check_symbol(compact[:-1]) != compact[-1]:
        raise InvalidSerial(_("The serial's check character does not match: there is a typo."))
    return format_serial(compact)


def is_valid_serial(text):
    try:
        normalize_serial(text)
    except InvalidSerial:
        return False
    return True
