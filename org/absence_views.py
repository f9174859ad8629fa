"""Pages recording absences — leave, business trips, illness — during which substitutes act (Rules p.99).

A person records their own absences; whoever manages the team of one of their roles records them too. An
absence the user may not see answers 404, one they may see but not change 403 (pmis.core.authorization).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization

from . import services
from .forms import AbsenceForm
from .models import Absence
from .selectors import absence_get, person_get


def _person_url(person) -> str:
    return reverse("person-detail", args=[person.pk])


class AbsenceFormPage(LoginRequiredMixin, View):
    template_name = "org/absence_form.html"

    def handle(self, request, form, person, context: dict):
        if request.method == "POST" and form.is_valid():
            try:
                absence = self.save(form)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(person)s: %(kind)s from %(start)s to %(end)s saved.")
                    % {
                        "person": person.short_name,
                        "kind": absence.get_kind_display().lower(),
                        "start": date_format(absence.starts_on, "SHORT_DATE_FORMAT"),
                        "end": date_format(absence.ends_on, "SHORT_DATE_FORMAT"),
                    },
                )
                return redirect(_person_url(person))
        return render(
            request,
            self.template_name,
            {"form": form, "person": person, "cancel_url": _person_url(person), **context},
        )


class AbsenceCreateView(AbsenceFormPage):
    """``/org/people/<pk>/absences/new/``: record an absence of that person (themselves, or a manager)."""

    def dispatch_form(self, request, pk):
        self.person = person_get(request.user, pk)
        authorization.require(request.user, authorization.ADD, Absence(person=self.person))
        data = request.POST if request.method == "POST" else None
        return self.handle(request, AbsenceForm(data), self.person, {"is_new": True})

    def save(self, form):
        return services.absence_create(actor=self.request.user, person=self.person, **form.service_kwargs())

    def get(self, request, pk):
        return self.dispatch_form(request, pk)

    def post(self, request, pk):
        return self.dispatch_form(request, pk)


class AbsenceUpdateView(AbsenceFormPage):
    """``/org/absences/<pk>/edit/``: a leave cut short, a trip extended."""

    def dispatch_form(self, request, pk):
        self.absence = absence_get(request.user, pk, action=authorization.CHANGE)
        data = request.POST if request.method == "POST" else None
        return self.handle(
            request,
            AbsenceForm(data, absence=self.absence),
            self.absence.person,
            {"is_new": False, "absence": self.absence},
        )

    def save(self, form):
        return services.absence_update(actor=self.request.user, absence=self.absence, **form.service_kwargs())

    def get(self, request, pk):
        return self.dispatch_form(request, pk)

    def post(self, request, pk):
        return self.dispatch_form(request, pk)


class AbsenceDeleteView(LoginRequiredMixin, View):
    """``/org/absences/<pk>/delete/``: confirm, then delete."""

    def get(self, request, pk):
        absence = absence_get(request.user, pk, action=authorization.DELETE)
        return render(
            request,
            "org/confirm_delete.html",
            {
                "title": _("Delete this absence?"),
                "absence": absence,
                "hint": _(
                    "While it lasted, substitutes acted for this person; after deleting, they no longer do."
                ),
                "cancel_url": _person_url(absence.person),
            },
        )

    def post(self, request, pk):
        absence = absence_get(request.user, pk, action=authorization.DELETE)
        person = absence.person
        services.absence_delete(actor=request.user, absence=absence)
        messages.success(request, _("%(person)s: absence deleted.") % {"person": person.short_name})
        return redirect(_person_url(person))
