"""Bulk entry and XLSX import of facts: all rows or none, errors per row, the template."""

from __future__ import annotations

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kpi_maps.models import Value
from kpi_maps.services.entry import values_enter
from kpi_maps.services.imports import import_template, values_import

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("facts.xlsx", buffer.getvalue())


def test_grid_all_or_nothing_with_errors_per_row(gm):
    a, b, grp = gm.indicators["a"], gm.indicators["b"], gm.indicators["grp"]
    before = Value.objects.count()
    rows = [
        {"indicator": a.pk, "year": 2025, "value": "71", "reason": ""},  # a correction without a reason
        {"indicator": b, "year": 2023, "value": "12"},  # fine on its own
        {"indicator": grp.pk, "year": 2024, "value": ""},  # blank: skipped
        {"indicator": grp.pk, "year": 2024, "value": "abc"},
    ]
    with pytest.raises(ValidationError) as caught:
        values_enter(actor=gm.gp_head, rows=rows)
    messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Row 1 (A-1): ") and "reason" in messages[0]
    assert messages[1].startswith("Row 4 (G-1): ") and "number" in messages[1]
    assert Value.objects.count() == before  # row 2 was not written either


def test_grid_writes_and_publishes_once_per_period(gm, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "kpi_maps.live.values_changed", lambda ids, year, quarter: calls.append((ids, year, quarter))
    )
    a, b, grp = gm.indicators["a"], gm.indicators["b"], gm.indicators["grp"]
    fact = Value.objects.get(indicator=a, year=2025)
    written = values_enter(
        actor=gm.gp_head,
        rows=[
            {"indicator": a.pk, "year": 2025, "value": "71", "reason": "revised", "version": fact.version},
            {"indicator": b.pk, "year": 2023, "value": "12", "source": "ведомство"},
            {"indicator": grp.pk, "year": 2024, "value": "61,5"},
        ],
    )
    assert len(written) == 3
    assert Value.objects.get(indicator=grp, year=2024).value == D("61.5")
    assert Value.objects.get(indicator=a, year=2025).value == D(71)
    assert calls == [([b.pk], 2023, 0), ([grp.pk], 2024, 0), ([a.pk], 2025, 0)]


def test_grid_refuses_indicators_out_of_reach(gm):
    with pytest.raises(ValidationError) as caught:
        values_enter(actor=gm.pm, rows=[{"indicator": gm.indicators["kni"].pk, "year": 2023, "value": 1}])
    assert caught.value.messages == ["Row 1 (KNI-1): You may not enter facts for this indicator."]
    with pytest.raises(ValidationError, match="no indicator"):  # B-1 is another project's: not even visible
        values_enter(actor=gm.pm, rows=[{"indicator": gm.indicators["b"].pk, "year": 2023, "value": 1}])


def test_import_writes_everything_or_reports_each_row(gm):
    header = ["Код", "Год", "Квартал", "Факт", "Источник", "Причина"]
    bad = xlsx(
        [
            header,
            ["A-1", 2023, None, 50, "БНС", None],
            ["B-1", 2023, 1, 9, None, None],
            ["NOPE", 2023, 0, 1, None, None],
        ]
    )
    result = values_import(actor=gm.gp_head, file=bad)
    assert not result.ok and not result.values
    assert [(e.row, e.code) for e in result.errors] == [(3, "B-1"), (4, "NOPE")]
    assert "annual" in result.errors[0].message and "no indicator" in result.errors[1].message
    assert not Value.objects.filter(year=2023).exists()
    good = xlsx(
        [
            ["code", "year", "value", "source"],
            ["A-1", 2023, 50, "БНС"],
            [None, None, None, None],
            ["B-1", "2023", "9,5", ""],
        ]
    )
    result = values_import(actor=gm.gp_head, file=good)
    assert result.ok and len(result.values) == 2
    assert Value.objects.get(indicator=gm.indicators["b"], year=2023).value == D("9.5")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "not an Excel workbook"),
        (None, "missing: Fact"),
        ("empty", "no rows"),
    ],
)
def test_import_bad_files(gm, content, message):
    if content is None:
        file = xlsx([["code", "year"], ["A-1", 2023]])
    elif content == "empty":
        file = xlsx([["code", "жыл", "мән"]])
    else:
        file = SimpleUploadedFile("x.xlsx", content)
    with pytest.raises(ValidationError, match=message):
        values_import(actor=gm.office, file=file)


def test_template_lists_the_indicators_the_user_may_enter(gm):
    workbook = load_workbook(BytesIO(import_template(gm.pm, gm.portfolio, year=2025)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Code", "Indicator", "Unit of measure", "Year", "Quarter", "Fact", "Source", "Reason")
    assert [row[0] for row in rows[1:]] == ["A-1"] and rows[1][3:5] == (2025, 0)
    workbook = load_workbook(BytesIO(import_template(gm.gp_head, gm.portfolio)))
    assert [row[0] for row in list(workbook.active.iter_rows(values_only=True))[1:]] == ["A-1", "B-1", "G-1"]
