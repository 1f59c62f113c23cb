"""Why a unit reaches the Đơn vị học tập level it does, in sentences an officer can act on."""

import datetime
import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organisations.models import Organisation


def level_name(level):
    """ "Level 1" in the criteria's own word ("Mức 1" in Vietnamese), never a course's skill level."""
    return pgettext("recognition title", "Level %(level)s") % {"level": level}


def _pct(value):
    return number_format(value, decimal_pos=1 if value % 1 else 0, use_l10n=True)


def thresholds(unit):
    """(level 1 share, level 2 share) the unit's criteria ask of it (schools have their own)."""
    criteria = unit.criteria
    if unit.organisation.unit_type == Organisation.SCHOOL:
        return criteria.school_level1_share, criteria.school_level2_share
    return criteria.level1_share, criteria.level2_share


def missing_conditions(unit):
    names = [
        (unit.has_learning_plan, _("an annual learning plan")),
        (unit.has_training_rules, _("training rules")),
        (unit.has_learning_devices, _("learning devices")),
    ]
    return [name for met, name in names if not met]


def explain(unit):
    """Sentences saying why the unit is proposed at its level and what the next level needs."""
    level1, level2 = thresholds(unit)
    if not unit.members:
        return [_("The unit has no members at the end of the year, so no level can be proposed.")]
    reasons = [
        _("%(share)s%% of members hold Công dân học tập (%(holders)s of %(members)s).")
        % {"share": _pct(unit.share), "holders": unit.cdht_holders, "members": unit.members}
    ]
    missing = missing_conditions(unit)
    if missing:
        reasons.append(_("Missing for any level: %(conditions)s.") % {"conditions": ", ".join(missing)})
    if unit.proposed_level == 0:
        if unit.share < level1:
            reasons.append(
                _("%(level)s needs %(share)s%%: %(more)s more members holding the title.")
                % {"level": level_name(1), "share": _pct(level1), "more": _needed(unit, level1)}
            )
    elif unit.proposed_level == 1:
        if unit.share < level2:
            reasons.append(
                _("%(level)s needs %(share)s%%: %(more)s more members holding the title.")
                % {"level": level_name(2), "share": _pct(level2), "more": _needed(unit, level2)}
            )
        else:
            since = datetime.date(unit.year - unit.criteria.level2_after_years, 12, 31)
            reasons.append(
                _("%(level)s also needs a level-1 title held since %(date)s at the latest.")
                % {"level": level_name(2), "date": since.strftime("%d/%m/%Y")}
            )
    else:
        reasons.append(
            _("%(level)s: at least %(share)s%% and a level-1 title from an earlier year.")
            % {"level": level_name(2), "share": _pct(level2)}
        )
    return reasons


def _needed(unit, percent):
    """How many more holders the unit needs to reach `percent` of its members (exact, as score_units compares)."""
    return max(0, math.ceil(Decimal(unit.members) * Decimal(percent) / 100) - unit.cdht_holders)
