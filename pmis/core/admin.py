"""Admin base class for hierarchy nodes: the admin writes through the same services as pages and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import authorization
from .node_services import NODE_FIELDS, node_delete


class NodeAdmin(SimpleHistoryAdmin):
    """Admin of one level of the hierarchy; subclasses name the level's services and parent fields.

    `create` and `update` call the app's services, so codes, paths, history, moves and the Rules p.9 deadline
    rule are the same as on the pages and in the API. `check_rules` runs the service-level rules while the form is
    validated, so a refused change is shown on the form instead of failing on save.
    """

    parent_fields: tuple[str, ...] = ()
    list_display = ("code", "name", "stage", "status", "planned_end", "owner_body")
    list_filter = ("stage", "status", "owner_body")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    readonly_fields = ("code", "path", "created_at", "updated_at")
    list_select_related = ("owner_body",)

    # The admin's model permissions let a person into a level's pages; which nodes they see and may change is
    # decided, as everywhere, by the authorization module (roles on the materialized path, substitution, grants).

    def get_queryset(self, request):
        return authorization.restrict(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or authorization.can(request.user, authorization.VIEW, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or authorization.can(request.user, authorization.CHANGE, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or authorization.can(request.user, authorization.DELETE, obj))

    def create(self, actor, parents: dict, fields: dict):
        return self.create_service(actor=actor, **parents, **fields)

    def update(self, actor, obj, parents: dict, fields: dict):
        return self.update_service(actor=actor, **{self.model._meta.model_name: obj}, **parents, **fields)

    def check_rules(self, obj, cleaned: dict) -> None:
        """Service rules that the model's own validation cannot see; overridden where a level has them."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class CheckedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    try:
                        model_admin.check_rules(obj, cleaned)
                    except ValidationError as error:
                        self.add_error(None, error)
                return cleaned

        return CheckedForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in NODE_FIELDS if name in data}
        parents = {name: data.get(name) for name in self.parent_fields}
        saved = (
            self.update(request.user, obj, parents, fields)
            if change
            else self.create(request.user, parents, fields)
        )
        obj.pk, obj.code, obj.path = saved.pk, saved.code, saved.path

    def delete_model(self, request, obj):
        node_delete(obj, actor=request.user, reason="admin")
