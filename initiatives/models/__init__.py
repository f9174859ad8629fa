"""Models of the management of initiatives (Rules p.21–26)."""

from .initiatives import Initiative, PassportVersion

__all__ = ["Initiative", "PassportVersion"]
