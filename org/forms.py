"""Forms of the organisation pages: assigning a role on a node, recording an absence.

Forms check input only. The rules — a role fits the kind of node, no overlapping duplicate, Appendix 1's number
of holders, one active project per manager (Rules p.79), absences that do not overlap — are the services'; their
ValidationError is put back on the form by `add_service_errors`, beside the field it names or on top.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmis.core.node_forms import BootstrapMixin, DateInput

from .choices import AbsenceKind, BasisKind, Employment
from .selectors import person_list, person_search, role_list, role_order

#: How many people the person select offers before anything is typed (the rest are found by searching).
PERSON_OPTIONS = 30


class ServiceForm(BootstrapMixin, forms.Form):
    """A form whose cleaned data go to a service; `rows` lays the fields out as the templates render them."""

    #: (legend, ((field name, Bootstrap column class), …)) in display order; fields not on the form are skipped.
    LAYOUT: tuple = ()

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError: beside its field when the form has it, else above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            target = name if name in self.fields and name != NON_FIELD_ERRORS else None
            for message in messages:
                self.add_error(target, message)

    @property
    def fieldsets(self) -> list[tuple[str, list]]:
        """The fields grouped for display, each as (bound field, column class); read after validation so
        fields with errors get Bootstrap's `is-invalid`."""
        result = []
        for legend, names in self.LAYOUT:
            fields = []
            for name, width in names:
                if name not in self.fields:
                    continue
                bound = self[name]
                if bound.errors:
                    widget = bound.field.widget
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-describedby"] = f"{bound.auto_id}_errors"
                fields.append((bound, width))
            if fields:
                result.append((legend, fields))
        return result


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown as "Surname First Patronymic — position", so namesakes stay apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name  # in the user's language, with the catalogue's fallbacks


class AssignmentForm(ServiceForm):
    """Assign a person a role on a node (new), or change the period, basis, employment and note (edit).

    The person is chosen among thousands: the select offers the current choice and the first people found by
    `person_query` (typed in the search box beside it; HTMX refreshes the options as one types, and without
    JavaScript the "Find" button reloads the page with the same query).
    """

    person = PersonChoiceField(label=_("Person"), queryset=None, empty_label=_("— choose —"))
    role = RoleChoiceField(label=_("Role"), queryset=None, empty_label=_("— choose —"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Inclusive; empty: until further notice."),
    )
    basis_kind = forms.ChoiceField(label=_("Basis"), choices=BasisKind.choices, initial=BasisKind.ORDER)
    basis_number = forms.CharField(label=_("Document number"), required=False, max_length=100)
    basis_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())
    employment = forms.ChoiceField(
        label=_("Employment"),
        required=False,
        choices=[("", _("As usual for the role")), *Employment.choices],
        help_text=_("Full-time or combined with the main activity (Rules Appendix 1)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    LAYOUT = (
        (_("Who and what"), (("person", "col-md-6"), ("role", "col-md-6"))),
        (_("Period"), (("starts_on", "col-sm-6 col-lg-3"), ("ends_on", "col-sm-6 col-lg-3"))),
        (
            _("Basis and employment"),
            (
                ("basis_kind", "col-sm-6 col-lg-3"),
                ("basis_number", "col-sm-6 col-lg-3"),
                ("basis_date", "col-sm-6 col-lg-3"),
                ("employment", "col-sm-6 col-lg-3"),
                ("note", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, user, scope=None, assignment=None, person_query: str = "", **kwargs):
        if assignment is not None:
            kwargs.setdefault("initial", {}).update(
                {name: getattr(assignment, name) for name in self.editable_fields()}
            )
        super().__init__(*args, **kwargs)
        self.user = user
        self.assignment = assignment
        if assignment is not None:
            # The person, role and node of an assignment stay; changing them is a new assignment.
            del self.fields["person"], self.fields["role"]
        else:
            self._limit_person(person_query)
            roles = role_list(user).filter(is_active=True, scopes__contains=[scope.kind])
            self.fields["role"].queryset = roles
            self.fields["role"].choices = [("", self.fields["role"].empty_label)] + [
                (role.pk, role.name) for role in sorted(roles, key=role_order)
            ]
            self.fields["starts_on"].initial = timezone.localdate()
        self._style_widgets()

    @staticmethod
    def editable_fields() -> tuple[str, ...]:
        from .services.assignments import EDITABLE

        return EDITABLE

    def _limit_person(self, query: str) -> None:
        """Validate against every person the user may see; render only a few options."""
        field = self.fields["person"]
        field.queryset = person_list(self.user)
        chosen = self.data.get(self.add_prefix("person")) or self.initial.get("person")
        shown = person_search(self.user, query, limit=PERSON_OPTIONS)
        if chosen and str(chosen).isdigit() and int(chosen) not in {person.pk for person in shown}:
            shown = list(field.queryset.filter(pk=int(chosen))) + shown
        field.widget.choices = [("", field.empty_label)] + [
            (person.pk, field.label_from_instance(person)) for person in shown
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.editable_fields() if name in data}
        values["basis_number"] = values.get("basis_number") or ""
        values["note"] = values.get("note") or ""
        if self.assignment is None:
            values["person"] = data["person"]
            values["role"] = data["role"]
            if not values.get("employment"):
                values["employment"] = data["role"].employment or ""
        elif not values.get("employment"):
            values.pop("employment", None)
        return values


class AbsenceForm(ServiceForm):
    """Record or change an absence: leave, business trip, illness (Rules p.99)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AbsenceKind.choices, initial=AbsenceKind.LEAVE)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), help_text=_("Inclusive."))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    LAYOUT = (
        (
            _("Absence"),
            (
                ("kind", "col-md-4"),
                ("starts_on", "col-sm-6 col-md-4"),
                ("ends_on", "col-sm-6 col-md-4"),
                ("note", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, absence=None, **kwargs):
        if absence is not None:
            kwargs.setdefault("initial", {}).update(
                {name: getattr(absence, name) for name in ("kind", "starts_on", "ends_on", "note")}
            )
        super().__init__(*args, **kwargs)
        if absence is None:
            self.fields["starts_on"].initial = timezone.localdate()
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "note": data.get("note") or "",
        }
