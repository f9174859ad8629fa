"""Writes of a meeting's agenda: the builder's signals put on it, people's own items, time-boxes, order, notes.

The agenda changes while the meeting is a draft, open or in progress; a closed meeting's agenda is its protocol's
and a cancelled one's is gone with it. Notes and "discussed" are recorded only while the meeting is held.
Building and arranging the agenda, and the notes, need "change" on the meeting (its node's keepers or the
schedule's chair, deputy chair and secretary); adding an item needs "contribute" (the participants too). Every
write tells the meeting's open pages on commit (scrum.live).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.recording import refuse_unknown
from projects.models import Project

from ..choices import AgendaSource, MeetingStatus
from ..live import meeting_changed
from ..models import AgendaItem, Meeting
from ..selectors.agenda import Signal, agenda_signals, innermost_group_id

#: While the agenda may change.
AGENDA_OPEN = (MeetingStatus.DRAFT, MeetingStatus.OPEN, MeetingStatus.IN_PROGRESS)
#: The objects an item may name (AgendaItem's foreign keys besides project and group).
REFS = ("task", "risk", "assignment", "indicator", "escalation", "decision")


def require(actor: Person | None, action: str, obj) -> None:
    """Refuse (403) an actor who may not `action` `obj`; None is the system (tasks, fixtures) and may."""
    if actor is not None and not authorization.can(actor, action, obj):
        raise PermissionDenied


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting re-read under a row lock with its schedule: two writes to one meeting never interleave."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("schedule").get(pk=meeting.pk)


def require_agenda_open(meeting: Meeting) -> None:
    if meeting.status not in AGENDA_OPEN:
        raise ValidationError(
            _("The meeting is %(status)s: its agenda no longer changes.")
            % {"status": meeting.get_status_display().lower()}
        )


def require_in_progress(meeting: Meeting, what: str) -> None:
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError(
            _("%(what)s are recorded only while the meeting is in progress; it is %(status)s.")
            % {"what": what, "status": meeting.get_status_display().lower()}
        )


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _group_id(project: Project | None, group) -> int | None:
    if group is not None:
        return group.pk
    if project is not None:
        return project.group_id or innermost_group_id(project.path)
    return None


def _item_of(meeting: Meeting, signal: Signal, position: int, actor: Person | None) -> AgendaItem:
    return AgendaItem(
        meeting=meeting,
        position=position,
        source=signal.source,
        signal_key=signal.signal_key,
        title=signal.title,
        details=signal.details,
        project=signal.project,
        group_id=signal.group_id,
        presenter=signal.presenter,
        minutes=signal.minutes,
        created_by=actor,
        **signal.refs,
    )


def build_items(*, actor: Person | None, meeting: Meeting, today: dt.date) -> list[AgendaItem]:
    """Put the signals not yet on the agenda after its last item (the caller holds the meeting's lock)."""
    present = set(
        AgendaItem.objects.filter(meeting=meeting).exclude(signal_key="").values_list("source", "signal_key")
    )
    fresh = [
        signal
        for signal in agenda_signals(meeting, today=today)
        if (signal.source, signal.signal_key) not in present
    ]
    if not fresh:
        return []
    start = _next_position(meeting)
    items = AgendaItem.objects.bulk_create(
        [_item_of(meeting, signal, start + index, actor) for index, signal in enumerate(fresh)]
    )
    meeting_changed(meeting.pk, "agenda", {"added": len(items)})
    return items


@transaction.atomic
def agenda_build(*, actor: Person | None, meeting: Meeting, today: dt.date | None = None) -> list[AgendaItem]:
    """Put the week's signals on the agenda (scrum.selectors.agenda), skipping those already there by source and
    signal; the new items go after the existing ones. Answers the items added."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    require_agenda_open(meeting)
    return build_items(actor=actor, meeting=meeting, today=today or timezone.localdate())


@transaction.atomic
def agenda_put(
    *,
    meeting: Meeting,
    source: str,
    signal_key: str,
    title: str,
    details: str = "",
    project: Project | None = None,
    group=None,
    presenter: Person | None = None,
    actor: Person | None = None,
    **refs,
) -> AgendaItem | None:
    """Put one signal on the meeting's agenda (the escalations part calls it when an escalation lands on a level
    whose next meeting exists). Idempotent: None when it is already there, or when the meeting's agenda no longer
    changes (closed or cancelled)."""
    refuse_unknown(refs, REFS)
    meeting = lock_meeting(meeting)
    if meeting.status not in AGENDA_OPEN:
        return None
    if AgendaItem.objects.filter(meeting=meeting, source=source, signal_key=signal_key).exists():
        return None
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        source=source,
        signal_key=signal_key,
        title=title[:500],
        details=details,
        project=project,
        group_id=_group_id(project, group),
        presenter=presenter,
        minutes=10 if source == AgendaSource.ESCALATION else 5,
        created_by=actor,
        **refs,
    )
    item.full_clean(exclude=["meeting", "project", "group", *REFS])
    item.save()
    meeting_changed(meeting.pk, "agenda", {"item": item.pk})
    return item


@transaction.atomic
def agenda_item_add(
    *,
    actor: Person | None,
    meeting: Meeting,
    title: str,
    details: str = "",
    project: Project | None = None,
    presenter: Person | None = None,
    minutes: int = 5,
) -> AgendaItem:
    """A person's own item (participants may propose them) while the meeting is a draft, open or in progress."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CONTRIBUTE, meeting)
    require_agenda_open(meeting)
    if project is not None and not project.path.startswith(meeting.schedule.node_path):
        raise ValidationError({"project": _("The project is not among those this meeting discusses.")})
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        source=AgendaSource.MANUAL,
        title=(title or "").strip(),
        details=(details or "").strip(),
        project=project,
        group_id=_group_id(project, None),
        presenter=presenter,
        minutes=minutes,
        created_by=actor,
    )
    item.full_clean(exclude=["meeting", "project", "group", "presenter", *REFS])
    item.save()
    meeting_changed(meeting.pk, "agenda", {"item": item.pk})
    return item


def _locked_item(item: AgendaItem) -> tuple[AgendaItem, Meeting]:
    meeting = lock_meeting(item.meeting)
    fresh = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
    if fresh is None:
        raise ValidationError(_("The agenda item has been removed."))
    return fresh, meeting


@transaction.atomic
def agenda_item_update(*, actor: Person | None, item: AgendaItem, **fields) -> AgendaItem:
    """Change an item's presenter, time-box, title or details while the agenda may change ("change")."""
    refuse_unknown(fields, ("presenter", "minutes", "title", "details"))
    item, meeting = _locked_item(item)
    require(actor, authorization.CHANGE, meeting)
    require_agenda_open(meeting)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.full_clean(exclude=["meeting", "project", "group", "presenter", *REFS])
    item.save()
    meeting_changed(meeting.pk, "agenda", {"item": item.pk})
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Person | None, item: AgendaItem) -> None:
    """Take an item off the agenda while it may change ("change"). A signal taken off comes back only if the
    agenda is rebuilt after its item is removed — so the builder's items are kept by a rebuild, not re-added."""
    item, meeting = _locked_item(item)
    require(actor, authorization.CHANGE, meeting)
    require_agenda_open(meeting)
    if item.outcomes.exists():
        raise ValidationError(_("Outcomes were recorded for this item: it stays on the agenda."))
    item.delete()
    meeting_changed(meeting.pk, "agenda", {"removed": item.pk})


@transaction.atomic
def agenda_reorder(*, actor: Person | None, meeting: Meeting, ids: list[int]) -> list[AgendaItem]:
    """Put the items in the order of `ids`, which must name each item of the agenda once."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    require_agenda_open(meeting)
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(ids) != sorted(items) or len(set(ids)) != len(ids):
        raise ValidationError(_("Name every item of the agenda once to put them in order."))
    ordered = []
    for position, pk in enumerate(ids):
        items[pk].position = position
        ordered.append(items[pk])
    AgendaItem.objects.bulk_update(ordered, ["position"])
    meeting_changed(meeting.pk, "agenda", {"reordered": True})
    return ordered


@transaction.atomic
def item_notes(*, actor: Person | None, item: AgendaItem, notes: str, discussed: bool) -> AgendaItem:
    """The secretary's notes on an item and whether it was discussed: only while the meeting is in progress."""
    item, meeting = _locked_item(item)
    require(actor, authorization.CHANGE, meeting)
    require_in_progress(meeting, _("Notes"))
    item.notes = (notes or "").strip()
    item.discussed = bool(discussed)
    item.save(update_fields=["notes", "discussed"])
    meeting_changed(meeting.pk, "agenda", {"item": item.pk})
    return item
