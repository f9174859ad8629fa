"""Pages of the instructions on control (Rules p.92–94): the list with filters and counts per status, putting an
instruction on control, one instruction with its checklist, report, return, removal and extension, and editing.

Reads go through ``instructions.selectors.instructions``, writes through ``instructions.services.instructions``
(which decide the powers). Not visible: 404; visible but not allowed: 403; a broken rule or a stale version: the
page again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from org.models import Person
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_views import history_entries
from pmis.core.page_input import error_messages, flag_or_none, int_or_none

from ..choices import InstructionStatus, Source
from ..forms import InstructionEditForm, InstructionForm
from ..models import Instruction
from ..selectors.instructions import (
    controller_bodies,
    days_left,
    instruction_get,
    instruction_list,
    instruction_node,
    is_controller,
    is_overdue,
    status_counts,
    template_list,
)
from ..services import instructions as services

PAGE_SIZE = 50
MINE = ("execute", "control", "any")


class InstructionListPage(LoginRequiredMixin, View):
    """The instructions the person may see: search, filters by status, source, overdue, executor and "mine",
    and how many there are in each status."""

    def get(self, request):
        query = request.GET
        values = {
            "q": (query.get("q") or "").strip()[:100],
            "status": query.get("status") if query.get("status") in InstructionStatus.values else "",
            "source": query.get("source") if query.get("source") in Source.values else "",
            "overdue": flag_or_none(query.get("overdue")),
            "executor": int_or_none(query.get("executor")),
            "mine": query.get("mine") if query.get("mine") in MINE else "",
        }
        rows = instruction_list(
            request.user,
            q=values["q"] or None,
            status=values["status"] or None,
            source=values["source"] or None,
            overdue=values["overdue"],
            executor=values["executor"],
            mine=values["mine"] or None,
        )
        page = Paginator(rows, PAGE_SIZE).get_page(query.get("page"))
        executor = Person.objects.filter(pk=values["executor"]).first() if values["executor"] else None
        counts = status_counts(request.user)
        return render(
            request,
            "instructions/instruction_list.html",
            {
                "page_obj": page,
                "values": values,
                "executor": executor,
                "statuses": [(value, label, counts[value]) for value, label in InstructionStatus.choices],
                "sources": Source.choices,
                "today": timezone.localdate(),
                "may_add": bool(controller_bodies(request.user)),
                "filtered": any(value not in (None, "") for value in values.values()),
            },
        )


class InstructionCreatePage(LoginRequiredMixin, View):
    """Put an instruction on control (the Office; a state body's project office on its body and programs)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not controller_bodies(request.user):
            raise PermissionDenied(_("You may not put instructions on control."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {"deadline": None}
        return self._render(request, InstructionForm(user=request.user, initial=initial))

    def post(self, request):
        form = InstructionForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                instruction = services.instruction_put_on_control(
                    actor=request.user, co_executors=list(data.pop("co_executors")), **data
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("The instruction %(code)s is on control.") % {"code": instruction.code}
                )
                return redirect(instruction)
        return self._render(request, form)

    def _render(self, request, form):
        template = form["template"].value() if form.is_bound else None
        chosen = template_list(request.user).filter(pk=int_or_none(template)).first() if template else None
        return render(request, "instructions/instruction_form.html", {"form": form, "preview": chosen})


class TemplatePreviewPage(LoginRequiredMixin, View):
    """The steps of the chosen standard checklist, for the form's preview (htmx)."""

    def get(self, request):
        template_id = int_or_none(request.GET.get("template"))
        chosen = template_list(request.user).filter(pk=template_id).first() if template_id else None
        return render(request, "instructions/_checklist_preview.html", {"preview": chosen})


class InstructionDetailPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        instruction = instruction_get(request.user, pk)
        return render(request, "instructions/instruction_detail.html", _detail_context(request, instruction))


def _detail_context(request, instruction: Instruction) -> dict:
    user = request.user
    on_control = instruction.status == InstructionStatus.ON_CONTROL
    may_contribute = on_control and authorization.can(user, authorization.CONTRIBUTE, instruction)
    controller = is_controller(user, instruction)
    checklist = list(instruction.checklist.all())
    return {
        "instruction": instruction,
        "node": instruction_node(user, instruction),
        "co_executors": list(instruction.co_executors.all()),
        "checklist": checklist,
        "open_steps": sum(1 for item in checklist if item.done_at is None),
        "overdue": is_overdue(instruction),
        "days_left": days_left(instruction),
        "days_overdue": -days_left(instruction),
        "today": timezone.localdate(),
        "may_tick": may_contribute,
        "may_report": may_contribute,
        "may_return": controller and instruction.status == InstructionStatus.EXECUTED,
        "may_remove": controller and instruction.status == InstructionStatus.EXECUTED,
        "may_extend": controller and on_control,
        "may_edit": controller and on_control,
        "history": history_entries(instruction),
    }


class InstructionEditPage(LoginRequiredMixin, View):
    """The one who put it on control changes the executors, the text or the document while it is on control."""

    def _load(self, request, pk) -> Instruction:
        instruction = instruction_get(request.user, pk)
        if not is_controller(request.user, instruction):
            raise PermissionDenied(_("Only the one who put the instruction on control changes it."))
        return instruction

    def get(self, request, pk):
        instruction = self._load(request, pk)
        form = InstructionEditForm(
            initial={
                "issuer_name": instruction.issuer_name,
                "document_number": instruction.document_number,
                "document_date": instruction.document_date,
                "text": instruction.text,
                "executor": instruction.executor_id,
                "co_executors": [person.pk for person in instruction.co_executors.all()],
                "version": instruction.version,
            }
        )
        return render(
            request, "instructions/instruction_edit.html", {"form": form, "instruction": instruction}
        )

    def post(self, request, pk):
        instruction = self._load(request, pk)
        form = InstructionEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["co_executors"] = list(data["co_executors"])
            try:
                services.instruction_update(actor=request.user, instruction=instruction, **data)
            except StaleVersion as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The instruction is changed."))
                return redirect(instruction)
        return render(
            request, "instructions/instruction_edit.html", {"form": form, "instruction": instruction}
        )


def _date(value):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(value or "")
    except ValueError:
        return None


class InstructionActionView(LoginRequiredMixin, View):
    """POST only: report / return / remove / extend; back to the instruction's page with what happened."""

    action = ""

    def post(self, request, pk):
        instruction = instruction_get(request.user, pk)
        data = request.POST
        version = int_or_none(data.get("version"))
        try:
            if self.action == "report":
                services.instruction_report(
                    actor=request.user,
                    instruction=instruction,
                    report=data.get("report", ""),
                    version=version,
                )
                messages.success(request, _("The execution is reported."))
            elif self.action == "return":
                services.instruction_return(
                    actor=request.user,
                    instruction=instruction,
                    reason=data.get("reason", ""),
                    version=version,
                )
                messages.success(request, _("The instruction is back on control."))
            elif self.action == "remove":
                services.instruction_remove(
                    actor=request.user, instruction=instruction, note=data.get("note", ""), version=version
                )
                messages.success(request, _("The instruction is removed from control."))
            else:
                deadline = _date(data.get("deadline"))
                if deadline is None:
                    raise ValidationError({"deadline": _("Give the new deadline.")})
                services.instruction_extend(
                    actor=request.user,
                    instruction=instruction,
                    deadline=deadline,
                    reason=data.get("reason", ""),
                    version=version,
                )
                messages.success(request, _("The deadline is extended."))
        except StaleVersion as stale:
            messages.error(request, str(stale))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(instruction)


class ChecklistToggleView(LoginRequiredMixin, View):
    """POST: tick or untick a step (``done=1`` / ``done=0``); an htmx request gets the checklist back."""

    def post(self, request, pk, item_id):
        instruction = instruction_get(request.user, pk)
        item = get_object_or_404(instruction.checklist.all(), pk=item_id)
        try:
            services.checklist_item_toggle(
                actor=request.user, item=item, done=request.POST.get("done") == "1"
            )
        except ValidationError as error:
            error_messages(request, error)
        if request.headers.get("HX-Request"):
            fresh = instruction_get(request.user, pk)
            return render(request, "instructions/_checklist.html", _detail_context(request, fresh))
        return redirect(instruction)


urlpatterns = [
    path("", InstructionListPage.as_view(), name="instruction-list"),
    path("new/", InstructionCreatePage.as_view(), name="instruction-create"),
    path("new/checklist-preview/", TemplatePreviewPage.as_view(), name="instruction-template-preview"),
    path("<int:pk>/", InstructionDetailPage.as_view(), name="instruction-detail"),
    path("<int:pk>/edit/", InstructionEditPage.as_view(), name="instruction-edit"),
    path("<int:pk>/report/", InstructionActionView.as_view(action="report"), name="instruction-report"),
    path("<int:pk>/return/", InstructionActionView.as_view(action="return"), name="instruction-return"),
    path("<int:pk>/remove/", InstructionActionView.as_view(action="remove"), name="instruction-remove"),
    path("<int:pk>/extend/", InstructionActionView.as_view(action="extend"), name="instruction-extend"),
    path(
        "<int:pk>/checklist/<int:item_id>/toggle/",
        ChecklistToggleView.as_view(),
        name="instruction-checklist-toggle",
    ),
]
