"""Forms of the charter page: the charter's text, the Office's requirements, a funding line, a milestone, a stage
transition. They check input only; the rules are projects.services.charter's and .lifecycle's."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms import ServiceForm
from pmis.core.choices import Stage
from pmis.core.node_forms import DateInput

from .choices import FundingSource


class CharterForm(ServiceForm):
    """Content, results and stakeholders; `version` is the one the editor read (a stale save is refused)."""

    content = forms.CharField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project does: its scope of work."),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the project delivers, one per line."),
    )
    stakeholders = forms.CharField(
        label=_("Stakeholders"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=300,
        help_text=_("Written to the change log when the approved charter is under change control."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())

    LAYOUT = (
        (
            _("Charter"),
            (("content", "col-12"), ("results", "col-12"), ("stakeholders", "col-12"), ("reason", "col-12")),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "content": data["content"],
            "results": data["results"],
            "stakeholders": data["stakeholders"],
            "version": data["version"],
            "reason": data.get("reason") or "",
        }


class RequirementsForm(ServiceForm):
    """The Office's additional requirements for the project (Rules p.78(5), p.78(6))."""

    requires_kickoff_protocol = forms.BooleanField(
        label=_("Kick-off meeting protocol required"), required=False
    )
    requires_change_control = forms.BooleanField(
        label=_("Change requests and change log required"), required=False
    )


class FundingLineForm(ServiceForm):
    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Amount, KZT"), max_digits=18, decimal_places=2, min_value=Decimal("0")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    LAYOUT = (
        (
            _("Budget line"),
            (
                ("source", "col-md-5"),
                ("year", "col-sm-4 col-md-2"),
                ("amount", "col-sm-8 col-md-5"),
                ("note", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "year": data["year"],
            "amount": data["amount"],
            "note": data.get("note") or "",
        }


class MilestoneForm(ServiceForm):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    LAYOUT = ((_("Milestone"), (("title", "col-md-8"), ("due_on", "col-md-4"), ("note", "col-12"))),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "due_on": data["due_on"], "note": data.get("note") or ""}


class StageForm(forms.Form):
    """Move the project to another stage (the next one, or back one with a reason)."""

    stage = forms.ChoiceField(choices=Stage.choices)
    reason = forms.CharField(required=False, max_length=500)
