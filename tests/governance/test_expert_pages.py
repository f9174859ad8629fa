"""Pages and API of the expert councils: 404 for outsiders, 403 for members who only read, 400 for broken rules,
pinned query counts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from governance.choices import DiscussionStatus, RecommendationStatus
from governance.models import ExpertDiscussion, ExpertRecommendation
from governance.services.expert import discussion_create, discussion_send, recommendation_add

# Read when a test runs, not when the module is imported: a run may cross midnight.
TODAY = timezone.localdate
EXPERT_PAGE_QUERIES = 9
DISCUSSION_PAGE_QUERIES = 9


def _sent(gov, count=2):
    discussion = discussion_create(
        actor=gov.secretary, council=gov.expert_council, held_on=TODAY(), topic="Итоги"
    )
    for number in range(count):
        recommendation_add(actor=gov.secretary, discussion=discussion, text=f"Рекомендация {number + 1}")
    return discussion_send(actor=gov.secretary, discussion=discussion)


def test_expert_council_page(client, gov, django_assert_num_queries):
    url = reverse("governing-body-detail", args=[gov.expert_council.pk])
    client.force_login(gov.secretary)
    with django_assert_num_queries(EXPERT_PAGE_QUERIES):
        page = client.get(url)
    html = page.content.decode()
    assert (
        'data-testid="coverage"' in html
        and reverse("expert-discussion-create", args=[gov.expert_council.pk]) in html
    )
    for number in range(4):
        ExpertDiscussion.objects.create(council=gov.expert_council, held_on=TODAY(), topic=f"Тема {number}")
    with django_assert_num_queries(EXPERT_PAGE_QUERIES):
        html = client.get(url).content.decode()
    assert "Тема 3" in html
    client.force_login(gov.expert)
    html = client.get(url).content.decode()
    assert "Тема 3" in html and "discussions/new/" not in html
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404


def test_discussion_create_page(client, gov):
    url = reverse("expert-discussion-create", args=[gov.expert_council.pk])
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.expert)
    assert client.get(url).status_code == 403
    client.force_login(gov.secretary)
    assert client.get(url).status_code == 200
    assert client.get(reverse("expert-discussion-create", args=[gov.committee.pk])).status_code == 404
    future = (TODAY() + dt.timedelta(days=5)).isoformat()
    response = client.post(url, {"held_on": future, "topic": "Будущее"})
    assert response.status_code == 400 and not ExpertDiscussion.objects.exists()
    response = client.post(
        url,
        {
            "held_on": TODAY().isoformat(),
            "topic": "Генерация",
            "directions": [gov.direction.pk],
            "participants": [gov.expert.pk],
        },
    )
    discussion = ExpertDiscussion.objects.get()
    assert response.status_code == 302 and response["Location"] == discussion.get_absolute_url()
    assert list(discussion.participants.all()) == [gov.expert]


def test_discussion_page_add_send_and_respond(client, gov, django_assert_num_queries):
    discussion = discussion_create(
        actor=gov.secretary, council=gov.expert_council, held_on=TODAY(), topic="Сети"
    )
    url = reverse("expert-discussion-detail", args=[discussion.pk])
    add = reverse("expert-recommendation-add", args=[discussion.pk])
    send = reverse("expert-discussion-send", args=[discussion.pk])
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    assert client.post(add, {"text": "x"}).status_code == 404
    client.force_login(gov.expert)
    assert client.get(url).status_code == 200
    assert client.post(add, {"text": "x"}).status_code == 403
    assert client.post(send).status_code == 403
    client.force_login(gov.secretary)
    response = client.post(send, follow=True)
    assert "at least one recommendation" in response.content.decode()
    assert client.post(add, {"text": ""}).status_code == 400
    client.post(add, {"text": "Модернизировать подстанции", "direction": gov.direction2.pk})
    client.post(add, {"text": "Снизить потери"})
    with django_assert_num_queries(DISCUSSION_PAGE_QUERIES):
        html = client.get(url).content.decode()
    assert "Модернизировать подстанции" in html and 'data-testid="discussion-send"' in html
    client.post(send)
    discussion.refresh_from_db()
    assert discussion.status == DiscussionStatus.SENT

    first = discussion.recommendations.get(number=1)
    respond = reverse("expert-recommendation-respond", args=[first.pk])
    client.force_login(gov.outsider)
    assert client.post(respond, {"status": "accepted"}).status_code == 404
    client.force_login(gov.committee_member)
    assert client.post(respond, {"status": "accepted"}).status_code == 403
    client.force_login(gov.chair)
    committee_page = reverse("governing-body-detail", args=[gov.committee.pk])
    html = client.get(committee_page).content.decode()
    assert "Модернизировать подстанции" in html and 'data-testid="respond-form"' in html
    response = client.post(respond, {"status": "accepted", "response": "В работу", "next": committee_page})
    assert response.status_code == 302 and response["Location"] == committee_page
    first.refresh_from_db()
    assert first.status == RecommendationStatus.ACCEPTED and first.response == "В работу"
    second = discussion.recommendations.get(number=2)
    client.post(
        reverse("expert-recommendation-respond", args=[second.pk]),
        {"status": "noted", "next": "https://evil.example/"},
    )
    second.refresh_from_db()
    assert second.status == RecommendationStatus.NOTED
    assert "Снизить потери" not in client.get(committee_page).content.decode().split("pend-title")[1]


def test_recommendation_delete_page(client, gov):
    discussion = discussion_create(
        actor=gov.secretary, council=gov.expert_council, held_on=TODAY(), topic="Т"
    )
    recommendation = recommendation_add(actor=gov.secretary, discussion=discussion, text="Удалить")
    url = reverse("expert-recommendation-delete", args=[recommendation.pk])
    client.force_login(gov.expert)
    assert client.post(url).status_code == 403
    client.force_login(gov.secretary)
    client.post(url)
    assert not ExpertRecommendation.objects.exists()


# --- API ---------------------------------------------------------------------------------------------------


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def test_api_discussion_lifecycle(api_as, gov):
    base = "/api/v1/governance/discussions/"
    payload = {
        "council": gov.expert_council.pk,
        "held_on": TODAY().isoformat(),
        "topic": "API",
        "directions": [gov.direction.pk],
    }
    assert api_as(gov.outsider).post(base, payload, format="json").status_code == 404
    assert api_as(gov.expert).post(base, payload, format="json").status_code == 403
    api = api_as(gov.secretary)
    created = api.post(base, payload, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api.post(f"{base}{pk}/send/").status_code == 400
    added = api.post(f"{base}{pk}/recommendations/", {"text": "Первая"}, format="json")
    assert added.status_code == 201 and added.json()[0]["number"] == 1
    assert api.patch(f"{base}{pk}/", {"conclusions": "Вывод"}, format="json").json()["conclusions"] == "Вывод"
    rec = added.json()[0]["id"]
    assert (
        api.patch(
            f"/api/v1/governance/recommendations/{rec}/", {"text": "Первая, уточнённая"}, format="json"
        ).status_code
        == 200
    )
    assert api.post(f"{base}{pk}/send/").json()["status"] == "sent"
    assert api.patch(f"{base}{pk}/", {"topic": "Поздно"}, format="json").status_code == 400

    assert api_as(gov.outsider).get(f"{base}{pk}/").status_code == 404
    assert _rows(api_as(gov.outsider).get(base)) == []
    assert [row["id"] for row in _rows(api_as(gov.expert).get(base, {"council": gov.expert_council.pk}))] == [
        pk
    ]
    respond = f"/api/v1/governance/recommendations/{rec}/respond/"
    assert api_as(gov.outsider).post(respond, {"status": "accepted"}).status_code == 404
    assert api_as(gov.expert).post(respond, {"status": "accepted"}).status_code == 403
    assert api_as(gov.deputy).post(respond, {"status": "pending"}).status_code == 400
    answered = api_as(gov.deputy).post(respond, {"status": "noted", "response": "Учтено"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "noted"


def test_api_discussion_list_queries_do_not_grow(api_as, gov, django_assert_num_queries):
    _sent(gov)
    api = api_as(gov.expert)
    api.get("/api/v1/governance/discussions/")  # the person's grants are read once and kept
    with django_assert_num_queries(2):  # the count, the rows
        api.get("/api/v1/governance/discussions/")
    for _ in range(3):
        _sent(gov, count=3)
    with django_assert_num_queries(2):
        response = api.get("/api/v1/governance/discussions/")
    assert len(_rows(response)) == 4
