"""Pages of the initiatives under /initiatives/ (Rules p.21–26): the list, proposing, the six-step passport,
one initiative with its versions, similar items and actions, the project office's recommendation, the decision and
the passport PDF.

Reads go through ``initiatives.selectors``, writes through ``initiatives.services`` (which decide the powers).
Not visible: 404; visible but not allowed: 403; a broken rule: the page again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_views import history_entries
from pmis.core.page_input import error_messages, int_or_none
from programs.choices import ProgramKind
from programs.models import Program

from ..choices import EDITABLE_STATUSES, FINAL_STATUSES, InitiativeStatus, Outcome
from ..exports import export_passport, passport_context
from ..passport import STEPS, done_steps, sections, step_of
from ..selectors.initiatives import (
    deciding_node_for,
    initiative_get,
    initiative_list,
    meeting_choices,
    node_by_ref,
    node_of,
    target_choices,
    version_list,
)
from ..services import initiatives as services
from ..similarity import similar_to
from .forms import STEP_FORMS, DecideForm, InitiativeCreateForm, RecommendForm

PAGE_SIZE = 50


class InitiativeListPage(LoginRequiredMixin, View):
    """The initiatives the person sees: filters status, outcome, program, search, "My initiatives"."""

    def get(self, request):
        query = request.GET
        values = {
            "q": (query.get("q") or "").strip()[:100],
            "status": query.get("status") if query.get("status") in InitiativeStatus.values else "",
            "outcome": query.get("outcome") if query.get("outcome") in Outcome.values else "",
            "program": int_or_none(query.get("program")),
            "portfolio": int_or_none(query.get("portfolio")),
            "mine": bool(query.get("mine")),
            "open": bool(query.get("open")),
        }
        rows = initiative_list(
            request.user,
            status=values["status"] or None,
            outcome=values["outcome"] or None,
            program=values["program"],
            portfolio=values["portfolio"],
            q=values["q"] or None,
            mine=values["mine"],
            open_only=values["open"],
        )
        page = Paginator(rows, PAGE_SIZE).get_page(query.get("page"))
        programs = authorization.restrict(Program.objects.all(), request.user).order_by("code")
        return render(
            request,
            "initiatives/initiative_list.html",
            {
                "page_obj": page,
                "values": values,
                "statuses": InitiativeStatus.choices,
                "outcomes": Outcome.choices,
                "programs": programs,
                "filtered": any(value not in (None, "", False) for value in values.values()),
            },
        )


class InitiativeCreatePage(LoginRequiredMixin, View):
    """Propose an initiative (anyone with access, Rules p.22); then the passport's step 1."""

    def get(self, request):
        form = InitiativeCreateForm(
            user=request.user, initial={"program": int_or_none(request.GET.get("program"))}
        )
        return render(request, "initiatives/initiative_form.html", {"form": form})

    def post(self, request):
        form = InitiativeCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                initiative = services.initiative_create(
                    actor=request.user,
                    body=data["body"],
                    name_ru=data["name_ru"],
                    name_kk=data["name_kk"],
                    program=data["program"],
                    proposer_kind=data["proposer_kind"],
                    proposer_organisation=data["proposer_organisation"],
                    summary=data["summary"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("The initiative %(code)s is drafted.") % {"code": initiative.code}
                )
                return redirect("initiative-step", pk=initiative.pk, step=1)
        return render(request, "initiatives/initiative_form.html", {"form": form}, status=400)


class InitiativeStepPage(LoginRequiredMixin, View):
    """One of the six steps of the passport (Rules p.21) with the stepper."""

    def _load(self, request, pk, step):
        initiative = initiative_get(request.user, pk, action=authorization.CONTRIBUTE)
        if not 1 <= step <= len(STEPS):
            raise Http404
        return initiative, step_of(step).number

    def _render(self, request, initiative, number, form, status=200):
        done = set(done_steps(initiative.passport or {}))
        steps = [{"number": s.number, "title": s.title, "done": s.number in done} for s in STEPS]
        return render(
            request,
            "initiatives/initiative_step.html",
            {
                "initiative": initiative,
                "step": step_of(number),
                "steps": steps,
                "form": form,
                "editable": initiative.status in EDITABLE_STATUSES,
            },
            status=status,
        )

    def get(self, request, pk, step):
        initiative, number = self._load(request, pk, step)
        form_class = STEP_FORMS[number]
        content = (initiative.passport or {}).get(step_of(number).key) or {}
        form = form_class(user=request.user, initiative=initiative, initial=form_class.initial_of(content))
        return self._render(request, initiative, number, form)

    def post(self, request, pk, step):
        initiative, number = self._load(request, pk, step)
        form = STEP_FORMS[number](request.POST, user=request.user, initiative=initiative)
        if form.is_valid():
            try:
                services.initiative_save_step(
                    actor=request.user,
                    initiative=initiative,
                    step=number,
                    data=form.to_data(),
                    version=int_or_none(request.POST.get("version")),
                )
            except StaleVersion as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if number < len(STEPS):
                    return redirect("initiative-step", pk=initiative.pk, step=number + 1)
                messages.success(request, _("The passport is saved."))
                return redirect("initiative-detail", pk=initiative.pk)
        return self._render(request, initiative, number, form, status=400)


def _result_url(initiative) -> str:
    if not initiative.result_kind:
        return ""
    if initiative.result_kind == "task":
        return reverse("project-board", args=[initiative.target_id])
    node = node_of(initiative.result_kind, initiative.result_id)
    return node.get_absolute_url() if node else ""


def _compare(initiative, versions, a, b, language: str) -> dict | None:
    by_number = {version.number: version for version in versions}
    if a not in by_number or b not in by_number or a == b:
        return None
    left, right = by_number[a], by_number[b]
    rows = []
    for one, two in zip(sections(left.passport), sections(right.passport), strict=True):
        rows.append(
            {"number": one["number"], "title": one["title"], "changed": one["content"] != two["content"]}
        )
    return {
        "a": left,
        "b": right,
        "rows": rows,
        "name_changed": (left.name_ru, left.name_kk) != (right.name_ru, right.name_kk),
        "summary_changed": left.summary != right.summary,
        "left": passport_context(initiative, left, language=language),
        "right": passport_context(initiative, right, language=language),
    }


def may_decide(user, initiative) -> bool:
    if initiative.status != InitiativeStatus.RECOMMENDED:
        return False
    node = deciding_node_for(initiative)
    return node is not None and authorization.can(user, authorization.APPROVE, node)


class InitiativeDetailPage(LoginRequiredMixin, View):
    """One initiative: status, passport, versions (compare two), similar items, history and actions."""

    def get(self, request, pk):
        user = request.user
        initiative = initiative_get(user, pk)
        contribute = authorization.can(user, authorization.CONTRIBUTE, initiative)
        change = authorization.can(user, authorization.CHANGE, initiative)
        versions = version_list(user, initiative)
        compare = _compare(
            initiative,
            versions,
            int_or_none(request.GET.get("a")),
            int_or_none(request.GET.get("b")),
            request.LANGUAGE_CODE,
        )
        identifying = change and initiative.status in (
            InitiativeStatus.SUBMITTED,
            InitiativeStatus.RECOMMENDED,
        )
        context = {
            "initiative": initiative,
            **passport_context(initiative, language=request.LANGUAGE_CODE),
            "versions": versions,
            "compare": compare,
            "editable": contribute and initiative.status in EDITABLE_STATUSES,
            "may_submit": contribute and initiative.status in EDITABLE_STATUSES,
            "may_withdraw": initiative.proposer_id == user.pk and initiative.status not in FINAL_STATUSES,
            "may_return": identifying,
            "may_recommend": change and initiative.status == InitiativeStatus.SUBMITTED,
            "may_decide": may_decide(user, initiative),
            "similar": similar_to(user, initiative) if identifying else None,
            "target": node_of(initiative.target_kind, initiative.target_id),
            "result_url": _result_url(initiative),
            # The passport's steps are read in its sections and versions, the target and the result in its facts: their raw
            # values in the history say nothing more.
            "history": history_entries(
                initiative,
                hidden=("passport", "similar", "target_kind", "target_id", "result_kind", "result_id"),
            ),
        }
        return render(request, "initiatives/initiative_detail.html", context)


class InitiativeActionView(LoginRequiredMixin, View):
    """POST only: submit / return / withdraw; back to the initiative's page with what happened."""

    action = ""

    def post(self, request, pk):
        initiative = initiative_get(request.user, pk)
        data = request.POST
        try:
            if self.action == "submit":
                services.initiative_submit(
                    actor=request.user, initiative=initiative, note=data.get("note", "")
                )
                messages.success(request, _("The passport is submitted to the project office."))
            elif self.action == "return":
                services.initiative_return(
                    actor=request.user, initiative=initiative, reason=data.get("reason", "")
                )
                messages.success(request, _("The initiative is returned to the proposer."))
            else:
                services.initiative_withdraw(
                    actor=request.user, initiative=initiative, reason=data.get("reason", "")
                )
                messages.success(request, _("The initiative is withdrawn."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect("initiative-detail", pk=initiative.pk)


class InitiativeRecommendPage(LoginRequiredMixin, View):
    """The project office's identification and recommendation (Rules p.24)."""

    def _context(self, request, initiative, form):
        similar = similar_to(request.user, initiative)
        checked = {row["ref"]: row for row in initiative.similar or []}
        for row in similar:
            row["checked"] = row["ref"] in checked
            row["conclusion"] = checked.get(row["ref"], {}).get("conclusion", "")
        return {"initiative": initiative, "form": form, "similar": similar}

    def _form(self, request, initiative, data=None):
        initial = {
            "outcome": initiative.recommended_outcome or initiative.proposed_outcome,
            "target": initiative.target_ref,
            "identification": initiative.identification,
            "office_agreed_on": initiative.office_agreed_on,
        }
        return RecommendForm(data, initial=initial, targets=target_choices(request.user, initiative))

    def get(self, request, pk):
        initiative = initiative_get(request.user, pk, action=authorization.CHANGE)
        return render(
            request,
            "initiatives/initiative_recommend.html",
            self._context(request, initiative, self._form(request, initiative)),
        )

    def post(self, request, pk):
        initiative = initiative_get(request.user, pk, action=authorization.CHANGE)
        form = self._form(request, initiative, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            refs = request.POST.getlist("similar")
            similar = [
                {
                    "ref": ref,
                    "code": request.POST.get(f"code_{ref}", ""),
                    "name": request.POST.get(f"name_{ref}", ""),
                    "conclusion": request.POST.get(f"conclusion_{ref}", ""),
                }
                for ref in refs
            ]
            try:
                services.initiative_recommend(
                    actor=request.user,
                    initiative=initiative,
                    outcome=data["outcome"],
                    target=node_by_ref(request.user, data["target"]),
                    identification=data["identification"],
                    similar=similar,
                    office_agreed_on=data["office_agreed_on"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The recommendation is recorded."))
                return redirect("initiative-detail", pk=initiative.pk)
        return render(
            request,
            "initiatives/initiative_recommend.html",
            self._context(request, initiative, form),
            status=400,
        )


class InitiativeDecidePage(LoginRequiredMixin, View):
    """The decision of the program governing committee or the governing council (Rules p.25)."""

    def _load(self, request, pk):
        initiative = initiative_get(request.user, pk)
        if initiative.status != InitiativeStatus.RECOMMENDED:
            messages.error(request, _("Only a recommended initiative is decided."))
            return initiative, False
        if not may_decide(request.user, initiative):
            raise PermissionDenied(
                _("The governing body that decides on this initiative records the decision.")
            )
        return initiative, True

    def _form(self, request, initiative, data=None):
        node = deciding_node_for(initiative)
        meetings = [
            (str(meeting.pk), f"{meeting.schedule} · {meeting.date:%d.%m.%Y}")
            for meeting in meeting_choices(request.user, node, initiative.recommended_outcome)
        ]
        initial = {"outcome": initiative.recommended_outcome, "target": initiative.target_ref}
        return DecideForm(
            data, initial=initial, targets=target_choices(request.user, initiative), meetings=meetings
        )

    def get(self, request, pk):
        initiative, ok = self._load(request, pk)
        if not ok:
            return redirect("initiative-detail", pk=initiative.pk)
        return render(
            request,
            "initiatives/initiative_decide.html",
            {"initiative": initiative, "form": self._form(request, initiative)},
        )

    def post(self, request, pk):
        from scrum.models import Meeting

        initiative, ok = self._load(request, pk)
        if not ok:
            return redirect("initiative-detail", pk=initiative.pk)
        form = self._form(request, initiative, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            meeting_id = int_or_none(data["meeting"])
            try:
                services.initiative_decide(
                    actor=request.user,
                    initiative=initiative,
                    approve=data["decision"] == "approve",
                    outcome=data["outcome"],
                    target=node_by_ref(request.user, data["target"]),
                    form=data["form"],
                    meeting=Meeting.objects.select_related("schedule").filter(pk=meeting_id).first()
                    if meeting_id
                    else None,
                    document=data["document"],
                    decided_on=data["decided_on"],
                    reasons=data["reasons"],
                    program_kind=data.get("program_kind") or ProgramKind.PROGRAM,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("initiative-detail", pk=initiative.pk)
        return render(
            request,
            "initiatives/initiative_decide.html",
            {"initiative": initiative, "form": form},
            status=400,
        )


class PassportPdfView(LoginRequiredMixin, View):
    """Start the passport PDF (of version N, or the working passport) and show the export's progress."""

    def get(self, request, pk):
        initiative = initiative_get(request.user, pk)
        try:
            job = export_passport(
                owner=request.user,
                initiative=initiative,
                version=int_or_none(request.GET.get("version")) or None,
                language=request.GET.get("language") or request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            error_messages(request, error)
            return redirect("initiative-detail", pk=initiative.pk)
        return redirect("export-detail", pk=job.pk)

    post = get


urlpatterns = [
    path("", InitiativeListPage.as_view(), name="initiative-list"),
    path("new/", InitiativeCreatePage.as_view(), name="initiative-create"),
    path("<int:pk>/", InitiativeDetailPage.as_view(), name="initiative-detail"),
    path("<int:pk>/passport/<int:step>/", InitiativeStepPage.as_view(), name="initiative-step"),
    path("<int:pk>/passport.pdf", PassportPdfView.as_view(), name="initiative-passport-pdf"),
    path("<int:pk>/submit/", InitiativeActionView.as_view(action="submit"), name="initiative-submit"),
    path("<int:pk>/return/", InitiativeActionView.as_view(action="return"), name="initiative-return"),
    path("<int:pk>/withdraw/", InitiativeActionView.as_view(action="withdraw"), name="initiative-withdraw"),
    path("<int:pk>/recommend/", InitiativeRecommendPage.as_view(), name="initiative-recommend"),
    path("<int:pk>/decide/", InitiativeDecidePage.as_view(), name="initiative-decide"),
]
