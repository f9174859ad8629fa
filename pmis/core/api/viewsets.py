"""The viewset every level of the hierarchy shares: reads through selectors, writes through services.

A level's viewset names its model, its two selectors, its three services and the keyword under which its
services take the node (``project=…``); the rest is here:

- list / retrieve read `list_selector(user)` / `get_selector(user, pk)`, which restrict to what the user may see;
- create asks ``can(user, "add", Model)`` first (403: may not add such nodes anywhere), then validates, asks
  ``can(user, "add", parent)`` for the chosen parent (403) and calls the create service;
- update / delete load the node with ``action="change"`` / ``"delete"`` (404 if not visible, 403 if not allowed)
  and call the update / delete service; a move needs "add" on the new parent; the services' ValidationErrors become 400 in the exception handler;
- after a write the node is read back through the selector, so the answer has the same fields as a list row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.db.models import Model
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.nodes import new_parent_in, parent_in

SEARCH_FIELDS = ("code", "name_kk", "name_ru", "name_en")
ORDERING_FIELDS = ("code", "planned_end", "name_ru")

_OBJECT_ACTIONS = {
    "update": authorization.CHANGE,
    "partial_update": authorization.CHANGE,
    "destroy": authorization.DELETE,
}


class NodeViewSet(viewsets.ModelViewSet):
    """CRUD of one hierarchy level; subclasses fill in the class attributes below."""

    model: ClassVar[type[Model]]
    list_selector: ClassVar[Callable]
    get_selector: ClassVar[Callable]
    create_service: ClassVar[Callable]
    update_service: ClassVar[Callable]
    delete_service: ClassVar[Callable]
    #: The keyword under which the update and delete services take the node: ``project_update(project=…)``.
    service_arg: ClassVar[str]

    search_fields = SEARCH_FIELDS
    ordering_fields = ORDERING_FIELDS
    ordering = ("code",)
    # Ids only: anything else is not a node and must not reach the selector's integer lookup.
    lookup_value_regex = r"\d+"

    # --- reads -------------------------------------------------------------------------------------------

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, only the model matters
            return self.model._default_manager.none()
        return type(self).list_selector(self.request.user)

    def get_object(self):
        action = _OBJECT_ACTIONS.get(self.action, authorization.VIEW)
        node = type(self).get_selector(self.request.user, self.kwargs[self.lookup_field], action=action)
        self.check_object_permissions(self.request, node)
        return node

    def _read_back(self, node):
        return type(self).get_selector(self.request.user, node.pk)

    # --- writes ------------------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        # Before validation: a person who may not create learns that, not what was wrong with the data.
        authorization.require(request.user, authorization.ADD, self.model)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        arguments = self.create_arguments(serializer.validated_data)
        authorization.require(self.request.user, authorization.ADD, parent_in(arguments) or self.model)
        node = type(self).create_service(actor=self.request.user, **arguments)
        serializer.instance = self._read_back(node)

    def perform_update(self, serializer):
        node = serializer.instance
        arguments = self.update_arguments(dict(serializer.validated_data), node)
        new_parent = new_parent_in(node, arguments)
        if new_parent is not None:  # a move adds the node under its new parent
            authorization.require(self.request.user, authorization.ADD, new_parent)
        node = type(self).update_service(actor=self.request.user, **{self.service_arg: node}, **arguments)
        serializer.instance = self._read_back(node)

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, **{self.service_arg: instance})

    # --- request data → service arguments (override where a level's parent links need it) ----------------

    def create_arguments(self, data: dict) -> dict:
        return dict(data)

    def update_arguments(self, data: dict, node) -> dict:
        return data


class SelectorReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail over `list_selector(user)`, for catalogues the API does not write."""

    model: ClassVar[type[Model]]
    list_selector: ClassVar[Callable]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return type(self).list_selector(self.request.user)


# --- resources beyond the hierarchy: reads through selectors, writes through services -------------------------


class ServiceViewSet(viewsets.GenericViewSet):
    """Reads through `list_selector(user)`, one object through `get_one(key, action=)` over the same list (404
    when not visible, 403 when the action is not allowed); writes through services.

    A write validates with its own input serializer (`create_serializer_class`, `update_serializer_class`), hands
    the data to the service and answers with the object read back through the selector in the shape of a list
    row (`serializer_class`). Subclasses mix in the actions they offer (`CreateThroughService` …) and write the
    hook each of those names.
    """

    model: ClassVar[type[Model]]
    list_selector: ClassVar[Callable]
    #: The power each action needs on the object it loads (403 before the data are validated).
    object_actions: ClassVar[dict[str, str]] = _OBJECT_ACTIONS
    create_serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    update_serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, only the model matters
            return self.model._default_manager.none()
        return type(self).list_selector(self.request.user)

    def get_object(self):
        action = self.object_actions.get(self.action, authorization.VIEW)
        obj = self.get_one(self.kwargs[self.lookup_url_kwarg or self.lookup_field], action=action)
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer_class is not None:
            return self.create_serializer_class
        if self.action in ("update", "partial_update") and self.update_serializer_class is not None:
            return self.update_serializer_class
        return self.serializer_class

    def answer(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_one(obj.pk if self.lookup_field == "pk" else getattr(obj, self.lookup_field))
        return Response(
            self.serializer_class(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def get_one(self, key, *, action: str = authorization.VIEW):
        """One object of the list by `lookup_field`: 404 when not visible, 403 when `action` is not allowed."""
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: key})
        if action != authorization.VIEW:
            authorization.require(self.request.user, action, obj)
        return obj

    def check_create(self, request) -> None:
        """Refuse (403) before validating, where the permission does not depend on the data."""


class CreateThroughService:
    """``POST``: check, validate with the create serializer, call the create service, answer the object.

    The resource names its service in ``create_object(data)``.
    """

    def create(self, request, *args, **kwargs):
        self.check_create(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer(self.create_object(dict(serializer.validated_data)), status.HTTP_201_CREATED)


class UpdateThroughService:
    """``PUT`` / ``PATCH``: load with "change" (404 / 403), validate, call the update service.

    The resource names its service in ``update_object(obj, data)``.
    """

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        return self.answer(self.update_object(obj, dict(serializer.validated_data)))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class DestroyThroughService:
    """``DELETE``: load with "delete" (404 / 403), call the delete service named in ``remove_object(obj)``."""

    def destroy(self, request, *args, **kwargs):
        self.remove_object(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaleVersionAs409:
    """Answer a stale edit (`pmis.core.concurrency.StaleVersion`) with 409 ``{"detail": message, "current": …}``,
    the object as it is now in `stale_serializer_class` (default: the list row), so the client can show it."""

    stale_serializer_class: ClassVar[type[serializers.Serializer] | None] = None

    def handle_exception(self, exc):
        if isinstance(exc, StaleVersion):
            fresh = self.get_one(exc.current.pk)
            serializer_class = self.stale_serializer_class or self.serializer_class
            current = serializer_class(fresh, context=self.get_serializer_context()).data
            return Response({"detail": str(exc), "current": current}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)
