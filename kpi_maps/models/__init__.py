"""Goal maps: indicators, their plans and actual values, decomposition links and the achievement rule set."""

from .contributions import Contribution
from .indicators import Indicator
from .periods import Target, Value
from .rules import RuleSet

__all__ = ["Contribution", "Indicator", "RuleSet", "Target", "Value"]
