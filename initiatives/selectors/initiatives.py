"""Reads of the initiatives (Rules p.21–26), restricted through `pmis.core.authorization`: the proposer sees
their own wherever they are addressed; the project office, the program's people and the Office see those at
their scope; the head of a basic direction those whose target lies in their direction (p.23)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from pmis.core import authorization
from pmis.core.nodes import node_model, parse_ref

from ..choices import FINAL_STATUSES, OUTCOME_TARGET_KIND, Outcome
from ..models import Initiative, PassportVersion

TARGET_KINDS = ("portfolio", "program", "direction", "group", "project")


def initiative_list(
    user,
    *,
    status: str | None = None,
    outcome: str | None = None,
    program: int | None = None,
    portfolio: int | None = None,
    q: str | None = None,
    mine: bool = False,
    open_only: bool = False,
    action: str = authorization.VIEW,
) -> QuerySet[Initiative]:
    """The initiatives `user` may see (or act on), newest first, filtered; one query."""
    rows = authorization.restrict(
        Initiative.objects.select_related("proposer", "body", "program"), user, action
    )
    if status:
        rows = rows.filter(status=status)
    if outcome:
        rows = rows.filter(
            Q(decided_outcome=outcome)
            | Q(decided_outcome="", recommended_outcome=outcome)
            | Q(decided_outcome="", recommended_outcome="", proposed_outcome=outcome)
        )
    if program:
        rows = rows.filter(program_id=program)
    if portfolio:
        rows = rows.filter(portfolio_id=portfolio)
    if open_only:
        rows = rows.exclude(status__in=FINAL_STATUSES)
    if q:
        rows = rows.filter(
            Q(code__icontains=q) | Q(name_ru__icontains=q) | Q(name_kk__icontains=q) | Q(summary__icontains=q)
        )
    if mine:
        rows = rows.filter(proposer=user)
    return rows.order_by("-created_at", "-pk")


def initiative_get(user, pk, *, action: str = authorization.VIEW) -> Initiative:
    """One initiative: 404 when `user` may not see it, 403 when they may see it but not `action`."""
    initiative = (
        authorization.restrict(
            Initiative.objects.select_related(
                "proposer", "body", "program", "portfolio", "meeting", "meeting__schedule"
            ),
            user,
        )
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, initiative)
    return initiative


def version_list(user, initiative: Initiative) -> list[PassportVersion]:
    """The submitted versions of an initiative `user` sees (the caller has loaded it with "view")."""
    return list(PassportVersion.objects.filter(initiative=initiative).select_related("submitted_by"))


def node_of(kind: str, pk):
    """The node ``kind:pk`` (or None)."""
    if not kind or not pk:
        return None
    return node_model(kind).objects.filter(pk=pk).first()


def node_by_ref(user, ref: str):
    """The node a reference names if `user` may see it, else None."""
    try:
        kind, pk = parse_ref(ref)
    except Exception:  # a malformed reference names nothing
        return None
    if kind not in TARGET_KINDS:
        return None
    node = node_model(kind).objects.filter(pk=pk).first()
    if node is None or not authorization.can(user, authorization.VIEW, node):
        return None
    return node


def target_choices(user, initiative: Initiative) -> list[tuple[str, str]]:
    """The nodes an initiative may land in, for a select: every node of the five target kinds that `user` may
    see inside its program (and its portfolio, for a new program). Five queries at most."""
    program = initiative.program
    portfolio = initiative.portfolio or (program.portfolio if program else None)
    inside = program.path if program else (portfolio.path if portfolio else None)
    choices: list[tuple[str, str]] = []
    for kind in ("project", "group", "direction", "program", "portfolio"):
        model = node_model(kind)
        if kind == "portfolio":
            rows = model.objects.filter(pk=portfolio.pk) if portfolio else model.objects.none()
        elif inside is not None:
            rows = model.objects.filter(path__startswith=inside)
        else:
            rows = model.objects.filter(owner_body=initiative.body)
        rows = authorization.restrict(rows, user).order_by("path")
        for node in rows:
            choices.append((node.ref, f"{node.code} · {node.name}"))
    return choices


def meeting_choices(user, node, outcome: str):
    """The meetings of the committee (at the program) or council (at the portfolio) `user` may see."""
    from scrum.choices import Level
    from scrum.models import Meeting

    if node is None:
        return Meeting.objects.none()
    level = Level.COUNCIL if outcome == Outcome.PROGRAM else Level.COMMITTEE
    rows = Meeting.objects.filter(schedule__level=level, schedule__node_path=node.path).select_related(
        "schedule"
    )
    return authorization.restrict(rows, user).order_by("-date")


def open_count_at(user, node) -> int:
    """How many open (not yet decided or withdrawn) initiatives `user` sees addressed to the program or
    portfolio `node`; one query."""
    return initiative_list(user, open_only=True, **{node.KIND: node.pk}).count()


def expected_target_kind(outcome: str) -> str:
    return OUTCOME_TARGET_KIND.get(outcome, "")


def deciding_node_for(initiative: Initiative):
    """The node whose "approve" decides on the recommended status: the target's program (the committee) or the
    portfolio (the council, for a new program); None before a recommendation."""
    target = node_of(initiative.target_kind, initiative.target_id)
    if target is None or not initiative.recommended_outcome:
        return None
    return deciding_node(initiative.recommended_outcome, target)


def program_of_path(path: str):
    """The program a path lies in (or None)."""
    from programs.models import Program

    for segment in path.split("/"):
        if segment.startswith("program:"):
            return Program.objects.filter(pk=int(segment.split(":", 1)[1])).first()
    return None


def deciding_node(outcome: str, target):
    """The node whose "approve" decides (Rules p.25): the target's program (the program governing committee),
    the portfolio (the governing council) for a new program."""
    if outcome == Outcome.PROGRAM or target.KIND == "program":
        return target
    return program_of_path(target.path)
