"""Choices of the governing bodies, expert councils and public monitoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    """The collegial bodies of the Rules."""

    COUNCIL = "council", _("Governing council of the national priority")
    COMMITTEE = "committee", _("Program governing committee")
    EXPERT_COUNCIL = "expert_council", _("Expert council")


#: The kind of hierarchy node each body sits at: a governing council at its national priority's portfolio (p.29,
#: p.36), a governing committee at its program (p.44), an expert council within a program (p.50).
BODY_NODE_KIND: dict[str, str] = {
    BodyKind.COUNCIL: "portfolio",
    BodyKind.COMMITTEE: "program",
    BodyKind.EXPERT_COUNCIL: "program",
}

#: The scrum level whose weekly schedule holds each body's meetings (expert councils meet at least quarterly and
#: record their discussions instead, p.50).
BODY_SCRUM_LEVEL: dict[str, str] = {
    BodyKind.COUNCIL: "council",
    BodyKind.COMMITTEE: "committee",
}


class Position(models.TextChoices):
    """A member's place in a body."""

    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


#: Membership is a role assignment on the body's node: (kind, position) → role code of the catalogue. The
#: governing council is chaired by the curator of the national priority (p.29); the head of the project office is
#: the committee's deputy chair (p.44); the expert council has its secretary (p.50, p.75).
MEMBER_ROLES: dict[tuple[str, str], str] = {
    (BodyKind.COUNCIL, Position.CHAIR): "np_curator",
    (BodyKind.COUNCIL, Position.MEMBER): "np_council_member",
    (BodyKind.COUNCIL, Position.SECRETARY): "cab_secretary",
    (BodyKind.COMMITTEE, Position.CHAIR): "committee_chair",
    (BodyKind.COMMITTEE, Position.DEPUTY_CHAIR): "committee_deputy_chair",
    (BodyKind.COMMITTEE, Position.MEMBER): "committee_member",
    (BodyKind.EXPERT_COUNCIL, Position.MEMBER): "expert_council_member",
    (BodyKind.EXPERT_COUNCIL, Position.SECRETARY): "expert_council_secretary",
}


class DiscussionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("discussion", "Draft")
    SENT = "sent", _("Sent to the governing committee")


class RecommendationStatus(models.TextChoices):
    """What the governing committee did with an expert council's recommendation (Rules p.54)."""

    PENDING = "pending", _("Awaiting the committee")
    ACCEPTED = "accepted", _("Accepted for information and work")
    NOTED = "noted", _("Taken note of")


class Compliance(models.TextChoices):
    """A public monitoring finding on one parameter of a project (Rules p.18)."""

    COMPLIES = "complies", _("Complies with the plan")
    DEVIATES = "deviates", _("Deviates from the plan")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class ResultStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("monitoring result", "Submitted")
    RECEIVED = "received", _("Considered by the project office")
