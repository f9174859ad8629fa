"""What pages share when they read a request and answer a refused write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def int_or_none(value) -> int | None:
    """A query or form value as an integer; None when it is missing or not a number (a filter then ignores it)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def flag_or_none(value) -> bool | None:
    """A yes/no filter of a query ("1"/"yes", "0"/"no"); None when it is missing or anything else (no filter)."""
    return {"1": True, "yes": True, "0": False, "no": False}.get(value or "")


def error_messages(request, error: ValidationError) -> None:
    """A service's refusal shown on the next page, one message per reason."""
    for message in error.messages:
        messages.error(request, message)
