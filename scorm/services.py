"""Run-time verbs: find or start a learner's attempt, build the state a SCO starts from, store a commit."""

import json
import time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cmi, conf
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


def start_session(user, sco):
    """Launch a SCO for a learner: the attempt to resume (or a new one) and a commit token for this session.

    An asset (an item that never talks to the API) counts as completed once launched, as SCORM asks.
    """
    from .tokens import make_token

    attempt = current_attempt(user, sco)
    if not sco.is_sco and attempt.completion_status != "completed":
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update(of=("self",)).select_related("sco__package").get(pk=attempt.pk)
            if attempt.completion_status != "completed":
                attempt.completion_status = "completed"
                attempt.completed_at = timezone.now()
                attempt.sequence += 1
                attempt.save()
                send_committed(attempt, frozenset({"completion_status"}))
    token, _session = make_token(attempt)
    return attempt, token


def learner_name(user):
    name = getattr(user, "full_name", "") or user.get_full_name() or user.get_username()
    # SCORM 1.2 asks for "Last, First"; a single full name is sent as it is.
    return name[:255]


# Elements that describe one session, not the attempt: a new session starts without the previous one's.
SESSION_ELEMENTS = ("cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time", "adl.nav.request")


def launch_state(attempt):
    """Flattened CMI elements the run-time API is loaded with: the stored state plus the LMS-owned elements."""
    sco = attempt.sco
    version = sco.package.version
    state = dict(attempt.cmi)
    suspended = state.get("cmi.core.exit" if version == "1.2" else "cmi.exit") == "suspend"
    # The previous session's exit and session time are not part of the new session.
    for element in SESSION_ELEMENTS:
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


# Commits larger than this many sequence numbers are refused: far beyond any session, and inside 64 bits.
MAX_SEQUENCE = 2**31
# Fields of an attempt that other apps' bookkeeping reads; a commit changing none of them says so.
RESULT_FIELDS = ("completion_status", "success_status", "score_scaled", "score_raw", "total_seconds")
# What a commit writes: the attempt's owner, SCO and number never change.
COMMIT_FIELDS = (*RESULT_FIELDS, "cmi", "sequence", "sessions", "completed_at", "updated_at")


def commit(claims, sequence, data, now=None):
    """Validate and store one commit of the attempt and session named by a commit token's claims.

    Sequences count per session (a launch): a commit is stale when its session already stored that sequence,
    so a replay or a retry of a commit that did land changes nothing, while a closed tab's late final commit
    still lands after the next session began. Elements merge into the stored state; a session's time counts
    once and never beyond the wall-clock time since its launch. Raises Attempt.DoesNotExist, cmi.CMIError or
    StaleCommit. The row is locked so that concurrent commits apply one at a time.
    """
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 1 <= sequence <= MAX_SEQUENCE:
        raise cmi.CMIError(_("sequence must be a positive integer"))
    now = time.time() if now is None else now
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("sco__package")
            # A package's table of contents can be large and no commit reads it.
            .defer("sco__package__organisation", "sco__launch_data")
            .get(pk=claims["a"], user_id=claims["u"])
        )
        version = attempt.sco.package.version
        elements = cmi.validate(version, data)
        key = claims["s"]
        session = dict(attempt.sessions.get(key) or {"seq": 0, "seconds": 0})
        if sequence <= session["seq"]:
            raise StaleCommit(
                _("This commit is already stored (sequence %(stored)d).") % {"stored": session["seq"]},
                session["seq"],
            )
        before = tuple(getattr(attempt, field) for field in RESULT_FIELDS)
        state = dict(attempt.cmi)
        if key not in attempt.sessions:
            # A new session's first commit: the previous session's exit ("suspend" would make the next launch
            # resume) is not this one's, and the run-time sends an unchanged "" exit no more than any other value.
            for element in SESSION_ELEMENTS:
                state.pop(element, None)
        state.update(elements)
        session["seq"] = sequence
        time_element = "cmi.core.session_time" if version == "1.2" else "cmi.session_time"
        if time_element in elements:
            # The content reports the session so far; never more than the time since the launch.
            elapsed = max(now - claims["t"], 0)
            session["seconds"] = round(min(cmi.session_seconds(version, elements), elapsed), 2)
        session["t"] = claims["t"]
        attempt.sessions = {**attempt.sessions, key: session}
        attempt.total_seconds = attempt.session_base_seconds + covered_seconds(attempt.sessions.values())
        if len(json.dumps(state)) > conf.max_state_size():
            raise cmi.CMIError(_("This attempt's stored data would exceed its limit; nothing was stored."))
        completion, success, scaled, raw = cmi.results(
            version, state, attempt.sco.mastery_score, attempt.sco.completion_threshold
        )
        attempt.cmi = state
        attempt.sequence += 1
        attempt.completion_status, attempt.success_status = completion, success
        attempt.score_scaled, attempt.score_raw = scaled, raw
        if completion == "completed" and attempt.completed_at is None:
            attempt.completed_at = timezone.now()
        attempt.save(update_fields=COMMIT_FIELDS)
        changed = frozenset(f for f, old in zip(RESULT_FIELDS, before, strict=True) if _differs(f, old, attempt))
        # Sent inside the transaction, with the row still locked: a receiver's writes (progress, a completion)
        # are atomic with the commit, and concurrent commits of one attempt reach receivers one at a time.
        send_committed(attempt, changed)
    return attempt


def covered_seconds(sessions):
    """Seconds covered by sessions, each from its launch for its reported time: tabs open side by side count once."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted((s.get("t", 0), s.get("t", 0) + s["seconds"]) for s in sessions):
        if end > reached:
            total += end - max(start, reached)
            reached = end
    return round(total, 2)


def _differs(field, old, attempt):
    """Whether a result changed; time counts in whole seconds (what the learning record keeps)."""
    new = getattr(attempt, field)
    if field == "total_seconds":
        return int(new) != int(old)
    return new != old


def send_committed(attempt, changed):
    """Announce a stored commit; the package's summary is computed only when a result changed."""
    sco = attempt.sco
    summary = package_summary(attempt.user_id, sco.package) if changed else None
    attempt_committed.send(
        sender=Attempt,
        attempt=attempt,
        user_id=attempt.user_id,
        package=sco.package,
        sco=sco,
        changed=changed,
        completion_status=attempt.completion_status,
        success_status=attempt.success_status,
        score_scaled=attempt.score_scaled,
        score_raw=attempt.score_raw,
        total_time_seconds=attempt.total_seconds,
        package_summary=summary,
    )


def package_summary(user, package):
    """The learner's status over a package's SCOs: completion, success, score (mean of scored SCOs), time.

    `user` is a user or its id. Completed only when every item is (an asset once it was launched).
    """
    user_id = getattr(user, "pk", user)
    latest = {}
    graded = list(package.scos.order_by("position").values_list("pk", flat=True))
    for attempt in Attempt.objects.filter(user_id=user_id, sco__package=package).order_by("sco_id", "number"):
        latest[attempt.sco_id] = attempt
    attempts = [latest.get(sco_id) for sco_id in graded]
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
        "score_scaled": sum(scores) / len(scores) if scores else None,
        "score_percent": round(100 * sum(scores) / len(scores)) if scores else None,
        "total_seconds": sum(a.total_seconds for a in started),
        "attempts": {sco_id: a for sco_id, a in latest.items()},
    }
