"""Pages of the standard checklists (Rules p.94): the list (the Office creates templates there) and one template
with its steps, which the Office edits, reorders, adds and deletes. Everyone in the PMIS reads them; a write by
anyone else is 403 (the services decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from pmis.core.page_input import error_messages, int_or_none

from ..choices import Form
from ..selectors.instructions import template_get, template_list
from ..services import templates as services


class TemplateListPage(LoginRequiredMixin, View):
    def get(self, request):
        return render(
            request,
            "instructions/template_list.html",
            {
                "templates": template_list(request.user),
                "forms": Form.choices,
                "may_edit": services.may_edit_templates(request.user),
            },
        )

    def post(self, request):
        data = request.POST
        try:
            template = services.template_create(
                actor=request.user,
                form=data.get("form", ""),
                name_ru=data.get("name_ru", ""),
                name_kk=data.get("name_kk", ""),
            )
        except ValidationError as error:
            error_messages(request, error)
            return redirect("checklist-template-list")
        return redirect("checklist-template-detail", pk=template.pk)


class TemplateDetailPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        template = template_get(request.user, pk)
        return render(
            request,
            "instructions/template_detail.html",
            {
                "template": template,
                "steps": list(template.steps.all()),
                "forms": Form.choices,
                "may_edit": services.may_edit_templates(request.user),
            },
        )


def _days(value) -> int | None:
    return int_or_none(value) if (value or "").strip() else None


class TemplateActionView(LoginRequiredMixin, View):
    """POST only: rename / activate / deactivate the template, add, change, delete or move a step."""

    action = ""

    def post(self, request, pk, step_id=None):
        template = template_get(request.user, pk)
        data = request.POST
        step = get_object_or_404(template.steps.all(), pk=step_id) if step_id else None
        try:
            if self.action == "update":
                services.template_update(
                    actor=request.user,
                    template=template,
                    name_ru=data.get("name_ru", ""),
                    name_kk=data.get("name_kk", ""),
                    form=data.get("form", template.form),
                    is_active=bool(data.get("is_active")),
                )
            elif self.action == "step-add":
                services.template_step_add(
                    actor=request.user,
                    template=template,
                    text_ru=data.get("text_ru", ""),
                    text_kk=data.get("text_kk", ""),
                    days=_days(data.get("days")),
                )
            elif self.action == "step-update":
                services.template_step_update(
                    actor=request.user,
                    step=step,
                    text_ru=data.get("text_ru", ""),
                    text_kk=data.get("text_kk", ""),
                    days=_days(data.get("days")),
                )
            elif self.action == "step-delete":
                services.template_step_delete(actor=request.user, step=step)
            else:  # step-up / step-down
                order = list(template.steps.values_list("pk", flat=True))
                index = order.index(step.pk)
                other = index - 1 if self.action == "step-up" else index + 1
                if 0 <= other < len(order):
                    order[index], order[other] = order[other], order[index]
                    services.template_step_reorder(actor=request.user, template=template, order=order)
            messages.success(request, _("The standard checklist is saved."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect("checklist-template-detail", pk=template.pk)


urlpatterns = [
    path("checklists/", TemplateListPage.as_view(), name="checklist-template-list"),
    path("checklists/<int:pk>/", TemplateDetailPage.as_view(), name="checklist-template-detail"),
    path(
        "checklists/<int:pk>/update/",
        TemplateActionView.as_view(action="update"),
        name="checklist-template-update",
    ),
    path(
        "checklists/<int:pk>/steps/add/",
        TemplateActionView.as_view(action="step-add"),
        name="checklist-template-step-add",
    ),
    *[
        path(
            f"checklists/<int:pk>/steps/<int:step_id>/{name}/",
            TemplateActionView.as_view(action=f"step-{name}"),
            name=f"checklist-template-step-{name}",
        )
        for name in ("update", "delete", "up", "down")
    ],
]
