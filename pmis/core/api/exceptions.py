"""API errors as JSON a person can act on, in the request's language.

Services raise Django's ValidationError (so forms and the API share one message); here it becomes a 400 with
the same shape as DRF's own validation errors: ``{"field": ["message"], "non_field_errors": [...]}``. A delete
refused because something still lies below the node is such a ValidationError too: a 400 saying what to move.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _as_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_as_detail(exc))
    elif isinstance(exc, Http404):
        # get_object_or_404's message names a model in English ("No DocumentVersion matches …"): an outsider
        # learns nothing from a 404 but "not found", in their language.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
