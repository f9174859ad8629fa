"""Similar initiatives and projects, the passport PDF and the node card."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from initiatives.cards import initiatives_card
from initiatives.exports import KIND, make_passport
from initiatives.passport import STEPS
from initiatives.similarity import similar_to
from pmis.core.models import ExportJob
from projects.models import Project

from .helpers import decide, propose, recommended, submitted

pytestmark = pytest.mark.django_db


def test_similarity_finds_a_near_duplicate_not_an_unrelated_one(gov):
    initiative = propose(gov)
    twin = propose(gov, gov.manager, name="Солнечные станции для южных регионов")
    unrelated = propose(
        gov, gov.manager, name="Цифровизация архивов министерства", summary="Электронный архив документов"
    )
    found = similar_to(gov.po_admin, initiative)
    refs = [row["ref"] for row in found]
    assert f"initiative:{twin.pk}" in refs
    assert f"initiative:{unrelated.pk}" not in refs and f"initiative:{initiative.pk}" not in refs
    # a project with a like name is found too, scored
    Project.objects.filter(pk=gov.project.pk).update(
        name_ru="Солнечная станция", goal="Солнечные станции на юге"
    )
    found = similar_to(gov.po_admin, initiative)
    assert f"project:{gov.project.pk}" in [row["ref"] for row in found]
    assert all(row["score"] > 0 for row in found)
    # only what the person may see: the stranger sees neither the twin nor the project
    assert similar_to(gov.stranger, initiative) == []


def test_similarity_costs_two_queries(gov, django_assert_max_num_queries):
    initiative = propose(gov)
    from pmis.core import grants

    grants.grants_of(gov.po_admin)
    with django_assert_max_num_queries(3):
        similar_to(gov.po_admin, initiative)


def _make(job):
    return make_passport(job, lambda fraction: None)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_passport_pdf_has_the_name_and_the_six_steps(gov, language):
    initiative = submitted(gov)
    job = ExportJob.objects.create(
        owner=gov.member,
        kind=KIND,
        params={"initiative": initiative.pk, "version": 1},
        title="t",
        language=language,
    )
    with translation.override(language):
        content, filename = _make(job)
        titles = [str(step.title) for step in STEPS]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    assert initiative.code in flat and "Солнечные станции малой мощности" in flat
    for title in titles:
        assert " ".join(title.split()) in flat, title
    assert filename == f"{initiative.code}-passport-v1-{language}.pdf"


def test_passport_pdf_refuses_the_invisible(gov):
    from django.http import Http404

    initiative = submitted(gov)
    job = ExportJob.objects.create(
        owner=gov.outsider,
        kind=KIND,
        params={"initiative": initiative.pk, "version": 1},
        title="t",
        language="ru",
    )
    with pytest.raises(Http404):
        _make(job)


def test_node_card_origin_and_open_count(gov, client, django_assert_max_num_queries):
    initiative = recommended(gov, "project")
    card = initiatives_card(gov.manager, gov.program)
    assert card["open_count"] == 1 and card["origin"] is None
    assert card["list_url"].startswith(reverse("initiative-list"))
    assert initiatives_card(gov.manager, gov.group) is None
    decide(gov, initiative, gov.manager)
    initiative.refresh_from_db()
    project = Project.objects.get(pk=initiative.result_id)
    from pmis.core import grants

    grants.grants_of(gov.manager)
    with django_assert_max_num_queries(1):
        card = initiatives_card(gov.manager, project)
    assert card["origin"].pk == initiative.pk
    with django_assert_max_num_queries(2):
        initiatives_card(gov.manager, gov.program)
    with django_assert_max_num_queries(0):
        assert initiatives_card(gov.manager, object()) is None
    client.force_login(gov.manager)
    html = client.get(project.get_absolute_url()).content.decode()
    assert 'id="initiative-origin"' in html and f"?version={initiative.passport_version}" in html
