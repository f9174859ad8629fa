"""Helpers of the initiatives' tests: a filled-in passport and an initiative brought to a given status."""

from __future__ import annotations

import datetime as dt

from initiatives.services import initiatives as services

PASSPORT = {
    1: {"rank": 2, "relevance": "Дефицит генерации на юге", "national_priority": "Сильная экономика"},
    2: {
        "problem": "Энергодефицит в южных регионах",
        "proposal": "Построить солнечные станции малой мощности",
    },
    3: {
        "options": [
            {"title": "Солнечные станции", "pros": "Быстро", "cons": "Сезонность"},
            {"title": "Газовая станция", "pros": "Стабильно", "cons": "Выбросы"},
        ],
        "chosen": 1,
    },
    4: {"items": [{"problem": "Нет сетей", "solution": "Подключение к сетям Сети"}]},
    5: {
        "effects_indicators": "Рост доли ВИЭ на 2%",
        "effects_population": "Стабильное электроснабжение",
        "estimated_cost": "1500000.00",
        "planned_start": "2026-03-01",
        "planned_end": "2027-12-31",
        "funding_sources": ["republican", "private"],
        "risks": "Рост цен на оборудование",
    },
    6: {"outcome": "project", "justification": "Масштаб проекта"},
}


def propose(
    gov,
    person=None,
    *,
    name="Солнечные станции малой мощности для южных регионов",
    program=True,
    summary="Солнечные станции малой мощности в южных регионах",
):
    return services.initiative_create(
        actor=person or gov.member,
        body=gov.body,
        name_ru=name,
        program=gov.program if program else None,
        proposer_kind="citizen",
        summary=summary,
    )


def fill(initiative, person, *, skip=(), overrides=None):
    for step, data in PASSPORT.items():
        if step in skip:
            continue
        data = {**data, **((overrides or {}).get(step, {}))}
        initiative.refresh_from_db()
        initiative = services.initiative_save_step(
            actor=person, initiative=initiative, step=step, data=data, version=initiative.version
        )
    return initiative


def submitted(gov, **kwargs):
    initiative = propose(gov, **kwargs)
    fill(initiative, initiative.proposer)
    return services.initiative_submit(actor=initiative.proposer, initiative=initiative)


def recommended(gov, outcome="project", target=None, **kwargs):
    initiative = submitted(gov, **kwargs)
    target = (
        target
        or {
            "task": gov.project,
            "project": gov.group,
            "group": gov.direction,
            "direction": gov.program,
            "program": gov.portfolio,
        }[outcome]
    )
    return services.initiative_recommend(
        actor=gov.po_admin,
        initiative=initiative,
        outcome=outcome,
        target=target,
        identification="Дубликатов нет; уровень проекта",
        similar=[
            {"ref": f"project:{gov.project.pk}", "code": gov.project.code, "name": "x", "conclusion": "Иное"}
        ],
        office_agreed_on=dt.date(2026, 1, 10),
    )


def decide(gov, initiative, actor, **kwargs):
    values = {"approve": True, "form": "written", "document": "№ 7-р", "decided_on": dt.date(2026, 1, 20)}
    values.update(kwargs)
    return services.initiative_decide(actor=actor, initiative=initiative, **values)
