"""Signals the scorm app sends; other apps connect to them (scorm imports none of theirs).

`attempt_committed`: sent after each commit of a learner's attempt is stored, inside the commit's transaction
(the attempt row is locked, so receivers' writes are atomic with it), with
    sender: the `scorm.models.Attempt` class
    attempt: the Attempt
    user: the learner
    package: the scorm.Package
    sco: the scorm.models.Sco the attempt is for
    completion_status: "completed", "incomplete", "not attempted" or "unknown" (1.2's lesson_status is mapped:
        passed/failed/completed are completed, incomplete/browsed are incomplete)
    success_status: "passed", "failed" or "unknown"
    score_scaled: float from -1 to 1, or None (1.2: raw score scaled by min/max, 0-100 by default)
    score_raw: float or None
    total_time_seconds: float, the attempt's accumulated total time
"""

from django.dispatch import Signal

attempt_committed = Signal()
