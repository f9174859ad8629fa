"""The page of the five performance ratios of a program (Rules p.64) with what each counts.

Reads go through ``programs.completion_selectors``; not visible: 404.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import path
from django.views import View

from ..completion_selectors import (
    program_for_performance,
    ratios_with_subjects,
)


class RatiosPage(LoginRequiredMixin, View):
    """The five ratios of p.64 as cards, each with the projects or people counted and not counted."""

    def get(self, request, pk):
        program = program_for_performance(request.user, pk)
        data = ratios_with_subjects(program)
        cards = []
        for ratio in data["ratios"]:
            source = data["projects"] if ratio.subject == "project" else data["people"]
            cards.append(
                {
                    "ratio": ratio,
                    "counted": [source[pk] for pk in ratio.counted if pk in source],
                    "not_counted": [source[pk] for pk in ratio.not_counted if pk in source],
                    "at_risk": [source[pk] for pk in ratio.at_risk if pk in source],
                }
            )
        return render(request, "programs/ratios.html", {"program": program, "cards": cards})


# --- the completion report --------------------------------------------------------------------------------------


urlpatterns = [
    path("programs/<int:pk>/performance/", RatiosPage.as_view(), name="program-ratios"),
]
