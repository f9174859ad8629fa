"""Comments on a project's workspace (Rules p.15, p.89): @mentions, who is notified, edit and delete rules.

`make_target(ws, kind)` builds one commentable object of each kind in the workspace's project; the thread and
API tests use it too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.models import Notification
from projects.models import (
    ChangeRequest,
    Comment,
    Document,
    Lesson,
    Milestone,
    ProjectAssignment,
    Risk,
    Task,
)
from projects.services.board import board_set_up
from projects.services.comments import (
    comment_add,
    comment_delete,
    comment_edit,
    mentioned_people,
    mentioned_usernames,
)
from tests.factories import PersonFactory, StateBodyFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def make_target(ws, kind: str, **fields):
    """One object of `kind` in `ws.project` (its number the next free one)."""
    project = fields.pop("project", ws.project)
    if kind == "project":
        return project
    if kind == "task":
        column = board_set_up(project=project)[0]
        number = Task.objects.filter(project=project).count() + 1
        return Task.objects.create(
            project=project,
            number=number,
            column=column,
            title=fields.pop("title", f"Задача {number}"),
            **fields,
        )
    if kind == "risk":
        number = Risk.objects.filter(project=project).count() + 1
        return Risk.objects.create(
            project=project,
            number=number,
            title=fields.pop("title", "Срыв поставки оборудования"),
            probability=3,
            impact=4,
            identified_on=TODAY,
            **fields,
        )
    if kind == "change":
        number = ChangeRequest.objects.filter(project=project).count() + 1
        return ChangeRequest.objects.create(
            project=project, number=number, title=fields.pop("title", "Перенос срока этапа"), **fields
        )
    if kind == "lesson":
        return Lesson.objects.create(
            project=project,
            stage="planning",
            title="Согласование ТЗ",
            situation="Долго согласовывали",
            recommendation="Начинать раньше",
            **fields,
        )
    if kind == "document":
        return Document.objects.create(project=project, stage="initiation", title="Устав проекта", **fields)
    if kind == "milestone":
        return Milestone.objects.create(project=project, title="Запуск пилота", due_on=TODAY, **fields)
    if kind == "assignment":
        number = ProjectAssignment.objects.filter(project=project).count() + 1
        head = fields.pop("addressee_head", None) or PersonFactory(
            username="unit_head", last_name="Бекова", first_name="Сауле"
        )
        return ProjectAssignment.objects.create(
            project=project,
            number=number,
            title=fields.pop("title", "Подготовить данные"),
            addressee_body=StateBodyFactory(),
            addressee_head=head,
            due_on=TODAY + dt.timedelta(days=10),
            # The addressee sees it once the head of the basic direction has sent it.
            status=fields.pop("status", "sent"),
            **fields,
        )
    raise ValueError(kind)


def inbox(person, kind=None):
    rows = Notification.objects.filter(recipient=person)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows)


# --- parsing --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, names",
    [
        ("@pm, посмотрите", ["pm"]),
        ("Спасибо, @member.", ["member"]),
        ("(@Sponsor) и @pm!", ["sponsor", "pm"]),
        ("@a.ivanov: готово", ["a.ivanov"]),
        ("пишите на ivan@example.kz или pm@gov.kz", []),
        ("@pm @PM @pm", ["pm"]),
        ("@ одинокий знак и @@pm", []),
        ("строка\n@member\nещё", ["member"]),
    ],
)
def test_mentions_are_parsed_from_the_text(text, names):
    assert mentioned_usernames(text) == names


def test_only_active_known_people_are_mentioned_case_insensitively(ws):
    PersonFactory(username="gone", is_active=False)
    people = mentioned_people("@MEMBER, @nobody, @gone and @Pm")
    assert people == [ws.member, ws.pm]


# --- adding ---------------------------------------------------------------------------------------------------


def test_a_comment_notifies_the_mentioned_and_records_them(ws):
    task = make_target(ws, "task", title="Подготовить ТЗ")
    comment = comment_add(actor=ws.pm, target=task, body="  @member, @sponsor: посмотрите ТЗ  ")

    assert comment.body == "@member, @sponsor: посмотрите ТЗ"
    assert comment.project == ws.project
    assert comment.target == task
    assert set(comment.mentions.all()) == {ws.member, ws.sponsor}
    assert comment.not_notified == []
    [note] = inbox(ws.member, "comment.mention")
    assert note.actor == ws.pm
    assert note.target == task
    assert note.params["ref"] == "#1"
    assert note.params["title"] == "Подготовить ТЗ"
    assert note.params["target_kind"] == "task"
    assert note.url
    assert len(inbox(ws.sponsor, "comment.mention")) == 1


def test_a_mentioned_person_who_cannot_see_the_target_is_not_notified(ws, outsider):
    risk = make_target(ws, "risk")
    comment = comment_add(actor=ws.member, target=risk, body="@outsider, @pm — ваше мнение?")

    assert comment.not_notified == [outsider]
    assert list(comment.mentions.all()) == [ws.pm]
    assert inbox(outsider) == []
    assert len(inbox(ws.pm, "comment.mention")) == 1


def test_the_author_is_never_notified(ws):
    task = make_target(ws, "task", assignee=ws.pm)
    comment_add(actor=ws.pm, target=task, body="Напоминаю себе, @pm")
    assert inbox(ws.pm) == []


def test_watchers_hear_of_new_comments_once_and_only_if_they_can_see(ws, outsider):
    task = make_target(ws, "task", assignee=ws.member)
    comment_add(actor=ws.pm, target=task, body="Как дела?")
    assert [note.kind for note in inbox(ws.member)] == ["comment.new"]

    comment_add(actor=ws.pm, target=task, body="@member, ответьте")  # mentioned: one notice, the mention
    assert sorted(note.kind for note in inbox(ws.member)) == ["comment.mention", "comment.new"]

    risk = make_target(ws, "risk", owner=outsider)  # an owner outside the project does not hear of it
    comment_add(actor=ws.pm, target=risk, body="Риск растёт")
    assert inbox(outsider) == []


@pytest.mark.parametrize("kind, watcher", [("risk", "owner"), ("change", "requested_by")])
def test_risk_owner_and_change_requester_watch(ws, kind, watcher):
    target = make_target(ws, kind, **{watcher: ws.member})
    comment_add(actor=ws.sponsor, target=target, body="Замечание")
    [note] = inbox(ws.member)
    assert note.kind == "comment.new"
    assert note.params["target_kind"] == kind


def test_the_assignment_thread_reaches_its_author_and_the_addressee_head(ws):
    assignment = make_target(ws, "assignment", created_by=ws.pm)
    head = assignment.addressee_head
    comment_add(actor=head, target=assignment, body="Исполнителей назначу завтра, @pm")
    assert [note.kind for note in inbox(ws.pm)] == ["comment.mention"]
    comment_add(actor=ws.pm, target=assignment, body="Хорошо")
    assert [note.kind for note in inbox(head)] == ["comment.new"]


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 10_001])
def test_an_empty_or_too_long_comment_is_refused(ws, body):
    task = make_target(ws, "task")
    with pytest.raises(ValidationError) as error:
        comment_add(actor=ws.member, target=task, body=body)
    assert "body" in error.value.message_dict
    assert not Comment.objects.exists()


def test_a_comment_of_exactly_the_limit_is_kept(ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="я" * 10_000)
    assert len(comment.body) == 10_000


def test_someone_who_cannot_see_the_target_cannot_comment(ws, outsider):
    with pytest.raises(PermissionDenied):
        comment_add(actor=outsider, target=make_target(ws, "task"), body="Привет")
    assert not Comment.objects.exists()


def test_every_kind_can_be_commented_on(ws):
    for kind in ("project", "task", "risk", "change", "lesson", "document", "assignment", "milestone"):
        target = make_target(ws, kind)
        comment = comment_add(actor=ws.member, target=target, body=f"Комментарий к {kind}")
        assert comment.target == target
        assert comment.project == ws.project


# --- editing --------------------------------------------------------------------------------------------------


def test_an_edit_notifies_only_the_newly_mentioned(ws, outsider):
    task = make_target(ws, "task")
    comment = comment_add(actor=ws.pm, target=task, body="@member посмотрите")
    Notification.objects.all().delete()

    edited = comment_edit(actor=ws.pm, comment=comment, body="@member и @sponsor посмотрите, @outsider тоже")

    assert edited.edited_at is not None
    assert edited.body.startswith("@member и @sponsor")
    assert inbox(ws.member) == []
    assert [note.kind for note in inbox(ws.sponsor)] == ["comment.mention"]
    assert edited.not_notified == [outsider]
    assert set(edited.mentions.all()) == {ws.member, ws.sponsor}

    removed = comment_edit(actor=ws.pm, comment=edited, body="@sponsor только вы")
    assert list(removed.mentions.all()) == [ws.sponsor]
    assert len(inbox(ws.sponsor)) == 1  # still mentioned: no second notice


def test_only_the_author_edits(ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Черновик")
    for person in (ws.pm, ws.gp_head):  # not even whoever may delete it
        with pytest.raises(PermissionDenied):
            comment_edit(actor=person, comment=comment, body="Исправлено")
    comment.refresh_from_db()
    assert comment.body == "Черновик"
    assert comment.edited_at is None


def test_an_empty_edit_is_refused_and_changes_nothing(ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Текст")
    with pytest.raises(ValidationError):
        comment_edit(actor=ws.member, comment=comment, body=" ")
    comment.refresh_from_db()
    assert comment.body == "Текст"
    assert comment.edited_at is None


# --- deleting -------------------------------------------------------------------------------------------------


def test_the_author_deletes_their_comment(ws):
    comment = comment_add(actor=ws.monitor, target=make_target(ws, "task"), body="Вопрос наблюдателя")
    comment_delete(actor=ws.monitor, comment=comment)
    assert not Comment.objects.exists()


def test_whoever_may_delete_in_the_project_deletes_any_comment(ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Лишнее")
    comment_delete(actor=ws.gp_head, comment=comment)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["sponsor", "monitor"])
def test_others_in_the_project_may_not_delete(ws, who):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Моё")
    with pytest.raises(PermissionDenied):
        comment_delete(actor=getattr(ws, who), comment=comment)
    assert Comment.objects.count() == 1


def test_history_records_who_wrote_edited_and_deleted(ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Раз")
    comment_edit(actor=ws.member, comment=comment, body="Два")
    comment_delete(actor=ws.member, comment=comment)
    history = Comment.history.filter(id=comment.pk).order_by("history_date")
    assert [row.history_type for row in history] == ["+", "~", "-"]
    assert {row.history_user_id for row in history} == {ws.member.pk}


def test_notifications_link_to_the_objects_page(ws):
    from django.urls import reverse

    from projects.comment_targets import url_of

    task, risk, assignment = (make_target(ws, kind) for kind in ("task", "risk", "assignment"))
    assert url_of(task) == f"{reverse('project-board', args=[ws.project.pk])}#task-{task.pk}"
    assert url_of(risk) == reverse("project-risk-detail", args=[ws.project.pk, risk.pk])
    assert url_of(assignment) == reverse("project-assignment", args=[ws.project.pk, assignment.pk])
    assert url_of(ws.project) == ws.project.get_absolute_url()
    comment_add(actor=ws.pm, target=risk, body="@member")
    assert inbox(ws.member)[0].url == url_of(risk)
