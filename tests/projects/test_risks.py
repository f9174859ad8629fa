"""The risk register (Rules p.2(39)): services, the register page with its heat map, one risk, the forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pmis.core.concurrency import StaleVersion
from projects.choices import RiskStatus
from projects.models import Risk
from projects.services.risks import risk_create, risk_delete, risk_update

pytestmark = pytest.mark.django_db

# session, user, grants, the project, the project's risks (owners joined), the 4 ancestors of the breadcrumbs.
REGISTER_QUERIES = 9


def add(ws, actor=None, **values):
    values.setdefault("title", "Срыв поставки серверного оборудования")
    values.setdefault("probability", 3)
    values.setdefault("impact", 4)
    return risk_create(actor=actor or ws.member, project=ws.project, **values)


def login(client, user):
    client.force_login(user)
    return client


# --- services -------------------------------------------------------------------------------------------------


def test_create_numbers_per_project_and_defaults_identified_today(ws):
    first, second = add(ws), add(ws, title="Второй риск")
    other = risk_create(actor=ws.gp_head, project=ws.other, title="Риск соседа", probability=1, impact=1)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    first.refresh_from_db()
    assert first.identified_on == timezone.localdate()
    assert first.score == 12 and first.created_by == ws.member and first.closed_on is None
    assert first.history.first().history_user == ws.member


def test_create_needs_contribute(ws):
    with pytest.raises(PermissionDenied):
        add(ws, actor=ws.monitor)
    with pytest.raises(PermissionDenied):
        add(ws, actor=ws.sponsor)  # approves, does not keep the register
    assert not Risk.objects.exists()


def test_update_checks_the_version_and_counts_it_up(ws):
    risk = add(ws)
    risk = risk_update(actor=ws.member, risk=risk, version=1, impact=5)
    assert (risk.version, Risk.objects.get().score) == (2, 15)
    with pytest.raises(StaleVersion) as stale:
        risk_update(actor=ws.pm, risk=risk, version=1, title="Устаревшая правка")
    assert stale.value.current.version == 2
    assert Risk.objects.get().title == "Срыв поставки серверного оборудования"


def test_closing_records_the_day_and_reopening_clears_it(ws):
    risk = add(ws)
    risk = risk_update(actor=ws.member, risk=risk, status=RiskStatus.CLOSED)
    assert risk.closed_on == timezone.localdate()
    risk = risk_update(actor=ws.member, risk=risk, status=RiskStatus.RESPONDING)
    assert risk.closed_on is None
    assert add(ws, status=RiskStatus.CLOSED).closed_on == timezone.localdate()


def test_review_before_identification_is_refused(ws):
    with pytest.raises(ValidationError) as error:
        add(ws, identified_on=dt.date(2026, 5, 1), review_on=dt.date(2026, 4, 1))
    assert "review_on" in error.value.message_dict
    assert not Risk.objects.exists()


def test_delete_needs_the_delete_power(ws):
    risk = add(ws)
    for person in (ws.member, ws.pm):
        with pytest.raises(PermissionDenied):
            risk_delete(actor=person, risk=risk)
    risk_delete(actor=ws.gp_head, risk=risk)
    assert not Risk.objects.exists()


# --- the register page ----------------------------------------------------------------------------------------


def test_register_shows_heat_map_and_risks_by_score_coloured(client, ws):
    low = add(ws, title="Низкий риск", probability=1, impact=2)
    high = add(ws, title="Высокий риск", probability=4, impact=5)
    add(ws, title="Средний риск", probability=3, impact=3)
    response = login(client, ws.member).get(reverse("project-risks", args=[ws.project.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Высокий риск") < text.index("Средний риск") < text.index("Низкий риск")
    assert 'data-level="high"' in text and 'data-level="medium"' in text and 'data-level="low"' in text
    heat = response.context["heat_map"]
    counts = {(cell.probability, cell.impact): cell.count for row in heat for cell in row.cells}
    assert counts[(4, 5)] == 1 and counts[(1, 2)] == 1 and counts[(5, 5)] == 0 and len(counts) == 25
    assert reverse("project-risks-xlsx", args=[ws.project.pk]) in text
    assert reverse("project-risk-create", args=[ws.project.pk]) in text
    assert reverse("project-risk-detail", args=[ws.project.pk, high.pk]) in text
    assert low.pk


def test_register_filters_by_cell_status_owner_and_kind(client, ws):
    add(ws, title="Риск А", probability=4, impact=5, owner=ws.pm)
    add(ws, title="Риск Б", probability=2, impact=2, status=RiskStatus.CLOSED)
    add(ws, title="Возможность В", probability=2, impact=2, is_opportunity=True)
    url = reverse("project-risks", args=[ws.project.pk])
    page = login(client, ws.member)

    def titles(**query):
        return [row.risk.title for row in page.get(url, query).context["rows"]]

    assert titles(p=4, i=5) == ["Риск А"]
    assert set(titles(status="open")) == {"Риск А", "Возможность В"}
    assert titles(owner=ws.pm.pk) == ["Риск А"]
    assert titles(kind="opportunity") == ["Возможность В"]
    assert set(titles(kind="threat", p=2, i=2)) == {"Риск Б"}


def test_register_flags_overdue_reviews(client, ws):
    today = timezone.localdate()
    add(
        ws,
        title="Просрочен",
        identified_on=today - dt.timedelta(days=30),
        review_on=today - dt.timedelta(days=1),
    )
    add(ws, title="В срок", review_on=today + dt.timedelta(days=3))
    add(
        ws,
        title="Закрыт",
        identified_on=today - dt.timedelta(days=30),
        review_on=today - dt.timedelta(days=2),
        status=RiskStatus.CLOSED,
    )
    response = login(client, ws.member).get(reverse("project-risks", args=[ws.project.pk]))
    assert response.content.decode().count('data-testid="review-overdue"') == 1
    assert response.context["overdue_count"] == 1


@pytest.mark.parametrize("rows", [1, 15])
def test_register_query_count_does_not_grow(client, ws, django_assert_num_queries, rows):
    for index in range(rows):
        add(ws, title=f"Риск {index}", probability=1 + index % 5, impact=1 + index // 5 % 5, owner=ws.pm)
    page = login(client, ws.member)
    url = reverse("project-risks", args=[ws.project.pk])
    with django_assert_num_queries(REGISTER_QUERIES):
        assert page.get(url).status_code == 200


def test_register_hidden_from_outsider_and_viewer_sees_no_add(client, ws, outsider):
    url = reverse("project-risks", args=[ws.project.pk])
    assert login(client, outsider).get(url).status_code == 404
    response = login(client, ws.monitor).get(url)
    assert response.status_code == 200
    assert reverse("project-risk-create", args=[ws.project.pk]) not in response.content.decode()


# --- forms and the detail page --------------------------------------------------------------------------------


def form_data(**values):
    data = {
        "title": "Недостаток квалифицированных кадров",
        "description": "",
        "is_opportunity": "0",
        "probability": "4",
        "impact": "3",
        "owner": "",
        "response": "mitigate",
        "response_plan": "Обучение сотрудников",
        "status": "identified",
        "identified_on": "",
        "review_on": "",
    }
    data.update(values)
    return data


def test_create_form_adds_a_risk(client, ws):
    page = login(client, ws.member)
    url = reverse("project-risk-create", args=[ws.project.pk])
    assert page.get(url).status_code == 200
    response = page.post(url, form_data(owner=str(ws.pm.pk)))
    risk = Risk.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("project-risk-detail", args=[ws.project.pk, risk.pk])
    assert (risk.score, risk.owner, risk.created_by) == (12, ws.pm, ws.member)


def test_create_form_refusal_re_renders_with_the_message(client, ws):
    response = login(client, ws.member).post(
        reverse("project-risk-create", args=[ws.project.pk]),
        form_data(identified_on="2026-05-01", review_on="2026-04-01"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["review_on"]
    assert not Risk.objects.exists()


def test_forms_need_contribute(client, ws, outsider):
    risk = add(ws)
    create = reverse("project-risk-create", args=[ws.project.pk])
    edit = reverse("project-risk-edit", args=[ws.project.pk, risk.pk])
    assert login(client, ws.monitor).get(create).status_code == 403
    assert client.post(edit, form_data()).status_code == 403
    assert login(client, outsider).get(edit).status_code == 404
    assert Risk.objects.get().version == 1


def test_edit_form_with_a_stale_version_shows_the_current_risk(client, ws):
    risk = add(ws)
    risk_update(actor=ws.pm, risk=risk, version=1, title="Изменено руководителем")
    response = login(client, ws.member).post(
        reverse("project-risk-edit", args=[ws.project.pk, risk.pk]),
        form_data(version="1", title="Моя правка"),
    )
    assert response.status_code == 409
    assert "Изменено руководителем" in response.content.decode()
    assert Risk.objects.get().title == "Изменено руководителем"


def test_edit_form_saves(client, ws):
    risk = add(ws)
    response = login(client, ws.member).post(
        reverse("project-risk-edit", args=[ws.project.pk, risk.pk]), form_data(version="1", status="closed")
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.status, risk.closed_on, risk.version) == ("closed", timezone.localdate(), 2)


def test_detail_shows_risk_history_and_is_hidden_from_outsiders(client, ws, outsider):
    risk = add(ws)
    risk_update(actor=ws.pm, risk=risk, impact=5)
    url = reverse("project-risk-detail", args=[ws.project.pk, risk.pk])
    response = login(client, ws.monitor).get(url)
    assert response.status_code == 200
    assert len(response.context["history"]) == 2
    assert login(client, outsider).get(url).status_code == 404
    # a risk of another project is not found under this one
    foreign = risk_create(actor=ws.gp_head, project=ws.other, title="Чужой", probability=1, impact=1)
    assert (
        login(client, ws.gp_head)
        .get(reverse("project-risk-detail", args=[ws.project.pk, foreign.pk]))
        .status_code
        == 404
    )


def test_delete_page(client, ws):
    risk = add(ws)
    url = reverse("project-risk-delete", args=[ws.project.pk, risk.pk])
    assert login(client, ws.pm).post(url).status_code == 403
    assert login(client, ws.gp_head).post(url).status_code == 302
    assert not Risk.objects.exists()
