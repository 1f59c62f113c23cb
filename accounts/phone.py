"""Vietnamese mobile phone numbers: validation and one canonical form (0XXXXXXXXX)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile prefixes in use since the 2018 renumbering (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, iTel, Reddi).
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_SEPARATORS = re.compile(r"[\s\-.()]")


def normalise_phone(value):
    """Return the number as 0XXXXXXXXX, accepting +84, 84 and common separators; raise ValidationError if invalid."""
    digits = _SEPARATORS.sub("", str(value or ""))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not (digits.isdigit() and len(digits) == 10 and digits.startswith(MOBILE_PREFIXES)):
        raise ValidationError(
            _("Enter a Vietnamese mobile number of 10 digits, e.g. 0912 345 678 or +84 912 345 678."),
            code="invalid_phone",
        )
    return digits


def looks_like_phone(value):
    """True when the login identifier is a phone number rather than an e-mail address."""
    return "@" not in (value or "")
