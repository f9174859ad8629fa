"""Pages of decisions and escalations: the register, one outcome with its report and cancel forms, "my decisions"
on the My tasks page, the escalation list, detail (the whole path) and raise form; 404 / 403; pinned queries."""

import datetime as dt

import pytest
from django.urls import reverse

from projects.services.risks import risk_create
from projects.services.tasks import task_create
from scrum.choices import DecisionStatus, EscalationStatus, Level, SubjectKind
from scrum.models import Decision, Escalation
from scrum.services import escalations as esc_services
from tests.scrum.test_esc_decisions import decision_of

pytestmark = pytest.mark.django_db

#: session, user, grants, count, the page of rows, the nodes that name their meetings (one per kind of node)
REGISTER_QUERIES = 6
#: session, user, grants, count, the page of rows
ESCALATION_LIST_QUERIES = 5
#: session, user, the person's open outcomes, the nodes that name their meetings (one per kind of node)
MY_DECISIONS_QUERIES = 4


@pytest.fixture
def task(sc):
    return task_create(actor=sc.pm, project=sc.project, title="Интеграция с ЕГОВ")


def test_register_filters_and_pinned_queries(client, sc, django_assert_num_queries):
    first = decision_of(
        sc, sc.schedules["office"], owner=sc.pm, text="Подключить шлюз", due_on=dt.date(2020, 1, 1)
    )
    client.force_login(sc.po_head)
    url = reverse("scrum-decision-list")
    with django_assert_num_queries(REGISTER_QUERIES):
        page = client.get(url)
    assert "Подключить шлюз" in page.content.decode()
    for number in range(2, 12):
        decision_of(
            sc,
            sc.schedules["office"],
            owner=sc.pm_b,
            meeting=first.meeting,
            number=number,
            text=f"Пункт {number}",
        )
    with django_assert_num_queries(REGISTER_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("scrum/decisions/") >= 11
    filtered = client.get(url, {"overdue": "1"}).content.decode()
    assert "Подключить шлюз" in filtered and "Пункт 2" not in filtered
    assert "Подключить шлюз" not in client.get(url, {"q": "Пункт"}).content.decode()


def test_decision_detail_report_and_cancel(client, sc, outsider):
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm, binding=True)
    url = reverse("scrum-decision-detail", args=[decision.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(sc.pm)
    page = client.get(url).content.decode()
    assert "Rules p.45" in page
    assert reverse("scrum-decision-report", args=[decision.pk]) in page
    assert reverse("scrum-decision-cancel", args=[decision.pk]) not in page  # the owner may not cancel
    assert f"?decision={decision.pk}" in page  # "Escalate"
    assert (
        client.post(reverse("scrum-decision-cancel", args=[decision.pk]), {"reason": "x"}).status_code == 403
    )
    response = client.post(
        reverse("scrum-decision-report", args=[decision.pk]), {"version": 1, "report": "Сделано", "done": "1"}
    )
    assert response.status_code == 302
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DONE
    stale = client.post(
        reverse("scrum-decision-report", args=[decision.pk]), {"version": 1, "report": "x"}, follow=True
    )
    assert "changed this in the meantime" in stale.content.decode()

    other = decision_of(sc, sc.schedules["office"], owner=sc.pm, meeting=decision.meeting)
    client.force_login(sc.po_head)
    assert (
        reverse("scrum-decision-cancel", args=[other.pk])
        in client.get(reverse("scrum-decision-detail", args=[other.pk])).content.decode()
    )
    empty = client.post(reverse("scrum-decision-cancel", args=[other.pk]), {"reason": ""}, follow=True)
    assert "cancelled" in empty.content.decode()
    assert Decision.objects.get(pk=other.pk).status == DecisionStatus.OPEN
    client.post(reverse("scrum-decision-cancel", args=[other.pk]), {"reason": "Неактуально"})
    assert Decision.objects.get(pk=other.pk).status == DecisionStatus.CANCELLED


def test_my_decisions_on_the_my_tasks_page(client, sc, django_assert_num_queries):
    decision_of(sc, sc.schedules["committee"], owner=sc.pm, text="Утвердить паспорт проекта", binding=True)
    client.force_login(sc.pm)
    page = client.get(reverse("my-tasks")).content.decode()
    section = page[page.index('id="my-decisions"') :]
    assert "Утвердить паспорт проекта" in section
    client.force_login(sc.member)
    assert "Утвердить паспорт проекта" not in client.get(reverse("my-tasks")).content.decode()
    client.force_login(sc.pm)
    with django_assert_num_queries(MY_DECISIONS_QUERIES):
        mine = client.get(reverse("scrum-my-decisions"))
    assert "Утвердить паспорт проекта" in mine.content.decode()


def test_escalation_raise_form_detail_and_actions(client, sc, task, outsider, viewer):
    create = reverse("scrum-escalation-create")
    client.force_login(outsider)
    assert client.get(create, {"task": task.pk}).status_code == 404
    client.force_login(viewer)
    assert client.post(create, {"task": task.pk, "title": "x"}).status_code == 403
    client.force_login(sc.pm)
    form = client.get(create, {"task": task.pk})
    assert form.status_code == 200
    assert "Интеграция с ЕГОВ" in form.content.decode()
    response = client.post(create, {"task": task.pk, "description": "Нет доступа"})
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.level == Level.GROUP

    detail = reverse("scrum-escalation-detail", args=[escalation.pk])
    page = client.get(detail).content.decode()
    assert 'id="escalation-path"' in page and 'id="escalation-ladder"' in page
    assert reverse("scrum-escalation-resolve", args=[escalation.pk]) not in page  # the pm cannot act above
    assert reverse("scrum-escalation-withdraw", args=[escalation.pk]) in page
    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    client.force_login(sc.gp_head)
    page = client.get(detail).content.decode()
    assert reverse("scrum-escalation-resolve", args=[escalation.pk]) in page
    client.post(reverse("scrum-escalation-escalate", args=[escalation.pk]), {"note": "Нужен ГРБН"})
    assert Escalation.objects.get().level == Level.DIRECTION
    client.force_login(sc.pm)
    assert (
        client.post(
            reverse("scrum-escalation-resolve", args=[escalation.pk]), {"resolution": "x"}
        ).status_code
        == 403
    )
    client.force_login(sc.gibd_head)
    client.post(reverse("scrum-escalation-resolve", args=[escalation.pk]), {"resolution": "Доступ выдан"})
    assert Escalation.objects.get().status == EscalationStatus.RESOLVED
    assert "Доступ выдан" in client.get(detail).content.decode()


def test_disagreement_form_and_protocol_link(client, sc):
    client.force_login(sc.gibd_head)
    create = reverse("scrum-escalation-create")
    response = client.post(
        create,
        {"node": f"direction:{sc.direction.pk}", "level": Level.DIRECTION, "title": "Разногласия по срокам"},
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.subject_kind == SubjectKind.DISAGREEMENT
    for actor, party in ((sc.gibd_head, "ГРБН"), (sc.po_head, "Госорган")):
        client.force_login(actor)
        client.post(
            reverse("scrum-escalation-position", args=[escalation.pk]), {"party": party, "position": "П"}
        )
    client.force_login(sc.po_head)
    client.post(reverse("scrum-escalation-disagree", args=[escalation.pk]), {"note": ""})
    escalation.refresh_from_db()
    assert escalation.level == Level.COMMITTEE
    page = client.get(reverse("scrum-escalation-detail", args=[escalation.pk])).content.decode()
    assert reverse("scrum-escalation-protocol", args=[escalation.pk]) in page
    pdf = client.get(reverse("scrum-escalation-protocol", args=[escalation.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_escalation_list_views_and_pinned_queries(client, sc, task, django_assert_num_queries):
    esc_services.escalation_raise(actor=sc.pm, subject_kind=SubjectKind.TASK, task=task, title="Первая")
    url = reverse("scrum-escalation-list")
    client.force_login(sc.po_head)
    with django_assert_num_queries(ESCALATION_LIST_QUERIES):
        client.get(url)
    for n in range(6):
        other = task_create(actor=sc.pm, project=sc.project, title=f"Задача {n}")
        esc_services.escalation_raise(actor=sc.pm, subject_kind=SubjectKind.TASK, task=other)
    with django_assert_num_queries(ESCALATION_LIST_QUERIES):
        page = client.get(url, {"level": Level.GROUP})
    assert page.content.decode().count("scrum/escalations/") >= 7
    client.force_login(sc.gp_head)
    assert "Первая" in client.get(url, {"view": "levels"}).content.decode()
    client.force_login(sc.pm)
    assert "Первая" not in client.get(url, {"view": "levels"}).content.decode()
    assert "Первая" in client.get(url, {"view": "mine"}).content.decode()


def test_escalate_links_on_the_risk_and_the_board(client, sc):
    risk = risk_create(actor=sc.member, project=sc.project, title="Срыв поставки", probability=3, impact=3)
    client.force_login(sc.member)
    page = client.get(reverse("project-risk-detail", args=[sc.project.pk, risk.pk])).content.decode()
    assert f"{reverse('scrum-escalation-create')}?risk={risk.pk}" in page
    board = client.get(reverse("project-board", args=[sc.project.pk])).content.decode()
    assert "data-task-escalate" in board
