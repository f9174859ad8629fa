"""Serializer fields shared by the API: references to hierarchy nodes and state bodies.

A reference is written as the object's id or, as DESIGN.md §4 names nodes, as ``"<kind>:<id>"``; it is answered
with the id. The object is looked up through the app's selector, so a client can only point at what it may see,
and an id that names nothing visible is a 400 with a message saying so (never a 404 or a 500).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmis.core.nodes import NODE_MODELS, node_model, parse_ref


class RefField(serializers.PrimaryKeyRelatedField):
    """A related object given by id or ``kind:id`` and read through `selector(user)`.

    `kinds` are the reference kinds that name this model (``("group",)`` for a group of projects,
    ``("body", "office")`` for a state body).
    """

    default_error_messages = {
        "does_not_exist": _("There is no {model} with the id {pk_value}."),
        "incorrect_type": _("Give the id of the {model} or a reference like “{example}”."),
        "wrong_kind": _("“{value}” does not name a {model}; write it as “{example}”."),
    }

    def __init__(self, *, model, selector: Callable, kinds: Iterable[str], **kwargs):
        self.model = model
        self.selector = selector
        self.kinds = tuple(kinds)
        kwargs.setdefault(
            "help_text", format_lazy(_("Id, or a reference “{kind}:<id>”."), kind=self.kinds[0])
        )
        # The queryset only tells the schema generator the model; lookups go through the selector.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self):
        return self.selector(self.context["request"].user)

    def fail(self, key, **kwargs):
        kwargs.setdefault("model", self.model._meta.verbose_name)
        kwargs.setdefault("example", f"{self.kinds[0]}:12")
        super().fail(key, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and ":" in data:
            try:
                kind, pk = parse_ref(data)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from error
            if kind not in self.kinds:
                self.fail("wrong_kind", value=data)
            data = pk
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


def node_ref_field(model, selector: Callable, **kwargs) -> RefField:
    """A reference to a node of the hierarchy level `model` (``"project:40"`` or ``40``)."""
    return RefField(model=model, selector=selector, kinds=(model.KIND,), **kwargs)


def body_ref_field(**kwargs) -> RefField:
    """A reference to a state body (``"body:3"``, ``"office:1"`` or ``3``)."""
    from org.models import StateBody
    from org.selectors import body_list

    return RefField(model=StateBody, selector=body_list, kinds=("body", "office"), **kwargs)


class NodeRefField(serializers.CharField):
    """A hierarchy node given as ``"program:3"``, among the nodes the person may see; answered with the node.

    `kinds` are the kinds of node accepted (every level by default); a subclass may say in its own words why
    another kind is refused (its "kind" message, which may use {ref} and {kinds}).
    """

    default_error_messages = {
        "kind": _("“{ref}” is not a node of the kinds {kinds}."),
        "missing": _("There is no node {ref} that you may see."),
    }

    def __init__(self, *, kinds: Iterable[str] = tuple(NODE_MODELS), **kwargs):
        self.kinds = tuple(kinds)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from pmis.core import authorization

        ref = super().to_internal_value(data)
        try:
            kind, pk = parse_ref(ref)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        if kind not in self.kinds:
            self.fail("kind", ref=ref, kinds=", ".join(self.kinds))
        node = node_model(kind).objects.filter(pk=pk).first()
        if node is None or not authorization.can(self.context["request"].user, authorization.VIEW, node):
            self.fail("missing", ref=ref)
        return node
