"""The SCORM 1.2 and 2004 run-time data models: validate committed elements, derive status, score and time.

A commit carries flattened elements ({"cmi.core.lesson_status": "passed", ...}). Each one is checked against
the data model of the package's version: known element, writable by the content, type, vocabulary, length and
range. Older content sends numbers instead of strings; those are accepted and stored as strings.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_REAL = Decimal("1e10")


class CMIError(ValueError):
    """An element the content may not write, or a value outside the data model."""


# --- value checkers: each returns None when the value is fine, else a reason -----------------------------


def string(max_length):
    def check(value):
        if len(value) > max_length:
            return _("longer than %(max)d characters") % {"max": max_length}
        return None

    return check


def vocabulary(*words):
    allowed = set(words)

    def check(value):
        return None if value in allowed else _("not one of %(words)s") % {"words": ", ".join(sorted(allowed))}

    return check


def decimal(minimum=None, maximum=None, integer=False):
    def check(value):
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            return _("not a number")
        if not number.is_finite() or (integer and number != number.to_integral_value()):
            return _("not an integer") if integer else _("not a number")
        # SCORM reals have at most 10 significant digits (real(10,7)); 1e999 would be stored as Infinity.
        if abs(number) >= MAX_REAL:
            return _("out of range (%(min)s to %(max)s)") % {"min": -MAX_REAL, "max": MAX_REAL}
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            return _("out of range (%(min)s to %(max)s)") % {"min": minimum, "max": maximum}
        return None

    return check


def pattern(regex, description):
    compiled = re.compile(regex)

    def check(value):
        return None if compiled.fullmatch(value) else description

    return check


def any_of(*checks):
    def check(value):
        reasons = [c(value) for c in checks]
        return None if any(reason is None for reason in reasons) else reasons[0]

    return check


TIMESPAN_12 = r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"
TIME_12 = r"\d{2}:\d{2}:\d{2}(\.\d{1,2})?"
DURATION_2004 = r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?"
TIMESTAMP_2004 = r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?"

STATUS_12 = vocabulary("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
SCORE_12 = decimal(0, 100)
IDENTIFIER_12 = pattern(r"[^\s]{1,255}", gettext_lazy("not an identifier (1-255 characters, no spaces)"))
N = r"\d+"

# (element pattern, checker); elements absent from the table are read-only or unknown.
WRITABLE_12 = [
    (r"cmi\.core\.lesson_location", string(255)),
    (r"cmi\.core\.lesson_status", STATUS_12),
    (r"cmi\.core\.score\.(raw|min|max)", SCORE_12),
    (r"cmi\.core\.exit", vocabulary("", "time-out", "suspend", "logout")),
    (r"cmi\.core\.session_time", pattern(TIMESPAN_12, gettext_lazy("not a time span HHHH:MM:SS.SS"))),
    (r"cmi\.suspend_data", string(4096)),
    (r"cmi\.comments", string(4096)),
    (rf"cmi\.objectives\.{N}\.id", IDENTIFIER_12),
    (rf"cmi\.objectives\.{N}\.score\.(raw|min|max)", SCORE_12),
    (rf"cmi\.objectives\.{N}\.status", STATUS_12),
    (r"cmi\.student_preference\.audio", decimal(-1, 100, integer=True)),
    (r"cmi\.student_preference\.language", string(255)),
    (r"cmi\.student_preference\.speed", decimal(-100, 100, integer=True)),
    (r"cmi\.student_preference\.text", decimal(-1, 1, integer=True)),
    (rf"cmi\.interactions\.{N}\.id", IDENTIFIER_12),
    (rf"cmi\.interactions\.{N}\.objectives\.{N}\.id", IDENTIFIER_12),
    (rf"cmi\.interactions\.{N}\.time", pattern(TIME_12, gettext_lazy("not a time HH:MM:SS"))),
    (
        rf"cmi\.interactions\.{N}\.type",
        vocabulary("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"),
    ),
    (rf"cmi\.interactions\.{N}\.correct_responses\.{N}\.pattern", string(255)),
    (rf"cmi\.interactions\.{N}\.weighting", decimal()),
    (rf"cmi\.interactions\.{N}\.student_response", string(255)),
    (rf"cmi\.interactions\.{N}\.result", any_of(vocabulary("correct", "wrong", "unanticipated", "neutral"), decimal())),
    (rf"cmi\.interactions\.{N}\.latency", pattern(TIMESPAN_12, gettext_lazy("not a time span HHHH:MM:SS.SS"))),
]

READ_ONLY_12 = {
    "cmi.core.student_id",
    "cmi.core.student_name",
    "cmi.core.credit",
    "cmi.core.entry",
    "cmi.core.total_time",
    "cmi.core.lesson_mode",
    "cmi.launch_data",
    "cmi.comments_from_lms",
    "cmi.student_data.mastery_score",
    "cmi.student_data.max_time_allowed",
    "cmi.student_data.time_limit_action",
}

REAL = decimal()
SCALED = decimal(-1, 1)
SUCCESS_2004 = vocabulary("passed", "failed", "unknown")
COMPLETION_2004 = vocabulary("completed", "incomplete", "not attempted", "unknown")
LONG_ID = string(4000)
DURATION = pattern(DURATION_2004, gettext_lazy("not an ISO 8601 duration"))
TIMESTAMP = pattern(TIMESTAMP_2004, gettext_lazy("not an ISO 8601 timestamp"))

WRITABLE_2004 = [
    (rf"cmi\.comments_from_learner\.{N}\.comment", string(4000)),
    (rf"cmi\.comments_from_learner\.{N}\.location", string(250)),
    (rf"cmi\.comments_from_learner\.{N}\.timestamp", TIMESTAMP),
    (r"cmi\.completion_status", COMPLETION_2004),
    (r"cmi\.exit", vocabulary("", "time-out", "suspend", "logout", "normal")),
    (rf"cmi\.interactions\.{N}\.id", LONG_ID),
    (
        rf"cmi\.interactions\.{N}\.type",
        vocabulary(
            "true-false",
            "choice",
            "fill-in",
            "long-fill-in",
            "matching",
            "performance",
            "sequencing",
            "likert",
            "numeric",
            "other",
        ),
    ),
    (rf"cmi\.interactions\.{N}\.objectives\.{N}\.id", LONG_ID),
    (rf"cmi\.interactions\.{N}\.timestamp", TIMESTAMP),
    (rf"cmi\.interactions\.{N}\.correct_responses\.{N}\.pattern", string(64000)),
    (rf"cmi\.interactions\.{N}\.weighting", REAL),
    (rf"cmi\.interactions\.{N}\.learner_response", string(64000)),
    (rf"cmi\.interactions\.{N}\.result", any_of(vocabulary("correct", "incorrect", "unanticipated", "neutral"), REAL)),
    (rf"cmi\.interactions\.{N}\.latency", DURATION),
    (rf"cmi\.interactions\.{N}\.description", string(250)),
    (r"cmi\.learner_preference\.audio_level", decimal(0)),
    (r"cmi\.learner_preference\.language", string(250)),
    (r"cmi\.learner_preference\.delivery_speed", decimal(0)),
    (r"cmi\.learner_preference\.audio_captioning", vocabulary("-1", "0", "1")),
    (r"cmi\.location", string(1000)),
    (rf"cmi\.objectives\.{N}\.id", LONG_ID),
    (rf"cmi\.objectives\.{N}\.score\.scaled", SCALED),
    (rf"cmi\.objectives\.{N}\.score\.(raw|min|max)", REAL),
    (rf"cmi\.objectives\.{N}\.success_status", SUCCESS_2004),
    (rf"cmi\.objectives\.{N}\.completion_status", COMPLETION_2004),
    (rf"cmi\.objectives\.{N}\.progress_measure", decimal(0, 1)),
    (rf"cmi\.objectives\.{N}\.description", string(250)),
    (r"cmi\.progress_measure", decimal(0, 1)),
    (r"cmi\.score\.scaled", SCALED),
    (r"cmi\.score\.(raw|min|max)", REAL),
    (r"cmi\.session_time", DURATION),
    (r"cmi\.success_status", SUCCESS_2004),
    (r"cmi\.suspend_data", string(64000)),
    (
        r"adl\.nav\.request",
        pattern(
            r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}]+\}(choice|jump)",
            gettext_lazy("not a navigation request"),
        ),
    ),
    (r"adl\.data\.\d+\.store", string(64000)),
]

READ_ONLY_2004 = {
    "cmi.completion_threshold",
    "cmi.credit",
    "cmi.entry",
    "cmi.launch_data",
    "cmi.learner_id",
    "cmi.learner_name",
    "cmi.max_time_allowed",
    "cmi.mode",
    "cmi.scaled_passing_score",
    "cmi.time_limit_action",
    "cmi.total_time",
}

TABLES = {
    "1.2": ([(re.compile(p), c) for p, c in WRITABLE_12], READ_ONLY_12),
    "2004": ([(re.compile(p), c) for p, c in WRITABLE_2004], READ_ONLY_2004),
}


def is_read_only(version, element):
    _writable, read_only = TABLES[version]
    return (
        element in read_only
        or element.endswith(("._count", "._children", "._version"))
        or element.startswith("cmi.comments_from_lms")
    )


def flatten(data, prefix=""):
    """Flatten {"cmi": {"core": {...}}} or already-flat data into {"cmi.core.x": value}."""
    flat = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten(value, name))
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    flat.update(flatten(entry, f"{name}.{index}"))
                else:
                    flat[f"{name}.{index}"] = entry
        else:
            flat[name] = value
    return flat


def as_string(element, value):
    if isinstance(value, bool) or value is None:
        raise CMIError(_("%(element)s: expected a string") % {"element": element})
    if isinstance(value, int | float):
        # Older content sends numbers; CMI values are strings. Avoid "1e-05" forms for small floats.
        return format(value, "f").rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if not isinstance(value, str):
        raise CMIError(_("%(element)s: expected a string") % {"element": element})
    return value


def validate(version, data):
    """Return the flattened, validated elements of a commit, or raise CMIError naming the first bad one."""
    writable, _read_only = TABLES[version]
    if not isinstance(data, dict):
        raise CMIError(_("cmi must be an object"))
    cleaned = {}
    for element, raw in flatten(data).items():
        if not (element.startswith("cmi.") or element.startswith("adl.")):
            element = f"cmi.{element}"
        value = as_string(element, raw)
        if is_read_only(version, element):
            raise CMIError(_("%(element)s is read-only") % {"element": element})
        checker = next((c for regex, c in writable if regex.fullmatch(element)), None)
        if checker is None:
            raise CMIError(
                _("%(element)s is not an element of the SCORM %(version)s data model")
                % {"element": element, "version": version}
            )
        if value != "":
            reason = checker(value)
            if reason:
                raise CMIError(_("%(element)s: %(reason)s") % {"element": element, "reason": reason})
        cleaned[element] = value
    return cleaned


# --- time -------------------------------------------------------------------------------------------------


def seconds_from_timespan(value):
    """SCORM 1.2 CMITimespan HHHH:MM:SS.SS to seconds."""
    if not value or not re.fullmatch(TIMESPAN_12, value):
        return 0.0
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + min(float(seconds), 1e12)


DURATION_PARTS = re.compile(
    r"P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>[\d.]+)S)?)?"
)


def seconds_from_duration(value):
    """SCORM 2004 ISO 8601 duration to seconds (a year is 365 days and a month 30, as scorm-again counts)."""
    match = DURATION_PARTS.fullmatch(value or "")
    if not match or value == "P":
        return 0.0
    # Absurd figures (a 400-digit hour count) are clamped rather than overflowing; the session cap applies anyway.
    parts = {key: min(float(number), 1e12) for key, number in match.groupdict(default="0").items()}
    return (
        parts["y"] * 365 * 86400
        + parts["mo"] * 30 * 86400
        + parts["d"] * 86400
        + parts["h"] * 3600
        + parts["mi"] * 60
        + parts["s"]
    )


def timespan_from_seconds(seconds):
    """Seconds to a SCORM 1.2 CMITimespan."""
    hours, rest = divmod(round(seconds * 100), 360000)
    minutes, rest = divmod(rest, 6000)
    return f"{min(hours, 9999):04d}:{minutes:02d}:{rest / 100:05.2f}"


def duration_from_seconds(seconds):
    """Seconds to a SCORM 2004 duration."""
    hours, rest = divmod(round(seconds * 100), 360000)
    minutes, rest = divmod(rest, 6000)
    return f"PT{hours}H{minutes}M{rest / 100:.2f}S"


def session_seconds(version, state):
    if version == "1.2":
        return seconds_from_timespan(state.get("cmi.core.session_time", ""))
    return seconds_from_duration(state.get("cmi.session_time", ""))


# --- results ----------------------------------------------------------------------------------------------


def _float(value):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def results(version, state, mastery_score=None, completion_threshold=""):
    """(completion_status, success_status, score_scaled, score_raw) of a stored state, in 2004 terms.

    1.2's single lesson_status becomes both: passed/failed mean completed plus that success.
    """
    if version == "1.2":
        status = state.get("cmi.core.lesson_status", "") or "not attempted"
        raw = _float(state.get("cmi.core.score.raw"))
        low = _float(state.get("cmi.core.score.min")) or 0.0
        high = _float(state.get("cmi.core.score.max")) or 100.0
        scaled = None
        if raw is not None and high > low:
            scaled = max(-1.0, min(1.0, (raw - low) / (high - low)))
        completion = {
            "passed": "completed",
            "failed": "completed",
            "completed": "completed",
            "incomplete": "incomplete",
            "browsed": "incomplete",
        }.get(status, "not attempted")
        success = status if status in ("passed", "failed") else "unknown"
        if success == "unknown" and mastery_score is not None and raw is not None and completion == "completed":
            success = "passed" if raw >= float(mastery_score) else "failed"
        return completion, success, scaled, raw
    completion = state.get("cmi.completion_status", "") or "unknown"
    # SCORM 2004 RTE 4.2.4.1: with a completion threshold, the progress measure decides completion.
    threshold, progress = _float(completion_threshold), _float(state.get("cmi.progress_measure"))
    if threshold is not None and progress is not None:
        completion = "completed" if progress >= threshold else "incomplete"
    success = state.get("cmi.success_status", "") or "unknown"
    scaled = _float(state.get("cmi.score.scaled"))
    raw = _float(state.get("cmi.score.raw"))
    if success == "unknown" and mastery_score is not None and scaled is not None:
        success = "passed" if scaled >= float(mastery_score) else "failed"
    return completion, success, scaled, raw
