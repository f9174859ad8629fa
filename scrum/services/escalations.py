"""Writes of the escalation ladder (Rules p.72(2), p.84(5), p.98): raise a problem one level up, move it further,
resolve it (the resolution returns to its origin), state positions and sign a protocol of disagreements, withdraw.

The ladder is `scrum.choices.LADDER`: project team → projects group → implementation group of the basic direction →
project office → program governing committee → governing council. Each level sits at a node of the hierarchy
(`LEVEL_NODE_KIND`): the innermost projects group on the origin's path, its basic direction, its program (the
project office and the committee), its portfolio (the council). At each level the escalation lands on the agenda
of that level's next meeting when the level has an approved schedule with a meeting ahead; otherwise it waits in
the level's list, and the agenda builder picks it up when the level's meeting is opened.

Every service checks the power it needs through `pmis.core.authorization` (PermissionDenied → 403) and refuses a
broken rule with a ValidationError a person understands (400). Each change writes a step of the path.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify
from pmis.core import authorization, events
from pmis.core.nodes import ancestor_id, last_ref, nearest_prefix, node_model
from pmis.core.recording import save_recorded

from ..choices import (
    CHAIR_ROLES,
    LADDER,
    LEVEL_NODE_KIND,
    AgendaSource,
    EscalationStatus,
    Level,
    StepKind,
    SubjectKind,
    level_above,
    level_label,
)
from ..models import Decision, DisagreementPosition, Escalation, EscalationStep
from ..selectors.escalations import may_act_at, next_meeting, node_of, schedule_at

KIND_RAISED = "scrum.escalation_raised"
KIND_RESOLVED = "scrum.escalation_resolved"
KIND_DISAGREEMENT = "scrum.escalation_disagreement"

#: The levels at which a protocol of disagreements is signed (Rules p.98(1–3)) and where it goes.
DISAGREEMENT_LEVELS = (Level.OFFICE, Level.COMMITTEE)


def target_path(origin_path: str, level: str) -> str:
    """The node of `level` above (or at) the origin: the ancestor of the level's node kind, the innermost one
    for nested projects groups. A ValidationError naming the missing node when the origin has none (a standard
    basic direction of a state body belongs to no portfolio, so it has no governing council)."""
    kind = LEVEL_NODE_KIND[level]
    prefix = nearest_prefix(origin_path, kind)
    if prefix is not None:
        return prefix
    raise ValidationError(
        _(
            "There is no %(level)s above this place in the hierarchy: it is not part of a %(kind)s. "
            "Resolve the problem at the current level."
        )
        % {"level": level_label(level).lower(), "kind": node_model(kind)._meta.verbose_name}
    )


def _lock(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update(of=("self",)).get(pk=escalation.pk)


def _require_open(escalation: Escalation) -> None:
    if escalation.status != EscalationStatus.OPEN:
        raise ValidationError(
            _("This escalation is %(status)s: it no longer moves.")
            % {"status": escalation.get_status_display().lower()}
        )


def _step(escalation: Escalation, kind: str, *, actor, note: str = "", meeting=None, level=None, path=None):
    return EscalationStep.objects.create(
        escalation=escalation,
        kind=kind,
        level=level or escalation.level,
        node_path=path if path is not None else escalation.node_path,
        meeting=meeting,
        actor=actor,
        note=note,
    )


def _save(escalation: Escalation, actor, reason: str) -> Escalation:
    escalation.version += 1
    return save_recorded(escalation, actor, reason)


def _project(escalation: Escalation):
    """The project the escalation comes from (None above the project level)."""
    from projects.models import Project

    pk = ancestor_id(escalation.origin_path, "project")
    return Project.objects.filter(pk=pk).first() if pk else None


def _chairs(level: str, node_path: str) -> list[Person]:
    """Who chairs a level at a node: the schedule's chair and deputy chair, or — without a schedule — whoever
    acts for the level's chair role there (its holders, or the substitutes while they are away)."""
    schedule = schedule_at(level, node_path)
    if schedule is not None and (schedule.chair_id or schedule.deputy_chair_id):
        return [person for person in (schedule.chair, schedule.deputy_chair) if person is not None]
    from org.models import Role
    from org.scopes import Scope
    from org.substitution import acting_holders

    role = Role.objects.filter(code=CHAIR_ROLES[level][0]).first()
    if role is None:
        return []
    try:
        acting = acting_holders(role, Scope.of(node_of(node_path)))
    except ValidationError:
        return []
    return [holder.person for holder in acting.holders]


def _put_on_agenda(
    escalation: Escalation, *, actor, level: str, node_path: str, title: str, details: str = "", key: str = ""
):
    """Put the escalation on the next meeting of `level` at `node_path`: (meeting, note) — meeting None and a
    note saying why when the level has no approved schedule or no meeting ahead."""
    schedule = schedule_at(level, node_path)
    if schedule is None:
        return None, _(
            "%(level)s has no approved scrum schedule: the escalation waits in the level's list."
        ) % {"level": level_label(level)}
    meeting = next_meeting(schedule, today=timezone.localdate())
    if meeting is None:
        return None, _(
            "%(level)s has no meeting ahead yet: the escalation waits in the level's list and comes on the "
            "agenda when the next meeting is opened."
        ) % {"level": level_label(level)}
    from .agenda import agenda_put

    agenda_put(
        meeting=meeting,
        source=AgendaSource.ESCALATION,
        signal_key=f"escalation:{escalation.pk}{key}",
        title=title,
        details=details,
        escalation=escalation,
        project=_project(escalation),
        presenter=actor,
        actor=actor,
    )
    return meeting, ""


def _arrive(escalation: Escalation, *, actor, note: str = "") -> str:
    """The escalation has reached its current level: step ON_AGENDA and the level's chairs told; answers the
    note saying why it waits in the level's list ("" when it is on a meeting's agenda)."""
    meeting, waiting = _put_on_agenda(
        escalation,
        actor=actor,
        level=escalation.level,
        node_path=escalation.node_path,
        title=escalation.title,
        details=escalation.description,
    )
    if meeting is not None:
        _step(escalation, StepKind.ON_AGENDA, actor=actor, meeting=meeting)
    notify(
        recipients=_chairs(escalation.level, escalation.node_path),
        actor=actor,
        kind=KIND_RAISED,
        target=escalation,
        url=escalation.get_absolute_url(),
        params={
            "title": escalation.title,
            "level": escalation.level,
            "note": note,
            "meeting_date": meeting.date.isoformat() if meeting is not None else "",
        },
    )
    _publish(escalation)
    return waiting


def _publish(escalation: Escalation) -> None:
    events.publish(
        [events.node_group(*last_ref(escalation.node_path))],
        "escalation.changed",
        {"id": escalation.pk, "level": escalation.level, "status": escalation.status},
    )


def _move_up(escalation: Escalation, *, actor, note: str) -> None:
    """One level up the ladder: current level and node change, step ESCALATED (with the waiting note when the
    new level has no meeting ahead), and the escalation arrives there."""
    above = level_above(escalation.level)
    if above is None:
        raise ValidationError(
            _(
                "The governing council of the national priority is the top of the ladder: the escalation is "
                "resolved there."
            )
        )
    path = target_path(escalation.origin_path, above)
    escalation.level, escalation.node_path = above, path
    step = _step(escalation, StepKind.ESCALATED, actor=actor, note=note)
    waiting = _arrive(escalation, actor=actor, note=note)
    if waiting:
        step.note = f"{note}\n{waiting}".strip()
        step.save(update_fields=["note"])


# --- raise -----------------------------------------------------------------------------------------------------


def _origin(*, subject_kind, task, risk, assignment, decision, node, level) -> tuple[object, str, str, str]:
    """(subject, origin node object, origin level, origin path) of what is raised."""
    if subject_kind in (SubjectKind.TASK, SubjectKind.RISK, SubjectKind.ASSIGNMENT):
        subject = {SubjectKind.TASK: task, SubjectKind.RISK: risk, SubjectKind.ASSIGNMENT: assignment}[
            subject_kind
        ]
        if subject is None:
            raise ValidationError(
                _("Choose the %(subject)s to escalate.") % {"subject": _subject(subject_kind)}
            )
        project = subject.project
        return subject, project, Level.TEAM, project.path
    if subject_kind == SubjectKind.DECISION:
        if decision is None:
            raise ValidationError(_("Choose the decision to escalate."))
        schedule = decision.meeting.schedule
        return decision, node_of(schedule.node_path), schedule.level, schedule.node_path
    if subject_kind == SubjectKind.DISAGREEMENT:
        if node is None or not level:
            raise ValidationError(_("A disagreement is raised at a level and a node: choose both."))
        if level not in LADDER:
            raise ValidationError(_("Unknown level: %(level)s.") % {"level": level})
        if LEVEL_NODE_KIND[level] != node.KIND:
            raise ValidationError(
                _("%(level)s meets at a %(kind)s, not here.")
                % {"level": level_label(level), "kind": node_model(LEVEL_NODE_KIND[level])._meta.verbose_name}
            )
        return None, node, level, node.path
    raise ValidationError(_("Unknown subject of an escalation: %(kind)s.") % {"kind": subject_kind})


def _subject(kind: str) -> str:
    return str(dict(SubjectKind.choices).get(kind, kind)).lower()


def _default_title(subject_kind: str, subject) -> str:
    if subject_kind == SubjectKind.TASK:
        return f"#{subject.number} {subject.title}"
    if subject_kind == SubjectKind.RISK:
        return f"R-{subject.number} {subject.title}"
    if subject_kind == SubjectKind.ASSIGNMENT:
        return f"PA-{subject.number} {subject.title}"
    if subject_kind == SubjectKind.DECISION:
        return f"{subject.meeting} · {subject.number}: {subject.text}"[:500]
    return ""


@transaction.atomic
def escalation_raise(
    *,
    actor: Person,
    subject_kind: str,
    task=None,
    risk=None,
    assignment=None,
    decision: Decision | None = None,
    node=None,
    level: str | None = None,
    title: str | None = None,
    description: str = "",
) -> Escalation:
    """Raise a problem one level up from its place (Rules p.72(2)): a task, risk or project assignment from its
    project's team, a decision from its meeting's level and node, a disagreement from the given level and node.

    Needs "contribute" at the origin (for a decision: on the decision's meeting — its schedule's people too).
    """
    subject, origin_node, origin_level, origin_path = _origin(
        subject_kind=subject_kind,
        task=task,
        risk=risk,
        assignment=assignment,
        decision=decision,
        node=node,
        level=level,
    )
    checked = subject.meeting if subject_kind == SubjectKind.DECISION else origin_node
    if not authorization.can(actor, authorization.CONTRIBUTE, checked) and not (
        subject_kind == SubjectKind.DECISION and subject.owner_id == actor.pk
    ):
        raise PermissionDenied(_("Only who works at this level may escalate from it."))
    title = (title or "").strip() or _default_title(subject_kind, subject)
    if not title:
        raise ValidationError({"title": _("Say what the problem is.")})
    if level_above(origin_level) is None:
        raise ValidationError(
            _("The governing council of the national priority is the top of the ladder: resolve it there.")
        )
    escalation = Escalation(
        subject_kind=subject_kind,
        task=task if subject_kind == SubjectKind.TASK else None,
        risk=risk if subject_kind == SubjectKind.RISK else None,
        assignment=assignment if subject_kind == SubjectKind.ASSIGNMENT else None,
        decision=decision if subject_kind == SubjectKind.DECISION else None,
        title=title[:500],
        description=(description or "").strip(),
        origin_level=origin_level,
        origin_path=origin_path,
        level=origin_level,
        node_path=origin_path,
        raised_by=actor,
    )
    save_recorded(escalation, actor, "raised")
    _step(escalation, StepKind.RAISED, actor=actor, note=escalation.description)
    _move_up(escalation, actor=actor, note="")
    return save_recorded(escalation, actor, "escalated", clean=False)


# --- move further, resolve, withdraw -------------------------------------------------------------------------


def _require_may_act(actor, escalation: Escalation) -> None:
    if not may_act_at(actor, escalation):
        raise PermissionDenied(
            _("Only who works at %(level)s may act on this escalation there.")
            % {"level": level_label(escalation.level).lower()}
        )


@transaction.atomic
def escalation_escalate(*, actor: Person, escalation: Escalation, note: str) -> Escalation:
    """The current level cannot solve it: one level further up (refused at the governing council, the top)."""
    current = _lock(escalation)
    _require_may_act(actor, current)
    _require_open(current)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the level cannot solve it.")})
    _move_up(current, actor=actor, note=note)
    return _save(current, actor, "escalated")


@transaction.atomic
def escalation_resolve(*, actor: Person, escalation: Escalation, resolution: str) -> Escalation:
    """Resolved at the current level; the resolution returns to the origin (Rules p.72(2)): the raiser and the
    origin level's chair are told, and it comes on the origin level's next meeting as information."""
    current = _lock(escalation)
    _require_may_act(actor, current)
    _require_open(current)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Write the resolution.")})
    current.status = EscalationStatus.RESOLVED
    current.resolution = resolution
    current.resolved_by = actor
    current.resolved_at = timezone.now()
    _step(current, StepKind.RESOLVED, actor=actor, note=resolution)
    meeting, waiting = _put_on_agenda(
        current,
        actor=actor,
        level=current.origin_level,
        node_path=current.origin_path,
        title=_("Resolution returned: %(title)s") % {"title": current.title},
        details=resolution,
        key=":returned",
    )
    _step(
        current,
        StepKind.RETURNED,
        actor=actor,
        level=current.origin_level,
        path=current.origin_path,
        meeting=meeting,
        note=waiting,
    )
    notify(
        recipients=[current.raised_by, *_chairs(current.origin_level, current.origin_path)],
        actor=actor,
        kind=KIND_RESOLVED,
        target=current,
        url=current.get_absolute_url(),
        params={"title": current.title, "level": current.level, "resolution": resolution[:300]},
    )
    _publish(current)
    return _save(current, actor, "resolved")


@transaction.atomic
def escalation_withdraw(*, actor: Person, escalation: Escalation, reason: str) -> Escalation:
    """The raiser takes the escalation back while it is open."""
    current = _lock(escalation)
    if current.raised_by_id != actor.pk:
        raise PermissionDenied(_("Only who raised the escalation may withdraw it."))
    _require_open(current)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the escalation is withdrawn.")})
    current.status = EscalationStatus.WITHDRAWN
    _step(current, StepKind.WITHDRAWN, actor=actor, note=reason)
    _publish(current)
    return _save(current, actor, "withdrawn")


# --- disagreements (Rules p.98) --------------------------------------------------------------------------------


def may_state_position(user, escalation: Escalation) -> bool:
    """Who may state a position: whoever sees the escalation and works at its origin or its current level."""
    if not authorization.can(user, authorization.VIEW, escalation):
        return False
    if user.pk == escalation.raised_by_id or may_act_at(user, escalation):
        return True
    return authorization.can(user, authorization.CONTRIBUTE, node_of(escalation.origin_path)) or may_act_at(
        user, escalation, level=escalation.origin_level, node_path=escalation.origin_path
    )


@transaction.atomic
def escalation_position_add(
    *, actor: Person, escalation: Escalation, party: str, position: str
) -> DisagreementPosition:
    """One party's position in the disagreement: the body of the protocol of disagreements (Rules p.98(2))."""
    current = _lock(escalation)
    if not may_state_position(actor, current):
        raise PermissionDenied(_("Only who works at the origin or the current level may state a position."))
    _require_open(current)
    row = DisagreementPosition(
        escalation=current, party=(party or "").strip(), person=actor, position=(position or "").strip()
    )
    row.full_clean()
    row.save()
    return row


def _next_protocol_number(year: int) -> str:
    """``PD-<year>-<nnnn>``: the next number of the year, under a transaction lock so two signings never share it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_300_000 + year])
    last = (
        Escalation.objects.filter(disagreement_number__startswith=f"PD-{year}-")
        .order_by("-disagreement_number")
        .values_list("disagreement_number", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"PD-{year}-{number:04d}"


@transaction.atomic
def escalation_disagree(*, actor: Person, escalation: Escalation, note: str) -> Escalation:
    """Positions still differ (Rules p.98): at the project office a protocol of disagreements is signed and the
    escalation goes to the program governing committee (p.98(1–2)); at the committee it goes to the governing
    council (p.98(3)). Needs at least two positions and the power to act at the current level."""
    current = _lock(escalation)
    _require_may_act(actor, current)
    _require_open(current)
    if current.level not in DISAGREEMENT_LEVELS:
        raise ValidationError(
            _(
                "A protocol of disagreements is signed at the project office or the program governing "
                "committee (Rules p.98): escalate the problem there first."
            )
        )
    if current.positions.count() < 2:
        raise ValidationError(
            _("A protocol of disagreements records the parties' positions: state at least two first.")
        )
    note = (note or "").strip()
    now = timezone.now()
    if not current.disagreement_number:
        current.disagreement_number = _next_protocol_number(timezone.localtime(now).year)
    current.disagreement_signed_at = now
    _step(
        current,
        StepKind.DISAGREEMENT,
        actor=actor,
        note=_("Protocol of disagreements No. %(number)s. %(note)s")
        % {"number": current.disagreement_number, "note": note},
    )
    _move_up(current, actor=actor, note=note)
    notify(
        recipients=[
            current.raised_by,
            *[p.person for p in current.positions.select_related("person") if p.person],
        ],
        actor=actor,
        kind=KIND_DISAGREEMENT,
        target=current,
        url=current.get_absolute_url(),
        params={"title": current.title, "number": current.disagreement_number, "level": current.level},
    )
    return _save(current, actor, "disagreement")
