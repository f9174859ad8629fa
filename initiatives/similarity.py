"""Initiatives and projects that resemble an initiative, for the project office's identification (Rules p.24).

PostgreSQL full-text search in the "simple" configuration (names are in Kazakh and Russian; no stemmer serves
both): the significant words of the initiative's names and summary are OR-ed into one websearch query, matched
against the names and summary of other initiatives and the names and goal of projects, and ranked. Only what
the person may see is searched. Two queries.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F

from pmis.core import authorization
from projects.models import Project

from .models import Initiative

#: Words shorter than this (prepositions, conjunctions) do not make two texts alike.
MIN_WORD = 4
MAX_WORDS = 30
CONFIG = "simple"


def significant_words(*texts: str) -> list[str]:
    words: list[str] = []
    for text in texts:
        for word in re.findall(r"\w+", (text or "").lower()):
            if len(word) >= MIN_WORD and not word.isdigit() and word not in words:
                words.append(word)
    return words[:MAX_WORDS]


def search_query(initiative: Initiative) -> SearchQuery | None:
    words = significant_words(initiative.name_ru, initiative.name_kk, initiative.summary)
    if not words:
        return None
    return SearchQuery(" or ".join(words), search_type="websearch", config=CONFIG)


def similar_to(user, initiative: Initiative, limit: int = 10) -> list[dict]:
    """Up to `limit` initiatives and projects `user` may see that resemble `initiative`, best first:
    ``{"ref", "kind", "id", "code", "name", "score", "url"}``."""
    query = search_query(initiative)
    if query is None:
        return []
    initiative_vector = SearchVector("name_ru", "name_kk", "summary", config=CONFIG)
    project_vector = SearchVector("name_ru", "name_kk", "goal", config=CONFIG)
    initiatives = (
        authorization.restrict(Initiative.objects.exclude(pk=initiative.pk), user, authorization.VIEW)
        .annotate(score=SearchRank(initiative_vector, query))
        .filter(score__gt=0)
        .only("pk", "code", "name_ru", "name_kk", "name_en")
        .order_by(F("score").desc(), "-pk")[:limit]
    )
    projects = (
        authorization.restrict(Project.objects.all(), user, authorization.VIEW)
        .annotate(score=SearchRank(project_vector, query))
        .filter(score__gt=0)
        .only("pk", "code", "name_ru", "name_kk", "name_en", "path")
        .order_by(F("score").desc(), "-pk")[:limit]
    )
    found = [
        {
            "ref": f"initiative:{row.pk}",
            "kind": "initiative",
            "id": row.pk,
            "code": row.code,
            "name": row.name,
            "score": round(float(row.score), 4),
            "url": row.get_absolute_url(),
        }
        for row in initiatives
    ] + [
        {
            "ref": f"project:{row.pk}",
            "kind": "project",
            "id": row.pk,
            "code": row.code,
            "name": row.name,
            "score": round(float(row.score), 4),
            "url": row.get_absolute_url(),
        }
        for row in projects
    ]
    found.sort(key=lambda item: -item["score"])
    return found[:limit]
