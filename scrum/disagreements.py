"""The protocol of disagreements (Rules p.98(2)) of an escalation, as a PDF."""

from __future__ import annotations

from pmis.core.pdf import render_pdf

from .choices import Level, StepKind
from .models import Escalation
from .selectors.escalations import escalation_positions, node_of


def disagreement_pdf(escalation: Escalation) -> bytes:
    """The signed protocol of disagreements: its number and date, the problem, each party's position, the
    signatures, and where it is considered (the program governing committee, p.98(2); the governing council when
    the disagreement is the committee's own, p.98(3))."""
    step = (
        escalation.steps.filter(kind=StepKind.DISAGREEMENT)
        .select_related("actor")
        .order_by("-created_at")
        .first()
    )
    considered_by = Level.COUNCIL if step is not None and step.level == Level.COMMITTEE else Level.COMMITTEE
    return render_pdf(
        "scrum/disagreement_pdf.html",
        {
            "escalation": escalation,
            "origin_node": node_of(escalation.origin_path),
            "origin_level": Level(escalation.origin_level).label,
            "positions": list(escalation_positions(escalation)),
            "step": step,
            "considered_by": considered_by,
            "considered_label": Level(considered_by).label,
        },
    )
