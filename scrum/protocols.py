"""The protocol of a scrum meeting as PDF (WeasyPrint) and DOCX (python-docx), with the same content.

Title, date, time, mode and place, who chaired (and why, when a stand-in did, Rules p.46), the secretary, who
was present and absent, the agenda grouped by projects group and project with each item's notes and outcomes,
the decisions with owner and deadline in a table, for the program governing committee the note that its protocol
decisions are binding (Rules p.45), and the signature lines of the chair and the secretary. Rendered in the
active language (the closer's).
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmis.core.pdf import render_pdf

from .choices import AttendanceStatus, Level, OutcomeKind
from .models import Attendance, Decision, Meeting
from .selectors.agenda import agenda_for, agenda_items


def protocol_context(meeting: Meeting) -> dict:
    """Everything the protocol shows, read in a fixed number of queries."""
    schedule = meeting.schedule
    node = schedule.node
    items = list(agenda_items(meeting))
    decisions = list(
        Decision.objects.filter(meeting=meeting).select_related("owner", "project", "task").order_by("number")
    )
    by_item: dict[int | None, list[Decision]] = {}
    for decision in decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    for item in items:
        item.protocol_outcomes = by_item.get(item.pk, [])
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "acting_for")
        .order_by("person__last_name", "person__first_name")
    )
    chair = meeting.chair or schedule.chair
    stand_in = (
        meeting.chair is not None and schedule.chair_id is not None and meeting.chair_id != schedule.chair_id
    )
    return {
        "meeting": meeting,
        "schedule": schedule,
        "node": node,
        "level": schedule.get_level_display(),
        "number": meeting.protocol_number or "—",
        "date": date_format(meeting.date, "DATE_FORMAT"),
        "time": meeting.starts_at.strftime("%H:%M"),
        "mode": meeting.get_mode_display(),
        "place": meeting.place or meeting.video_link,
        "chair": chair,
        "chair_note": meeting.chair_note if stand_in else "",
        "secretary": meeting.secretary,
        "present": [row for row in attendance if row.status == AttendanceStatus.PRESENT],
        "absent": [row for row in attendance if row.status != AttendanceStatus.PRESENT],
        "agenda": agenda_for(meeting, items),
        "general_outcomes": by_item.get(None, []),
        "decisions": [d for d in decisions if d.kind != OutcomeKind.INFORMATION],
        "binding": schedule.level == Level.COMMITTEE,
    }


def protocol_title(context: dict) -> str:
    return _("Protocol No. %(number)s of the scrum meeting of %(level)s %(node)s") % {
        "number": context["number"],
        "level": context["level"],
        "node": context["node"].name if context["node"] is not None else "",
    }


def protocol_pdf(meeting: Meeting) -> bytes:
    context = protocol_context(meeting)
    return render_pdf("scrum/protocol_pdf.html", {**context, "title": protocol_title(context)})


def _name(person) -> str:
    return person.full_name if person is not None else "—"


def _outcome_line(decision: Decision) -> str:
    line = f"{decision.number}. {decision.get_kind_display()}: {decision.text}"
    if decision.kind != OutcomeKind.INFORMATION:
        line += " — " + _("owner %(owner)s, deadline %(due)s") % {
            "owner": _name(decision.owner),
            "due": date_format(decision.due_on, "SHORT_DATE_FORMAT") if decision.due_on else "—",
        }
    return line


def protocol_docx(meeting: Meeting) -> bytes:
    from docx import Document

    context = protocol_context(meeting)
    document = Document()
    document.add_heading(protocol_title(context), level=1)
    facts = [
        (_("Date"), context["date"]),
        (_("Time"), context["time"]),
        (_("Mode"), context["mode"]),
        (_("Place"), context["place"] or "—"),
        (
            _("Chaired by"),
            _name(context["chair"]) + (f" ({context['chair_note']})" if context["chair_note"] else ""),
        ),
        (_("Secretary"), _name(context["secretary"])),
        (_("Present"), ", ".join(_name(row.person) for row in context["present"]) or "—"),
        (_("Absent"), ", ".join(_name(row.person) for row in context["absent"]) or "—"),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))
    document.add_heading(_("Agenda"), level=2)
    for group in context["agenda"]:
        document.add_heading(group.group.name if group.group else _("The whole level"), level=3)
        for block in group.projects:
            if block.project is not None:
                document.add_paragraph(block.project.name).runs[0].bold = True
            for item in block.items:
                document.add_paragraph(f"{item.title} ({item.get_source_display()})", style="List Number")
                if item.notes:
                    document.add_paragraph(item.notes)
                for decision in item.protocol_outcomes:
                    document.add_paragraph(_outcome_line(decision), style="List Bullet")
    if context["general_outcomes"]:
        document.add_heading(_("Other outcomes"), level=2)
        for decision in context["general_outcomes"]:
            document.add_paragraph(_outcome_line(decision), style="List Bullet")
    if context["decisions"]:
        document.add_heading(_("Decisions, assignments and tasks"), level=2)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, heading in zip(
            table.rows[0].cells, ("No.", _("Outcome"), _("Text"), _("Owner"), _("Deadline")), strict=True
        ):
            cell.text = heading
        for decision in context["decisions"]:
            cells = table.add_row().cells
            cells[0].text = str(decision.number)
            cells[1].text = decision.get_kind_display()
            cells[2].text = decision.text
            cells[3].text = _name(decision.owner)
            cells[4].text = date_format(decision.due_on, "SHORT_DATE_FORMAT") if decision.due_on else "—"
    if context["binding"]:
        document.add_paragraph(
            _(
                "The decisions of the program governing committee are registered as its protocols and are "
                "mandatory for the project personnel and participants of the program (Rules p.45)."
            )
        )
    document.add_paragraph()
    document.add_paragraph(_("Chair") + ": ____________________ " + _name(context["chair"]))
    document.add_paragraph(_("Secretary") + ": ____________________ " + _name(context["secretary"]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
