"""Import of an operational plan from an XLSX in the Appendix 1 layout: all or nothing, every wrong row named
(issue 7 item 5)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from operational_plans.choices import PlanStatus
from operational_plans.forms import appendix1
from operational_plans.layout import plan_lines
from operational_plans.models import Activity, Heading, OperationalPlan, Submission, SubmissionRow
from operational_plans.services.imports import import_template, plan_import
from projects.exports import workbook_bytes


@pytest.fixture
def drafting(op):
    """The fixture's plan, being adjusted (an import is allowed)."""
    OperationalPlan.objects.filter(pk=op.plan.pk).update(status=PlanStatus.ADJUSTING)
    op.plan.refresh_from_db()
    return op


def upload(content: bytes, name="plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def sheet_file(rows, *, merge_headings=True) -> bytes:
    """A workbook as bodies keep it: a title, the header in the 3rd row, the numbering row, merged headings."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Операциялық жоспар"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
        if merge_headings and len(row) == 1 and row[0]:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
    return workbook_bytes(workbook)


KK_HEADER = [
    "Р/с №",
    "Атауы",
    "Бюджеттік бағдарламаның коды",
    "Жауапты орындаушы",
    "Орындалу мерзімі",
    "Аяқталу нысаны",
]


def state(plan) -> tuple:
    headings = list(
        Heading.objects.filter(plan=plan)
        .order_by("pk")
        .values_list("pk", "kind", "number", "name_kk", "indicator")
    )
    activities = list(
        Activity.objects.filter(plan=plan)
        .order_by("pk")
        .values_list("pk", "heading", "name_kk", "name_ru", "unit", "deadline", "term_kk", "position")
    )
    return headings, activities


def test_an_exported_plan_imports_back_unchanged(drafting):
    op = drafting
    before = [
        (line.kind, line.number, line.text, line.unit, line.term)
        for line in plan_lines(op.plan, language="ru")
    ]
    content = workbook_bytes(
        appendix1.plan_workbook(plan=op.plan, lines=plan_lines(op.plan, language="ru"), language="ru")
    )
    result = plan_import(actor=op.dev, plan=op.plan, file=upload(content), language="ru")
    assert result.ok, result.errors
    assert (result.headings, result.activities, result.kept, result.added, result.removed) == (4, 4, 4, 0, 0)
    after = [
        (line.kind, line.number, line.text, line.unit, line.term)
        for line in plan_lines(op.plan, language="ru")
    ]
    assert after == before
    a1 = Activity.objects.get(pk=op.a1.pk)  # the same activity: its links and its Kazakh name stay
    assert list(a1.projects.all()) == [op.project]
    assert a1.name_kk == "Порталды іске қосу" and a1.deadline == dt.date(2026, 6, 30)
    a3 = Activity.objects.get(pk=op.a3.pk)
    assert (a3.heading, a3.deadline, a3.term_ru) == (None, dt.date(2026, 12, 31), "ежеквартально")
    assert Heading.objects.filter(plan=op.plan).count() == 4
    assert a1.history.first().history_user == op.dev


def test_a_real_life_kazakh_file_builds_the_structure(drafting):
    op = drafting
    content = sheet_file(
        [
            KK_HEADER,
            [1, 2, 3, 4, 5, 6],
            [
                "I. Стратегиялық жоспардың мақсаттары мен нысаналы индикаторларына қол жеткізу жөніндегі іс-шаралар"
            ],
            ["1-стратегиялық бағыт. Цифрландыру"],
            ["1 -\nмакроиндикатор (MI-1)"],
            [1, "Қызметшілерді оқыту", None, "ua", "2026 жылғы желтоқсан", "Үкіметке ақпарат"],
            ["1.1-мақсаты Цифрлық қызметтер"],
            ["1-нысаналы индикатор [TI-1]"],
            [2, "Жаңа портал", "001", "Цифрлық қызметтер департаменті", dt.datetime(2026, 6, 30), "Акт"],
            [3, "Тізілімдер", 2, "«Цифрландыру орталығы» АҚ", "15.03.2026", "Хат"],
            [
                "II. Мемлекеттік органның ережесінде айқындалған өзге де міндеттерді шешуге арналған іс-шаралар"
            ],
            [4, "Әдістемелік жұмыс", None, "UB", "тоқсан сайын", "Ақпарат"],
            [None],
            [
                "Операциялық жоспарды әзірлеуге жауапты құрылымдық бөлімшенің басшысы",
                None,
                None,
                "Ахметова С.",
            ],
        ]
    )
    result = plan_import(actor=op.dev, plan=op.plan, file=upload(content), language="kk")
    assert result.ok, result.errors
    assert (result.headings, result.activities, result.kept, result.added, result.removed) == (4, 4, 2, 2, 2)
    headings = list(Heading.objects.filter(plan=op.plan).order_by("position"))
    assert [(h.kind, h.number, h.name_kk, h.indicator_id, h.parent_id) for h in headings] == [
        ("direction", "1", "Цифрландыру", None, None),
        ("macro", "1", "", op.macro.pk, headings[0].pk),
        ("goal", "1.1", "Цифрлық қызметтер", None, headings[0].pk),
        ("target", "1", "", op.target.pk, headings[2].pk),
    ]
    rows = list(
        Activity.objects.filter(plan=op.plan)
        .order_by("position")
        .values_list(
            "name_kk", "heading", "budget_program", "unit", "deadline", "term_kk", "completion_form_kk"
        )
    )
    assert rows == [
        (
            "Қызметшілерді оқыту",
            headings[1].pk,
            "",
            op.unit_a.pk,
            dt.date(2026, 12, 31),
            "2026 жылғы желтоқсан",
            "Үкіметке ақпарат",
        ),
        ("Жаңа портал", headings[3].pk, "001", op.unit_a.pk, dt.date(2026, 6, 30), "", "Акт"),
        ("Тізілімдер", headings[3].pk, "2", op.unit_b.pk, dt.date(2026, 3, 15), "", "Хат"),
        ("Әдістемелік жұмыс", None, "", op.unit_b.pk, dt.date(2026, 12, 31), "тоқсан сайын", "Ақпарат"),
    ]
    kept = Activity.objects.get(name_kk="Қызметшілерді оқыту")
    assert kept.pk == op.a2.pk and kept.name_ru == "Обучение служащих"  # the Russian text stays
    assert not Activity.objects.filter(pk__in=[op.a1.pk, op.a4.pk]).exists()


def test_activities_without_any_heading_are_the_bodys_other_tasks(drafting):
    op = drafting
    content = sheet_file(
        [
            ["№", "Наименование", "Ответственный исполнитель", "Срок исполнения"],
            [1, "Методическая работа", "ub", "декабрь 2026"],
            [2, "Отчёт", "Департамент мониторинга", "IV квартал 2026 года"],
        ]
    )
    result = plan_import(actor=op.dev, plan=op.plan, file=upload(content), language="ru")
    assert result.ok, result.errors
    assert not Heading.objects.filter(plan=op.plan).exists()
    assert list(
        Activity.objects.filter(plan=op.plan)
        .order_by("position")
        .values_list("heading", "deadline", "term_ru")
    ) == [
        (None, dt.date(2026, 12, 31), "декабрь 2026"),
        (None, dt.date(2026, 12, 31), "IV квартал 2026 года"),
    ]


def test_a_malformed_file_writes_nothing_and_names_every_wrong_row(drafting):
    op = drafting
    before = state(op.plan)
    content = sheet_file(
        [
            [
                "№",
                "Наименование",
                "Код бюджетной программы",
                "Ответственный исполнитель",
                "Срок исполнения",
                "Форма завершения",
            ],
            [1, 2, 3, 4, 5, 6],
            ["I. Мероприятия по достижению целей"],
            ["Стратегическое направление 1. Цифровизация"],
            [
                1,
                "Мероприятие под направлением",
                None,
                "ua",
                "31.12.2026",
                "Отчёт",
            ],  # row 7: no indicator above
            ["Макроиндикатор 1 (XX-404)"],  # row 8: unknown indicator
            ["Цель 1.1. Цифровые услуги"],
            ["Целевой индикатор 1. Число услуг на портале"],  # found by its exact name
            [2, "Хорошее мероприятие", None, "ua", "30.06.2026", "Акт"],
            [3, "Чужой исполнитель", None, "x", "30.06.2026", "Акт"],  # row 12: a unit of another body
            [4, "Плохая дата", None, "ub", "31.02.2026", "Акт"],  # row 13
            [5, "Без срока", None, "ub", "когда-нибудь", "Акт"],  # row 14
            [6, None, None, "ub", "30.06.2026", "Акт"],  # row 15: no name
            [7, "Без исполнителя", None, None, "30.06.2026", "Акт"],  # row 16
        ]
    )
    result = plan_import(actor=op.dev, plan=op.plan, file=upload(content), language="ru")
    assert not result.ok
    reasons = {error.row: error.reason for error in result.errors}
    assert sorted(reasons) == [7, 8, 12, 13, 14, 15, 16]
    assert "macro-indicator or target indicator" in reasons[7]
    assert "XX-404" in reasons[8]
    assert "“x”" in reasons[12]
    assert "31.02.2026" in reasons[13] and "когда-нибудь" in reasons[14]
    assert "no name" in reasons[15]
    assert "responsible executor" in reasons[16]
    assert state(op.plan) == before


def test_the_rules_of_the_import(drafting):
    op = drafting
    good = workbook_bytes(
        appendix1.plan_workbook(plan=op.plan, lines=plan_lines(op.plan, language="ru"), language="ru")
    )
    before = state(op.plan)
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        plan_import(actor=op.dev, plan=op.plan, file=upload(b"%PDF-1.4 nonsense", "plan.pdf"), language="ru")
    with pytest.raises(ValidationError, match="No header row"):
        plan_import(actor=op.dev, plan=op.plan, file=upload(sheet_file([["a", "b"], [1, 2]])), language="ru")
    with pytest.raises(ValidationError):
        plan_import(actor=op.dev, plan=op.plan, file=upload(good), language="en")
    with pytest.raises(PermissionDenied):
        plan_import(actor=op.staff_a, plan=op.plan, file=upload(good), language="ru")
    OperationalPlan.objects.filter(pk=op.plan.pk).update(status=PlanStatus.APPROVED)
    with pytest.raises(ValidationError, match="approved"):
        plan_import(actor=op.dev, plan=op.plan, file=upload(good), language="ru")
    OperationalPlan.objects.filter(pk=op.plan.pk).update(status=PlanStatus.ADJUSTING)
    submission = Submission.objects.create(plan=op.plan, unit=op.unit_a, quarter=1)
    SubmissionRow.objects.create(submission=submission, activity=op.a1)
    with pytest.raises(ValidationError, match="already reported"):
        plan_import(actor=op.dev, plan=op.plan, file=upload(good), language="ru")
    assert state(op.plan) == before


def test_too_many_rows_are_refused(drafting):
    op = drafting
    rows = [KK_HEADER] + [[n, f"Іс-шара {n}", None, "ua", "31.12.2026", "Акт"] for n in range(5001)]
    with pytest.raises(ValidationError, match="5000"):
        plan_import(actor=op.dev, plan=op.plan, file=upload(sheet_file(rows)), language="kk")


def test_the_template_imports_its_own_layout(drafting):
    op = drafting
    content = import_template(op.plan, "ru")
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A4"].value and sheet["A5"].value == 1
    result = plan_import(actor=op.dev, plan=op.plan, file=upload(content), language="ru")
    # The example names placeholders, not a real unit or indicator: each is named as a wrong row.
    assert not result.ok and {error.row for error in result.errors} >= {8, 9}


# --- the page and the API ----------------------------------------------------------------------------------------


def test_the_import_page(drafting, client, django_assert_num_queries):
    op = drafting
    url = reverse("op-import", args=[op.plan.pk])
    client.force_login(op.outsider)
    assert client.get(url).status_code == 404
    client.force_login(op.staff_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("op-import-template", args=[op.plan.pk])).status_code == 200
    client.force_login(op.dev)
    client.get("/")
    with django_assert_num_queries(5):
        page = client.get(url)
    assert page.status_code == 200 and b'name="file"' in page.content
    wrong = sheet_file([KK_HEADER, [1, "Іс-шара", None, "жоқ", "31.12.2026", "Акт"]])
    response = client.post(url, {"file": upload(wrong), "language": "kk"})
    assert response.status_code == 400
    assert "жоқ" in response.content.decode() and b'data-testid="import-report"' in response.content
    good = workbook_bytes(
        appendix1.plan_workbook(plan=op.plan, lines=plan_lines(op.plan, language="kk"), language="kk")
    )
    response = client.post(url, {"file": upload(good), "language": "kk"})
    assert response.status_code == 302 and response["Location"] == url
    template = client.get(reverse("op-import-template", args=[op.plan.pk]) + "?language=kk")
    assert (
        template["Content-Disposition"]
        == 'attachment; filename="operational-plan-template-mdai-2026-kk.xlsx"'
    )


def test_the_import_api(drafting, api_as):
    op = drafting
    url = f"/api/v1/operational-plans/{op.plan.pk}/import/"
    good = workbook_bytes(
        appendix1.plan_workbook(plan=op.plan, lines=plan_lines(op.plan, language="ru"), language="ru")
    )
    assert (
        api_as(op.outsider)
        .post(url, {"file": upload(good), "language": "ru"}, format="multipart")
        .status_code
        == 404
    )
    assert (
        api_as(op.mon).post(url, {"file": upload(good), "language": "ru"}, format="multipart").status_code
        == 403
    )
    client = api_as(op.dev)
    wrong = sheet_file(
        [KK_HEADER, [1, None, None, "ua", "31.12.2026", "Акт"], [2, "Іс-шара", None, "ua", "ертең", "Акт"]]
    )
    response = client.post(url, {"file": upload(wrong), "language": "kk"}, format="multipart")
    assert response.status_code == 400
    assert [row["row"] for row in response.json()["rows"]] == [4, 5]
    assert response.json()["detail"]
    response = client.post(url, {"file": upload(b"not a workbook"), "language": "ru"}, format="multipart")
    assert response.status_code == 400
    response = client.post(url, {"file": upload(good), "language": "ru"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {"headings": 4, "activities": 4, "kept": 4, "added": 0, "removed": 0}


@pytest.mark.parametrize(
    ("cell", "deadline", "worded"),
    [
        (dt.datetime(2026, 6, 30), dt.date(2026, 6, 30), ""),
        ("15.03.2026", dt.date(2026, 3, 15), ""),
        ("31.12.2026 г.", dt.date(2026, 12, 31), ""),
        ("декабрь 2026", dt.date(2026, 12, 31), "декабрь 2026"),
        ("2026 жылғы желтоқсан", dt.date(2026, 12, 31), "2026 жылғы желтоқсан"),
        ("до 20 января 2027 года", dt.date(2027, 1, 20), "до 20 января 2027 года"),
        ("2027 жылғы 20 қаңтарға дейін", dt.date(2027, 1, 20), "2027 жылғы 20 қаңтарға дейін"),
        ("IV квартал", dt.date(2026, 12, 31), "IV квартал"),
        ("2026 жылғы II тоқсан", dt.date(2026, 6, 30), "2026 жылғы II тоқсан"),
        ("ежеквартально", dt.date(2026, 12, 31), "ежеквартально"),
        ("тоқсан сайын", dt.date(2026, 12, 31), "тоқсан сайын"),
        ("ежегодно", dt.date(2026, 12, 31), "ежегодно"),
    ],
)
def test_terms_are_read_as_the_forms_word_them(cell, deadline, worded):
    from operational_plans.services.imports import _term

    assert _term(cell, 2026) == (deadline, worded)


@pytest.mark.parametrize("cell", ["31.02.2026", "когда-нибудь", "марафон", "13.13.2026"])
def test_a_term_that_is_no_date_is_refused(cell):
    from operational_plans.services.imports import _term

    with pytest.raises(ValueError):
        _term(cell, 2026)
