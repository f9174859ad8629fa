"""Forms of the project's archive of governing documents: a new document, a new version of one. They check
input only; the storage periods, the upload limit and versions are projects.services.documents'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from org.forms import ServiceForm
from pmis.core.choices import Stage
from pmis.core.node_forms import DateInput

from .choices import DocumentKind
from .services.documents import BY_KIND, max_upload_bytes

RETENTION_YEARS = (1, 3, 5, 10, 15, 25, 50, 75)


def retention_choices() -> list[tuple[str, str]]:
    """The storage periods offered, in the reader's language."""
    return [
        ("", gettext("As the list of standard documents sets for the kind (Rules p.90)")),
        ("permanent", gettext("Permanently")),
        *(
            (str(years), ngettext("%(years)s year", "%(years)s years", years) % {"years": years})
            for years in RETENTION_YEARS
        ),
    ]


def _upload_help(form) -> None:
    limit = round(max_upload_bytes() / 1024 / 1024)
    form.fields["file"].help_text = gettext("Up to %(limit)s MB.") % {"limit": limit}


class DocumentForm(ServiceForm):
    """Place a document in the archive with its first file."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    dated = forms.DateField(label=_("Document date"), required=False, widget=DateInput())
    retention = forms.ChoiceField(label=_("Storage period"), required=False, choices=())
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    LAYOUT = (
        (
            _("Document"),
            (
                ("title", "col-12"),
                ("kind", "col-md-6"),
                ("stage", "col-md-6"),
                ("number", "col-sm-6 col-md-3"),
                ("dated", "col-sm-6 col-md-3"),
                ("retention", "col-md-6"),
            ),
        ),
        (_("File"), (("file", "col-md-6"), ("note", "col-md-6"))),
    )

    def __init__(self, *args, project=None, **kwargs):
        if project is not None:
            kwargs.setdefault("initial", {}).setdefault("stage", project.stage)
        super().__init__(*args, **kwargs)
        self.fields["retention"].choices = retention_choices()
        _upload_help(self)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        retention = data.get("retention") or ""
        return {
            "title": data["title"],
            "kind": data["kind"],
            "stage": data["stage"],
            "number": data.get("number") or "",
            "dated": data.get("dated"),
            "retention_years": BY_KIND
            if retention == ""
            else None
            if retention == "permanent"
            else int(retention),
            "file": data["file"],
            "note": data.get("note") or "",
        }


class VersionForm(ServiceForm):
    """A new version of a document's file, with what changed."""

    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("What changed"), required=False, max_length=500)

    LAYOUT = ((_("New version"), (("file", "col-md-6"), ("note", "col-md-6"))),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _upload_help(self)
        self._style_widgets()

    def service_kwargs(self) -> dict:
        return {"file": self.cleaned_data["file"], "note": self.cleaned_data.get("note") or ""}
