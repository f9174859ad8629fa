"""Models of governance: governing bodies, expert councils' discussions, public monitoring."""

from .bodies import GoverningBody
from .expert import ExpertDiscussion, ExpertRecommendation
from .monitoring import MonitoringGroup, MonitoringResult

__all__ = ["ExpertDiscussion", "ExpertRecommendation", "GoverningBody", "MonitoringGroup", "MonitoringResult"]
