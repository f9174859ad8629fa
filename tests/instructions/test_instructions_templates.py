"""Standard checklists (Rules p.94): only the Office edits them (services, pages, API); everyone reads them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from instructions.choices import Form
from instructions.models import ChecklistTemplate
from instructions.services.templates import (
    template_create,
    template_deactivate,
    template_step_add,
    template_step_delete,
    template_step_reorder,
    template_step_update,
)
from instructions.standard_checklists import templates_load_standard

pytestmark = pytest.mark.django_db

URL = "/api/v1/instruction-templates/"


def _texts(template) -> list[str]:
    return list(template.steps.order_by("position").values_list("text_ru", flat=True))


def test_the_office_edits_steps_in_order(gov):
    template = template_create(actor=gov.office_staff, form=Form.ORAL, name_ru="Проверка")
    a = template_step_add(actor=gov.office_staff, template=template, text_ru="А", days=2)
    b = template_step_add(actor=gov.office_staff, template=template, text_ru="Б")
    c = template_step_add(actor=gov.office_staff, template=template, text_ru="В")
    assert [a.position, b.position, c.position] == [1, 2, 3]
    template_step_reorder(actor=gov.office_staff, template=template, order=[c.pk, a.pk, b.pk])
    assert _texts(template) == ["В", "А", "Б"]
    with pytest.raises(ValidationError):
        template_step_reorder(actor=gov.office_staff, template=template, order=[c.pk, a.pk])
    assert _texts(template) == ["В", "А", "Б"]
    template_step_delete(actor=gov.office_staff, step=c)
    assert list(template.steps.order_by("position").values_list("position", "text_ru")) == [
        (1, "А"),
        (2, "Б"),
    ]
    template_step_update(actor=gov.office_staff, step=b, text_kk="Б-каз", days=5)
    b.refresh_from_db()
    assert b.text_kk == "Б-каз" and b.days == 5
    with pytest.raises(ValidationError):
        template_step_update(actor=gov.office_staff, step=b, text_ru="")
    template_deactivate(actor=gov.office_staff, template=template)
    template.refresh_from_db()
    assert not template.is_active


def test_only_the_office_edits(gov):
    templates_load_standard()
    template = ChecklistTemplate.objects.first()
    for person in (gov.deputy, gov.pm, gov.outsider):
        with pytest.raises(PermissionDenied):
            template_create(actor=person, form=Form.ORAL, name_ru="x")
        with pytest.raises(PermissionDenied):
            template_step_add(actor=person, template=template, text_ru="x")
    assert ChecklistTemplate.objects.count() == 2


def test_pages(client, gov):
    templates_load_standard()
    template = ChecklistTemplate.objects.get(form=Form.WRITTEN)
    client.force_login(gov.pm)  # everyone reads; nobody but the Office writes
    page = client.get(reverse("checklist-template-detail", args=[template.pk])).content.decode()
    assert template.steps.first().text_ru in page and "Add a step" not in page
    assert client.get(reverse("checklist-template-list")).status_code == 200
    response = client.post(reverse("checklist-template-step-add", args=[template.pk]), {"text_ru": "Новый"})
    assert response.status_code == 403
    client.force_login(gov.office_staff)
    count = template.steps.count()
    client.post(reverse("checklist-template-step-add", args=[template.pk]), {"text_ru": "Новый", "days": "4"})
    assert template.steps.count() == count + 1 and template.steps.get(position=count + 1).days == 4
    last = template.steps.get(position=count + 1)
    client.post(reverse("checklist-template-step-up", args=[template.pk, last.pk]))
    last.refresh_from_db()
    assert last.position == count
    response = client.post(reverse("checklist-template-list"), {"form": Form.ORAL, "name_ru": "Новый шаблон"})
    created = ChecklistTemplate.objects.get(name_ru="Новый шаблон")
    assert response.url == reverse("checklist-template-detail", args=[created.pk])


def test_api(api_as, gov):
    templates_load_standard()
    assert len(api_as(gov.pm).get(URL).data["results"]) == 2
    assert api_as(gov.pm).post(URL, {"form": Form.ORAL, "name_ru": "x"}, format="json").status_code == 403
    office = api_as(gov.office_staff)
    created = office.post(URL, {"form": Form.ORAL, "name_ru": "Устное"}, format="json")
    assert created.status_code == 201
    pk = created.data["id"]
    assert office.post(f"{URL}{pk}/steps/", {"text_ru": ""}, format="json").status_code == 400
    one = office.post(f"{URL}{pk}/steps/", {"text_ru": "Один"}, format="json").data["steps"][0]
    two = office.post(f"{URL}{pk}/steps/", {"text_ru": "Два", "days": 3}, format="json").data["steps"][1]
    answer = office.post(f"{URL}{pk}/reorder/", {"order": [two["id"], one["id"]]}, format="json")
    assert [step["text_ru"] for step in answer.data["steps"]] == ["Два", "Один"]
    answer = office.patch(f"{URL}{pk}/steps/{one['id']}/", {"text_kk": "Бір"}, format="json")
    assert answer.data["steps"][1]["text_kk"] == "Бір"
    answer = office.delete(f"{URL}{pk}/steps/{two['id']}/")
    assert [step["text_ru"] for step in answer.data["steps"]] == ["Один"]
    assert office.post(f"{URL}{pk}/deactivate/").data["is_active"] is False
    assert len(office.get(URL, {"active": "1"}).data["results"]) == 2
    assert office.get(f"{URL}999999/").status_code == 404
