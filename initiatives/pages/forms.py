"""The forms of the initiatives' pages: they only read what a person typed; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpi_maps.models import Indicator
from org.forms import ServiceForm
from org.models import StateBody
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from programs.choices import ProgramKind
from programs.models import Program
from projects.choices import FundingSource

from ..choices import DecisionForm, Outcome, ProposerKind

OPTION_ROWS = 4
PROBLEM_ROWS = 5


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NodeLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.name}" if getattr(obj, "code", "") else str(obj.name)


class InitiativeCreateForm(ServiceForm):
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=500, required=False)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), max_length=500, required=False)
    body = NodeLabelChoiceField(
        label=_("State body (project office)"), queryset=StateBody.objects.none(), empty_label=None
    )
    program = NodeLabelChoiceField(
        label=_("Program it improves"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("— none (a new program or not yet known) —"),
    )
    proposer_kind = forms.ChoiceField(
        label=_("Proposed on behalf of"), choices=ProposerKind.choices, initial=ProposerKind.PROJECT_PERSONNEL
    )
    proposer_organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), widget=_area(4), required=False)

    LAYOUT = (
        (
            "",
            (
                ("name_ru", "col-md-6"),
                ("name_kk", "col-md-6"),
                ("body", "col-md-6"),
                ("program", "col-md-6"),
                ("proposer_kind", "col-md-6"),
                ("proposer_organisation", "col-md-6"),
                ("summary", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = StateBody.objects.order_by("name_ru")
        self.fields["program"].queryset = authorization.restrict(Program.objects.all(), user).order_by("code")
        self._style_widgets()


# --- the six steps ------------------------------------------------------------------------------------------


class StepForm(ServiceForm):
    """A step's form: `to_data()` gives the dict `initiatives.passport.clean_step` checks; `initial_of(content)`
    fills the form from the stored content."""

    def __init__(self, *args, user=None, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.initiative = user, initiative
        self.setup()
        self._style_widgets()

    def setup(self) -> None:
        pass

    def to_data(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_of(cls, content: dict) -> dict:
        return dict(content)


class PriorityForm(StepForm):
    rank = forms.IntegerField(label=_("Rank in the priority list"), min_value=1, required=False)
    relevance = forms.CharField(label=_("Relevance"), widget=_area(), required=False)
    national_priority = forms.CharField(label=_("National priority served"), max_length=500, required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Key national indicators it serves"), required=False, widget=forms.SelectMultiple
    )

    LAYOUT = (
        (
            "",
            (
                ("rank", "col-md-3"),
                ("national_priority", "col-md-9"),
                ("relevance", "col-12"),
                ("indicators", "col-12"),
            ),
        ),
    )

    def setup(self) -> None:
        initiative = self.initiative
        node = initiative.program or initiative.portfolio
        rows = Indicator.objects.none()
        if node is not None:
            portfolio_path = node.path.split("/", 1)[0] + "/"
            rows = authorization.restrict(
                Indicator.objects.filter(node_path__startswith=portfolio_path), self.user
            )
        self.fields["indicators"].choices = [
            (str(row.pk), row.name) for row in rows.order_by("node_path", "pk")[:200]
        ]

    @classmethod
    def initial_of(cls, content: dict) -> dict:
        return {**content, "indicators": [str(row["id"]) for row in content.get("indicators", [])]}


class BriefForm(StepForm):
    problem = forms.CharField(label=_("Problem"), widget=_area(5), required=False)
    proposal = forms.CharField(label=_("Proposal"), widget=_area(5), required=False)

    LAYOUT = (("", (("problem", "col-12"), ("proposal", "col-12"))),)


class DecisionTreeForm(StepForm):
    chosen = forms.IntegerField(label=_("Chosen option (number)"), min_value=1, required=False)

    def setup(self) -> None:
        layout = []
        for n in range(1, OPTION_ROWS + 1):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Option %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"pros_{n}"] = forms.CharField(label=_("Pros"), widget=_area(2), required=False)
            self.fields[f"cons_{n}"] = forms.CharField(label=_("Cons"), widget=_area(2), required=False)
            layout += [(f"title_{n}", "col-12"), (f"pros_{n}", "col-md-6"), (f"cons_{n}", "col-md-6")]
        self.LAYOUT = (("", (*layout, ("chosen", "col-md-3"))),)

    def to_data(self) -> dict:
        data = self.cleaned_data
        options = [
            {
                "title": data.get(f"title_{n}", ""),
                "pros": data.get(f"pros_{n}", ""),
                "cons": data.get(f"cons_{n}", ""),
            }
            for n in range(1, OPTION_ROWS + 1)
        ]
        return {"options": [row for row in options if any(row.values())], "chosen": data.get("chosen")}

    @classmethod
    def initial_of(cls, content: dict) -> dict:
        initial = {"chosen": content.get("chosen")}
        for n, row in enumerate(content.get("options", [])[:OPTION_ROWS], start=1):
            initial.update({f"title_{n}": row["title"], f"pros_{n}": row["pros"], f"cons_{n}": row["cons"]})
        return initial


class ProblemsForm(StepForm):
    def setup(self) -> None:
        layout = []
        for n in range(1, PROBLEM_ROWS + 1):
            self.fields[f"problem_{n}"] = forms.CharField(
                label=_("Key problem %(n)s") % {"n": n}, widget=_area(2), required=False
            )
            self.fields[f"solution_{n}"] = forms.CharField(
                label=_("Potential solution"), widget=_area(2), required=False
            )
            layout += [(f"problem_{n}", "col-md-6"), (f"solution_{n}", "col-md-6")]
        self.LAYOUT = (("", tuple(layout)),)

    def to_data(self) -> dict:
        data = self.cleaned_data
        rows = [
            {"problem": data.get(f"problem_{n}", ""), "solution": data.get(f"solution_{n}", "")}
            for n in range(1, PROBLEM_ROWS + 1)
        ]
        return {"items": [row for row in rows if any(row.values())]}

    @classmethod
    def initial_of(cls, content: dict) -> dict:
        initial = {}
        for n, row in enumerate(content.get("items", [])[:PROBLEM_ROWS], start=1):
            initial.update({f"problem_{n}": row["problem"], f"solution_{n}": row["solution"]})
        return initial


class ImpactForm(StepForm):
    effects_indicators = forms.CharField(label=_("Effect on indicators"), widget=_area(), required=False)
    effects_population = forms.CharField(label=_("Effect on the population"), widget=_area(), required=False)
    effects_economy = forms.CharField(label=_("Effect on the economy"), widget=_area(), required=False)
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost, KZT"), min_value=0, max_digits=18, decimal_places=2, required=False
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput(), required=False)
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput(), required=False)
    funding_sources = forms.MultipleChoiceField(
        label=_("Funding sources"), choices=FundingSource.choices, required=False, widget=forms.SelectMultiple
    )
    risks = forms.CharField(label=_("Risks"), widget=_area(), required=False)

    LAYOUT = (
        (
            "",
            (
                ("effects_indicators", "col-12"),
                ("effects_population", "col-md-6"),
                ("effects_economy", "col-md-6"),
                ("estimated_cost", "col-md-4"),
                ("planned_start", "col-md-4"),
                ("planned_end", "col-md-4"),
                ("funding_sources", "col-md-6"),
                ("risks", "col-md-6"),
            ),
        ),
    )


class StatusForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("Proposed status"), choices=[("", "—"), *Outcome.choices], required=False
    )
    justification = forms.CharField(label=_("Justification"), widget=_area(4), required=False)
    target = forms.ChoiceField(label=_("Where it would land (optional)"), required=False)

    LAYOUT = (("", (("outcome", "col-md-6"), ("target", "col-md-6"), ("justification", "col-12"))),)

    def setup(self) -> None:
        from ..selectors.initiatives import target_choices

        self.fields["target"].choices = [("", "—"), *target_choices(self.user, self.initiative)]

    @classmethod
    def initial_of(cls, content: dict) -> dict:
        return {**content, "target": (content.get("target") or {}).get("ref", "")}


STEP_FORMS = {
    1: PriorityForm,
    2: BriefForm,
    3: DecisionTreeForm,
    4: ProblemsForm,
    5: ImpactForm,
    6: StatusForm,
}


# --- identification and decision ---------------------------------------------------------------------------


class RecommendForm(ServiceForm):
    outcome = forms.ChoiceField(label=_("Recommended status"), choices=Outcome.choices)
    target = forms.ChoiceField(label=_("The node it lands in"))
    identification = forms.CharField(
        label=_("Identification and decomposition"), widget=_area(5), required=False
    )
    office_agreed_on = forms.DateField(
        label=_("Agreed with the Office on"), widget=DateInput(), required=False
    )

    LAYOUT = (
        (
            "",
            (
                ("outcome", "col-md-6"),
                ("target", "col-md-6"),
                ("identification", "col-12"),
                ("office_agreed_on", "col-md-4"),
            ),
        ),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets]
        self._style_widgets()


class DecideForm(ServiceForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    outcome = forms.ChoiceField(label=_("Status assigned"), choices=Outcome.choices)
    target = forms.ChoiceField(label=_("The node it lands in"))
    form = forms.ChoiceField(label=_("Form of the decision"), choices=DecisionForm.choices)
    meeting = forms.ChoiceField(label=_("Meeting"), required=False)
    document = forms.CharField(label=_("Protocol or decision number"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reasons = forms.CharField(label=_("Reasons"), widget=_area(3), required=False)
    program_kind = forms.ChoiceField(
        label=_("Kind of the new program"),
        choices=ProgramKind.choices,
        initial=ProgramKind.PROGRAM,
        required=False,
        help_text=_("For a new program: a program or a national project (Rules p.25)."),
    )

    LAYOUT = (
        (
            "",
            (
                ("decision", "col-md-4"),
                ("outcome", "col-md-8"),
                ("target", "col-12"),
                ("form", "col-md-4"),
                ("meeting", "col-md-4"),
                ("document", "col-md-4"),
                ("decided_on", "col-md-4"),
                ("program_kind", "col-md-8"),
                ("reasons", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, targets, meetings, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets]
        self.fields["meeting"].choices = [("", "—"), *meetings]
        self._style_widgets()
