"""Forms of the project-assignment pages (Rules p.81). They check input only; the rules are the services'
(projects.services.assignments), whose ValidationError the page puts back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms import PersonChoiceField, ServiceForm
from org.models import Person, StateBody, Unit
from pmis.core.node_forms import DateInput

from .choices import AssignmentWay


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


def _people_of(body: StateBody | None):
    people = Person.objects.filter(is_active=True).select_related("unit")
    if body is not None:
        people = people.filter(unit__body=body)
    return people.order_by("last_name", "first_name", "pk")


class AssignmentForm(ServiceForm):
    """Draft or edit a project assignment: the task, to whom (state body, its unit, the head who appoints), the
    way of execution and the due date. Once a state body is chosen, the unit and head lists hold only its units
    and people (the page reloads them when the body changes)."""

    LAYOUT = (
        (_("Task"), (("title", "col-12"), ("description", "col-12"))),
        (
            _("Addressee"),
            (("addressee_body", "col-md-6"), ("addressee_unit", "col-md-6"), ("addressee_head", "col-md-6")),
        ),
        (_("Execution"), (("way", "col-md-6"), ("due_on", "col-md-6"))),
    )

    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    addressee_body = forms.ModelChoiceField(
        label=_("State body"), queryset=StateBody.objects.order_by("kind", "code")
    )
    addressee_unit = UnitChoiceField(label=_("Structural unit"), queryset=Unit.objects.none(), required=False)
    addressee_head = PersonChoiceField(
        label=_("Head who appoints"),
        queryset=Person.objects.none(),
        help_text=_(
            "Must appoint the executors within one working day of receiving the assignment (Rules p.81)."
        ),
    )
    way = forms.ChoiceField(label=_("Way of execution"), choices=AssignmentWay.choices)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self._body()
        self.fields["addressee_body"].widget.attrs["data-reload"] = "1"
        self.fields["addressee_unit"].queryset = (
            Unit.objects.filter(body=body).order_by("code") if body else Unit.objects.none()
        )
        self.fields["addressee_head"].queryset = _people_of(body) if body else Person.objects.none()
        self._style_widgets()

    def _body(self) -> StateBody | None:
        value = self.data.get("addressee_body") if self.is_bound else self.initial.get("addressee_body")
        if isinstance(value, StateBody):
            return value
        if value in (None, ""):
            return None
        try:
            return StateBody.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None


class AppointForm(ServiceForm):
    """The addressee head appoints the executors and confirms the way of execution."""

    LAYOUT = ((_("Appoint the executors"), (("executors", "col-12"), ("way", "col-md-6"))),)

    executors = PeopleField(
        label=_("Executors"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("People of the addressee's state body."),
    )
    way = forms.ChoiceField(label=_("Way of execution"), choices=AssignmentWay.choices)

    def __init__(self, *args, body: StateBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executors"].queryset = _people_of(body)
        self._style_widgets()


class ReportForm(ServiceForm):
    LAYOUT = ((_("Report the result"), (("result", "col-12"),)),)

    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class CancelForm(ServiceForm):
    LAYOUT = ((_("Cancel the assignment"), (("reason", "col-12"),)),)

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
