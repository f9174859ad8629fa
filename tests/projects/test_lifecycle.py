"""Stage transitions of a project (Rules p.9, p.77, p.78(5), p.84(6), p.91): one stage at a time, the checks of
leaving initiation and of entering closure, back one stage with a reason, history and change log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from pmis.core.choices import Stage
from projects.choices import ColumnKind, DocumentKind
from projects.models import ChangeLogEntry, Lesson, Project, Task
from projects.selectors.charter import stage_readiness
from projects.services import project_update
from projects.services.charter import charter_set_requirements, charter_update
from projects.services.documents import document_create
from projects.services.lifecycle import project_advance
from tests.factories import PersonFactory, assign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def fill_charter(ws) -> Project:
    """Everything leaving initiation needs (Rules p.77): the two roles the cast lacks, goal, content, results."""
    assign(PersonFactory(username="initiator", last_name="Инициаторов"), "project_initiator", ws.project)
    assign(PersonFactory(username="customer", last_name="Заказчиков"), "project_customer", ws.project)
    project_update(
        actor=None, project=ws.project, goal="Перевести 90% услуг в электронный формат к 2028 году"
    )
    charter_update(
        actor=ws.pm, project=ws.project, content="Разработка платформы", results="Платформа\nРегламент"
    )
    return Project.objects.get(pk=ws.project.pk)


def at_stage(project: Project, stage: str) -> Project:
    """Put a project at a stage directly (test set-up, not a transition)."""
    Project.objects.filter(pk=project.pk).update(stage=stage)
    return Project.objects.get(pk=project.pk)


def upload(project, kind: str, *, actor=None, title="Документ"):
    return document_create(
        actor=actor,
        project=project,
        title=title,
        kind=kind,
        file=ContentFile(b"%PDF-1.4 demo", name="doc.pdf"),
    )


def messages_of(error) -> str:
    return " ".join(error.value.message_dict["stage"])


# --- leaving initiation ------------------------------------------------------------------------------------------


def test_a_ready_project_leaves_initiation_with_history_and_a_change_log_line(ws):
    project = fill_charter(ws)
    project = project_advance(actor=ws.pm, project=project, to_stage=Stage.PLANNING)
    assert Project.objects.get(pk=project.pk).stage == Stage.PLANNING
    record = project.history.order_by("-history_date").first()
    assert record.stage == Stage.PLANNING and record.history_user == ws.pm
    assert "Planning" in record.history_change_reason
    assert ChangeLogEntry.objects.filter(project=project, event="stage").exists()


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda ws: project_update(actor=None, project=ws.project, goal=""), "no goal"),
        (lambda ws: charter_update(actor=None, project=ws.project, content=""), "content"),
        (lambda ws: charter_update(actor=None, project=ws.project, results=""), "results are empty"),
        (
            lambda ws: ws.project.role_assignments.filter(role__code="project_customer").delete(),
            "Project customer",
        ),
        (
            lambda ws: charter_set_requirements(
                actor=None, project=ws.project, requires_kickoff_protocol=True, requires_change_control=False
            ),
            "kick-off",
        ),
    ],
    ids=["goal", "content", "results", "customer", "kickoff-protocol"],
)
def test_each_missing_item_keeps_the_project_in_initiation(ws, spoil, expected):
    fill_charter(ws)
    spoil(ws)
    project = Project.objects.get(pk=ws.project.pk)
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.PLANNING)
    assert expected in messages_of(error)
    assert "cannot move to “Planning”" in messages_of(error)
    assert Project.objects.get(pk=project.pk).stage == Stage.INITIATION


def test_every_missing_item_is_listed_at_once(ws):
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=ws.project, to_stage=Stage.PLANNING)
    text = messages_of(error)
    for part in ("Project initiator", "Project customer", "no goal", "content", "results are empty"):
        assert part in text


def test_the_kickoff_protocol_in_the_archive_satisfies_the_office(ws):
    project = fill_charter(ws)
    charter_set_requirements(
        actor=None, project=project, requires_kickoff_protocol=True, requires_change_control=False
    )
    assert not stage_readiness(project).ready
    upload(project, DocumentKind.KICKOFF_PROTOCOL)
    assert stage_readiness(project).ready
    project_advance(actor=ws.pm, project=project, to_stage=Stage.PLANNING)
    assert Project.objects.get(pk=project.pk).stage == Stage.PLANNING


def test_the_node_edit_path_obeys_the_same_checks(ws):
    """project_update (the node's edit form and the projects API) routes the stage through the lifecycle."""
    assign(PersonFactory(username="initiator"), "project_initiator", ws.project)
    assign(PersonFactory(username="customer"), "project_customer", ws.project)
    with pytest.raises(ValidationError) as error:
        project_update(actor=None, project=ws.project, stage=Stage.PLANNING)
    assert "no goal" in messages_of(error)


# --- order of the stages ------------------------------------------------------------------------------------------


def test_a_stage_cannot_be_skipped(ws):
    project = fill_charter(ws)
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.IMPLEMENTATION)
    assert "one stage at a time" in messages_of(error)


def test_going_back_needs_a_reason_and_goes_one_stage(ws):
    project = at_stage(ws.project, Stage.MONITORING)
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.IMPLEMENTATION)
    assert "Say why" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.PLANNING, reason="Пересмотр плана")
    assert "back one stage at a time" in messages_of(error)
    project_advance(
        actor=ws.pm, project=project, to_stage=Stage.IMPLEMENTATION, reason="Скорректирован график"
    )
    project = Project.objects.get(pk=project.pk)
    assert project.stage == Stage.IMPLEMENTATION
    assert project.history.order_by("-history_date").first().history_change_reason == "Скорректирован график"


def test_the_middle_stages_need_nothing_more(ws):
    project = at_stage(ws.project, Stage.PLANNING)
    project_advance(actor=ws.pm, project=project, to_stage=Stage.IMPLEMENTATION)
    project = Project.objects.get(pk=project.pk)
    project_advance(actor=ws.pm, project=project, to_stage=Stage.MONITORING)
    assert Project.objects.get(pk=project.pk).stage == Stage.MONITORING


# --- entering closure ---------------------------------------------------------------------------------------------


def ready_to_close(ws) -> Project:
    project = at_stage(ws.project, Stage.MONITORING)
    upload(project, DocumentKind.COMPLETION_REPORT, title="Итоговый отчёт")
    Lesson.objects.create(
        project=project, stage=Stage.MONITORING, title="Урок", situation="Было", recommendation="Делать так"
    )
    return project


def test_a_project_with_report_lessons_and_done_tasks_closes(ws):
    project = ready_to_close(ws)
    done = project.columns.get(kind=ColumnKind.DONE)
    Task.objects.create(project=project, number=1, column=done, title="Сделано")
    project_advance(actor=ws.pm, project=project, to_stage=Stage.CLOSURE)
    closed = Project.objects.get(pk=project.pk)
    assert closed.stage == Stage.CLOSURE
    # The day it closed is recorded: the documents' storage periods count from that year (Rules p.90).
    assert closed.actual_end == timezone.localdate()


def test_reaching_implementation_records_the_actual_start_once(ws):
    project = at_stage(ws.project, Stage.PLANNING)
    project_advance(actor=ws.pm, project=project, to_stage=Stage.IMPLEMENTATION)
    assert Project.objects.get(pk=project.pk).actual_start == timezone.localdate()
    earlier = dt.date(2025, 3, 1)
    Project.objects.filter(pk=project.pk).update(actual_start=earlier, stage=Stage.PLANNING)
    project_advance(actor=ws.pm, project=Project.objects.get(pk=project.pk), to_stage=Stage.IMPLEMENTATION)
    assert Project.objects.get(pk=project.pk).actual_start == earlier  # a date someone entered is kept


def test_closure_needs_the_completion_report(ws):
    project = ready_to_close(ws)
    project.documents.all().delete()
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.CLOSURE)
    assert "completion report" in messages_of(error)


def test_closure_needs_a_lesson_learned(ws):
    project = ready_to_close(ws)
    project.lessons.all().delete()
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.CLOSURE)
    assert "lesson learned" in messages_of(error)


def test_open_tasks_block_closure_with_their_count(ws):
    project = ready_to_close(ws)
    todo = project.columns.get(kind=ColumnKind.TO_DO)
    for number in (1, 2, 3):
        Task.objects.create(project=project, number=number, column=todo, title=f"Задача {number}")
    with pytest.raises(ValidationError) as error:
        project_advance(actor=ws.pm, project=project, to_stage=Stage.CLOSURE)
    assert "3 tasks are not in a “done” column" in messages_of(error)
    assert Project.objects.get(pk=project.pk).stage == Stage.MONITORING


def test_readiness_ticks_what_is_there(ws):
    project = at_stage(ws.project, Stage.MONITORING)
    readiness = stage_readiness(project)
    assert readiness.next_stage == Stage.CLOSURE and readiness.previous_stage == Stage.IMPLEMENTATION
    assert [item.met for item in readiness.items] == [False, False, True]
    project = ready_to_close(ws)
    assert stage_readiness(project).ready
