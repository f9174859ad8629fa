"""Pages of the weekly information board: the list, a program's board with its week selector, "Generate now";
who sees them (404 for an outsider and for whoever sees the program only as the context of their project) and
their pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pmis.core.workdays import monday_of
from scrum.models import InformationBoard, Sprint
from scrum.services.boards import board_generate
from tests.factories import make_program

pytestmark = pytest.mark.django_db

# session, user, grants, the programs, the latest board of each
LIST_QUERIES = 5
# session, user, grants, the program, the board, the weeks
DETAIL_QUERIES = 6


def last_monday() -> dt.date:
    return monday_of(timezone.localdate()) - dt.timedelta(days=7)


@pytest.fixture
def taken(sc):
    """Last week's board of the program with one closed sprint (3 of 4 tasks done)."""
    Sprint.objects.create(
        project=sc.project, week_start=last_monday(), status="closed", planned_count=4, done_count=3
    )
    return board_generate(program=sc.program, week_start=last_monday(), actor=sc.po_head)


def detail(program, week=None) -> str:
    url = reverse("scrum-board-detail", args=[program.pk])
    return f"{url}?week={week}" if week else url


def test_the_board_shows_tiles_tree_and_empty_sections(client, sc, taken):
    client.force_login(sc.program_manager)
    response = client.get(detail(sc.program))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="tile-tasks">3 / 4<' in page
    assert f'data-testid="board-node-project-{sc.project.pk}"' in page
    assert f'data-testid="board-node-direction-{sc.direction.pk}"' in page
    assert "No indicator is off track in this period." in page
    assert "No escalation open at the end of the week." in page
    assert 'id="board-chart-data"' in page  # a bar per basic direction
    assert "Taken on" in page and sc.po_head.short_name in page


def test_an_earlier_week_and_a_week_without_a_board(client, sc, taken):
    earlier = last_monday() - dt.timedelta(days=7)
    board_generate(program=sc.program, week_start=earlier, actor=sc.po_head)
    client.force_login(sc.po_head)
    page = client.get(detail(sc.program, earlier.isoformat())).content.decode()
    assert 'data-testid="tile-tasks">0 / 0<' in page
    assert 'id="board-chart-data"' not in page  # nothing to draw in a week without sprints
    assert f'<option value="{earlier.isoformat()}" selected>' in page
    empty = client.get(detail(sc.program, (earlier - dt.timedelta(days=7)).isoformat()))
    assert empty.status_code == 200 and 'data-testid="board-empty"' in empty.content.decode()
    wrong = client.get(detail(sc.program, "last-week"))
    assert wrong.status_code == 400 and "is not a date" in wrong.content.decode()


def test_generate_now_takes_the_board_and_returns_to_it(client, sc):
    client.force_login(sc.po_head)
    week = last_monday().isoformat()
    response = client.post(reverse("scrum-board-generate", args=[sc.program.pk]), {"week": week})
    assert response.status_code == 302 and response.url == detail(sc.program, week)
    assert InformationBoard.objects.get().generated_by == sc.po_head
    client.post(reverse("scrum-board-generate", args=[sc.program.pk]), {"week": week})
    assert InformationBoard.objects.count() == 1  # taken again in place


@pytest.mark.parametrize(
    ("week", "message"),
    [("2026-11-10", "starts on a Monday"), ("next", "has not begun yet"), ("soon", "is not a date")],
)
def test_generate_refuses_a_wrong_week(client, sc, week, message):
    if week == "next":
        week = (monday_of(timezone.localdate()) + dt.timedelta(days=7)).isoformat()
    client.force_login(sc.po_head)
    response = client.post(reverse("scrum-board-generate", args=[sc.program.pk]), {"week": week})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InformationBoard.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "pm", "gibd_head", "gp_head"])
def test_hidden_from_outsiders_and_from_whoever_sees_the_program_as_context(client, sc, taken, outsider, who):
    person = outsider if who == "outsider" else getattr(sc, who)
    client.force_login(person)
    assert client.get(detail(sc.program)).status_code == 404
    response = client.post(reverse("scrum-board-generate", args=[sc.program.pk]), {"week": ""})
    assert response.status_code == 404
    assert InformationBoard.objects.count() == 1
    listing = client.get(reverse("scrum-board-list"))
    assert listing.status_code == 200 and f'board-row-{sc.program.pk}"' not in listing.content.decode()
    assert client.get(reverse("scrum-board-detail", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, sc):
    assert client.get(reverse("scrum-board-list")).status_code == 302
    assert client.get(detail(sc.program)).status_code == 302


def test_a_read_only_observer_of_the_office_may_see_and_take_it(client, sc, viewer):
    client.force_login(viewer)
    assert client.get(detail(sc.program)).status_code == 200
    response = client.post(reverse("scrum-board-generate", args=[sc.program.pk]), {"week": ""})
    assert response.status_code == 302
    assert InformationBoard.objects.get().week_start == monday_of(timezone.localdate())


def test_list_shows_each_program_with_its_latest_board(client, sc, taken):
    empty = make_program(portfolio=sc.portfolio, name="Вторая программа")
    client.force_login(sc.curator)
    page = client.get(reverse("scrum-board-list")).content.decode()
    assert f'board-row-{sc.program.pk}"' in page and f'board-row-{empty.pk}"' in page
    assert "No board taken yet." in page
    assert "3 / 4" in page


def test_list_query_count_does_not_grow_with_programs(client, sc, taken, django_assert_num_queries):
    client.force_login(sc.curator)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("scrum-board-list")).status_code == 200
    for n in range(3):
        program = make_program(portfolio=sc.portfolio, name=f"Программа {n}")
        board_generate(program=program, week_start=last_monday())
        board_generate(program=program, week_start=last_monday() - dt.timedelta(days=7))
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(reverse("scrum-board-list")).content.decode()
    assert page.count('data-testid="board-row-') == 4


def test_detail_query_count_does_not_grow_with_weeks_or_rows(client, sc, taken, django_assert_num_queries):
    client.force_login(sc.program_manager)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail(sc.program)).status_code == 200
    for weeks in range(1, 4):
        board_generate(program=sc.program, week_start=last_monday() - dt.timedelta(days=7 * weeks))
    from tests.factories import make_project

    for n in range(5):
        make_project(group=sc.subgroup, name=f"Ещё проект {n}")
    board_generate(program=sc.program, week_start=last_monday())
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(detail(sc.program)).content.decode()
    assert page.count('data-testid="board-node-project-') == 7


def test_worst_deviations_and_open_escalations_by_level(client, sc):
    from scrum.choices import Level, SubjectKind
    from scrum.models import Escalation
    from tests.factories_kpi import fact, make_indicator, plan

    red = make_indicator(sc.project, "A-9", name="Доля цифровых услуг")
    plan(red, 2025, 80)
    fact(red, 2025, 56)
    Escalation.objects.create(
        subject_kind=SubjectKind.DISAGREEMENT,
        title="Нет доступа к данным",
        origin_level=Level.TEAM,
        origin_path=sc.project.path,
        level=Level.DIRECTION,
        node_path=sc.direction.path,
        raised_by=sc.pm,
    )
    board_generate(program=sc.program, week_start=monday_of(timezone.localdate()), actor=sc.po_head)
    client.force_login(sc.po_head)
    page = client.get(detail(sc.program)).content.decode()
    worst = page[page.index('data-testid="board-worst"') :]
    assert "A-9" in worst and "Доля цифровых услуг" in worst and ">70%<" in worst and "-24" in worst
    levels = page[page.index('data-testid="board-levels"') :]
    assert "Implementation group of the basic direction" in levels
    assert 'data-testid="tile-kni">1<' in page and 'data-testid="tile-escalations">1<' in page
