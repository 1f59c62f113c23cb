"""Recognition verbs: self-assess, submit, review and approve, decide unit levels, award titles, run cycles.

Access is decided by organisations.access (one place); reviewing uses REVIEW, seeing figures VIEW, exports EXPORT.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications import services as notifications
from notifications.models import Notice
from organisations import access
from organisations.models import Membership, OrganisationRole

from . import conf, evaluation
from .models import Assessment, Award, Cycle, Score, UnitAssessment

logger = logging.getLogger(__name__)

# Who may review self-assessments, run cycles and decide unit levels: HR and union officers, organisation admins.
REVIEW = access.RECOGNISE


class RecognitionError(ValidationError):
    """A refusal a person can act on; the message is translated."""


def can_review(actor, organisation):
    return access.can_access_organisation(actor, organisation, REVIEW)


def can_see_evidence(actor, assessment):
    """The person, and whoever may review or see the workers of the assessment's organisation (HR, officers)."""
    if getattr(actor, "pk", None) == assessment.user_id:
        return True
    return can_review(actor, assessment.organisation) or access.can_access_organisation(
        actor, assessment.organisation, access.VIEW
    )


def _check_review(actor, organisation):
    if not can_review(actor, organisation):
        raise PermissionDenied(_("You may not review recognition in this organisation."))


def is_own_organisation(actor, organisation, year=None):
    """The actor holds a role at the organisation (or below it), or works there now or did during `year`."""
    below = {"organisation__path__startswith": organisation.path}
    if OrganisationRole.objects.filter(user_id=actor.pk, **below).exists():
        return True
    memberships = Membership.objects.filter(user_id=actor.pk, **below)
    today = timezone.localdate()
    periods = Q(end_date__isnull=True) | Q(end_date__gte=today)
    if year is not None:
        periods |= Q(start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))
    return memberships.filter(periods).exists()


def reviews_from_above(actor, organisation):
    """The actor reaches the organisation for review through a role at one of its ancestors (or is a superuser)."""
    paths = access.root_paths(actor, REVIEW)
    if paths is access.Everything:
        return True
    return any(organisation.path.startswith(path) and path != organisation.path for path in paths)


def _check_from_above(actor, organisation, year, message):
    """Titles are decided from above: never by the organisation's own officers or workers (issue 13)."""
    if is_own_organisation(actor, organisation, year):
        raise PermissionDenied(_("You may not award a title to your own organisation."))
    if not reviews_from_above(actor, organisation):
        raise PermissionDenied(message)


def _points(value, maximum):
    try:
        points = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise RecognitionError(_("Points must be a number.")) from None
    if not points.is_finite():  # NaN cannot even be compared; Infinity is no score either
        raise RecognitionError(_("Points must be a number."))
    if points < 0 or points > maximum:
        raise RecognitionError(_("Points must be between 0 and %(max)s.") % {"max": maximum})
    return points.quantize(Decimal("0.1"))


# The person ---------------------------------------------------------------------------------------------------


def cycle_for(organisation, year):
    """The recognition cycle of the organisation or its nearest ancestor for the year, or None."""
    paths = [
        organisation.path[:i] for i in range(organisation.steplen, len(organisation.path) + 1, organisation.steplen)
    ]
    return (
        Cycle.objects.filter(year=year, organisation__path__in=paths)
        .select_related("organisation")
        .order_by("-organisation__depth")
        .first()
    )


def my_assessment(user, year=None):
    """The person's assessment for the year, created and scored from their learning record when missing."""
    year = year or timezone.localdate().year
    return evaluation.evaluate_person(user, year)


def scores_of(assessment):
    return assessment.scores.select_related("indicator").prefetch_related(
        "evidence__completion", "evidence__certificate", "evidence__enrolment"
    )


@transaction.atomic
def propose_score(assessment, indicator_code, *, by, points=None, reason="", evidence_text=None, evidence_file=None):
    """The person sets an indicator's points (a change from the automatic figure needs a reason) or evidence."""
    entry = {"points": points, "reason": reason, "evidence_text": evidence_text, "evidence_file": evidence_file}
    try:
        return propose_scores(assessment, {indicator_code: entry}, by=by)[0]
    except RecognitionError as error:
        if hasattr(error, "error_dict"):
            raise RecognitionError(error.error_dict[indicator_code]) from None
        raise


@transaction.atomic
def propose_scores(assessment, entries, *, by):
    """Save several indicators at once ({code: {points, reason, evidence_text, evidence_file}}, keys optional).

    All or nothing: when one indicator is refused, none is saved and the RecognitionError maps each refused
    code to its messages. Returns the saved scores.
    """
    if by.pk != assessment.user_id:
        raise PermissionDenied(_("Only the person may fill in their self-assessment."))
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_editable:
        raise RecognitionError(_("This self-assessment has been submitted and can no longer be changed."))
    scores = {s.indicator.code: s for s in Score.objects.select_related("indicator").filter(assessment=assessment)}
    unknown = set(entries) - set(scores)
    if unknown:
        raise Score.DoesNotExist(", ".join(sorted(unknown)))
    errors, changed = {}, []
    for code, entry in entries.items():
        try:
            _apply_proposal(scores[code], **entry)
        except RecognitionError as error:
            errors[code] = error.messages
        else:
            changed.append(scores[code])
    if errors:
        raise RecognitionError(errors)
    for score in changed:
        score.save()
    evaluation.update_totals(Assessment.objects.filter(pk=assessment.pk))
    return changed


def _apply_proposal(score, points=None, reason="", evidence_text=None, evidence_file=None):
    """Set the person's figures on the score (not saved); RecognitionError when they are refused."""
    reason = (reason or "").strip()
    if points not in (None, ""):
        value = _points(points, score.indicator.max_points)
        if score.auto_points is not None and value != score.auto_points and not reason:
            raise RecognitionError(_("Give the reason for changing the points taken from your learning record."))
        score.proposed_points = value
        score.proposed_reason = reason if (score.auto_points is None or value != score.auto_points) else ""
    if evidence_text is not None:
        score.evidence_text = evidence_text.strip()
    if evidence_file is not None:
        if evidence_file.size > conf.evidence_max_bytes():
            raise RecognitionError(_("The evidence file is too large."))
        score.evidence_file = evidence_file


@transaction.atomic
def submit(assessment, *, by):
    """The person submits: every indicator needs points; those without automatic evidence need evidence."""
    if by.pk != assessment.user_id:
        raise PermissionDenied(_("Only the person may submit their self-assessment."))
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.DRAFT:
        raise RecognitionError(_("This self-assessment has already been submitted."))
    cycle = cycle_for(assessment.organisation, assessment.year)
    if cycle is None or not cycle.accepts_self_assessments:
        raise RecognitionError(_("Self-assessment is not open for your organisation."))
    missing = []
    for score in assessment.scores.select_related("indicator"):
        has_evidence = score.evidence_text or score.evidence_file or score.evidence.exists()
        if score.proposed_points is None or (score.proposed_points > 0 and not has_evidence):
            missing.append(score.indicator.code)
    if missing:
        raise RecognitionError(
            _("Give points and evidence for every indicator (missing: %(codes)s).") % {"codes": ", ".join(missing)}
        )
    assessment.status = Assessment.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    return assessment


# Review -------------------------------------------------------------------------------------------------------


def review_queue(actor, organisation, year=None, status=Assessment.SUBMITTED):
    """Assessments in the organisation's subtree the actor may review, oldest submission first."""
    queryset = Assessment.objects.filter(organisation__path__startswith=organisation.path).filter(
        access.path_filter(actor, REVIEW, field="organisation__path")
    )
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("user", "organisation").order_by("submitted_at", "pk")


@transaction.atomic
def approve(assessment, *, by, adjustments=None, comment="", on=None):
    """The reviewer approves, adjusting indicators ({code: (points, reason)}); both scores are kept.

    The automatic points are computed again from the learning record first (a revoked certificate or a rejected
    completion no longer counts). Refused when the final points do not meet the criteria (reject instead). When
    the proposal computed now does not meet them, approving is an override: only a reviewer of an organisation
    above the workplace may, with the reason in the comment. Returns the award.
    """
    _check_review(by, assessment.organisation)
    assessment = Assessment.objects.select_for_update().select_related("criteria", "organisation").get(pk=assessment.pk)
    if assessment.status != Assessment.SUBMITTED:
        raise RecognitionError(_("Only a submitted self-assessment can be approved."))
    if assessment.user_id == by.pk:
        raise PermissionDenied(_("You may not approve your own self-assessment."))
    evaluation.score_persons(Assessment.objects.filter(pk=assessment.pk), assessment.year)
    assessment.refresh_from_db()
    adjustments = adjustments or {}
    scores = list(assessment.scores.select_related("indicator"))
    known = {s.indicator.code for s in scores}
    unknown = set(adjustments) - known
    if unknown:
        raise RecognitionError(_("Unknown indicator: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    for score in scores:
        score.final_points, score.final_reason = score.proposed_points, ""
        if score.indicator.code in adjustments:
            points, reason = adjustments[score.indicator.code]
            value = _points(points, score.indicator.max_points)
            if value != score.proposed_points:
                if not (reason or "").strip():
                    raise RecognitionError(
                        _("Give the reason for changing indicator %(code)s.") % {"code": score.indicator.code}
                    )
                score.final_points, score.final_reason = value, reason.strip()
    if not evaluation.passes([s.final_points for s in scores], assessment.criteria):
        raise RecognitionError(
            _(
                "The final points do not meet the criteria (%(total)s points, no indicator under %(min)s): reject instead."
            )
            % {"total": assessment.criteria.pass_total, "min": assessment.criteria.min_indicator}
        )
    comment = (comment or "").strip()
    if not assessment.proposed_passes:
        _check_from_above(
            by,
            assessment.organisation,
            assessment.year,
            _("The proposal does not meet the criteria: only a reviewer of an organisation above the workplace may "
              "recognise it."),
        )  # fmt: skip
        if not comment:
            raise RecognitionError(
                _("The proposal does not meet the criteria: give the reason for recognising it anyway in the comment.")
            )
    Score.objects.bulk_update(scores, ["final_points", "final_reason"])
    assessment.final_total = sum(s.final_points for s in scores)
    assessment.status = Assessment.APPROVED
    assessment.reviewed_by, assessment.reviewed_at = by, timezone.now()
    assessment.review_comment = comment
    assessment.save()
    on = on or timezone.localdate()
    award = Award.objects.create(
        kind=Award.CDHT,
        year=assessment.year,
        user_id=assessment.user_id,
        organisation=assessment.organisation,
        assessment=assessment,
        criteria=assessment.criteria,
        valid_from=on,
        # A CDHT title is yearly; it stands until the next year's recognition ends.
        valid_until=datetime.date(assessment.year + 1, 12, 31),
        awarded_by=by,
    )
    award_id = award.pk
    transaction.on_commit(lambda: _issue_after_commit(award_id))
    return award


@transaction.atomic
def reject(assessment, *, by, comment):
    """The reviewer does not recognise the person this year; a comment is required."""
    _check_review(by, assessment.organisation)
    comment = (comment or "").strip()
    if not comment:
        raise RecognitionError(_("Give the reason for not recognising this self-assessment."))
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.SUBMITTED:
        raise RecognitionError(_("Only a submitted self-assessment can be rejected."))
    assessment.status = Assessment.REJECTED
    assessment.reviewed_by, assessment.reviewed_at, assessment.review_comment = by, timezone.now(), comment
    assessment.save()
    return assessment


def bulk_approve(actor, organisation, ids, *, comment=""):
    """Approve several submitted assessments as proposed. Careful: only those the actor may review, whose proposal
    meets the criteria and whose every indicator has evidence; the others are left for one-by-one review.
    Returns (approved count, [(assessment id, reason skipped)])."""
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    ids = [int(i) for i in ids if re.fullmatch(r"[0-9]{1,18}", str(i))][: conf.bulk_approve_max()]
    candidates = Assessment.objects.filter(pk__in=ids, status=Assessment.SUBMITTED).filter(
        organisation__path__startswith=organisation.path
    )
    candidates = candidates.filter(access.path_filter(actor, REVIEW, field="organisation__path")).select_related(
        "organisation"
    )
    approved, skipped = 0, []
    found = set()
    for assessment in candidates:
        found.add(assessment.pk)
        if not assessment.proposed_passes:
            skipped.append((assessment.pk, _("the proposal does not meet the criteria")))
            continue
        try:
            approve(assessment, by=actor, comment=comment)
            approved += 1
        except (RecognitionError, PermissionDenied) as error:
            skipped.append((assessment.pk, "; ".join(getattr(error, "messages", [str(error)]))))
    skipped += [(pk, _("not found or not yours to review")) for pk in ids if pk not in found]
    return approved, skipped


# Units --------------------------------------------------------------------------------------------------------


@transaction.atomic
def set_unit_conditions(unit_assessment, *, by, learning_plan, training_rules, learning_devices):
    """HR or the union records the unit's conditions, then the unit's level is proposed again."""
    _check_review(by, unit_assessment.organisation)
    if unit_assessment.status != UnitAssessment.DRAFT:
        raise RecognitionError(_("This unit's evaluation has been decided."))
    unit_assessment.has_learning_plan = bool(learning_plan)
    unit_assessment.has_training_rules = bool(training_rules)
    unit_assessment.has_learning_devices = bool(learning_devices)
    unit_assessment.save(update_fields=["has_learning_plan", "has_training_rules", "has_learning_devices"])
    evaluation.score_units(
        UnitAssessment.objects.filter(pk=unit_assessment.pk), unit_assessment.criteria, unit_assessment.year
    )
    unit_assessment.refresh_from_db()
    return unit_assessment


def _years_from(day, years):
    """The same day `years` later (or earlier when negative); 29 February becomes 28 February off leap years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def parse_level(value):
    """A unit level from a form or a caller: None when not given, else 1 or 2; anything else is refused."""
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    elif isinstance(value, str) and value.strip() in ("1", "2"):
        level = int(value.strip())
    else:
        level = None
    if level not in (1, 2):
        raise RecognitionError(_("Only level 1 or level 2 can be awarded."))
    return level


@transaction.atomic
def approve_unit(unit_assessment, *, by, level=None, reason="", on=None):
    """Decide a unit's level and award the title (valid N years), from an organisation above the unit.

    The level the criteria in force give is computed again first; awarding that level needs no reason, a lower
    one does, and a higher one is an override of failed criteria: the reason is required and kept.
    The unit's own officers and workers never decide it.
    """
    _check_review(by, unit_assessment.organisation)
    _check_from_above(
        by,
        unit_assessment.organisation,
        unit_assessment.year,
        _("A unit's title is awarded by an organisation above it."),
    )
    level = parse_level(level)
    unit = (
        UnitAssessment.objects.select_for_update().select_related("criteria", "organisation").get(pk=unit_assessment.pk)
    )
    if unit.status != UnitAssessment.DRAFT:
        raise RecognitionError(_("This unit's evaluation has already been decided."))
    # The evaluation's result, now: members, CDHT holders and conditions may have changed since it last ran.
    criteria = evaluation.criteria_for(unit.year, unit.organisation) or unit.criteria
    if criteria.pk != unit.criteria_id:
        unit.criteria = criteria
        unit.save(update_fields=["criteria"])
    evaluation.score_units(UnitAssessment.objects.filter(pk=unit.pk), criteria, unit.year)
    unit.refresh_from_db()
    computed = unit.proposed_level
    if level is None:
        level = computed
    if level not in (1, 2):
        raise RecognitionError(
            _("The unit does not meet the criteria (%(holders)s of %(members)s members hold the title and the three "
              "conditions are needed): only level 1 or level 2 can be awarded, with the reason for an exception.")
            % {"holders": unit.cdht_holders, "members": unit.members}
        )  # fmt: skip
    reason = (reason or "").strip()
    if level > computed and not reason:
        raise RecognitionError(
            _("The unit does not meet the criteria for level %(level)s (%(holders)s of %(members)s members hold the "
              "title): give the reason for awarding it anyway.")
            % {"level": level, "holders": unit.cdht_holders, "members": unit.members}
        )  # fmt: skip
    if level != computed and not reason:
        raise RecognitionError(_("Give the reason for changing the proposed level."))
    on = on or timezone.localdate()
    if level == 2:
        earlier = (
            Award.objects.held()
            .filter(
                organisation=unit.organisation,
                kind=Award.UNIT_1,
                valid_from__lte=_years_from(on, -criteria.level2_after_years),
            )
            .exists()
        )
        if not earlier:
            raise RecognitionError(
                _("Level 2 needs a level-1 title awarded at least %(years)s year(s) before.")
                % {"years": criteria.level2_after_years}
            )
    unit.final_level = level
    unit.status = UnitAssessment.APPROVED
    unit.reviewed_by, unit.reviewed_at, unit.review_comment = by, timezone.now(), reason
    unit.save()
    if (on.month, on.day) == (2, 29):
        until = _years_from(on, criteria.validity_years)  # to 28 February N years on, a year with no 29th
    else:
        until = _years_from(on, criteria.validity_years) - datetime.timedelta(days=1)
    award = Award.objects.create(
        kind=Award.UNIT_2 if level == 2 else Award.UNIT_1,
        year=unit.year,
        organisation=unit.organisation,
        unit_assessment=unit,
        criteria=criteria,
        valid_from=on,
        valid_until=until,
        awarded_by=by,
    )
    award_id = award.pk
    transaction.on_commit(lambda: _issue_after_commit(award_id))
    return award


def holds_unit_title(organisation, on=None):
    """The unit's title valid on a date (the highest level), or None."""
    on = on or timezone.localdate()
    return (
        Award.objects.held()
        .filter(
            organisation=organisation, kind__in=[Award.UNIT_1, Award.UNIT_2], valid_from__lte=on, valid_until__gte=on
        )
        .order_by("-kind")
        .first()
    )


# Titles as certificates ----------------------------------------------------------------------------------------


# The title as printed and signed: Vietnamese, fixed at issuance (the certificate is a snapshot, not a translation).
TITLE_NAMES = {
    Award.CDHT: "Công dân học tập {year}",
    Award.UNIT_1: "Đơn vị học tập mức độ 1, năm {year}",
    Award.UNIT_2: "Đơn vị học tập mức độ 2, năm {year}",
}


def title_text(award):
    return TITLE_NAMES[award.kind].format(year=award.year)


def title_source_key(award):
    """What the certificates app keys the title's certificate on: approving or issuing twice never issues two."""
    return f"{'cdht' if award.kind == Award.CDHT else 'unit'}:{award.pk}"


def title_issuer(award):
    """Who recognised the title: the organisation running that year's recognition cycle (None: the site's issuer)."""
    cycle = cycle_for(award.organisation, award.year)
    return cycle.organisation.name if cycle is not None else None


def issue_title_certificate(award):
    """Issue the award's certificate through the certificates app (verifiable like any other); returns it.

    Idempotent: the certificate is keyed on the award, so a second call returns the same one.
    """
    from certificates import services as certificate_services

    if award.certificate_id:
        return award.certificate
    holder = award.user
    if holder is not None:
        holder_name = certificate_services.holder_name_of(holder)
    else:
        holder_name = award.organisation.unit_name or award.organisation.name
    certificate, _created = certificate_services.issue_title_certificate(
        user=holder,
        holder_name=holder_name,
        title=title_text(award),
        issued_at=award.awarded_at,
        issuer_name=title_issuer(award),
        actor=award.awarded_by,
        source_key=title_source_key(award),
    )
    Award.objects.filter(pk=award.pk).update(certificate=certificate)
    award.certificate = certificate
    return certificate


def issue_missing_title_certificates(year=None, root=None):
    """Issue the certificates of awards that have none (a failure after approval recovers here); returns the count."""
    awards = Award.objects.filter(certificate__isnull=True).select_related("user", "organisation", "awarded_by")
    if year is not None:
        awards = awards.filter(year=year)
    if root is not None:
        awards = awards.filter(organisation__path__startswith=root.path)
    issued = 0
    for award in awards.order_by("pk").iterator(chunk_size=200):
        issue_title_certificate(award)
        issued += 1
    return issued


def _issue_after_commit(award_id):
    award = Award.objects.select_related("user", "organisation", "awarded_by").filter(pk=award_id).first()
    if award is None:
        return
    try:
        issue_title_certificate(award)
    except Exception:
        # The title stands without its certificate; `recognition_evaluate` issues whatever is missing.
        logger.exception("Could not issue the certificate of award %s", award_id)


# Cycles ---------------------------------------------------------------------------------------------------------


def get_or_create_cycle(organisation, year, *, by=None):
    if by is not None:
        _check_review(by, organisation)
    return Cycle.objects.get_or_create(organisation=organisation, year=year)


def default_closing_date(year):
    """15 November, before the annual report is due (25 November); two weeks from today when that has passed."""
    return max(datetime.date(year, 11, 15), timezone.localdate() + datetime.timedelta(days=14))


def open_cycle(cycle, *, by=None, opens_on=None, closes_on=None):
    """Open the self-assessment window and have everyone's proposal computed (in the background)."""
    if by is not None:
        _check_review(by, cycle.organisation)
    if cycle.status == Cycle.CLOSED:
        raise RecognitionError(_("This cycle is closed."))
    opens_on = opens_on or cycle.opens_on or timezone.localdate()
    closes_on = closes_on or cycle.closes_on or default_closing_date(cycle.year)
    if closes_on < opens_on:
        raise RecognitionError(_("The window must close after it opens."))
    if closes_on < timezone.localdate():
        raise RecognitionError(_("That closing date has passed: choose a later one."))
    cycle.status, cycle.opens_on, cycle.closes_on = Cycle.OPEN, opens_on, closes_on
    cycle.save()
    request_evaluation(cycle)
    return cycle


def request_evaluation(cycle, *, by=None):
    """Queue the subtree's evaluation: a province takes minutes, so it never runs inside a request."""
    if by is not None:
        _check_review(by, cycle.organisation)
    if cycle.status == Cycle.CLOSED:
        raise RecognitionError(_("This cycle is closed."))
    cycle.evaluation_requested_at = timezone.now()
    cycle.save(update_fields=["evaluation_requested_at"])
    from . import tasks

    transaction.on_commit(lambda: tasks.evaluate_cycle.enqueue(cycle.pk))
    return cycle


def run_evaluation(cycle):
    result = evaluation.evaluate(cycle.year, cycle.organisation)
    cycle.evaluated_at = timezone.now()
    cycle.save(update_fields=["evaluated_at"])
    return result


def pending_assessments(cycle):
    """Self-assessments of the cycle's subtree that have not been submitted yet."""
    return Assessment.objects.filter(
        year=cycle.year, status=Assessment.DRAFT, organisation__path__startswith=cycle.organisation.path
    )


@dataclass
class Reminder:
    """What a reminder is about to do: people who have not submitted, and how many a channel can reach now."""

    pending: int
    reachable: int

    @property
    def only_on_site(self):
        return self.pending - self.reachable


def remind(cycle, *, by=None):
    """Queue a reminder to everyone of the subtree who has not submitted: an in-app notice on their pages, and an
    e-mail or a text message to those who can get one (notifications.notify_many). Returns a Reminder."""
    if by is not None:
        _check_review(by, cycle.organisation)
    if not cycle.accepts_self_assessments:
        raise RecognitionError(_("Reminders can only be sent while self-assessment is open."))
    people = _pending_people(cycle)
    reminder = Reminder(pending=people.count(), reachable=notifications.reachable_count(people))
    cycle.reminded_at = timezone.now()
    cycle.save(update_fields=["reminded_at"])
    from . import tasks

    transaction.on_commit(lambda: tasks.send_reminders.enqueue(cycle.pk))
    return reminder


def _pending_people(cycle):
    return get_user_model().objects.filter(pk__in=pending_assessments(cycle).values("user_id"))


def reminder_event(cycle):
    """One reminder per cycle and day: pressing the button twice in a day sends nothing more."""
    day = timezone.localtime(cycle.reminded_at).date() if cycle.reminded_at else timezone.localdate()
    return f"recognition:reminder:cycle-{cycle.pk}:{day:%Y-%m-%d}"


def send_reminders(cycle, batch_size=500):
    """Notify each person who has not submitted (in batches); returns the notifications Summary.

    Stores on the cycle how many it was for and how many an e-mail or a message reached.
    """
    closes_on = date_format(cycle.closes_on, "d/m/Y") if cycle.closes_on else ""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: your Công dân học tập self-assessment %(year)s") % {"year": cycle.year}
        if closes_on:
            body = _(
                "Your Công dân học tập self-assessment for %(year)s has not been submitted yet. Your points from the "
                "learning record are already filled in; check them, add evidence for the other indicators and submit "
                "before %(closes_on)s.\n\n%(organisation)s"
            ) % {"year": cycle.year, "closes_on": closes_on, "organisation": cycle.organisation.name}
        else:
            body = _(
                "Your Công dân học tập self-assessment for %(year)s has not been submitted yet. Your points from the "
                "learning record are already filled in; check them, add evidence for the other indicators and "
                "submit.\n\n%(organisation)s"
            ) % {"year": cycle.year, "organisation": cycle.organisation.name}
    summary = notifications.notify_many(
        _pending_people(cycle).order_by("pk").iterator(chunk_size=batch_size),
        event_key=reminder_event(cycle),
        subject=subject,
        body=body,
        url=reverse("recognition:mine"),
        mandatory=False,
    )
    # Pressed twice in a day, the second run sends nothing: the figures stay those of the day's reminder.
    reached_today = Notice.objects.filter(event_key=reminder_event(cycle)).exclude(channels=[]).count()
    Cycle.objects.filter(pk=cycle.pk).update(
        reminders_sent=F("reminders_sent") + summary.reached,
        reminders_targeted=summary.targeted,
        reminders_reached=reached_today,
    )
    return summary


def start_review(cycle, *, by=None):
    """Stop submissions; what was submitted is reviewed."""
    if by is not None:
        _check_review(by, cycle.organisation)
    if cycle.status != Cycle.OPEN:
        raise RecognitionError(_("Only an open round can move to review."))
    cycle.status = Cycle.REVIEW
    cycle.save(update_fields=["status"])
    return cycle


def close_cycle(cycle, *, by=None):
    """Close the cycle: no more submissions; decisions already taken stand."""
    if by is not None:
        _check_review(by, cycle.organisation)
    cycle.status = Cycle.CLOSED
    cycle.save(update_fields=["status"])
    return cycle
