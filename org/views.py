"""Pages of the organisation: the list of state bodies, a body with its units, people, standard basic
direction and programs, and a person's page. Every read goes through the selectors."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from pmis.core import authorization
from pmis.core.node_forms import BootstrapMixin
from pmis.core.node_views import table_rows
from programs.selectors import direction_list, group_list, program_list
from programs.views import GROUP, PROGRAM

from .appendix1 import Heading, layout_for, role_codes
from .choices import BodyKind, Region, ScopeKind
from .models import Absence
from .selectors import (
    absence_list,
    body_get,
    body_list,
    body_team,
    person_acting_for,
    person_get,
    person_list,
    person_roles,
    unit_list,
)
from .team_views import acting_summary

PAGE_SIZE = 25


class BodyFilterForm(BootstrapMixin, forms.Form):
    """Filters of the state-body list, read from the query string."""

    q = forms.CharField(label=_("Code or name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *BodyKind.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region")), *Region.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": _("Code or name"), "type": "search"})
        self._style_widgets()

    def filter(self, queryset):
        self.is_valid()  # an invalid value (an unknown body id, say) drops that filter only
        data = self.cleaned_data
        text = (data.get("q") or "").strip()
        if text:
            queryset = queryset.filter(
                Q(code__icontains=text)
                | Q(short_name__icontains=text)
                | Q(name_kk__icontains=text)
                | Q(name_ru__icontains=text)
                | Q(name_en__icontains=text)
            )
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        return queryset

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.values())


class BodyListView(LoginRequiredMixin, View):
    """The state bodies, the Office first, with how many units each has."""

    def get(self, request):
        form = BodyFilterForm(request.GET)
        page = Paginator(form.filter(body_list(request.user)).order_by("kind", "code"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "org/body_list.html", {"form": form, "page_obj": page})


def unit_tree(units) -> list:
    """The units of one body as a forest: each unit gets `tree_children`, roots are returned in order."""
    by_parent: dict[int | None, list] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ids = {unit.pk for unit in units}
    for unit in units:
        unit.tree_children = by_parent.get(unit.pk, [])
    # A unit whose parent is not shown is a root here, so nothing disappears from the tree.
    return [unit for unit in units if unit.parent_id is None or unit.parent_id not in ids]


#: The kinds of scope whose holders the organisational chart reads (projects keep their teams on their pages).
CHART_KINDS = {ScopeKind.OFFICE, ScopeKind.BODY, ScopeKind.PROGRAM, ScopeKind.DIRECTION, ScopeKind.GROUP}


def org_chart(user, body, on=None) -> list[dict]:
    """The body's organisational structure of project management laid out as Rules Appendix 1 (the Office: its
    own roles), each line with the role from the catalogue and its holders today."""
    layout = layout_for(body)
    team = body_team(user, body, role_codes(layout), on)
    sections = []
    for section in layout:
        lines = []
        for line in section.lines:
            if isinstance(line, Heading):
                lines.append({"heading": line.title})
                continue
            role = team.roles.get(line.role)
            if role is None:  # taken out of the catalogue since the layout was written
                continue
            lines.append(
                {
                    "number": line.number,
                    "role": role,
                    "holders": team.holders.get(role.code, []),
                    "acting": team.vacancy.get(role.code),
                    "elsewhere": not CHART_KINDS & set(role.scopes),
                }
            )
        sections.append({"section": section, "lines": lines})
    return sections


class BodyDetailView(LoginRequiredMixin, View):
    """A state body: its organisational structure of project management (Rules Appendix 1), its units as a tree,
    its people, its standard basic direction with the six standard groups (Rules p.56) and the programs it owns.
    A fixed number of queries whatever the size of the body."""

    def get(self, request, pk):
        user = request.user
        body = body_get(user, pk)
        units = list(unit_list(user).filter(body=body).order_by("code"))
        people = list(person_list(user).filter(unit__body=body))
        people_per_unit: dict[int, int] = {}
        for person in people:
            people_per_unit[person.unit_id] = people_per_unit.get(person.unit_id, 0) + 1
        for unit in units:
            unit.people_count = people_per_unit.get(unit.pk, 0)
        standard = direction_list(user).filter(owner_body=body, is_standard=True).first()
        standard_groups = (
            table_rows(GROUP, group_list(user).filter(direction=standard, parent=None)) if standard else []
        )
        programs = table_rows(PROGRAM, program_list(user).filter(owner_body=body))
        return render(
            request,
            "org/body_detail.html",
            {
                "body": body,
                "structure": org_chart(user, body),
                "can_manage_team": authorization.can(user, authorization.MANAGE_TEAM, body),
                "units": unit_tree(units),
                "unit_count": len(units),
                "people": people,
                "standard": standard,
                "standard_groups": standard_groups,
                "programs": programs,
                "program_level": PROGRAM,
            },
        )


class PersonDetailView(LoginRequiredMixin, View):
    """A person: place of work; project roles in force (with who stands in while they are away), future and
    ended; their absences (to themselves and to whoever manages one of their teams); what they act for today."""

    def get(self, request, pk):
        user = request.user
        person = person_get(user, pk)
        today = timezone.localdate()
        roles = person_roles(user, person, today)
        # Seeing a person's absences and recording them is the same permission (own, or managing their team).
        can_record = authorization.can(user, authorization.ADD, Absence(person=person))
        absences = list(absence_list(user).filter(person=person).order_by("-starts_on")) if can_record else []
        return render(
            request,
            "org/person_detail.html",
            {
                "person": person,
                "today": today,
                "roles": roles,
                "role_history": [(_("Starting later"), roles.future), (_("Ended"), roles.ended)],
                "show_absences": can_record,
                "absences": absences,
                "can_record_absence": can_record,
                "acting": acting_summary(person_acting_for(person, today)),
            },
        )
