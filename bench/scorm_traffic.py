"""What a SCORM 1.2 player sends in one learner's session: the commit bodies scorm-again posts.

Shared by bench/scorm_sessions.py (commit cost, in one process) and bench/load/locustfile.py (the load test's
learners): both send the same traffic. Standard library only (the load test runs in its own virtualenv).
"""

import random

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def suspend_data(rng, slide):
    """A few KB of the opaque, compressed-looking state authoring tools keep (SCORM 1.2 allows 4096)."""
    return f"v2|s{slide}|" + "".join(rng.choices(ALPHABET, k=rng.randint(2600, 3400)))


def interactions(rng, first, count):
    data = {}
    for index in range(first, first + count):
        prefix = f"cmi.interactions.{index}"
        answer = rng.choice("abcd")
        data.update(
            {
                f"{prefix}.id": f"Q{index + 1}_atld_nhan_dien_moi_nguy",
                f"{prefix}.type": "choice",
                f"{prefix}.student_response": answer,
                f"{prefix}.correct_responses.0.pattern": "b",
                f"{prefix}.result": "correct" if answer == "b" else "wrong",
                f"{prefix}.weighting": "1",
                f"{prefix}.time": f"10:{index:02d}:{rng.randint(0, 59):02d}",
                f"{prefix}.latency": f"0000:00:{rng.randint(5, 59):02d}.{rng.randint(0, 99):02d}",
            }
        )
    return data


def session_commits(seed, pages=4):
    """The commit bodies (without token and sequence) of one learner's session, in order, with their kinds.

    The first sets lesson_status incomplete; then `pages` of location, suspend data and interactions only; one
    with the session time; the last passed with a score.
    """
    rng = random.Random(seed)
    commits = [
        (
            "status",
            {
                "cmi.core.lesson_status": "incomplete",
                "cmi.core.lesson_location": "slide-1",
                "cmi.suspend_data": suspend_data(rng, 1),
            },
        )
    ]
    for page in range(pages):
        body = {"cmi.core.lesson_location": f"slide-{page + 2}", "cmi.suspend_data": suspend_data(rng, page + 2)}
        commits.append(("location", {**body, **interactions(rng, 2 * page, 2)}))
    commits.append(
        (
            "time",
            {
                "cmi.core.lesson_location": "slide-6",
                "cmi.suspend_data": suspend_data(rng, 6),
                "cmi.core.session_time": "00:09:30",
            },
        )
    )
    commits.append(
        (
            "passed",
            {
                "cmi.core.lesson_status": "passed",
                "cmi.core.score.raw": "90",
                "cmi.core.score.min": "0",
                "cmi.core.score.max": "100",
                "cmi.core.lesson_location": "slide-7",
                "cmi.suspend_data": suspend_data(rng, 7),
                "cmi.core.session_time": "00:12:04",
                "cmi.core.exit": "",
            },
        )
    )
    return commits
