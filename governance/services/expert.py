"""Writes of the expert councils (Rules p.50–54, p.75): the quarterly discussions of the program, their
recommendations to the program governing committee, and the committee's response.

Who may (asked through `pmis.core.authorization`):
- record, change and send a discussion and its recommendations: "change" on the discussion — the expert
  council's secretary (`ExpertDiscussion.ROLE_PEOPLE`, p.75) or the project office ("change" on the program);
  only a draft changes; a discussion is sent with at least one recommendation, to the committee's chair and
  deputy chair and the program manager;
- respond to a recommendation (accept it for information and work, or take note of it, p.54): "approve" on the
  program — the committee's chair and deputy chair, the program manager; it may name a decision of a committee
  meeting at that program.
The quarterly reminder (`governance.expert_quarter_remind`) tells the secretary and the head of the project
office, in the last 15 days of a quarter, that the council has not met in it (p.50), once per quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from org.selectors import role_holders
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import BODY_SCRUM_LEVEL, BodyKind, DiscussionStatus, RecommendationStatus
from ..models import ExpertDiscussion, ExpertRecommendation, GoverningBody

KIND_SENT = "governance.expert_discussion_sent"
KIND_RESPONDED = "governance.recommendation_answered"
KIND_QUARTER = "governance.expert_quarter_due"

DISCUSSION_EDITABLE = ("held_on", "topic", "conclusions", "directions", "participants")
RECOMMENDATION_EDITABLE = ("text", "direction")
#: How many days before a quarter's end its reminder goes out.
REMIND_DAYS = 15


def _check_council(council: GoverningBody) -> None:
    if council.kind != BodyKind.EXPERT_COUNCIL:
        raise ValidationError(_("Discussions are held by an expert council."))
    if not council.is_active:
        raise ValidationError(_("The expert council is dissolved."))


def _check_directions(council: GoverningBody, directions) -> list:
    directions = list(directions)
    for direction in directions:
        if direction.program_id != council.node_id:
            raise ValidationError(
                {"directions": _("A discussed basic direction must belong to the council's program.")}
            )
    return directions


def _check_draft(discussion: ExpertDiscussion) -> None:
    if discussion.status != DiscussionStatus.DRAFT:
        raise ValidationError(
            _("The discussion has been sent to the governing committee; it no longer changes.")
        )


def may_keep(user, council: GoverningBody) -> bool:
    """May `user` record discussions of the council? Its secretary (p.75, the discussion's ROLE_PEOPLE) or
    "change" on its program."""
    return authorization.can(user, authorization.CHANGE, ExpertDiscussion(council=council))


@transaction.atomic
def discussion_create(
    *,
    actor: Person,
    council: GoverningBody,
    held_on: dt.date,
    topic: str,
    directions: Iterable = (),
    participants: Iterable[Person] = (),
    conclusions: str = "",
) -> ExpertDiscussion:
    """Record a discussion of the program by the expert council (a draft until it is sent)."""
    if not may_keep(actor, council):
        raise PermissionDenied
    _check_council(council)
    directions = _check_directions(council, directions)
    discussion = ExpertDiscussion(
        council=council, held_on=held_on, topic=topic, conclusions=conclusions, created_by=actor
    )
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A discussion is recorded once it has been held.")})
    save_recorded(discussion, actor, _("Recorded"))
    discussion.directions.set(directions)
    discussion.participants.set(list(participants))
    return discussion


@transaction.atomic
def discussion_update(*, actor: Person, discussion: ExpertDiscussion, **values) -> ExpertDiscussion:
    """Change a draft discussion: date, topic, conclusions, directions, participants."""
    refuse_unknown(values, DISCUSSION_EDITABLE)
    authorization.require(actor, authorization.CHANGE, discussion)
    discussion = ExpertDiscussion.objects.select_for_update().select_related("council").get(pk=discussion.pk)
    _check_draft(discussion)
    directions = values.pop("directions", None)
    participants = values.pop("participants", None)
    for name, value in values.items():
        setattr(discussion, name, value)
    if discussion.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A discussion is recorded once it has been held.")})
    save_recorded(discussion, actor, _("Changed"))
    if directions is not None:
        discussion.directions.set(_check_directions(discussion.council, directions))
    if participants is not None:
        discussion.participants.set(list(participants))
    return discussion


def _check_direction(discussion: ExpertDiscussion, direction) -> None:
    if direction is not None and direction.program_id != discussion.council.node_id:
        raise ValidationError({"direction": _("The basic direction must belong to the council's program.")})


@transaction.atomic
def recommendation_add(
    *, actor: Person, discussion: ExpertDiscussion, text: str, direction=None
) -> ExpertRecommendation:
    """Add the next numbered recommendation to a draft discussion."""
    authorization.require(actor, authorization.CHANGE, discussion)
    discussion = ExpertDiscussion.objects.select_for_update().select_related("council").get(pk=discussion.pk)
    _check_draft(discussion)
    _check_direction(discussion, direction)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    last = discussion.recommendations.aggregate(last=Max("number"))["last"] or 0
    recommendation = ExpertRecommendation(
        discussion=discussion, number=last + 1, text=text.strip(), direction=direction
    )
    return save_recorded(recommendation, actor, _("Added"))


def _draft_recommendation(actor, recommendation: ExpertRecommendation) -> ExpertRecommendation:
    authorization.require(actor, authorization.CHANGE, recommendation)
    recommendation = (
        ExpertRecommendation.objects.select_for_update()
        .select_related("discussion", "discussion__council")
        .get(pk=recommendation.pk)
    )
    _check_draft(recommendation.discussion)
    return recommendation


@transaction.atomic
def recommendation_update(
    *, actor: Person, recommendation: ExpertRecommendation, **values
) -> ExpertRecommendation:
    """Change the text or direction of a recommendation while its discussion is a draft."""
    refuse_unknown(values, RECOMMENDATION_EDITABLE)
    recommendation = _draft_recommendation(actor, recommendation)
    if "direction" in values:
        _check_direction(recommendation.discussion, values["direction"])
    for name, value in values.items():
        setattr(recommendation, name, value)
    if not (recommendation.text or "").strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    return save_recorded(recommendation, actor, _("Changed"))


@transaction.atomic
def recommendation_delete(*, actor: Person, recommendation: ExpertRecommendation) -> None:
    """Remove a recommendation of a draft discussion."""
    recommendation = _draft_recommendation(actor, recommendation)
    delete_recorded(recommendation, actor, _("Deleted"))


def committee_people(program_path: str, *, day: dt.date | None = None) -> list[Person]:
    """Who hears of the expert council's recommendations: the committee's chair and deputy chair and the program
    manager (p.54)."""
    return role_holders(
        ("committee_chair", "committee_deputy_chair", "program_manager"), path=program_path, on=day
    )


@transaction.atomic
def discussion_send(*, actor: Person, discussion: ExpertDiscussion) -> ExpertDiscussion:
    """Send the discussion's conclusions and recommendations to the program governing committee (p.50, p.54)."""
    authorization.require(actor, authorization.CHANGE, discussion)
    discussion = ExpertDiscussion.objects.select_for_update().select_related("council").get(pk=discussion.pk)
    _check_draft(discussion)
    count = discussion.recommendations.count()
    if not count:
        raise ValidationError(
            _("Add at least one recommendation before sending the discussion to the committee.")
        )
    discussion.status = DiscussionStatus.SENT
    discussion.sent_at = timezone.now()
    discussion.sent_by = actor
    save_recorded(discussion, actor, _("Sent to the governing committee"))
    notify(
        recipients=committee_people(discussion.council.node_path),
        actor=actor,
        kind=KIND_SENT,
        target=discussion,
        url=discussion.get_absolute_url(),
        params={
            "council": discussion.council.name,
            "held_on": discussion.held_on.isoformat(),
            "topic": discussion.topic[:200],
            "count": count,
        },
    )
    return discussion


def may_respond(user, recommendation: ExpertRecommendation) -> bool:
    """ "approve" on the program: the committee's chair and deputy chair, the program manager."""
    return authorization.can(user, authorization.APPROVE, recommendation.discussion.council)


@transaction.atomic
def recommendation_respond(
    *,
    actor: Person,
    recommendation: ExpertRecommendation,
    status: str,
    response: str = "",
    decision=None,
) -> ExpertRecommendation:
    """The committee accepts the recommendation for information and work, or takes note of it (p.54); it may
    name the decision of a committee meeting at the program that took it up."""
    recommendation = (
        ExpertRecommendation.objects.select_for_update()
        .select_related("discussion", "discussion__council")
        .get(pk=recommendation.pk)
    )
    if not may_respond(actor, recommendation):
        raise PermissionDenied
    if recommendation.discussion.status != DiscussionStatus.SENT:
        raise ValidationError(_("The discussion has not been sent to the governing committee yet."))
    if status not in (RecommendationStatus.ACCEPTED, RecommendationStatus.NOTED):
        raise ValidationError({"status": _("Accept the recommendation or take note of it.")})
    council = recommendation.discussion.council
    if decision is not None:
        schedule = decision.meeting.schedule
        if (
            schedule.level != BODY_SCRUM_LEVEL[BodyKind.COMMITTEE]
            or schedule.node_kind != council.node_kind
            or schedule.node_id != council.node_id
        ):
            raise ValidationError(
                {"decision": _("Name a decision of a meeting of the program's governing committee.")}
            )
    recommendation.status = status
    recommendation.response = (response or "").strip()
    recommendation.decision = decision
    recommendation.responded_by = actor
    recommendation.responded_at = timezone.now()
    save_recorded(recommendation, actor, _("Responded"))
    discussion = recommendation.discussion
    notify(
        recipients=[
            *role_holders(("expert_council_secretary",), path=council.node_path),
            *([discussion.sent_by] if discussion.sent_by_id else []),
        ],
        actor=actor,
        kind=KIND_RESPONDED,
        target=discussion,
        url=discussion.get_absolute_url(),
        params={"council": council.name, "number": recommendation.number, "status": status},
    )
    return recommendation


# --- the quarterly reminder (p.50) ----------------------------------------------------------------------------


def quarter_bounds(day: dt.date) -> tuple[int, dt.date, dt.date]:
    """(quarter number, first day, last day) of the quarter of `day`."""
    quarter = (day.month - 1) // 3 + 1
    first = dt.date(day.year, 3 * quarter - 2, 1)
    last = (
        dt.date(day.year, 12, 31)
        if quarter == 4
        else dt.date(day.year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return quarter, first, last


def expert_quarter_remind(*, day: dt.date | None = None) -> int:
    """In the last `REMIND_DAYS` days of a quarter, tell the secretary of each active expert council that has
    not held a discussion in it (and the head of the project office of the program's owner body) — once per
    quarter. Returns how many councils were reminded."""
    from django.contrib.contenttypes.models import ContentType

    from org.models import Notification
    from programs.models import Program

    day = day or timezone.localdate()
    quarter, first, last = quarter_bounds(day)
    if (last - day).days >= REMIND_DAYS:
        return 0
    key = f"{day.year}-Q{quarter}"
    councils = GoverningBody.objects.filter(kind=BodyKind.EXPERT_COUNCIL, is_active=True).exclude(
        pk__in=ExpertDiscussion.objects.filter(held_on__gte=first, held_on__lte=last).values("council")
    )
    body_type = ContentType.objects.get_for_model(GoverningBody)
    reminded = set(
        Notification.objects.filter(
            kind=KIND_QUARTER, target_type=body_type, params__quarter=key
        ).values_list("target_id", flat=True)
    )
    owners = dict(
        Program.objects.filter(pk__in=[council.node_id for council in councils]).values_list(
            "pk", "owner_body_id"
        )
    )
    count = 0
    for council in councils:
        if council.pk in reminded:
            continue
        recipients = role_holders(("expert_council_secretary",), path=council.node_path, on=day)
        owner = owners.get(council.node_id)
        if owner is not None:
            recipients += role_holders(("po_head",), path=f"body:{owner}/", on=day)
        with transaction.atomic():
            rows = notify(
                recipients=recipients,
                actor=None,
                kind=KIND_QUARTER,
                target=council,
                url=council.get_absolute_url(),
                params={
                    "council": council.name,
                    "quarter": key,
                    "number": quarter,
                    "year": day.year,
                    "last": last.isoformat(),
                },
                email=True,
            )
        count += bool(rows)
    return count
