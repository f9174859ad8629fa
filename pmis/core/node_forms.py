"""Forms shared by the pages of every hierarchy level: the node's own fields, and the list filters.

A level's form subclasses NodeForm, adds its parent fields and says in `service_kwargs()` how its cleaned data
become the keyword arguments of the level's create/update services. Forms validate input; the rules of the
domain (Rules p.9 deadline, moves, children) stay in the services, whose ValidationError `add_service_errors`
puts back on the form.
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import authorization
from .choices import Stage, Status
from .node_services import NODE_FIELDS
from .selectors import nodes_visible


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as ISO 8601 whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NodeChoiceField(forms.ModelChoiceField):
    """A choice of hierarchy node shown as "CODE — name", so namesakes in different branches stay apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} — {obj.name}"


class BootstrapMixin:
    """Give every widget the Bootstrap class it needs, so templates render fields with one loop."""

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class NodeForm(BootstrapMixin, forms.ModelForm):
    """The create/edit form of a hierarchy node; `user` restricts the choices of parents and bodies.

    Subclasses list their parent fields in `parent_fields` (also added to Meta.fields) and limit each one's
    queryset in `limit_parents()` through the selectors.
    """

    parent_fields: tuple[str, ...] = ()
    #: The legend of the fieldset with the level's own fields.
    own_legend = _("Place in the hierarchy")

    class Meta:
        fields = NODE_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "budget": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        from org.selectors import body_list

        if "owner_body" in self.fields:
            self.fields["owner_body"].queryset = body_list(user).order_by("kind", "code")
        if getattr(self._meta.model, "DATES_REQUIRED", False):
            # Portfolios, programs and projects need both planned dates (Rules p.9 compares deadlines).
            for name in ("planned_start", "planned_end"):
                self.fields[name].required = True
        self.limit_parents()
        self._style_widgets()

    def limit_parents(self) -> None:
        """Restrict the parent choices to the nodes the user may see."""

    def parent_choices(self, name: str, model):
        """The nodes of `model` the user may add under (Rules: "add" is adding children), and the current parent
        of an edited node, so that keeping it where it is stays valid."""
        queryset = nodes_visible(model, self.user, action=authorization.ADD).select_related(None)
        current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
        if current is not None:
            queryset = queryset | model.objects.filter(pk=current)
        return queryset

    def node_choice(self, name: str, model, *, required: bool | None = None, queryset=None) -> None:
        """Replace the parent field `name` by a NodeChoiceField over `queryset`, by default `parent_choices`."""
        old = self.fields[name]
        required = old.required if required is None else required
        self.fields[name] = NodeChoiceField(
            queryset=self.parent_choices(name, model) if queryset is None else queryset,
            required=required,
            label=old.label,
            help_text=old.help_text,
            empty_label=_("— choose —") if required else _("— none —"),
        )

    #: How wide each field is on a large screen (Bootstrap grid columns); the rest take half a row.
    WIDTHS: ClassVar[dict[str, str]] = {
        "name_kk": "col-md-4",
        "name_ru": "col-md-4",
        "name_en": "col-md-4",
        "goal": "col-12",
        "planned_start": "col-sm-6 col-lg-3",
        "planned_end": "col-sm-6 col-lg-3",
        "actual_start": "col-sm-6 col-lg-3",
        "actual_end": "col-sm-6 col-lg-3",
        "budget": "col-md-4",
        "stage": "col-md-4",
        "status": "col-md-4",
    }

    @property
    def fieldsets(self) -> list[tuple[str, list]]:
        """The fields grouped as the page shows them, each as (bound field, column class).

        Read at render time, after validation, so fields with errors get Bootstrap's `is-invalid` here.
        """
        shared = {
            _("Names"): ("name_kk", "name_ru", "name_en"),
            _("Goal and owner"): ("goal", "owner_body"),
            _("Dates"): ("planned_start", "planned_end", "actual_start", "actual_end"),
            _("Budget and progress"): ("budget", "stage", "status"),
        }
        placed = {name for names in shared.values() for name in names}
        groups = [(self.own_legend, [name for name in self.fields if name not in placed])]
        groups += [
            (title, [name for name in names if name in self.fields]) for title, names in shared.items()
        ]
        result = []
        for title, names in groups:
            if not names:
                continue
            fields = []
            for name in names:
                bound = self[name]
                if bound.errors:
                    widget = bound.field.widget
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-describedby"] = f"{bound.auto_id}_errors"
                fields.append((bound, self.WIDTHS.get(name, "col-md-6")))
            result.append((title, fields))
        return result

    def service_kwargs(self) -> dict:
        """The keyword arguments of the level's create/update service."""
        return {
            name: self.cleaned_data[name]
            for name in (*NODE_FIELDS, *self.parent_fields)
            if name in self.fields
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the form: beside its field when the form has it, else on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            for message in messages:
                self.add_error(target, message)


def node_form_fields(*own: str) -> tuple[str, ...]:
    """Meta.fields of a level's form: its parent fields first, then the shared node fields."""
    return (*own, *NODE_FIELDS)


#: The orders of a list page; nodes without a planned end sort last either way.
SORTS = {
    "code": ("code",),
    "-code": ("-code",),
    "planned_end": (F("planned_end").asc(nulls_last=True), "code"),
    "-planned_end": (F("planned_end").desc(nulls_last=True), "code"),
}


class NodeFilterForm(BootstrapMixin, forms.Form):
    """The filters of a level's list page, read from the query string (GET), so a filtered list is a link."""

    q = forms.CharField(label=_("Code or name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices]
    )
    owner_body = forms.ModelChoiceField(label=_("Owning state body"), required=False, queryset=None)
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(key, key) for key in SORTS],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from org.selectors import body_list

        self.fields["owner_body"].queryset = body_list(user).order_by("kind", "code")
        self.fields["owner_body"].empty_label = _("Any state body")
        self.fields["q"].widget.attrs.update({"placeholder": _("Code or name"), "type": "search"})
        self._style_widgets()

    def filter(self, queryset):
        """`queryset` narrowed by the valid filters and ordered as asked; invalid values are ignored."""
        self.is_valid()  # an invalid value (an unknown body id, say) drops that filter only
        data = self.cleaned_data
        text = (data.get("q") or "").strip()
        if text:
            queryset = queryset.filter(
                Q(code__icontains=text)
                | Q(name_kk__icontains=text)
                | Q(name_ru__icontains=text)
                | Q(name_en__icontains=text)
            )
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("stage"):
            queryset = queryset.filter(stage=data["stage"])
        if data.get("owner_body"):
            queryset = queryset.filter(owner_body=data["owner_body"])
        return queryset.order_by(*SORTS.get(data.get("sort") or "code", ("code",)))

    @property
    def active_sort(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or "code"

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in ("q", "status", "stage", "owner_body"))
