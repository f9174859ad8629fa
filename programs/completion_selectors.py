"""Reads of the program's performance (Rules p.63–64): the ratios with the projects and people they count, the
completion report, the lessons log (the program's and its projects'), a project's performance facts and people's
certificates. Whoever reads the program's figures sees the program and its whole subtree (`may_read_subtree`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404

from kpi_maps.access import subtree_or_404
from org.models import Certification, Person
from pmis.core import authorization

from .models import CompletionReport, Program, ProgramLesson
from .ratios import program_ratios


def program_for_performance(user, pk) -> Program:
    """The program when `user` reads its whole subtree; 404 otherwise (one query, plus the grants)."""
    return subtree_or_404(user, Program.objects.filter(pk=pk).first())


def ratios_with_subjects(program: Program, *, on: dt.date | None = None) -> dict:
    """The ratios and, by id, the projects (with their performance) and people they count: four queries."""
    from projects.models import Project

    ratios = program_ratios(program, on=on)
    projects = {
        project.pk: project
        for project in Project.objects.filter(path__startswith=program.path).select_related("performance")
    }
    person_ids = {
        pk for ratio in ratios if ratio.subject == "person" for pk in (*ratio.counted, *ratio.not_counted)
    }
    people = {person.pk: person for person in Person.objects.filter(pk__in=person_ids)}
    return {"ratios": ratios, "projects": projects, "people": people}


def completion_report_of(program: Program) -> CompletionReport:
    """The stored report with its incentives, or an unsaved draft when none was started (no write on reading)."""
    report = (
        CompletionReport.objects.filter(program=program)
        .select_related("issued_by")
        .prefetch_related("incentives")
        .first()
    )
    return report or CompletionReport(program=program)


def lessons_log(user, program: Program, *, stage: str | None = None, went_well: bool | None = None) -> list:
    """The program's own lessons and the lessons of its projects the user may see, newest first; each row has
    `project` (None for the program's own). Two queries."""
    from projects.models import Lesson

    own = ProgramLesson.objects.filter(program=program).select_related("recorded_by")
    projects = authorization.restrict(
        Lesson.objects.filter(project__path__startswith=program.path), user, authorization.VIEW
    ).select_related("project", "recorded_by")
    if stage:
        own, projects = own.filter(stage=stage), projects.filter(stage=stage)
    if went_well is not None:
        own, projects = own.filter(went_well=went_well), projects.filter(went_well=went_well)
    rows = [*own]
    for lesson in rows:
        lesson.project = None
    rows.extend(projects)
    rows.sort(key=lambda lesson: (lesson.created_at, lesson.pk), reverse=True)
    return rows


def program_lesson_get(user, program: Program, pk, *, action: str = authorization.VIEW) -> ProgramLesson:
    lesson = get_object_or_404(ProgramLesson.objects.select_related("program"), pk=pk, program=program)
    authorization.require(user, action, lesson)
    return lesson


def project_for_performance(user, pk):
    """A project the user sees, with its performance facts (404 when not visible)."""
    from projects.models import Project

    project = (
        authorization.restrict(Project.objects.filter(pk=pk), user, authorization.VIEW)
        .select_related("performance", "group")
        .first()
    )
    if project is None:
        raise Http404
    return project


def certification_list(user, *, person: Person | None = None):
    """Certificates (open to everyone who works in the PMIS, as the organisation is), a person's if given."""
    rows = authorization.restrict(Certification.objects.select_related("person"), user, authorization.VIEW)
    return rows if person is None else rows.filter(person=person)


def person_or_404(pk) -> Person:
    return get_object_or_404(Person, pk=pk, is_active=True)


def present_figures(figures: dict) -> dict:
    """A report's figures (live or frozen) ready to show: each ratio with its title and percent, the projects by
    status with their labels, the lessons counts."""
    from pmis.core.choices import Status

    from .ratios import DEFINITIONS, TITLES

    ratios = []
    for ratio in figures.get("ratios", []):
        share = ratio.get("share")
        ratios.append(
            {
                **ratio,
                "title": str(TITLES.get(ratio["key"], ratio["key"])),
                "definition": str(DEFINITIONS.get(ratio["key"], "")),
                "percent": None if share is None else round(share * 100),
            }
        )
    labels = dict(Status.choices)
    statuses = [
        (str(labels.get(key, key)), count) for key, count in figures.get("projects_by_status", {}).items()
    ]
    return {
        "on": figures.get("on"),
        "ratios": ratios,
        "statuses": statuses,
        "projects": sum(count for _label, count in statuses),
        "program_lessons": figures.get("program_lessons", 0),
        "project_lessons": figures.get("project_lessons", 0),
    }
