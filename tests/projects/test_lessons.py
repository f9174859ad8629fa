"""The lessons-learned log (Rules p.2(21), p.84(6)): services, who removes a lesson, the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pmis.core.choices import Stage
from projects.models import Lesson
from projects.services.lessons import lesson_create, lesson_delete, lesson_update

pytestmark = pytest.mark.django_db

# session, user, grants, the project, the lessons (authors joined), the 4 ancestors of the breadcrumbs.
LESSONS_QUERIES = 9


def record(ws, actor=None, **values):
    values.setdefault("title", "Ранняя вовлечённость заказчика")
    values.setdefault("situation", "Требования согласованы на второй неделе.")
    values.setdefault("recommendation", "Проводить установочную встречу с заказчиком до старта.")
    return lesson_create(actor=actor or ws.member, project=ws.project, **values)


def login(client, user):
    client.force_login(user)
    return client


def test_create_defaults_to_the_projects_stage(ws):
    lesson = record(ws)
    assert lesson.stage == ws.project.stage == Stage.INITIATION
    assert lesson.recorded_by == ws.member and not lesson.went_well
    assert record(ws, stage=Stage.CLOSURE, went_well=True).stage == Stage.CLOSURE


def test_create_and_update_need_contribute(ws):
    with pytest.raises(PermissionDenied):
        record(ws, actor=ws.monitor)
    lesson = record(ws)
    with pytest.raises(PermissionDenied):
        lesson_update(actor=ws.sponsor, lesson=lesson, title="Чужая правка")
    lesson = lesson_update(actor=ws.pm, lesson=lesson, went_well=True)
    assert Lesson.objects.get().went_well is True


def test_update_refuses_an_empty_recommendation(ws):
    lesson = record(ws)
    with pytest.raises(ValidationError):
        lesson_update(actor=ws.member, lesson=lesson, recommendation="")
    assert Lesson.objects.get().recommendation


def test_delete_by_author_or_delete_power_only(ws):
    mine, pms = record(ws), record(ws, actor=ws.pm, title="Урок руководителя")
    with pytest.raises(PermissionDenied):
        lesson_delete(actor=ws.member, lesson=pms)  # not the author, no delete power
    with pytest.raises(PermissionDenied):
        lesson_delete(actor=ws.monitor, lesson=mine)
    lesson_delete(actor=ws.member, lesson=mine)  # the author
    lesson_delete(actor=ws.gp_head, lesson=pms)  # the delete power
    assert not Lesson.objects.exists()


def test_page_groups_by_stage_and_kind(client, ws):
    record(ws, title="Хорошо", went_well=True)
    record(ws, title="Улучшить")
    record(ws, title="На закрытии", stage=Stage.CLOSURE)
    response = login(client, ws.monitor).get(reverse("project-lessons", args=[ws.project.pk]))
    assert response.status_code == 200
    stages = response.context["stages"]
    assert [group.stage for group in stages] == [Stage.INITIATION, Stage.CLOSURE]
    assert [lesson.title for lesson in stages[0].went_well] == ["Хорошо"]
    assert [lesson.title for lesson in stages[0].to_improve] == ["Улучшить"]
    assert 'name="situation"' not in response.content.decode()  # the monitor gets no form


def test_page_adds_a_lesson_and_re_renders_errors(client, ws):
    page = login(client, ws.member)
    url = reverse("project-lessons", args=[ws.project.pk])
    response = page.get(url)
    assert response.context["form"]["stage"].value() == ws.project.stage
    bad = page.post(
        url, {"title": "Без рекомендации", "went_well": "0", "stage": "planning", "situation": "Так"}
    )
    assert bad.status_code == 400 and bad.context["form"].errors["recommendation"]
    assert not Lesson.objects.exists()
    data = {
        "title": "Урок",
        "went_well": "1",
        "stage": "planning",
        "situation": "Так",
        "recommendation": "Этак",
    }
    assert page.post(url, data).status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.stage, lesson.went_well, lesson.recorded_by) == ("planning", True, ws.member)
    assert login(client, ws.monitor).post(url, data).status_code == 403


def test_edit_and_delete_pages(client, ws, outsider):
    lesson = record(ws, actor=ws.pm)
    edit = reverse("project-lesson-edit", args=[ws.project.pk, lesson.pk])
    delete = reverse("project-lesson-delete", args=[ws.project.pk, lesson.pk])
    assert login(client, outsider).get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    assert login(client, ws.monitor).get(edit).status_code == 403
    member = login(client, ws.member)
    data = {
        "title": "Исправлено",
        "went_well": "0",
        "stage": "planning",
        "situation": "А",
        "recommendation": "Б",
    }
    assert member.post(edit, data).status_code == 302
    assert Lesson.objects.get().title == "Исправлено"
    assert member.post(delete).status_code == 403  # not the author
    assert login(client, ws.pm).post(delete).status_code == 302
    assert not Lesson.objects.exists()


def test_page_hidden_from_outsiders(client, ws, outsider):
    assert login(client, outsider).get(reverse("project-lessons", args=[ws.project.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 12])
def test_page_query_count_does_not_grow(client, ws, django_assert_num_queries, rows):
    for index in range(rows):
        record(ws, title=f"Урок {index}", went_well=index % 2 == 0, stage=Stage.values[index % 5])
    page = login(client, ws.member)
    with django_assert_num_queries(LESSONS_QUERIES):
        assert page.get(reverse("project-lessons", args=[ws.project.pk])).status_code == 200
