"""Export makers of initiatives: the passport PDF (Rules p.24), kind ``initiative.passport``.

Params ``{"initiative": id, "version": N | None}``: the submitted version N, or the current (working) passport.
The maker reads as the job's owner: an initiative the owner may no longer see fails the job (404).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core import exporting
from pmis.core.pdf import render_pdf

from .choices import Outcome
from .passport import funding_labels, sections
from .selectors.initiatives import initiative_get

KIND = "initiative.passport"
LANGUAGES = ("kk", "ru")


def _name(name_kk: str, name_ru: str, language: str) -> str:
    return (name_kk or name_ru) if language == "kk" else (name_ru or name_kk)


def passport_context(initiative, version=None, *, language: str) -> dict:
    """What the passport PDF shows: the version's frozen content, or the working one."""
    passport = version.passport if version is not None else initiative.passport
    name = _name(
        version.name_kk if version else initiative.name_kk,
        version.name_ru if version else initiative.name_ru,
        language,
    )
    outcome = (passport.get("status") or {}).get("outcome") or ""
    return {
        "initiative": initiative,
        "version": version,
        "name": name,
        "summary": version.summary if version else initiative.summary,
        "sections": sections(passport),
        "funding": funding_labels((passport.get("impact") or {}).get("funding_sources")),
        "outcome_label": Outcome(outcome).label if outcome in Outcome.values else "",
        "today": timezone.localdate(),
    }


def passport_pdf(initiative, version=None, *, language: str) -> bytes:
    return render_pdf(
        "initiatives/passport_pdf.html", passport_context(initiative, version, language=language)
    )


@exporting.register(KIND)
def make_passport(job, progress):
    language = job.language if job.language in LANGUAGES else "ru"
    initiative = initiative_get(job.owner, job.params.get("initiative"))
    number = job.params.get("version")
    version = None
    if number:
        version = initiative.versions.filter(number=number).first()
        if version is None:
            raise ValidationError(
                _("The initiative has no passport version %(number)s.") % {"number": number}
            )
    progress(0.3)
    content = passport_pdf(initiative, version, language=language)
    suffix = f"v{version.number}" if version else "draft"
    return content, f"{initiative.code}-passport-{suffix}-{language}.pdf"


def export_passport(*, owner, initiative, version: int | None, language: str | None = None):
    """Queue the passport PDF of `initiative` (the caller has checked `owner` sees it)."""
    if version is not None and not initiative.versions.filter(number=version).exists():
        raise ValidationError(
            {"version": _("The initiative has no passport version %(number)s.") % {"number": version}}
        )
    title = _("Passport of the initiative %(code)s") % {"code": initiative.code}
    if version:
        title += f" v{version}"
    return exporting.export_start(
        owner=owner,
        kind=KIND,
        params={"initiative": initiative.pk, "version": version},
        title=title,
        language=language if language in LANGUAGES else None,
    )
