"""API of decisions and escalations (``/api/v1/scrum/decisions/``, ``/api/v1/scrum/escalations/``): 404 for
outsiders, 403 for a visible-but-not-allowed action, 400 for a broken rule with nothing changed, 409 on a stale
report, and list query counts that do not grow with the rows."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from projects.services.tasks import task_create
from scrum.choices import DecisionStatus, EscalationStatus, Level, OutcomeKind, SubjectKind
from scrum.models import Decision, Escalation
from scrum.services import escalations as esc_services
from tests.scrum.test_esc_decisions import decision_of

pytestmark = pytest.mark.django_db

DECISIONS = "/api/v1/scrum/decisions/"
ESCALATIONS = "/api/v1/scrum/escalations/"
#: The page's count and its rows (the forced user's grants are read once and kept on the user object).
LIST_QUERIES = 2
#: … and for decisions, the nodes that name their meetings (one query per kind of node).
DECISION_LIST_QUERIES = LIST_QUERIES + 1


@pytest.fixture
def task(sc):
    return task_create(actor=sc.pm, project=sc.project, title="Интеграция с ЕГОВ")


# --- decisions ---------------------------------------------------------------------------------------------------


def test_decisions_list_filters_and_mine(sc, api_as):
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm, due_on=dt.date(2020, 1, 1))
    decision_of(
        sc, sc.schedules["office"], owner=sc.pm_b, meeting=decision.meeting, due_on=dt.date(2099, 1, 1)
    )
    api = api_as(sc.po_head)
    rows = api.get(DECISIONS).json()["results"]
    assert len(rows) == 2
    assert api.get(DECISIONS, {"overdue": "true"}).json()["results"][0]["id"] == decision.pk
    assert api.get(DECISIONS, {"owner": sc.pm_b.pk}).json()["results"][0]["owner"] == sc.pm_b.pk
    assert len(api.get(DECISIONS, {"node": f"project:{sc.project.pk}"}).json()["results"]) == 0
    assert len(api.get(DECISIONS, {"node": f"program:{sc.program.pk}"}).json()["results"]) == 2
    assert api.get(DECISIONS, {"status": "bogus"}).status_code == 400
    mine = api_as(sc.pm).get(DECISIONS, {"mine": "true"}).json()["results"]
    assert [row["id"] for row in mine] == [decision.pk]
    assert mine[0]["overdue"] is True
    assert mine[0]["node"] == f"program:{sc.program.pk}"


def test_decision_report_stale_409_and_cancel_rules(sc, api_as, outsider):
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm)
    url = f"{DECISIONS}{decision.pk}/"
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(outsider).post(url + "report/", {"version": 1, "report": "x"}).status_code == 404
    # A participant of the office sees its outcomes but reports only on their own.
    assert api_as(sc.guest).post(url + "report/", {"version": 1, "report": "x"}).status_code == 403
    owner = api_as(sc.pm)
    answer = owner.post(url + "report/", {"version": 1, "report": "Сделано", "done": True}, format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["version"]) == (DecisionStatus.DONE, 2)
    stale = owner.post(url + "report/", {"version": 1, "report": "Ещё", "done": False}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2

    other = decision_of(sc, sc.schedules["office"], owner=sc.pm, meeting=decision.meeting)
    other_url = f"{DECISIONS}{other.pk}/"
    assert api_as(sc.pm).post(other_url + "cancel/", {"reason": "Не хочу"}).status_code == 403
    empty = api_as(sc.po_head).post(other_url + "cancel/", {"reason": ""})
    assert empty.status_code == 400
    assert Decision.objects.get(pk=other.pk).status == DecisionStatus.OPEN
    done = api_as(sc.po_head).post(other_url + "cancel/", {"reason": "Неактуально"})
    assert done.status_code == 200
    assert done.json()["status"] == DecisionStatus.CANCELLED


def test_information_cannot_be_reported(sc, api_as):
    info = decision_of(sc, sc.schedules["office"], owner=None, kind=OutcomeKind.INFORMATION)
    answer = api_as(sc.po_head).post(f"{DECISIONS}{info.pk}/report/", {"version": 1, "report": "x"})
    assert answer.status_code == 400
    assert Decision.objects.get(pk=info.pk).report == ""


def _count(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_decision_list_queries_do_not_grow(sc, api_as, django_assert_num_queries):
    first = decision_of(sc, sc.schedules["office"], owner=sc.pm)
    api = api_as(sc.po_head)
    api.get(DECISIONS)  # warm the content types and the session
    few = _count(api, DECISIONS)
    for number in range(2, 12):
        decision_of(sc, sc.schedules["office"], owner=sc.pm_b, meeting=first.meeting, number=number)
    with django_assert_num_queries(few):
        api.get(DECISIONS)
    assert few == DECISION_LIST_QUERIES, few


# --- escalations -------------------------------------------------------------------------------------------------


def test_raise_through_the_api_and_the_whole_path(sc, api_as, outsider, viewer, task):
    assert api_as(outsider).post(ESCALATIONS, {"task": task.pk}).status_code == 400  # no such task for them
    assert api_as(viewer).post(ESCALATIONS, {"task": task.pk}).status_code == 403  # sees it, may not raise
    assert not Escalation.objects.exists()
    two = api_as(sc.pm).post(ESCALATIONS, {"task": task.pk, "risk": 1})
    assert two.status_code == 400
    answer = api_as(sc.pm).post(ESCALATIONS, {"task": task.pk, "description": "Нет доступа"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["level"], body["node_path"], body["subject_kind"]) == (
        Level.GROUP,
        sc.subgroup.path,
        SubjectKind.TASK,
    )
    assert [step["kind"] for step in body["steps"]] == ["raised", "escalated"]
    assert body["steps"][1]["node_name"] == str(sc.subgroup.name)
    url = f"{ESCALATIONS}{body['id']}/"
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(sc.pm).post(url + "escalate/", {"note": "Выше"}).status_code == 403
    assert api_as(sc.gp_head).post(url + "escalate/", {"note": ""}).status_code == 400
    up = api_as(sc.gp_head).post(url + "escalate/", {"note": "Нужен ГРБН"})
    assert up.status_code == 200
    assert up.json()["level"] == Level.DIRECTION
    resolved = api_as(sc.gibd_head).post(url + "resolve/", {"resolution": "Решено"})
    assert resolved.status_code == 200
    assert resolved.json()["status"] == EscalationStatus.RESOLVED
    assert [step["kind"] for step in resolved.json()["steps"]][-2:] == ["resolved", "returned"]
    assert api_as(sc.pm).post(url + "withdraw/", {"reason": "поздно"}).status_code == 400


def test_disagreement_through_the_api_with_its_protocol(sc, api_as, viewer):
    raised = api_as(sc.gibd_head).post(
        ESCALATIONS,
        {"node": f"direction:{sc.direction.pk}", "level": Level.DIRECTION, "title": "Разногласия"},
    )
    assert raised.status_code == 201, raised.content
    url = f"{ESCALATIONS}{raised.json()['id']}/"
    assert api_as(sc.po_head).get(url + "disagreement-protocol/").status_code == 404  # not signed yet
    for actor, party, text in ((sc.gibd_head, "ГРБН", "Позиция А"), (sc.po_head, "Госорган", "Позиция Б")):
        assert api_as(actor).post(url + "positions/", {"party": party, "position": text}).status_code == 201
    assert api_as(sc.pm).post(url + "positions/", {"party": "Я", "position": "В"}).status_code == 404
    assert api_as(viewer).post(url + "positions/", {"party": "Я", "position": "В"}).status_code == 403
    signed = api_as(sc.po_head).post(url + "disagree/", {"note": "Не сошлись"})
    assert signed.status_code == 200
    assert signed.json()["level"] == Level.COMMITTEE
    assert len(signed.json()["positions"]) == 2
    pdf = api_as(sc.committee_chair).get(url + "disagreement-protocol/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Позиция А" in text and "Позиция Б" in text


def test_escalation_list_queries_do_not_grow(sc, api_as, django_assert_num_queries, task):
    esc_services.escalation_raise(actor=sc.pm, subject_kind=SubjectKind.TASK, task=task)
    api = api_as(sc.po_head)
    api.get(ESCALATIONS)
    few = _count(api, ESCALATIONS)
    for n in range(8):
        other = task_create(actor=sc.pm, project=sc.project, title=f"Задача {n}")
        esc_services.escalation_raise(actor=sc.pm, subject_kind=SubjectKind.TASK, task=other)
    with django_assert_num_queries(few):
        answer = api.get(ESCALATIONS, {"level": Level.GROUP})
    assert len(answer.json()["results"]) == 9
    assert few == LIST_QUERIES, few
    assert api_as(sc.pm).get(ESCALATIONS, {"at_my_levels": "true"}).json()["results"] == []
