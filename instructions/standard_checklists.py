"""The standard checklists the Office develops for written and oral instructions (Rules p.94), as data, and the
service that loads them once (the lead's data migration calls `templates_load_standard`).

Each step: the text in Kazakh and Russian and, where the step has its own term, the working days from the day the
instruction is put on control (`pmis.core.workdays.add_working_days`).
"""

from __future__ import annotations

from django.db import transaction

from .choices import Form

STANDARD_TEMPLATES: tuple[dict, ...] = (
    {
        "form": Form.WRITTEN,
        "name_ru": "Типовой чек-лист исполнения письменного поручения",
        "name_kk": "Жазбаша тапсырманы орындаудың үлгілік чек-парағы",
        "steps": (
            (
                "Зарегистрировать поручение и определить исполнителя и соисполнителей",
                "Тапсырманы тіркеу, орындаушы мен бірлесіп орындаушыларды айқындау",
                1,
            ),
            (
                "Разработать план исполнения с промежуточными сроками",
                "Аралық мерзімдері бар орындау жоспарын әзірлеу",
                3,
            ),
            (
                "Запросить и свести информацию соисполнителей",
                "Бірлесіп орындаушылардан ақпарат сұрату және жинақтау",
                7,
            ),
            (
                "Подготовить проект ответа (решения) по поручению",
                "Тапсырма бойынша жауаптың (шешімнің) жобасын дайындау",
                None,
            ),
            (
                "Согласовать проект ответа (решения) с заинтересованными государственными органами",
                "Жауаптың (шешімнің) жобасын мүдделі мемлекеттік органдармен келісу",
                None,
            ),
            (
                "Подписать ответ у руководителя и направить адресату",
                "Жауапқа басшының қолын қойғызу және оны адресатқа жіберу",
                None,
            ),
            (
                "Представить отчёт об исполнении в информационной системе",
                "Ақпараттық жүйеде орындалу туралы есеп ұсыну",
                None,
            ),
        ),
    },
    {
        "form": Form.ORAL,
        "name_ru": "Типовой чек-лист исполнения устного поручения",
        "name_kk": "Ауызша тапсырманы орындаудың үлгілік чек-парағы",
        "steps": (
            (
                "Зафиксировать устное поручение (протокол, запись совещания) и определить исполнителя",
                "Ауызша тапсырманы тіркеу (хаттама, кеңес жазбасы) және орындаушыны айқындау",
                1,
            ),
            (
                "Уточнить у инициатора ожидаемый результат и срок",
                "Бастамашыдан күтілетін нәтиже мен мерзімді нақтылау",
                2,
            ),
            (
                "Разработать план исполнения",
                "Орындау жоспарын әзірлеу",
                3,
            ),
            (
                "Выполнить мероприятия плана исполнения",
                "Орындау жоспарының іс-шараларын орындау",
                None,
            ),
            (
                "Доложить о результатах исполнения инициатору поручения",
                "Тапсырма бастамашысына орындау нәтижелері туралы баяндау",
                None,
            ),
            (
                "Представить отчёт об исполнении в информационной системе",
                "Ақпараттық жүйеде орындалу туралы есеп ұсыну",
                None,
            ),
        ),
    },
)


@transaction.atomic
def templates_load_standard() -> list:
    """Create the standard templates that are not there yet (by form and Russian name); answers those created.

    Idempotent: a template already loaded (even edited or deactivated by the Office since) is left as it is.
    """
    from .models import ChecklistTemplate, ChecklistTemplateStep

    created = []
    for data in STANDARD_TEMPLATES:
        if ChecklistTemplate.objects.filter(form=data["form"], name_ru=data["name_ru"]).exists():
            continue
        template = ChecklistTemplate.objects.create(
            form=data["form"], name_ru=data["name_ru"], name_kk=data["name_kk"]
        )
        ChecklistTemplateStep.objects.bulk_create(
            ChecklistTemplateStep(template=template, position=number, text_ru=ru, text_kk=kk, days=days)
            for number, (ru, kk, days) in enumerate(data["steps"], start=1)
        )
        created.append(template)
    return created
