"""The learner's record.csv: a course titled like a formula stays text (issue 13)."""

import csv
import io

from django.urls import reverse

from learning.services import enrol, record_completion

EVIL = "=cmd|' /C calc'!A0"


def test_record_csv_neutralises_formulas(client, learner, make_course):
    course = make_course(title=EVIL)
    enrolment, _created = enrol(learner, course)
    record_completion(enrolment, source="attendance", hours=2, evidence="@SUM(A1:A9)")
    client.force_login(learner)
    response = client.get(reverse("learning:record_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "'" + EVIL
    assert rows[1][-1] == "'@SUM(A1:A9)"
    assert float(rows[1][4].replace(",", ".")) == 2  # a number, in the reader's notation (2,0)
