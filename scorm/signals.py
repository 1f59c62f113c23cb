"""Signals the scorm app sends; other apps connect to them (scorm imports none of theirs).

`attempt_committed`: sent after each commit of a learner's attempt is stored (and when an asset is launched),
inside the commit's transaction (the attempt row is locked, so receivers' writes are atomic with it), with
    sender: the `scorm.models.Attempt` class
    attempt: the Attempt (`attempt.user` is loaded on first use)
    user_id: the learner's id
    package: the scorm.Package
    sco: the scorm.models.Sco the attempt is for
    changed: frozenset of the attempt's results this commit changed, among "completion_status",
        "success_status", "score_scaled", "score_raw", "total_seconds"; empty for a commit that only carried the
        content's own data (location, suspend data, interactions): receivers can then return at once
    completion_status: "completed", "incomplete", "not attempted" or "unknown" (1.2's lesson_status is mapped:
        passed/failed/completed are completed, incomplete/browsed are incomplete)
    success_status: "passed", "failed" or "unknown"
    score_scaled: float from -1 to 1, or None (1.2: raw score scaled by min/max, 0-100 by default)
    score_raw: float or None
    total_time_seconds: float, the attempt's accumulated total time
    package_summary: when `changed` is not empty, the learner's status over the whole package
        (services.package_summary: completion_status "completed" only when every item is, success_status,
        score_scaled (mean), score_percent, total_seconds); None otherwise
"""

from django.dispatch import Signal

attempt_committed = Signal()
