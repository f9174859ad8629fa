"""In a browser: two people of a project have its kanban board open; what one moves appears on the other's board
without a reload, by mouse (SortableJS) and by keyboard, and a move over a WIP limit asks for a reason.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/board) to keep screenshots of the board and the dialog.
"""

from __future__ import annotations

import os
import threading

import pytest
from playwright.sync_api import expect

from projects.choices import ColumnKind
from projects.models import Task
from projects.services.tasks import task_create, task_update
from tests.e2e.conftest import login
from tests.factories import make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def off_loop(function, *args, **kwargs):
    """Run Django code in its own thread: Playwright's sync API keeps an event loop in the test thread, where
    the services' events (async_to_sync on commit) may not be sent."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function(*args, **kwargs)
        except Exception as error:  # re-raised in the test thread below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=False)


@pytest.fixture
def board(live_url):
    """A project with a few cards: three in "to do", one in "in progress"."""

    def build():
        ws = make_workspace()
        columns = {column.kind: column for column in ws.project.columns.all()}
        cards = [
            task_create(
                actor=ws.pm, project=ws.project, title=title, column=columns[ColumnKind.TO_DO], **extra
            )
            for title, extra in (
                (
                    "Согласовать техническое задание",
                    {"assignee": ws.member, "labels": ["ИТ"], "priority": "high"},
                ),
                (
                    "Подготовить смету",
                    {"checklist": [{"text": "Свод", "done": True}, {"text": "Подписи", "done": False}]},
                ),
                ("Провести закупку", {"blocked": True, "blocked_reason": "Ждём бюджет"}),
            )
        ]
        cards.append(
            task_create(
                actor=ws.pm, project=ws.project, title="Разработать портал", column=columns[ColumnKind.DOING]
            )
        )
        return ws, columns, cards

    return off_loop(build)


def open_board(browser, live_url, username, project):
    context = browser.new_context(base_url=live_url, locale="ru-RU", viewport={"width": 1500, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, username, "pass")
    page.goto(f"/projects/{project.pk}/board/")
    expect(page.locator("#board")).to_have_attribute("data-live-state", "open")
    return context, page


def column_list(page, column):
    return page.locator(f'.board-cards[data-column-id="{column.pk}"]')


def card(page, task):
    return page.locator(f'.board-card[data-id="{task.pk}"]')


def column_of(task) -> int:
    return off_loop(lambda: Task.objects.get(pk=task.pk).column_id)


def test_a_drag_on_one_board_appears_on_the_other(browser, live_url, board):
    ws, columns, cards = board
    pm_context, pm = open_board(browser, live_url, "pm", ws.project)
    member_context, member = open_board(browser, live_url, "member", ws.project)
    try:
        first = cards[0]
        expect(card(member, first)).to_have_count(1)
        expect(column_list(member, columns[ColumnKind.TO_DO]).locator(".board-card")).to_have_count(3)
        screenshot(pm, "board")

        # The project manager drags the first card onto the "in progress" column, above its card.
        target = card(pm, cards[3])
        source_box = card(pm, first).bounding_box()
        target_box = target.bounding_box()
        pm.mouse.move(source_box["x"] + 30, source_box["y"] + 15)
        pm.mouse.down()
        pm.mouse.move(source_box["x"] + 60, source_box["y"] + 25, steps=5)
        pm.mouse.move(target_box["x"] + 30, target_box["y"] + 8, steps=15)
        pm.mouse.up()

        doing = column_list(member, columns[ColumnKind.DOING])
        # …and the member's board shows it there, first in the column, without a reload.
        expect(doing.locator(".board-card").first).to_have_attribute("data-id", str(first.pk), timeout=5000)
        expect(column_list(member, columns[ColumnKind.TO_DO]).locator(".board-card")).to_have_count(2)
        assert column_of(first) == columns[ColumnKind.DOING].pk
        expect(column_list(pm, columns[ColumnKind.DOING]).locator(".board-card").first).to_have_attribute(
            "data-id", str(first.pk)
        )
        # The member's column header counts it against the WIP limit of 5.
        doing_count = f'.board-column[data-column-id="{columns[ColumnKind.DOING].pk}"] .board-column-count'
        expect(member.locator(doing_count)).to_have_text("2/5")

        # A card changed behind the page's back (as the same person, so the page skips the event): moving it
        # answers 409 and the page shows the server's card where the server has it.
        second = cards[1]
        off_loop(task_update, actor=ws.pm, task=second, version=1, title="Подготовить смету (новая)")
        card(pm, second).focus()
        pm.keyboard.press("Alt+ArrowRight")
        expect(pm.locator("#board-toasts .toast")).to_have_count(1)
        expect(card(pm, second)).to_contain_text("Подготовить смету (новая)")
        expect(column_list(pm, columns[ColumnKind.TO_DO]).locator(f'[data-id="{second.pk}"]')).to_have_count(
            1
        )
        assert column_of(second) == columns[ColumnKind.TO_DO].pk
    finally:
        pm_context.close()
        member_context.close()


def test_keyboard_move_is_live_and_a_wip_refusal_asks_for_a_reason(browser, live_url, board):
    ws, columns, cards = board

    def fill_review():
        review = columns[ColumnKind.REVIEW]
        review.wip_limit = 1
        review.save(update_fields=["wip_limit"])
        return task_create(actor=ws.pm, project=ws.project, title="На проверке", column=review)

    reviewed = off_loop(fill_review)
    member_context, member = open_board(browser, live_url, "member", ws.project)
    pm_context, pm = open_board(browser, live_url, "pm", ws.project)
    try:
        portal = cards[3]
        # Alt+→ moves the focused card from "to do" to "in progress"; the other board follows.
        card(member, cards[1]).focus()
        member.keyboard.press("Alt+ArrowRight")
        expect(card(pm, cards[1])).to_have_count(1)
        expect(
            column_list(pm, columns[ColumnKind.DOING]).locator(f'[data-id="{cards[1].pk}"]')
        ).to_have_count(1, timeout=5000)
        expect(member.locator("#board-announce")).to_contain_text("#2")

        # "Review" is full (limit 1): moving the portal card there asks why; cancelling puts it back.
        card(member, portal).focus()
        member.keyboard.press("Alt+ArrowRight")
        modal = member.locator("#board-wip")
        expect(modal).to_be_visible()
        expect(modal).to_contain_text("1")
        screenshot(member, "wip")
        modal.locator(".modal-footer button.btn-outline-secondary").click()  # Cancel
        expect(modal).to_be_hidden()
        expect(
            column_list(member, columns[ColumnKind.DOING]).locator(f'[data-id="{portal.pk}"]')
        ).to_have_count(1)
        assert column_of(portal) == columns[ColumnKind.DOING].pk

        # Again, with a reason: the server takes the override and both boards show the card in "review".
        card(member, portal).focus()
        member.keyboard.press("Alt+ArrowRight")
        expect(modal).to_be_visible()
        member.fill("#board-wip-reason", "Срочная проверка по поручению")
        member.locator("#board-wip-form button[type=submit]").click()
        expect(modal).to_be_hidden()
        review_pm = column_list(pm, columns[ColumnKind.REVIEW])
        expect(review_pm.locator(f'[data-id="{portal.pk}"]')).to_have_count(1, timeout=5000)
        expect(review_pm.locator(f'[data-id="{reviewed.pk}"]')).to_have_count(1)
        expect(pm.locator(f'.board-column[data-column-id="{columns[ColumnKind.REVIEW].pk}"]')).to_have_class(
            "board-column is-over-limit"
        )
        assert column_of(portal) == columns[ColumnKind.REVIEW].pk
    finally:
        member_context.close()
        pm_context.close()


def test_card_dialog_edits_and_quick_add(browser, live_url, board):
    ws, columns, cards = board
    member_context, member = open_board(browser, live_url, "member", ws.project)
    pm_context, pm = open_board(browser, live_url, "pm", ws.project)
    try:
        # Enter on a card opens its dialog; a change saved there reaches the other board.
        card(member, cards[1]).focus()
        member.keyboard.press("Enter")
        dialog = member.locator("#task-dialog")
        expect(dialog).to_be_visible()
        expect(member.locator("#task-title")).to_have_value("Подготовить смету")
        assert f"task={cards[1].pk}" in member.url
        member.fill("#task-title", "Подготовить смету расходов")
        member.fill("#task-labels", "Финансы, срочно")
        screenshot(member, "dialog")
        member.locator("[data-task-save]").click()
        expect(dialog).to_be_hidden()
        expect(card(member, cards[1])).to_be_focused()  # the focus comes back to the card
        expect(card(pm, cards[1])).to_contain_text("Подготовить смету расходов", timeout=5000)
        expect(card(pm, cards[1]).locator(".board-chip")).to_have_text(["Финансы", "срочно"])

        # "n" opens the quick add of the focused card's column; Enter saves and the other board shows the card.
        card(member, cards[0]).focus()
        member.keyboard.press("n")
        todo = member.locator(f'.board-column[data-column-id="{columns[ColumnKind.TO_DO].pk}"]')
        quick = todo.locator(".board-quick-add textarea")
        expect(quick).to_be_focused()
        quick.fill("Созвать рабочую группу")
        quick.press("Enter")
        expect(column_list(pm, columns[ColumnKind.TO_DO])).to_contain_text(
            "Созвать рабочую группу", timeout=5000
        )
        expect(column_list(member, columns[ColumnKind.TO_DO]).locator(".board-card")).to_have_count(4)

        # Filters work in the page and live in the address: "mine" leaves the member's one card in "to do".
        member.goto(f"/projects/{ws.project.pk}/board/?mine=1")
        todo_cards = column_list(member, columns[ColumnKind.TO_DO]).locator(".board-card:visible")
        expect(todo_cards).to_have_count(1)
        expect(todo_cards.first).to_have_attribute("data-id", str(cards[0].pk))
        expect(todo.locator(".board-column-count")).to_have_text("1")
        member.locator("#board-mine + label").click()
        member.fill("#board-q", "смету")
        expect(todo_cards).to_have_count(1)
        expect(todo_cards.first).to_have_attribute("data-id", str(cards[1].pk))
        assert "q=" in member.url and "mine" not in member.url

        # A link with ?task= (from "My tasks") opens the card's dialog.
        pm.goto(f"/projects/{ws.project.pk}/board/?task={cards[2].pk}")
        expect(pm.locator("#task-dialog")).to_be_visible()
        expect(pm.locator("#task-title")).to_have_value("Провести закупку")
        expect(pm.locator("#task-blocked-reason")).to_have_value("Ждём бюджет")

        # Someone else saves the task meanwhile: the dialog says so; saving answers 409, the form shows the saved
        # values and keeps the manager's own text listed, to put back with one click.
        off_loop(task_update, actor=ws.member, task=cards[2], version=1, description="Бюджет выделен")
        expect(pm.locator("[data-task-notice]")).to_be_visible()
        pm.fill("#task-title", "Провести закупку оборудования")
        pm.locator("[data-task-save]").click()
        expect(pm.locator("[data-task-conflict]")).to_be_visible()
        expect(pm.locator("#task-description")).to_have_value("Бюджет выделен")
        expect(pm.locator("#task-title")).to_have_value("Провести закупку")
        expect(pm.locator("[data-task-conflict-list]")).to_contain_text("Провести закупку оборудования")
        pm.locator("[data-task-reapply]").click()
        expect(pm.locator("#task-title")).to_have_value("Провести закупку оборудования")
        pm.locator("[data-task-save]").click()
        expect(pm.locator("#task-dialog")).to_be_hidden()
        saved = off_loop(lambda: Task.objects.get(pk=cards[2].pk))
        assert (saved.title, saved.description) == ("Провести закупку оборудования", "Бюджет выделен")
    finally:
        member_context.close()
        pm_context.close()
