"""Helpers of the page tests of every hierarchy level (tests/*/test_views.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from pmis.core.node_services import NODE_FIELDS


def node_form_data(node, *parents: str, **overrides) -> dict:
    """The POST data of a node's edit form as the page would send it unchanged, with `overrides` applied."""
    data = {}
    for name in (*parents, *NODE_FIELDS):
        field = node._meta.get_field(name)
        value = getattr(node, field.attname)
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = str(value)
    data.update({name: "" if value is None else str(value) for name, value in overrides.items()})
    return data


def new_node_data(**fields) -> dict:
    """The POST data of a create form: the shared defaults, then `fields` (parent ids, dates…)."""
    data = {
        "name_kk": "",
        "name_ru": "Новый узел",
        "name_en": "",
        "goal": "",
        "planned_start": "2026-01-01",
        "planned_end": "2027-12-31",
        "actual_start": "",
        "actual_end": "",
        "budget": "1500000",
        "stage": "initiation",
        "status": "active",
    }
    data.update({name: "" if value is None else str(value) for name, value in fields.items()})
    return data


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def page_text(response) -> str:
    return response.content.decode()
