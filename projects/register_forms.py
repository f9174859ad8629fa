"""Forms of the project's registers: risks, change requests (with the decision) and lessons learned.

Forms check input only; the rules (who may, which status allows what, a rejection's reason, a stale version)
are the services' (``projects.services.risks`` / ``changes`` / ``lessons``), whose ValidationError
`add_service_errors` puts back on the form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.forms import PersonChoiceField, ServiceForm
from pmis.core.choices import Stage
from pmis.core.node_forms import DateInput

from .choices import RiskLevel, RiskResponse, RiskStatus
from .selectors.risks import project_people


def _level_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=RiskLevel.choices, coerce=int, initial=RiskLevel.MEDIUM
    )


class RiskForm(ServiceForm):
    """Add or edit a risk of the register; the owner is chosen among the people of the project."""

    title = forms.CharField(label=_("Risk"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cause, event and consequence."),
    )
    is_opportunity = forms.TypedChoiceField(
        label=_("Kind"),
        choices=[("0", _("Threat")), ("1", _("Opportunity"))],
        coerce=lambda value: value in ("1", True, "True"),
        initial="0",
    )
    probability = _level_field(_("Probability"))
    impact = _level_field(_("Impact"))
    owner = PersonChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("— not assigned —")
    )
    response = forms.ChoiceField(
        label=_("Response"), required=False, choices=[("", _("— not chosen —")), *RiskResponse.choices]
    )
    response_plan = forms.CharField(
        label=_("Response plan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Status"), choices=RiskStatus.choices, initial=RiskStatus.IDENTIFIED)
    identified_on = forms.DateField(
        label=_("Identified on"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )
    review_on = forms.DateField(label=_("Next review"), required=False, widget=DateInput())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    LAYOUT = (
        (_("The risk"), (("title", "col-md-9"), ("is_opportunity", "col-md-3"), ("description", "col-12"))),
        (
            _("Assessment"),
            (
                ("probability", "col-sm-6 col-lg-3"),
                ("impact", "col-sm-6 col-lg-3"),
                ("status", "col-sm-6 col-lg-3"),
            ),
        ),
        (
            _("Response"),
            (("owner", "col-md-6"), ("response", "col-md-6"), ("response_plan", "col-12")),
        ),
        (
            _("Dates"),
            (("identified_on", "col-sm-6 col-lg-3"), ("review_on", "col-sm-6 col-lg-3")),
        ),
    )

    def __init__(self, *args, project, risk=None, **kwargs):
        if risk is not None:
            initial = {name: getattr(risk, name) for name in self.service_fields()}
            initial["is_opportunity"] = "1" if risk.is_opportunity else "0"
            initial["owner"] = risk.owner_id
            initial["version"] = risk.version
            kwargs.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = project_people(project, include=[risk.owner_id] if risk else [])
        self._style_widgets()

    @staticmethod
    def service_fields() -> tuple[str, ...]:
        return (
            "title",
            "description",
            "is_opportunity",
            "probability",
            "impact",
            "owner",
            "response",
            "response_plan",
            "status",
            "identified_on",
            "review_on",
        )

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.service_fields()}


class ChangeRequestForm(ServiceForm):
    """Draft or edit a change request: what changes, why, and its impact on content, schedule and budget."""

    title = forms.CharField(label=_("Change"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    impact_scope = forms.CharField(
        label=_("Impact on content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    impact_days = forms.IntegerField(
        label=_("Impact on schedule, days"),
        required=False,
        help_text=_("Positive: the project ends later; negative: earlier."),
    )
    impact_budget = forms.DecimalField(
        label=_("Impact on budget, KZT"),
        required=False,
        max_digits=18,
        decimal_places=2,
        help_text=_("Positive: more money; negative: a saving."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    FIELDS = ("title", "description", "justification", "impact_scope", "impact_days", "impact_budget")
    LAYOUT = (
        (_("The change"), (("title", "col-12"), ("description", "col-12"), ("justification", "col-12"))),
        (
            _("Impact"),
            (
                ("impact_scope", "col-12"),
                ("impact_days", "col-sm-6 col-lg-3"),
                ("impact_budget", "col-sm-6 col-lg-4"),
            ),
        ),
    )

    def __init__(self, *args, change=None, **kwargs):
        if change is not None:
            initial = {name: getattr(change, name) for name in self.FIELDS}
            initial["version"] = change.version
            kwargs.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class DecisionForm(ServiceForm):
    """The decision on a submitted change request: approve or reject (a rejection says why)."""

    decision = forms.ChoiceField(
        choices=[("approve", pgettext_lazy("decision", "Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Decision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class LessonForm(ServiceForm):
    """Record or edit a lesson learned; it belongs to the project's current stage unless another is chosen."""

    title = forms.CharField(label=_("Lesson"), max_length=300)
    went_well = forms.TypedChoiceField(
        label=_("Kind"),
        choices=[("0", _("To improve")), ("1", _("Went well"))],
        coerce=lambda value: value in ("1", True, "True"),
        initial="0",
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    situation = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(
        label=_("Recommendation for future projects"), widget=forms.Textarea(attrs={"rows": 3})
    )

    FIELDS = ("stage", "title", "went_well", "situation", "recommendation")
    LAYOUT = (
        (
            _("The lesson"),
            (
                ("title", "col-12"),
                ("went_well", "col-sm-6"),
                ("stage", "col-sm-6"),
                ("situation", "col-12"),
                ("recommendation", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, project, lesson=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if lesson is not None:
            initial.update({name: getattr(lesson, name) for name in self.FIELDS})
            initial["went_well"] = "1" if lesson.went_well else "0"
        else:
            initial.setdefault("stage", project.stage)
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
