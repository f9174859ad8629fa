"""The official forms as workbooks and PDFs: Appendix 1 (the plan) and Appendix 2 (the report), read back cell by
cell in Kazakh and Russian (OP Rules, Appendices 1 and 2)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from operational_plans.forms import appendix1, appendix2
from operational_plans.layout import plan_lines
from projects.exports import workbook_bytes

LANGUAGES = ("ru", "kk")


def t(language: str, msgid: str, **params) -> str:
    """A label as the form writes it in `language` (translated by the lead; the English text until then)."""
    with translation.override(language):
        text = gettext(msgid)
    return text % params if params else text


DATA = {
    "ru": {
        "body": "Министерство цифрового развития",
        "direction": "Цифровизация",
        "macro": "Доля цифровых услуг",
        "goal": "Цифровые услуги",
        "target": "Число услуг на портале",
        "a1": "Запуск портала",
        "a2": "Обучение служащих",
        "a3": "Методическая работа",
        "a4": "Интеграция реестров",
        "ua": "Департамент цифровых услуг",
        "ub": "АО «Центр цифровизации»",
        "form": "Информация в Правительство",
        "every_quarter": "ежеквартально",
    },
    "kk": {
        "body": "Цифрлық даму министрлігі",
        "direction": "Цифрландыру",
        "macro": "Доля цифровых услуг",  # the indicator's name, the same in both languages in the fixture
        "goal": "Цифрлық қызметтер",
        "target": "Число услуг на портале",
        "a1": "Порталды іске қосу",
        "a2": "Қызметшілерді оқыту",
        "a3": "Әдістемелік жұмыс",
        "a4": "Тізілімдерді біріктіру",
        "ua": "Цифрлық қызметтер департаменті",
        "ub": "«Цифрландыру орталығы» АҚ",
        "form": "Үкіметке ақпарат",
        "every_quarter": "тоқсан сайын",
    },
}


def heading(language, msgid, number, name):
    return f"{t(language, msgid, number=number)}. {name}"


def section(language, number, msgid):
    return f"{number}. {t(language, msgid)}"


def _pad(values, width):
    return [*values, *([None] * (width - len(values)))]


def sheet_values(content: bytes, width: int):
    sheet = load_workbook(BytesIO(content)).active
    return sheet, [
        list(row)
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=width, values_only=True)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_appendix_1_workbook_cell_by_cell(op, language, django_assert_num_queries):
    d = DATA[language]
    lines = plan_lines(op.plan, language=language)
    plan = type(op.plan).objects.select_related("body", "developer_unit__head").get(pk=op.plan.pk)
    with django_assert_num_queries(0):
        content = workbook_bytes(appendix1.plan_workbook(plan=plan, lines=lines, language=language))
    sheet, rows = sheet_values(content, 6)

    def activity(number, name, budget, unit, term):
        return [number, name, budget, unit, term, d["form"]]

    expected = [
        [None, None, None, appendix_note(language, 1), None, None],
        _pad([t(language, "%(body)s operational plan for %(year)s year", body=d["body"], year=2026)], 6),
        _pad([t(language, "Activities of the state body")], 6),
        [
            t(language, "No."),
            t(language, "Name"),
            t(language, "Code of budget program"),
            t(language, "Responsible executor"),
            t(language, "Term of execution"),
            t(language, "Form of completion"),
        ],
        [1, 2, 3, 4, 5, 6],
        _pad(
            [
                section(
                    language, "I", "Actions to achieve the goals and target indicators of the strategic plan"
                )
            ],
            6,
        ),
        _pad([heading(language, "Strategic direction %(number)s", "1", d["direction"])], 6),
        _pad([heading(language, "Macro-indicator %(number)s", "1", d["macro"])], 6),
        activity(1, d["a2"], None, d["ua"], "25.12.2026"),
        _pad([heading(language, "Goal %(number)s", "1.1", d["goal"])], 6),
        _pad([heading(language, "Target indicator %(number)s", "1", d["target"])], 6),
        activity(2, d["a1"], "001", d["ua"], "30.06.2026"),
        activity(3, d["a4"], "002", d["ub"], "30.09.2026"),
        _pad(
            [
                section(
                    language, "II", "Actions to solve other tasks defined by the regulation of the state body"
                )
            ],
            6,
        ),
        activity(4, d["a3"], None, d["ub"], d["every_quarter"]),
        [None] * 6,
        [
            t(
                language,
                "Head of the structural unit responsible for the development of the operational plan",
            ),
            None,
            None,
            op.dev_head.full_name,
            None,
            None,
        ],
        [None, None, None, t(language, "(surname, first name, patronymic (if any)) (signature)"), None, None],
    ]
    assert rows == expected
    assert op.dev_head.full_name.startswith("Ахметова Сауле")  # surname, first name, patronymic
    merged = {str(item) for item in sheet.merged_cells.ranges}
    assert {"D1:F1", "A2:F2", "A3:F3", "A6:F6", "A7:F7", "A8:F8", "A10:F10", "A11:F11", "A14:F14"} <= merged
    assert {"A17:C17", "D17:F17", "D18:F18"} <= merged
    assert "A9:F9" not in merged  # an activity row is six cells
    assert sheet.freeze_panes == "A6"
    assert sheet.print_title_rows == "$4:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["A7"].font.b and not sheet["B9"].font.b
    assert sheet["B9"].alignment.wrap_text and sheet["B9"].border.left.style == "thin"


def appendix_note(language: str, number: int) -> str:
    return t(
        language,
        f"Appendix {number} to the Rules for the development, implementation and monitoring of the implementation "
        "of the operational plan. Form",
    )


def report_lines_for(op, language):
    """The plan's lines with the Appendix 2 columns filled as the report's selector fills them."""
    lines = plan_lines(op.plan, language=language)
    filled = {
        op.a1.pk: ("Исполнено", "Портал запущен 20.06.2026", "", ""),
        op.a4.pk: (
            "Частично исполнено",
            "Интеграция с ЕГРН",
            "Задержка поставщика",
            "Перенести срок на IV квартал",
        ),
    }
    for line in lines:
        if line.activity_id in filled:
            line.status_label, line.actual, line.reasons, line.recommendation = filled[line.activity_id]
    return lines


@pytest.mark.parametrize("language", LANGUAGES)
def test_appendix_2_workbook_cell_by_cell(op, language, django_assert_num_queries):
    d = DATA[language]
    lines = report_lines_for(op, language)
    plan = type(op.plan).objects.select_related("body", "monitoring_unit__head").get(pk=op.plan.pk)
    with django_assert_num_queries(0):
        workbook = appendix2.report_workbook(
            plan=plan, quarter=2, lines=lines, language=language, issued_on=dt.date(2026, 7, 15)
        )
    sheet, rows = sheet_values(workbook_bytes(workbook), 8)

    def activity(number, name, unit, term, actual=None, reasons=None, recommendation=None):
        return [number, name, unit, term, d["form"], actual, reasons, recommendation]

    expected = [
        [None, None, None, None, appendix_note(language, 2), None, None, None],
        _pad([t(language, "Report on implementation of the operational plan")], 8),
        _pad(
            [
                t(
                    language,
                    "%(body)s for %(year)s year (reporting period: %(quarter)s quarter)",
                    body=d["body"],
                    year=2026,
                    quarter=2,
                )
            ],
            8,
        ),
        _pad([t(language, "Activities of the state body")], 8),
        [
            t(language, "No."),
            t(language, "Name"),
            t(language, "Responsible executor"),
            t(language, "Term of execution"),
            t(language, "Form of completion"),
            t(language, "Actual execution of activities"),
            t(language, "Reasons for non-fulfilment"),
            t(
                language,
                "Recommendations, including recommendations for making changes to the operational plan",
            ),
        ],
        [1, 2, 3, 4, 5, 6, 7, 8],
        _pad(
            [
                section(
                    language, "I", "Actions to achieve the goals and target indicators of the strategic plan"
                )
            ],
            8,
        ),
        _pad([heading(language, "Strategic direction %(number)s", "1", d["direction"])], 8),
        _pad([heading(language, "Macro-indicator %(number)s", "1", d["macro"])], 8),
        activity(1, d["a2"], d["ua"], "25.12.2026"),
        _pad([heading(language, "Goal %(number)s", "1.1", d["goal"])], 8),
        _pad([heading(language, "Target indicator %(number)s", "1", d["target"])], 8),
        activity(2, d["a1"], d["ua"], "30.06.2026", "Исполнено\nПортал запущен 20.06.2026"),
        activity(
            3,
            d["a4"],
            d["ub"],
            "30.09.2026",
            "Частично исполнено\nИнтеграция с ЕГРН",
            "Задержка поставщика",
            "Перенести срок на IV квартал",
        ),
        _pad(
            [
                section(
                    language, "II", "Actions to solve other tasks defined by the regulation of the state body"
                )
            ],
            8,
        ),
        activity(4, d["a3"], d["ub"], d["every_quarter"]),
        [None] * 8,
        [
            t(
                language,
                "Head of the structural unit responsible for the formation of the report on the implementation of "
                "the operational plan",
            ),
            None,
            None,
            None,
            op.mon_head.full_name,
            None,
            None,
            None,
        ],
        [None] * 4
        + [t(language, "(surname, first name, patronymic (if any)) (signature)"), None, None, None],
        _pad([t(language, "Issued on %(day)s", day="15.07.2026")], 8),
    ]
    assert rows == expected
    merged = {str(item) for item in sheet.merged_cells.ranges}
    assert {"E1:H1", "A2:H2", "A3:H3", "A4:H4"} <= merged
    assert {"A7:H7", "A8:H8", "A9:H9", "A11:H11", "A12:H12", "A15:H15", "A18:D18", "E18:H18"} <= merged
    assert sheet.freeze_panes == "A7"
    assert sheet.print_title_rows == "$5:$6"
    assert sheet["F13"].alignment.wrap_text


def test_a_unit_sees_its_own_activities_pruned_in_the_form(op):
    lines = plan_lines(op.plan, activities=[op.a3], prune=True, language="ru")
    content = workbook_bytes(appendix1.plan_workbook(plan=op.plan, lines=lines, language="ru"))
    _sheet, rows = sheet_values(content, 6)
    assert [row[1] for row in rows[5:8]] == [None, "Методическая работа", None]
    assert rows[5][0].startswith("II. ")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages), reader


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdfs_name_the_body_the_headings_and_the_signer(op, language):
    d = DATA[language]
    lines = plan_lines(op.plan, language=language)
    text, reader = pdf_text(appendix1.plan_pdf(plan=op.plan, lines=lines, language=language))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape A4
    for expected in (
        d["body"],
        d["direction"],
        d["goal"],
        d["a1"],
        d["a3"],
        op.dev_head.full_name,
        d["every_quarter"],
    ):
        assert expected in text
    text, _reader = pdf_text(
        appendix2.report_pdf(plan=op.plan, quarter=2, lines=report_lines_for(op, language), language=language)
    )
    for expected in (d["body"], d["direction"], d["a4"], "Задержка поставщика", op.mon_head.full_name):
        assert expected in text
    assert "Ахметова" not in text  # the report is signed by the monitoring unit's head
