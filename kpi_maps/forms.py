"""Forms of the goal map's pages: the passport, a plan, a fact, the XLSX import.

Forms check the shape of the input only; the rules (who may, which periods, reasons for adjustments and
corrections, stale versions) are the services' (kpi_maps.services), whose ValidationError `add_service_errors`
puts back on the form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms import ServiceForm

from .choices import Direction, IndicatorKind, Periodicity, SourceType


class IndicatorForm(ServiceForm):
    """The passport of an indicator (Methodology summary §2, App.1-1)."""

    code = forms.CharField(label=_("Code"), max_length=50, help_text=_("e.g. KNI-1.2"))
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=500, required=False)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    unit_ru = forms.CharField(label=_("Unit (Russian)"), max_length=100, required=False)
    unit_kk = forms.CharField(label=_("Unit (Kazakh)"), max_length=100, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices)
    source_type = forms.ChoiceField(label=_("Data source"), choices=SourceType.choices)
    source_name = forms.CharField(label=_("Source of data"), max_length=300, required=False)
    methodology = forms.CharField(
        label=_("Calculation methodology"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    base_value = forms.DecimalField(label=_("Base value"), max_digits=20, decimal_places=4, required=False)
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    LAYOUT = (
        (
            _("Indicator"),
            (
                ("code", "col-md-3"),
                ("kind", "col-md-5"),
                ("direction", "col-md-4"),
                ("name_ru", "col-12"),
                ("name_kk", "col-12"),
                ("name_en", "col-12"),
            ),
        ),
        (_("Unit of measure"), (("unit_ru", "col-md-4"), ("unit_kk", "col-md-4"), ("unit_en", "col-md-4"))),
        (
            _("Data"),
            (
                ("source_type", "col-md-4"),
                ("source_name", "col-md-8"),
                ("periodicity", "col-md-4"),
                ("base_value", "col-md-4"),
                ("base_year", "col-md-4"),
                ("methodology", "col-12"),
            ),
        ),
        (_("Status"), (("is_active", "col-md-4"), ("reason", "col-md-8"))),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            for name in ("is_active", "reason", "version"):
                del self.fields[name]

    def service_kwargs(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "reason")}


class TargetForm(ServiceForm):
    """Set the plan of a period: approve it, or adjust an approved one with a reason."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    quarter = forms.IntegerField(
        label=_("Quarter"), min_value=0, max_value=4, initial=0, help_text=_("0 for the whole year.")
    )
    value = forms.DecimalField(label=_("Plan"), max_digits=20, decimal_places=4)
    value_high = forms.DecimalField(label=_("Upper bound"), max_digits=20, decimal_places=4, required=False)
    basis = forms.CharField(
        label=_("Basis"), max_length=300, required=False, help_text=_("The document that sets the plan.")
    )
    reason = forms.CharField(label=_("Reason for the adjustment"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    LAYOUT = (
        (
            _("Plan"),
            (
                ("year", "col-6 col-md-3"),
                ("quarter", "col-6 col-md-3"),
                ("value", "col-6 col-md-3"),
                ("value_high", "col-6 col-md-3"),
                ("basis", "col-md-6"),
                ("reason", "col-md-6"),
            ),
        ),
    )

    def __init__(self, *args, ranged: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ranged:  # only an indicator kept within a range has an upper bound
            del self.fields["value_high"]


class ValueForm(ServiceForm):
    """Enter the fact of a period, or correct it with a reason; the evidence file is optional."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    quarter = forms.IntegerField(
        label=_("Quarter"), min_value=0, max_value=4, initial=0, help_text=_("0 for the whole year.")
    )
    value = forms.DecimalField(label=_("Fact"), max_digits=20, decimal_places=4)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False, help_text=_("Up to 20 MB."))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    LAYOUT = (
        (
            _("Fact"),
            (
                ("year", "col-6 col-md-3"),
                ("quarter", "col-6 col-md-3"),
                ("value", "col-md-6"),
                ("source", "col-md-6"),
                ("evidence", "col-md-6"),
                ("reason", "col-12"),
            ),
        ),
    )


class ImportForm(ServiceForm):
    file = forms.FileField(
        label=_("XLSX file"), help_text=_("Columns: code, year, quarter, value, source, reason.")
    )

    LAYOUT = ((_("File"), (("file", "col-12"),)),)
