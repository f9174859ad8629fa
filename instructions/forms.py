"""Forms of the instruction pages. They check input only; the rules (who may put on control, the curator's
instructions to the Office, the deadline, the checklist's form) are the services', whose ValidationError is put
back on the form by `add_service_errors`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.forms import PersonChoiceField, ServiceForm
from org.models import Person, StateBody
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from pmis.core.nodes import node_model, parse_ref

from .choices import Form, Source
from .models import ChecklistTemplate


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


def _people():
    return Person.objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


class InstructionForm(ServiceForm):
    """Put an instruction on control: whose it is, the document, the text, who controls and executes it, the
    deadline and the checklist (a standard template and extra steps)."""

    LAYOUT = (
        (
            _("Instruction"),
            (
                ("source", "col-md-6"),
                ("issuer_name", "col-md-6"),
                ("form", "col-md-4"),
                ("document_number", "col-md-4"),
                ("document_date", "col-md-4"),
                ("text", "col-12"),
            ),
        ),
        (
            _("Control"),
            (
                ("controller_body", "col-md-6"),
                ("node", "col-md-6"),
                ("executor", "col-md-6"),
                ("deadline", "col-md-6"),
                ("co_executors", "col-12"),
            ),
        ),
        (_("Checklist"), (("template", "col-12"), ("steps", "col-12"))),
    )

    source = forms.ChoiceField(label=_("Whose instruction"), choices=Source.choices)
    issuer_name = forms.CharField(
        label=_("Issued by"), max_length=300, help_text=_("Name and position of the official.")
    )
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices, initial=Form.WRITTEN)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 4}))
    controller_body = forms.ModelChoiceField(
        label=_("Controlled by"),
        queryset=StateBody.objects.order_by("-kind", "name_ru"),
        empty_label=_("— choose —"),
        help_text=_("The Office, or the state body whose project office controls the execution."),
    )
    node = forms.CharField(
        label=_("Node"),
        required=False,
        max_length=40,
        help_text=_("Optional: the program, direction, group or project it concerns, as “program:2”."),
    )
    executor = PersonChoiceField(label=_("Executor"), queryset=None, empty_label=_("— choose —"))
    co_executors = PeopleChoiceField(label=_("Co-executors"), queryset=None, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    template = forms.ModelChoiceField(
        label=_("Standard checklist"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )
    steps = forms.CharField(
        label=_("Further steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One step a line, added after the standard checklist's."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["executor"].queryset = _people()
        self.fields["co_executors"].queryset = _people()
        self.fields["co_executors"].widget.attrs["size"] = 6
        if user is not None:  # only the bodies whose instructions the person may control (Rules p.92)
            from .selectors.instructions import controller_bodies

            self.fields["controller_body"].queryset = StateBody.objects.filter(
                pk__in=[body.pk for body in controller_bodies(user)]
            ).order_by("-kind", "name_ru")
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(is_active=True)
        self.fields["template"].widget.attrs.update(
            {
                "hx-get": reverse("instruction-template-preview"),
                "hx-trigger": "change",
                "hx-target": "#checklist-preview",
                "hx-swap": "innerHTML",
            }
        )
        self._style_widgets()

    def clean_node(self):
        ref = (self.cleaned_data.get("node") or "").strip()
        if not ref:
            return None
        try:
            kind, pk = parse_ref(ref)
            model = node_model(kind)
        except (ValidationError, KeyError, LookupError) as error:
            raise ValidationError(_("Write the node as “program:2”.")) from error
        node = (
            authorization.restrict(model.objects.all(), self.user, authorization.VIEW).filter(pk=pk).first()
        )
        if node is None:
            raise ValidationError(_("There is no node %(ref)s that you may see.") % {"ref": ref})
        return node

    def clean_steps(self):
        return [line.strip() for line in (self.cleaned_data.get("steps") or "").splitlines() if line.strip()]


class InstructionEditForm(ServiceForm):
    """Change the executors, the text or the document details while the instruction is on control."""

    LAYOUT = (
        (
            _("Instruction"),
            (
                ("issuer_name", "col-md-6"),
                ("document_number", "col-md-3"),
                ("document_date", "col-md-3"),
                ("text", "col-12"),
                ("executor", "col-md-6"),
                ("co_executors", "col-md-6"),
            ),
        ),
    )

    issuer_name = forms.CharField(label=_("Issued by"), max_length=300)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 4}))
    executor = PersonChoiceField(label=_("Executor"), queryset=None, empty_label=_("— choose —"))
    co_executors = PeopleChoiceField(label=_("Co-executors"), queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = _people()
        self.fields["co_executors"].queryset = _people()
        self.fields["co_executors"].widget.attrs["size"] = 6
        self._style_widgets()
