"""Reads of the expert councils (Rules p.50–54): a council's discussions, one discussion with its
recommendations, the quarter coverage of a year (at least one discussion a quarter, p.50) and the recommendations
awaiting the program governing committee.

Restricted through `pmis.core.authorization`: a discussion and its recommendations are decided as the program's
workspace, and the council's secretary also sees them (`ROLE_PEOPLE`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from pmis.core import authorization

from ..choices import BodyKind, DiscussionStatus, RecommendationStatus
from ..models import ExpertDiscussion, ExpertRecommendation, GoverningBody
from ..services.expert import quarter_bounds


def discussion_list(user, council: GoverningBody | None = None) -> QuerySet[ExpertDiscussion]:
    """The council's (every council's) discussions `user` may see, newest first, with their recommendation
    counts: one query."""
    rows = (
        ExpertDiscussion.objects.all()
        if council is None
        else ExpertDiscussion.objects.filter(council=council)
    )
    rows = authorization.restrict(rows, user, authorization.VIEW)
    return (
        rows.select_related("sent_by", "council")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("-held_on", "-pk")
    )


def discussion_get(user, pk, *, action: str = authorization.VIEW) -> ExpertDiscussion:
    """One discussion with its council, recommendations, directions and participants: 404 when not visible, 403
    when `user` may not `action` it."""
    rows = authorization.restrict(ExpertDiscussion.objects.all(), user, authorization.VIEW)
    discussion = (
        rows.select_related("council", "sent_by", "created_by")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=ExpertRecommendation.objects.select_related(
                    "direction", "responded_by", "decision", "decision__meeting"
                ).order_by("number"),
            ),
            "directions",
            "participants",
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if discussion is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, discussion)
    return discussion


def recommendation_get(user, pk, *, action: str = authorization.VIEW) -> ExpertRecommendation:
    """One recommendation: 404 when not visible, 403 when `user` may not `action` it."""
    rows = authorization.restrict(ExpertRecommendation.objects.all(), user, authorization.VIEW)
    recommendation = (
        rows.select_related("discussion", "discussion__council", "direction").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if recommendation is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, recommendation)
    return recommendation


def quarter_coverage(council: GoverningBody, year: int, *, today: dt.date | None = None) -> list[dict]:
    """Q1–Q4 of `year`: the number of discussions held in each and whether the quarter is past, current or
    future (Rules p.50: at least once a quarter); `missed` marks a past quarter without one. One query."""
    today = today or timezone.localdate()
    held = list(
        ExpertDiscussion.objects.filter(council=council, held_on__year=year).values_list("held_on", flat=True)
    )
    rows = []
    for quarter in range(1, 5):
        _number, first, last = quarter_bounds(dt.date(year, 3 * quarter - 2, 1))
        count = sum(1 for day in held if first <= day <= last)
        state = "past" if last < today else ("future" if first > today else "current")
        rows.append(
            {
                "quarter": quarter,
                "first": first,
                "last": last,
                "count": count,
                "state": state,
                "missed": state == "past" and count == 0,
            }
        )
    return rows


def pending_recommendations(user, program) -> QuerySet[ExpertRecommendation]:
    """The recommendations of the program's expert council sent to its committee and not yet responded to, that
    `user` may see; oldest first, one query."""
    rows = ExpertRecommendation.objects.filter(
        discussion__council__kind=BodyKind.EXPERT_COUNCIL,
        discussion__council__node_kind="program",
        discussion__council__node_id=program.pk,
        discussion__status=DiscussionStatus.SENT,
        status=RecommendationStatus.PENDING,
    )
    return (
        authorization.restrict(rows, user, authorization.VIEW)
        .select_related("discussion", "discussion__council", "direction")
        .order_by("discussion__held_on", "discussion_id", "number")
    )


def committee_decisions(program) -> QuerySet:
    """Decisions of the meetings of the program's governing committee (to link a response to): newest first."""
    from scrum.models import Decision

    return (
        Decision.objects.filter(
            meeting__schedule__level="committee",
            meeting__schedule__node_kind="program",
            meeting__schedule__node_id=program.pk,
        )
        .select_related("meeting")
        .order_by("-meeting__date", "number")
    )
