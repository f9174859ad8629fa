"""A person's certificates in project management (the last ratio of Rules p.64): the person or the Office keeps
them. Writes go through ``org.services.certifications``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.choices import CertificateKind
from org.forms import ServiceForm
from org.models import Certification
from org.services.certifications import (
    certification_add,
    certification_delete,
    may_keep_certificates,
)
from pmis.core.node_forms import DateInput

from ..completion_selectors import (
    certification_list,
    person_or_404,
)


class CertificationForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Certificate"), choices=CertificateKind.choices)
    number = forms.CharField(label=gettext_lazy("Number"), max_length=100, required=False)
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=DateInput)
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), widget=DateInput, required=False)

    LAYOUT = (
        (
            gettext_lazy("New certificate"),
            (
                ("kind", "col-md-4"),
                ("number", "col-md-3"),
                ("issued_on", "col-md-2"),
                ("valid_until", "col-md-3"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class CertificationsPage(LoginRequiredMixin, View):
    """A person's certificates in project management; the person (or the Office) adds and removes them."""

    def get(self, request, person_pk, form=None, status=200):
        person = person_or_404(person_pk)
        may_keep = may_keep_certificates(request.user, person)
        return render(
            request,
            "org/certifications.html",
            {
                "person": person,
                "certifications": list(certification_list(request.user, person=person)),
                "may_keep": may_keep,
                "form": (form or CertificationForm()) if may_keep else None,
            },
            status=status,
        )

    def post(self, request, person_pk):
        person = person_or_404(person_pk)
        if not may_keep_certificates(request.user, person):
            raise PermissionDenied
        form = CertificationForm(request.POST)
        if form.is_valid():
            try:
                certification_add(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The certificate is recorded."))
                return redirect("person-certifications", person_pk=person.pk)
        return self.get(request, person_pk, form=form, status=400)


class CertificationDeleteView(LoginRequiredMixin, View):
    def post(self, request, person_pk, pk):
        person = person_or_404(person_pk)
        certification = get_object_or_404(Certification, pk=pk, person=person)
        certification_delete(actor=request.user, certification=certification)
        messages.success(request, _("The certificate is deleted."))
        return redirect("person-certifications", person_pk=person.pk)


urlpatterns = [
    path(
        "programs/people/<int:person_pk>/certifications/",
        CertificationsPage.as_view(),
        name="person-certifications",
    ),
    path(
        "programs/people/<int:person_pk>/certifications/<int:pk>/delete/",
        CertificationDeleteView.as_view(),
        name="person-certification-delete",
    ),
]
