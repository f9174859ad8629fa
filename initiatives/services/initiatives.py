"""Writes of the management of initiatives (Rules p.21–26): propose, fill in the six steps of the passport,
submit (a frozen version), withdraw; the project office returns or recommends; the governing body decides, and on
approval the initiative becomes a task, project, group, basic direction or program in the same transaction.

Powers come from `pmis.core.authorization`: the proposer "contributes" (the passport), the project office and the
program manager "change" at the initiative's scope (identification, return, recommendation), the program
governing committee's people "approve" on the program, the governing council's on the portfolio (p.25).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, StateBody
from org.selectors import role_holders
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import save_recorded
from portfolios.models import Portfolio
from programs.choices import ProgramKind
from programs.models import Program

from ..choices import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    OUTCOME_TARGET_KIND,
    DecidingBody,
    DecisionForm,
    InitiativeStatus,
    Outcome,
)
from ..models import Initiative, PassportVersion
from ..passport import clean_step, done_steps, missing_steps, node_kind_label, step_of
from ..selectors.initiatives import deciding_node, program_of_path

KIND_SUBMITTED = "initiatives.submitted"
KIND_RETURNED = "initiatives.returned"
KIND_RECOMMENDED = "initiatives.recommended"
KIND_APPROVED = "initiatives.approved"
KIND_REJECTED = "initiatives.rejected"

#: The project office of a state body (Rules p.24) and the program's people told of an initiative (p.23).
OFFICE_ROLES = ("po_head", "po_chief_manager", "po_admin")
PROGRAM_ROLES = ("program_manager",)
DIRECTION_ROLES = ("bd_head",)


def initiative_params(initiative: Initiative) -> dict:
    return {"code": initiative.code, "name": initiative.name[:300], "status": initiative.status}


def _lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update(of=("self",)).select_related("proposer").get(pk=initiative.pk)


def _program_people(program: Program | None, *, direction_path: str | None = None) -> list[Person]:
    """The program manager and the heads of its basic directions (of the one at `direction_path` if given)."""
    if program is None:
        return []
    heads = role_holders(DIRECTION_ROLES, below=direction_path or program.path)
    return role_holders(PROGRAM_ROLES, path=program.path) + heads


def _direction_path(path: str) -> str | None:
    """The basic direction's path above (or at) `path`, if it lies in one."""
    prefix = ""
    for segment in path.split("/"):
        if not segment:
            break
        prefix += f"{segment}/"
        if segment.startswith("direction:"):
            return prefix
    return None


def _send(initiative: Initiative, recipients, actor, kind: str, **params) -> None:
    notify(
        recipients=recipients,
        actor=actor,
        kind=kind,
        target=initiative,
        url=initiative.get_absolute_url(),
        params={**initiative_params(initiative), **params},
    )


# --- proposing and the passport --------------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: Person,
    body: StateBody,
    name_ru: str,
    name_kk: str = "",
    program: Program | None = None,
    portfolio: Portfolio | None = None,
    proposer_kind: str,
    proposer_organisation: str = "",
    summary: str = "",
) -> Initiative:
    """Anyone with access proposes an initiative to a state body's project office (Rules p.22), optionally
    naming the program it improves or the portfolio a new program would join."""
    if actor is None or not actor.is_active:
        raise PermissionDenied(_("Only an active person proposes initiatives."))
    if program is not None and not authorization.can(actor, authorization.VIEW, program):
        raise ValidationError({"program": _("There is no such program that you may see.")})
    if portfolio is not None and not authorization.can(actor, authorization.VIEW, portfolio):
        raise ValidationError({"portfolio": _("There is no such portfolio that you may see.")})
    if program is not None and portfolio is not None and program.portfolio_id != portfolio.pk:
        raise ValidationError({"program": _("The program does not belong to the portfolio chosen.")})
    if program is not None and portfolio is None:
        portfolio = program.portfolio
    if program is not None:
        scope_path = program.path
    elif portfolio is not None:
        scope_path = portfolio.path
    else:
        scope_path = f"body:{body.pk}/"
    initiative = Initiative(
        proposer=actor,
        body=body,
        name_ru=(name_ru or "").strip(),
        name_kk=(name_kk or "").strip(),
        program=program,
        portfolio=portfolio,
        proposer_kind=proposer_kind,
        proposer_organisation=(proposer_organisation or "").strip(),
        summary=(summary or "").strip(),
        scope_path=scope_path,
        status=InitiativeStatus.DRAFT,
    )
    initiative.full_clean(exclude=["code"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Initiative._meta.db_table])
        (initiative.pk,) = cursor.fetchone()
    initiative.code = f"INI-{timezone.localdate():%Y}-{initiative.pk:05d}"
    return save_recorded(initiative, actor, _("Proposed"), clean=False, force_insert=True)


@transaction.atomic
def initiative_save_step(
    *, actor: Person, initiative: Initiative, step: int, data: dict, version: int | None
) -> Initiative:
    """Save one of the six steps (Rules p.21) of a draft or returned initiative's passport."""
    current = _lock(initiative)
    if not authorization.can(actor, authorization.CONTRIBUTE, current):
        raise PermissionDenied(_("Only the proposer fills in the initiative's passport."))
    check_version(current, version)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("The passport is %(status)s: it is edited only as a draft or after a return.")
            % {"status": current.get_status_display().lower()}
        )
    number = step_of(step).number
    content, fields = clean_step(number, data, actor)
    passport = dict(current.passport or {})
    passport[step_of(number).key] = content
    current.passport = passport
    for name, value in fields.items():
        setattr(current, name, value)
    current.steps_done = len(done_steps(passport))
    current.version += 1
    return save_recorded(current, actor, _("Passport step %(step)s saved") % {"step": number})


@transaction.atomic
def initiative_update(
    *,
    actor: Person,
    initiative: Initiative,
    version: int | None,
    name_ru: str | None = None,
    name_kk: str | None = None,
    summary: str | None = None,
    proposer_organisation: str | None = None,
) -> Initiative:
    """The proposer corrects the name and summary while the passport is editable."""
    current = _lock(initiative)
    if not authorization.can(actor, authorization.CONTRIBUTE, current):
        raise PermissionDenied(_("Only the proposer edits the initiative."))
    check_version(current, version)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(_("The initiative is edited only as a draft or after a return."))
    for name, value in (
        ("name_ru", name_ru),
        ("name_kk", name_kk),
        ("summary", summary),
        ("proposer_organisation", proposer_organisation),
    ):
        if value is not None:
            setattr(current, name, value.strip())
    current.version += 1
    return save_recorded(current, actor, _("Changed"))


@transaction.atomic
def initiative_submit(*, actor: Person, initiative: Initiative, note: str = "") -> Initiative:
    """Submit the passport to the project office: all six steps complete; a new frozen version (Rules p.24)."""
    current = _lock(initiative)
    if not authorization.can(actor, authorization.CONTRIBUTE, current):
        raise PermissionDenied(_("Only the proposer submits the initiative."))
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("The initiative is %(status)s: only a draft or a returned initiative is submitted.")
            % {"status": current.get_status_display().lower()}
        )
    missing = missing_steps(current.passport or {})
    if missing:
        raise ValidationError(
            _("Complete the passport first; missing steps: %(steps)s.")
            % {"steps": "; ".join(f"{step.number}. {step.title}" for step in missing)}
        )
    now = timezone.now()
    number = current.passport_version + 1
    PassportVersion.objects.create(
        initiative=current,
        number=number,
        name_kk=current.name_kk,
        name_ru=current.name_ru,
        summary=current.summary,
        passport=current.passport,
        note=(note or "").strip(),
        submitted_by=actor,
        submitted_at=now,
    )
    resubmitted = current.status == InitiativeStatus.RETURNED
    current.passport_version = number
    current.submitted_at = now
    current.status = InitiativeStatus.SUBMITTED
    current.version += 1
    save_recorded(current, actor, _("Passport v%(number)s submitted") % {"number": number})
    office = role_holders(OFFICE_ROLES, path=f"body:{current.body_id}/")
    _send(
        current,
        office + _program_people(current.program),
        actor,
        KIND_SUBMITTED,
        number=number,
        resubmitted=resubmitted,
    )
    return current


@transaction.atomic
def initiative_withdraw(*, actor: Person, initiative: Initiative, reason: str = "") -> Initiative:
    """The proposer withdraws the initiative before a decision."""
    current = _lock(initiative)
    if current.proposer_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("Only the proposer withdraws the initiative."))
    if current.status in FINAL_STATUSES:
        raise ValidationError(
            _("The initiative is already %(status)s.") % {"status": current.get_status_display().lower()}
        )
    current.status = InitiativeStatus.WITHDRAWN
    current.version += 1
    reason = (reason or "").strip()
    return save_recorded(current, actor, (_("Withdrawn") + (f": {reason}" if reason else ""))[:100])


# --- identification by the project office (Rules p.24) ---------------------------------------------------------


def _require_change(actor: Person, initiative: Initiative, message: str) -> None:
    if not authorization.can(actor, authorization.CHANGE, initiative):
        raise PermissionDenied(message)


@transaction.atomic
def initiative_return(*, actor: Person, initiative: Initiative, reason: str) -> Initiative:
    """The project office returns a submitted (or recommended) passport to the proposer for revision."""
    current = _lock(initiative)
    _require_change(actor, current, _("Only the project office returns an initiative for revision."))
    if current.status not in (InitiativeStatus.SUBMITTED, InitiativeStatus.RECOMMENDED):
        raise ValidationError(
            _("The initiative is %(status)s: only a submitted one is returned.")
            % {"status": current.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the proposer must revise.")})
    current.status = InitiativeStatus.RETURNED
    current.return_reason = reason
    current.version += 1
    save_recorded(current, actor, _("Returned for revision"))
    _send(current, [current.proposer], actor, KIND_RETURNED, reason=reason[:300])
    return current


def _container(initiative: Initiative, outcome: str) -> tuple[str | None, str]:
    """The path a target must lie in and how to name it: the program for task…direction, the portfolio for a new
    program; None when the initiative names neither."""
    if outcome == Outcome.PROGRAM:
        portfolio = initiative.portfolio or (initiative.program.portfolio if initiative.program else None)
        return (portfolio.path if portfolio else None), (portfolio.name if portfolio else "")
    if initiative.program is not None:
        return initiative.program.path, initiative.program.name
    if initiative.portfolio is not None:
        return initiative.portfolio.path, initiative.portfolio.name
    return None, ""


def check_target(actor: Person, initiative: Initiative, outcome: str, target) -> None:
    """`target` is a node of the kind the outcome lands in, visible to `actor`, inside the initiative's program
    (or portfolio for a new program)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose one of the five statuses of Rules p.24.")})
    expected = OUTCOME_TARGET_KIND[outcome]
    if target is None:
        raise ValidationError(
            {"target": _("Choose the %(kind)s it lands in.") % {"kind": node_kind_label(expected)}}
        )
    if getattr(target, "KIND", None) != expected:
        raise ValidationError(
            {
                "target": _("For the status “%(outcome)s” the initiative lands in a %(kind)s.")
                % {"outcome": Outcome(outcome).label, "kind": node_kind_label(expected)}
            }
        )
    if not authorization.can(actor, authorization.VIEW, target):
        raise ValidationError({"target": _("There is no such node that you may see.")})
    container, name = _container(initiative, outcome)
    if container is not None and not target.path.startswith(container):
        raise ValidationError({"target": _("The target must lie in “%(name)s”.") % {"name": name}})


def _clean_similar(similar) -> list[dict]:
    rows = []
    for row in similar or []:
        if not isinstance(row, dict) or not str(row.get("ref") or "").strip():
            raise ValidationError({"similar": _("Each similar item has a reference and a conclusion.")})
        rows.append(
            {
                "ref": str(row["ref"]).strip()[:40],
                "code": str(row.get("code") or "")[:40],
                "name": str(row.get("name") or "")[:500],
                "conclusion": str(row.get("conclusion") or "").strip()[:2000],
            }
        )
    return rows


@transaction.atomic
def initiative_recommend(
    *,
    actor: Person,
    initiative: Initiative,
    outcome: str,
    target,
    identification: str,
    similar: list | None = None,
    office_agreed_on: dt.date | None = None,
) -> Initiative:
    """The project office recommends one of the five statuses with the node it lands in (Rules p.24); the
    initiative then sits at that node, so the head of the basic direction below sees it (p.23)."""
    current = _lock(initiative)
    _require_change(actor, current, _("Only the project office recommends a status."))
    if current.status != InitiativeStatus.SUBMITTED:
        raise ValidationError(
            _("The initiative is %(status)s: only a submitted one is recommended.")
            % {"status": current.get_status_display().lower()}
        )
    check_target(actor, current, outcome, target)
    identification = (identification or "").strip()
    if not identification:
        raise ValidationError(
            {"identification": _("Describe the identification: duplicates found and the decomposition.")}
        )
    current.recommended_outcome = outcome
    current.target_kind = target.KIND
    current.target_id = target.pk
    current.scope_path = target.path
    current.identification = identification
    current.similar = _clean_similar(similar)
    current.office_agreed_on = office_agreed_on
    current.recommended_by = actor
    current.recommended_at = timezone.now()
    current.status = InitiativeStatus.RECOMMENDED
    current.version += 1
    save_recorded(current, actor, _("Recommended"))
    _send(
        current,
        [
            current.proposer,
            *_program_people(program_of_path(target.path), direction_path=_direction_path(target.path)),
        ],
        actor,
        KIND_RECOMMENDED,
        outcome=outcome,
        target=target.name[:300],
    )
    return current


# --- the decision (Rules p.25) and what the initiative becomes (p.26) -------------------------------------------


def _check_meeting(actor: Person, meeting, outcome: str, node) -> None:
    from scrum.choices import Level

    if meeting is None:
        raise ValidationError({"meeting": _("Choose the meeting at which it was decided.")})
    level = Level.COUNCIL if outcome == Outcome.PROGRAM else Level.COMMITTEE
    schedule = meeting.schedule
    if (
        not authorization.can(actor, authorization.VIEW, meeting)
        or schedule.level != level
        or schedule.node_path != node.path
    ):
        raise ValidationError(
            {
                "meeting": _("Choose a meeting of the %(body)s of “%(node)s”.")
                % {
                    "body": DecidingBody.COUNCIL.label
                    if level == Level.COUNCIL
                    else DecidingBody.COMMITTEE.label,
                    "node": node.name,
                }
            }
        )


def _materialize(
    actor: Person,
    initiative: Initiative,
    outcome: str,
    target,
    reason: str,
    program_kind: str = ProgramKind.PROGRAM,
):
    """Create the object the initiative becomes, through the level's own service."""
    from programs.services import direction_create, group_create, program_create
    from projects.services.project import project_create
    from projects.services.tasks import task_create

    if outcome == Outcome.TASK:
        description = _("From the initiative %(code)s (passport v%(number)s).") % {
            "code": initiative.code,
            "number": initiative.passport_version,
        }
        if initiative.summary:
            description = f"{initiative.summary}\n\n{description}"
        return task_create(
            actor=actor,
            project=target,
            title=(initiative.name_ru or initiative.name_kk)[:300],
            description=description,
            starts_on=initiative.planned_start,
            due_on=initiative.planned_end,
        )
    if outcome in (Outcome.PROJECT, Outcome.PROGRAM) and not (
        initiative.planned_start and initiative.planned_end
    ):
        raise ValidationError(
            _("A new %(kind)s needs planned dates: the passport (step 5) gives no planned start and end.")
            % {"kind": node_kind_label(outcome)}
        )
    fields = {
        "name_ru": initiative.name_ru,
        "name_kk": initiative.name_kk,
        "goal": initiative.summary,
        "planned_start": initiative.planned_start,
        "planned_end": initiative.planned_end,
        "budget": initiative.estimated_cost,
        "owner_body": initiative.body,
        "reason": reason,
    }
    if outcome == Outcome.PROJECT:
        return project_create(actor=actor, group=target, **fields)
    if outcome == Outcome.GROUP:
        return group_create(actor=actor, direction=target, **fields)
    if outcome == Outcome.DIRECTION:
        return direction_create(actor=actor, program=target, **fields)
    if program_kind not in ProgramKind.values:
        raise ValidationError({"program_kind": _("Choose the kind of the new program.")})
    return program_create(actor=actor, portfolio=target, kind=program_kind, **fields)


@transaction.atomic
def initiative_decide(
    *,
    actor: Person,
    initiative: Initiative,
    approve: bool,
    outcome: str | None = None,
    target=None,
    form: str,
    meeting=None,
    document: str = "",
    decided_on: dt.date | None,
    reasons: str = "",
    program_kind: str = ProgramKind.PROGRAM,
) -> Initiative:
    """The program governing committee (the governing council for a new program, Rules p.25) approves the
    initiative — it becomes that object in this transaction — or rejects it with reasons. A new program is a
    program or a national project (`program_kind`, p.25), a regional plan or another program document."""
    from pmis.core.nodes import node_model

    current = _lock(initiative)
    if current.status != InitiativeStatus.RECOMMENDED:
        raise ValidationError(
            _("The initiative is %(status)s: only a recommended one is decided.")
            % {"status": current.get_status_display().lower()}
        )
    outcome = outcome or current.recommended_outcome
    if target is None and current.target_kind and outcome == current.recommended_outcome:
        target = node_model(current.target_kind).objects.filter(pk=current.target_id).first()
    check_target(actor, current, outcome, target)
    node = deciding_node(outcome, target)
    if node is None or not authorization.can(actor, authorization.APPROVE, node):
        raise PermissionDenied(
            _("The governing council of the national priority decides on a new program.")
            if outcome == Outcome.PROGRAM
            else _("The program governing committee decides on this initiative.")
        )
    if form not in DecisionForm.values:
        raise ValidationError({"form": _("Say whether it was decided at a meeting or in writing.")})
    document = (document or "").strip()
    if form == DecisionForm.MEETING:
        _check_meeting(actor, meeting, outcome, node)
    else:
        meeting = None
        if not document:
            raise ValidationError({"document": _("Give the number of the written decision.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision cannot be dated in the future.")})
    reasons = (reasons or "").strip()
    if not approve and not reasons:
        raise ValidationError({"reasons": _("A rejection carries its reasons.")})

    current.deciding_body = DecidingBody.COUNCIL if outcome == Outcome.PROGRAM else DecidingBody.COMMITTEE
    current.decision_form = form
    current.meeting = meeting
    current.decision_document = document
    current.decided_on = decided_on
    current.decided_by = actor
    current.decision_reasons = reasons
    current.version += 1
    direction_path = _direction_path(target.path)
    if approve:
        current.decided_outcome = outcome
        current.target_kind, current.target_id = target.KIND, target.pk
        reason = _("From the initiative %(code)s") % {"code": current.code}
        result = _materialize(actor, current, outcome, target, reason, program_kind)
        current.result_kind = "task" if outcome == Outcome.TASK else result.KIND
        current.result_id = result.pk
        current.scope_path = target.path if outcome == Outcome.TASK else result.path
        current.status = InitiativeStatus.APPROVED
        save_recorded(current, actor, _("Approved: %(outcome)s") % {"outcome": outcome})
        kind = KIND_APPROVED
        if outcome != Outcome.TASK:
            direction_path = _direction_path(result.path)
    else:
        current.status = InitiativeStatus.REJECTED
        save_recorded(current, actor, _("Rejected"))
        kind = KIND_REJECTED
    program = program_of_path(current.scope_path) or current.program
    _send(
        current,
        [current.proposer, *_program_people(program, direction_path=direction_path)],
        actor,
        kind,
        outcome=outcome,
        reasons=reasons[:300],
    )
    return current
