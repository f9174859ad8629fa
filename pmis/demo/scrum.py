"""The demo's weekly scrum (Rules p.44–46, p.68, p.72, p.98) on the demo branch: approved schedules of the project
team, the implementation group of the basic direction, the project office and the program governing committee;
last week's project-office meeting held and closed with its protocol and decisions (one of them now overdue,
one done); this week's opened with its agenda; a task escalated from the project team; last week's information
board of the program.

Everything goes through the scrum services, as people would do it. Idempotent: nothing is done when the demo
branch already has scrum schedules.
"""

from __future__ import annotations

import datetime as dt

from org.models import Person
from pmis.core.workdays import monday_of
from projects.choices import ColumnKind
from scrum.choices import Level, MeetingStatus, Mode, OutcomeKind, SubjectKind
from scrum.models import Meeting, Schedule
from scrum.services.boards import board_generate
from scrum.services.decisions import decision_report
from scrum.services.escalations import escalation_raise
from scrum.services.meetings import attendance_set, meeting_close, meeting_open, meeting_start, outcome_record
from scrum.services.schedules import schedule_approve, schedule_create

from .teams import _branch


def _schedules(people: dict[str, Person], branch: dict, start: dt.date) -> dict[str, Schedule]:
    p = people.get
    specs = {
        "office": {
            "level": Level.OFFICE,
            "node": branch["program"],
            "weekday": 3,
            "starts_at": dt.time(10, 0),
            "mode": Mode.OFFLINE,
            "place": "Министерство энергетики, каб. 512",
            "chair": p("po_head"),
            "deputy_chair": p("po_chief_manager"),
            "secretary": p("po_admin"),
            "participants": [p("gibd_head"), p("gp_head"), p("project_manager"), p("bd_head")],
        },
        "committee": {
            "level": Level.COMMITTEE,
            "node": branch["program"],
            "weekday": 5,
            "starts_at": dt.time(15, 0),
            "mode": Mode.ONLINE,
            "video_link": "https://meet.gov.kz/energy-committee",
            "chair": p("committee_chair"),
            "deputy_chair": p("committee_deputy_chair"),
            "secretary": p("po_admin"),
            "participants": [p("program_manager"), p("po_head"), p("bd_head"), p("committee_member")],
        },
        "direction": {
            "level": Level.DIRECTION,
            "node": branch["direction"],
            "weekday": 2,
            "starts_at": dt.time(11, 0),
            "mode": Mode.OFFLINE,
            "place": "Каб. 407",
            "chair": p("gibd_head"),
            "deputy_chair": p("gibd_chief_manager"),
            "secretary": p("gibd_admin"),
            "participants": [p("bd_head"), p("gp_head")],
        },
        "team": {
            "level": Level.TEAM,
            "node": branch["project"],
            "weekday": 1,
            "starts_at": dt.time(9, 30),
            "mode": Mode.ONLINE,
            "video_link": "https://meet.gov.kz/enbek-team",
            "chair": p("project_manager"),
            "participants": [p("team_member"), p("task_executor")],
        },
    }
    schedules = {}
    for key, spec in specs.items():
        spec["participants"] = [person for person in spec["participants"] if person is not None]
        schedule = schedule_create(actor=p("office_staff"), valid_from=start, **spec)
        schedules[key] = schedule_approve(actor=p("program_manager"), schedule=schedule, today=start)
    return schedules


def _hold_last_week(people: dict[str, Person], office: Schedule, project, last_monday: dt.date) -> None:
    """Last week's project-office meeting: opened, held, two decisions and an information item, closed."""
    meeting = Meeting.objects.filter(
        schedule=office, date__gte=last_monday, date__lt=last_monday + dt.timedelta(7)
    )
    meeting = meeting.first()
    if meeting is None:  # a public holiday took last week's meeting
        return
    secretary = people["po_admin"]
    meeting = meeting_open(actor=secretary, meeting=meeting, today=meeting.date)
    meeting = meeting_start(actor=secretary, meeting=meeting, today=meeting.date)
    for attendance in meeting.attendance.select_related("person"):
        status = "absent" if attendance.person_id == people["gp_head"].pk else "present"
        attendance_set(actor=secretary, meeting=meeting, person=attendance.person, status=status)
    overdue = outcome_record(
        actor=secretary,
        meeting=meeting,
        kind=OutcomeKind.DECISION,
        owner=people["project_manager"],
        due_on=meeting.date + dt.timedelta(days=2),
        project=project,
        text="Представить в проектный офис согласованную техническую спецификацию портала Enbek.kz",
    )
    done = outcome_record(
        actor=secretary,
        meeting=meeting,
        kind=OutcomeKind.ASSIGNMENT,
        owner=people["gibd_head"],
        due_on=meeting.date + dt.timedelta(days=1),
        text="Свести региональные квоты субсидирования по всем группам проектов направления",
    )
    outcome_record(
        actor=secretary,
        meeting=meeting,
        kind=OutcomeKind.INFORMATION,
        text="Информация руководителя проектного офиса о ходе реализации программы принята к сведению",
    )
    meeting_close(actor=secretary, meeting=meeting)
    decision_report(
        actor=people["gibd_head"],
        decision=done,
        version=done.version,
        done=True,
        report="Квоты сведены и направлены в проектный офис письмом от группы по реализации",
    )
    del overdue  # stays open past its deadline: the owner's work list and this week's agenda show it


def build(*, people: dict[str, Person], today: dt.date) -> None:
    """The demo branch's scrum, once."""
    branch = _branch()
    if Schedule.objects.filter(node_path=branch["program"].path).exists():
        return
    last_monday = monday_of(today) - dt.timedelta(days=7)
    schedules = _schedules(people, branch, last_monday)
    project = branch["project"]
    _hold_last_week(people, schedules["office"], project, last_monday)
    late = project.tasks.exclude(column__kind=ColumnKind.DONE).order_by("due_on", "pk").first()
    if late is not None:
        escalation_raise(
            actor=people["project_manager"],
            subject_kind=SubjectKind.TASK,
            task=late,
            description="Смежный государственный орган не предоставил данные; прошу содействия руководителя группы.",
        )
    upcoming = Meeting.objects.filter(
        schedule=schedules["office"], date__gte=today, status=MeetingStatus.DRAFT
    )
    upcoming = upcoming.order_by("date").first()
    if upcoming is not None:
        meeting_open(actor=people["po_admin"], meeting=upcoming, today=today)
    board_generate(program=branch["program"], week_start=last_monday, actor=None)
