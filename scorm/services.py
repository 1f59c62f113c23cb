"""Run-time verbs: find or start a learner's attempt, build the state a SCO starts from, store a commit."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cmi
from .models import Attempt, Package
from .signals import attempt_committed


class StaleCommit(Exception):
    """The commit's sequence number is not newer than the stored one: a replay or an out-of-order request."""

    def __init__(self, message="", stored_sequence=0):
        # Both in args, so that copies of the exception (pickling, re-raising) keep the stored sequence.
        super().__init__(message, stored_sequence)
        self.stored_sequence = stored_sequence

    def __str__(self):
        return str(self.args[0])


def current_attempt(user, sco):
    """The attempt a learner resumes for a SCO, starting one when none exists or the policy asks for a new one."""
    latest = Attempt.objects.filter(user=user, sco=sco).order_by("-number").first()
    if latest is not None:
        if not (sco.package.attempt_policy == Package.POLICY_NEW_AFTER_COMPLETION and latest.is_completed):
            return latest
    number = latest.number + 1 if latest else 1
    try:
        with transaction.atomic():
            return Attempt.objects.create(user=user, sco=sco, number=number)
    except IntegrityError:  # Two tabs started the same attempt at once: use the one that won.
        return Attempt.objects.get(user=user, sco=sco, number=number)


def learner_name(user):
    name = getattr(user, "full_name", "") or user.get_full_name() or user.get_username()
    # SCORM 1.2 asks for "Last, First"; a single full name is sent as it is.
    return name[:255]


def launch_state(attempt):
    """Flattened CMI elements the run-time API is loaded with: the stored state plus the LMS-owned elements."""
    sco = attempt.sco
    version = sco.package.version
    state = dict(attempt.cmi)
    suspended = state.get("cmi.core.exit" if version == "1.2" else "cmi.exit") == "suspend"
    # The previous session's exit and session time are not part of the new session.
    for element in ("cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time", "adl.nav.request"):
        state.pop(element, None)
    user = attempt.user
    mastery = "" if sco.mastery_score is None else format(sco.mastery_score.normalize(), "f")
    if version == "1.2":
        state.update(
            {
                "cmi.core.student_id": str(user.pk),
                "cmi.core.student_name": learner_name(user),
                "cmi.core.credit": "credit",
                "cmi.core.lesson_mode": "normal",
                "cmi.core.entry": "resume" if suspended else ("" if attempt.sequence else "ab-initio"),
                "cmi.core.total_time": cmi.timespan_from_seconds(attempt.total_seconds),
                "cmi.launch_data": sco.launch_data,
                "cmi.student_data.mastery_score": mastery,
                "cmi.student_data.max_time_allowed": sco.max_time_allowed,
                "cmi.student_data.time_limit_action": sco.time_limit_action,
            }
        )
        state.setdefault("cmi.core.lesson_status", "not attempted")
    else:
        state.update(
            {
                "cmi.learner_id": str(user.pk),
                "cmi.learner_name": learner_name(user),
                "cmi.credit": "credit",
                "cmi.mode": "normal",
                "cmi.entry": "resume" if suspended else ("" if attempt.sequence else "ab-initio"),
                "cmi.total_time": cmi.duration_from_seconds(attempt.total_seconds),
                "cmi.launch_data": sco.launch_data,
                "cmi.scaled_passing_score": mastery,
                "cmi.completion_threshold": sco.completion_threshold,
                "cmi.time_limit_action": sco.time_limit_action or "continue,no message",
            }
        )
    return {key: value for key, value in state.items() if value != "" or key.endswith(("suspend_data", "location"))}


def commit(attempt_id, user, sequence, data, session=""):
    """Validate and store one commit of a learner's own attempt; return the updated Attempt.

    Raises Attempt.DoesNotExist for someone else's attempt, cmi.CMIError for a bad element, StaleCommit when
    `sequence` is not above the stored one. The row is locked so that concurrent commits apply in order.
    """
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise cmi.CMIError(_("sequence must be a positive integer"))
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",)).select_related("sco__package").get(pk=attempt_id, user=user)
        )
        version = attempt.sco.package.version
        elements = cmi.validate(version, data)
        if sequence <= attempt.sequence:
            raise StaleCommit(
                _("A newer state is already stored (sequence %(stored)d).") % {"stored": attempt.sequence},
                attempt.sequence,
            )
        state = dict(attempt.cmi)
        state.update(elements)
        # Session time reports the current session so far: total = total before this session + session time.
        session = str(session or "")[:64]
        if session != attempt.session_key:
            attempt.session_base_seconds = attempt.total_seconds
            attempt.session_key = session
        if any(key in elements for key in ("cmi.core.session_time", "cmi.session_time")):
            attempt.total_seconds = attempt.session_base_seconds + cmi.session_seconds(version, state)
        completion, success, scaled, raw = cmi.results(
            version, state, attempt.sco.mastery_score, attempt.sco.completion_threshold
        )
        attempt.cmi = state
        attempt.sequence = sequence
        attempt.completion_status, attempt.success_status = completion, success
        attempt.score_scaled, attempt.score_raw = scaled, raw
        if completion == "completed" and attempt.completed_at is None:
            attempt.completed_at = timezone.now()
        attempt.save()
        # Sent inside the transaction, with the row still locked: a receiver's writes (progress, a completion)
        # are atomic with the commit, and concurrent commits of one attempt reach receivers one at a time.
        send_committed(attempt)
    return attempt


def send_committed(attempt):
    sco = attempt.sco
    attempt_committed.send(
        sender=Attempt,
        attempt=attempt,
        user=attempt.user,
        package=sco.package,
        sco=sco,
        completion_status=attempt.completion_status,
        success_status=attempt.success_status,
        score_scaled=attempt.score_scaled,
        score_raw=attempt.score_raw,
        total_time_seconds=attempt.total_seconds,
    )


def package_summary(user, package):
    """The learner's status over a package's SCOs: completion, success, score (mean of scored SCOs), time."""
    scos = list(package.scos.all())
    latest = {}
    for attempt in Attempt.objects.filter(user=user, sco__package=package).order_by("sco_id", "number"):
        latest[attempt.sco_id] = attempt
    attempts = [latest.get(sco.pk) for sco in scos if sco.is_sco]
    started = [a for a in attempts if a is not None]
    if not started:
        completion = "not attempted"
    elif all(a is not None and a.completion_status == "completed" for a in attempts):
        completion = "completed"
    else:
        completion = "incomplete"
    successes = {a.success_status for a in started}
    if "failed" in successes:
        success = "failed"
    elif completion == "completed" and "passed" in successes:
        success = "passed"
    else:
        success = "unknown"
    scores = [a.score_scaled for a in started if a.score_scaled is not None]
    return {
        "completion_status": completion,
        "success_status": success,
        "score_percent": round(100 * sum(scores) / len(scores)) if scores else None,
        "total_seconds": sum(a.total_seconds for a in started),
        "attempts": {sco_id: a for sco_id, a in latest.items()},
    }
