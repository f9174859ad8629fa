"""The fixed vocabularies of indicators and their monitoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    """What an indicator measures at which level of the State Planning System (Rules p.2, Methodology p.114–116)."""

    KNI = "kni", _("key national indicator")
    TARGET = "target", _("target indicator")
    MACRO = "macro", _("macro-indicator")
    RESULT = "result", _("result indicator")


class Direction(models.TextChoices):
    """Which way an indicator should move; the achievement rules read it."""

    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    RANGE = "range", _("keep within a range")


class SourceType(models.TextChoices):
    """Where the actual values come from (Methodology p.39, p.53)."""

    OFFICIAL = "official", _("official statistics")
    INTERNATIONAL = "international", _("international rating or organisation")
    DEPARTMENTAL = "departmental", _("departmental data")


class Periodicity(models.TextChoices):
    """How often an indicator is planned and measured."""

    ANNUAL = "annual", _("annual")
    QUARTERLY = "quarterly", _("quarterly")


class Formula(models.TextChoices):
    """How a rule set turns plan and fact into an achievement for higher- or lower-is-better indicators."""

    RATIO = "ratio", _("ratio of fact to plan")
    MET = "met", _("met or not met")


class Colour(models.TextChoices):
    """The traffic light of an achievement under a rule set's thresholds; grey when there is nothing to compare."""

    GREEN = "green", _("on track")
    AMBER = "amber", _("at risk")
    RED = "red", _("off track")
    GREY = "grey", _("no data")


#: Quarter 0 is the whole year: an annual plan or fact.
YEAR = 0
QUARTERS = (1, 2, 3, 4)

#: The level of personal responsibility of an indicator attached to each kind of node (Rules p.17) and the role
#: that bears it there; a project's own indicators are its manager's (Appendix 2).
RESPONSIBILITY = {
    "portfolio": (1, "np_curator"),
    "program": (2, "program_manager"),
    "direction": (3, "bd_head"),
    "group": (4, "gp_head"),
    "project": (None, "project_manager"),
}
#: A state body's standard basic direction is led by its own head (Rules p.56).
STANDARD_DIRECTION_ROLE = "standard_bd_head"
