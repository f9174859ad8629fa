"""The pages of the initiatives: the Playwright contract (ids), the flow through forms, 404 / 403, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from initiatives.choices import InitiativeStatus
from initiatives.models import Initiative
from pmis.core.models import ExportJob
from projects.models import Project

from .helpers import PASSPORT, propose, submitted

pytestmark = pytest.mark.django_db

LIST_QUERIES = 6


def _login(client, person):
    client.force_login(person)
    return client


def test_create_and_fill_the_six_steps(client, gov):
    _login(client, gov.member)
    page = client.get(reverse("initiative-create"))
    html = page.content.decode()
    for element in ("id_name_ru", "id_name_kk", "id_body", "id_program", "id_proposer_kind",
                    "id_proposer_organisation", "id_summary", "initiative-create-submit"):  # fmt: skip
        assert f'id="{element}"' in html
    answer = client.post(
        reverse("initiative-create"),
        {
            "name_ru": "Солнечные станции",
            "body": gov.body.pk,
            "program": gov.program.pk,
            "proposer_kind": "project_personnel",
            "summary": "Коротко",
        },  # fmt: skip
    )
    initiative = Initiative.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("initiative-step", args=[initiative.pk, 1])
    steps = {
        1: {"rank": "1", "relevance": "Важно", "national_priority": "Экономика"},
        2: PASSPORT[2],
        3: {"title_1": "Вариант А", "pros_1": "+", "cons_1": "-", "title_2": "Вариант Б", "chosen": "2"},
        4: {"problem_1": "Проблема", "solution_1": "Решение"},
        5: {
            "effects_economy": "Рост",
            "estimated_cost": "1000",
            "planned_start": "2026-02-01",
            "planned_end": "2026-12-31",
            "funding_sources": ["republican"],
        },  # fmt: skip
        6: {"outcome": "project", "justification": "Так лучше", "target": f"group:{gov.group.pk}"},
    }
    for step, data in steps.items():
        initiative.refresh_from_db()
        page = client.get(reverse("initiative-step", args=[initiative.pk, step]))
        assert page.status_code == 200 and 'id="passport-stepper"' in page.content.decode()
        answer = client.post(
            reverse("initiative-step", args=[initiative.pk, step]), {**data, "version": initiative.version}
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        expected = (
            reverse("initiative-step", args=[initiative.pk, step + 1])
            if step < 6
            else initiative.get_absolute_url()
        )
        assert answer.url == expected
    page = client.get(reverse("initiative-step", args=[initiative.pk, 5])).content.decode()
    for element in ("id_planned_start", "id_planned_end", "id_estimated_cost", "step-next"):
        assert f'id="{element}"' in page
    initiative.refresh_from_db()
    assert initiative.steps_done == 6 and initiative.passport["decision_tree"]["chosen"] == 2
    assert initiative.passport["status"]["target"]["ref"] == f"group:{gov.group.pk}"
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert 'id="initiative-submit"' in detail and "Impact assessment" in detail
    client.post(reverse("initiative-submit", args=[initiative.pk]))
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED and initiative.passport_version == 1


def test_bad_step_input_shows_the_form_again(client, gov):
    initiative = propose(gov)
    _login(client, gov.member)
    answer = client.post(
        reverse("initiative-step", args=[initiative.pk, 5]),
        {"effects_economy": "x", "planned_start": "2027-01-01", "planned_end": "2026-01-01", "version": 1},
    )
    assert answer.status_code == 400 and "planned end" in answer.content.decode()
    initiative.refresh_from_db()
    assert initiative.passport == {}


def test_outsiders_404_and_view_only_403(client, gov):
    initiative = submitted(gov)
    _login(client, gov.outsider)
    for name in ("initiative-detail", "initiative-recommend", "initiative-decide", "initiative-passport-pdf"):
        assert client.get(reverse(name, args=[initiative.pk])).status_code == 404
    assert client.get(reverse("initiative-step", args=[initiative.pk, 1])).status_code == 404
    _login(client, gov.committee_member)
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert client.get(reverse("initiative-recommend", args=[initiative.pk])).status_code == 403
    assert client.get(reverse("initiative-step", args=[initiative.pk, 1])).status_code == 403
    assert client.post(reverse("initiative-return", args=[initiative.pk]), {"reason": "x"}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED


def test_recommend_and_decide_through_pages(client, gov):
    initiative = submitted(gov)
    _login(client, gov.po_admin)
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert 'id="initiative-recommend"' in detail and 'id="similar-panel"' in detail
    page = client.get(reverse("initiative-recommend", args=[initiative.pk])).content.decode()
    for element in (
        "id_outcome",
        "id_target",
        "id_identification",
        "id_office_agreed_on",
        "recommend-submit",
    ):
        assert f'id="{element}"' in page
    assert f'value="group:{gov.group.pk}"' in page and f'value="project:{gov.project.pk}"' in page
    # a target of the wrong kind is refused by the server
    answer = client.post(
        reverse("initiative-recommend", args=[initiative.pk]),
        {"outcome": "project", "target": f"project:{gov.project.pk}", "identification": "Нет дублей"},
    )
    assert answer.status_code == 400
    answer = client.post(
        reverse("initiative-recommend", args=[initiative.pk]),
        {
            "outcome": "project",
            "target": f"group:{gov.group.pk}",
            "identification": "Нет дублей",
            "similar": [f"project:{gov.project.pk}"],
            f"conclusion_project:{gov.project.pk}": "Не дубль",
            "office_agreed_on": "2026-01-10",
        },  # fmt: skip
    )
    assert answer.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RECOMMENDED
    assert initiative.similar[0]["conclusion"] == "Не дубль"
    _login(client, gov.committee_member)
    assert client.get(reverse("initiative-decide", args=[initiative.pk])).status_code == 403
    _login(client, gov.manager)
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert 'id="initiative-decide"' in detail
    page = client.get(reverse("initiative-decide", args=[initiative.pk])).content.decode()
    for element in ("id_decision", "id_outcome", "id_target", "id_form", "id_meeting", "id_document",
                    "id_decided_on", "id_reasons", "decide-submit"):  # fmt: skip
        assert f'id="{element}"' in page
    answer = client.post(
        reverse("initiative-decide", args=[initiative.pk]),
        {
            "decision": "reject",
            "outcome": "project",
            "target": f"group:{gov.group.pk}",
            "form": "written",
            "document": "1",
            "decided_on": "2026-01-20",
            "reasons": "",
        },  # fmt: skip
    )
    assert answer.status_code == 400
    answer = client.post(
        reverse("initiative-decide", args=[initiative.pk]),
        {
            "decision": "approve",
            "outcome": "project",
            "target": f"group:{gov.group.pk}",
            "form": "written",
            "document": "№ 5",
            "decided_on": "2026-01-20",
        },  # fmt: skip
    )
    assert answer.status_code == 302
    initiative.refresh_from_db()
    project = Project.objects.get(pk=initiative.result_id)
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert 'id="initiative-result"' in detail and project.get_absolute_url() in detail
    # the new project's page shows where it came from
    node_page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="initiative-origin"' in node_page and initiative.code in node_page


def test_return_and_versions_compare(client, gov):
    initiative = submitted(gov)
    _login(client, gov.po_admin)
    client.post(reverse("initiative-return", args=[initiative.pk]), {"reason": "Уточните"})
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RETURNED
    from .helpers import fill

    fill(initiative, gov.member, overrides={2: {"problem": "Новая формулировка"}})
    _login(client, gov.member)
    client.post(reverse("initiative-submit", args=[initiative.pk]))
    page = client.get(initiative.get_absolute_url() + "?a=1&b=2").content.decode()
    assert 'id="version-compare"' in page and 'data-changed="1"' in page and "Новая формулировка" in page


def test_passport_pdf_starts_an_export(client, gov):
    initiative = submitted(gov)
    _login(client, gov.member)
    answer = client.get(reverse("initiative-passport-pdf", args=[initiative.pk]) + "?version=1")
    job = ExportJob.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("export-detail", args=[job.pk])
    assert job.kind == "initiative.passport" and job.params == {"initiative": initiative.pk, "version": 1}
    client.get(reverse("initiative-passport-pdf", args=[initiative.pk]) + "?version=9")
    assert ExportJob.objects.count() == 1


def test_list_filters_and_query_count(client, gov, django_assert_num_queries):
    mine = propose(gov)
    other = propose(gov, gov.manager, name="Ветровые парки")
    _login(client, gov.po_admin)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(reverse("initiative-list"))
    html = page.content.decode()
    assert 'id="initiative-new"' in html and mine.code in html and other.code in html
    for _index in range(3):
        propose(gov, gov.manager, name="Ещё одна")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("initiative-list"))
    html = client.get(reverse("initiative-list") + "?q=Ветров").content.decode()
    assert other.code in html and mine.code not in html
    _login(client, gov.member)
    html = client.get(reverse("initiative-list") + "?mine=1").content.decode()
    assert mine.code in html and other.code not in html
    _login(client, gov.outsider)
    html = client.get(reverse("initiative-list")).content.decode()
    assert mine.code not in html
