"""Admin of the organisation. The role catalogue, the substitution scheme, role assignments and absences are
written through org.services, as on the pages and in the API: the same rules, messages and history.

A form is checked by running its service in a savepoint that is rolled back, so a refusal (Rules p.79, an
overlapping assignment, a role on the wrong kind of node …) shows on the form beside its field; saving then runs
the service for real.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .choices import Power, ScopeKind
from .models import (
    Absence,
    Certification,
    Notification,
    Person,
    Role,
    RoleAssignment,
    StateBody,
    Substitution,
    Unit,
)
from .models.assignments import NODE_SCOPE_FIELDS
from .scopes import Scope
from .services.absences import EDITABLE as ABSENCE_EDITABLE
from .services.assignments import EDITABLE as ASSIGNMENT_EDITABLE
from .services.catalogue import ROLE_FIELDS

PERSON_SEARCH = ("person__username", "person__last_name", "person__first_name", "person__patronymic")


@admin.register(StateBody)
class StateBodyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("code", "name_kk", "name_ru", "name_en", "short_name")


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "body", "kind", "parent", "head")
    list_filter = ("kind", "body")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    list_select_related = ("body", "parent", "head")
    raw_id_fields = ("head",)


@admin.register(Person)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "position", "unit", "language", "is_active")
    list_filter = ("is_active", "is_staff", "language")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")
    list_select_related = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            gettext_lazy("Person"),
            {"fields": ("last_name", "first_name", "patronymic", "email", "position", "unit", "language")},
        ),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )


# --- writes through the services ----------------------------------------------------------------------------


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names when the form has it, else above."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceAdmin(SimpleHistoryAdmin):
    """An admin whose add, change and delete call services. Subclasses write
    ``write(request, obj, data, change)`` — create (`change` False) or update `obj` from the form's cleaned data
    and return the saved object — and, where deleting is allowed, ``remove(request, obj)``."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.write(request, obj, self.cleaned_data, change)
                        transaction.set_rollback(True)  # a check only: save_model writes
                except ValidationError as error:
                    add_service_errors(self, error)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        saved = self.write(request, obj, form.cleaned_data, change)
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.remove(request, obj)


# --- the role catalogue and the substitution scheme ---------------------------------------------------------


class RoleAdminForm(forms.ModelForm):
    """Where a role is assigned and what it allows, as boxes to tick rather than comma-separated codes."""

    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("assigned on"),
        choices=ScopeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The kinds of node this role may be assigned on."),
    )
    powers = forms.MultipleChoiceField(
        label=gettext_lazy("powers"),
        choices=Power.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("What the role allows on its node and everything below it."),
    )

    class Meta:
        model = Role
        fields = ROLE_FIELDS


@admin.register(Role)
class RoleAdmin(ServiceAdmin):
    """The role catalogue (Rules p.2, Appendix 1). A role is retired by clearing "in use", never deleted:
    assignments and the substitution scheme name it."""

    form = RoleAdminForm
    list_display = ("code", "level", "name", "assigned_on", "role_powers", "max_holders", "is_active")
    list_filter = ("level", "is_active", "one_active_project", "charter_required")
    search_fields = ("code", "name_en", "name_ru", "name_kk")

    @admin.display(description=gettext_lazy("assigned on"))
    def assigned_on(self, role):
        return ", ".join(str(ScopeKind(kind).label) for kind in role.scopes if kind in ScopeKind.values)

    @admin.display(description=gettext_lazy("powers"))
    def role_powers(self, role):
        return ", ".join(str(Power(power).label) for power in role.powers if power in Power.values)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def write(self, request, obj, data, change):
        values = {name: data[name] for name in ROLE_FIELDS if name in data}
        if change:
            values.pop("code", None)
            return services.role_update(actor=request.user, role=obj, **values)
        return services.role_create(actor=request.user, **values)


@admin.register(Substitution)
class SubstitutionAdmin(ServiceAdmin):
    """The substitution scheme (Rules p.99, Appendix 4): cells are added and removed, never edited."""

    list_display = ("substituted", "substitute")
    list_filter = ("substituted", "substitute")
    search_fields = ("substitute__code", "substituted__code")
    list_select_related = ("substitute", "substituted")

    def has_change_permission(self, request, obj=None):
        return False

    def write(self, request, obj, data, change):
        return services.substitution_add(
            actor=request.user, substitute=data["substitute"], substituted=data["substituted"]
        )

    def remove(self, request, obj):
        services.substitution_remove(actor=request.user, substitution=obj)


# --- role assignments and absences --------------------------------------------------------------------------

SCOPE_FIELDS = ("body", *NODE_SCOPE_FIELDS)


def chosen_scope(data: dict) -> Scope:
    """The place of a new assignment: the one of the Office / state body and node fields that is filled in."""
    chosen = [data[name] for name in SCOPE_FIELDS if data.get(name) is not None]
    if len(chosen) != 1:
        raise ValidationError(
            _(
                "Choose exactly one place for the role: the Office or a state body, a portfolio, a program, a "
                "basic direction, a group of projects or a project."
            )
        )
    return Scope.of(chosen[0])


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdmin):
    """Role assignments (Rules p.95, Appendix 1). A new one names its place in exactly one of the Office / state
    body and node fields; once made, only its period, basis, employment and note change."""

    list_display = ("person", "role", "scope_kind", "place", "starts_on", "ends_on", "employment")
    list_filter = ("role", "scope_kind")
    search_fields = PERSON_SEARCH
    autocomplete_fields = ("person", *SCOPE_FIELDS)
    list_select_related = ("person", "role", *SCOPE_FIELDS)
    date_hierarchy = "starts_on"

    @admin.display(description=gettext_lazy("place"))
    def place(self, assignment):
        return assignment.scope

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("person", "role", *SCOPE_FIELDS, *ASSIGNMENT_EDITABLE)
        return ("person", "role", "scope_kind", "place", *ASSIGNMENT_EDITABLE)

    def get_readonly_fields(self, request, obj=None):
        return ("person", "role", "scope_kind", "place") if obj is not None else ()

    def write(self, request, obj, data, change):
        values = {name: data[name] for name in ASSIGNMENT_EDITABLE if name in data}
        if change:
            return services.assignment_update(actor=request.user, assignment=obj, **values)
        return services.assignment_create(
            actor=request.user, person=data["person"], role=data["role"], scope=chosen_scope(data), **values
        )

    def remove(self, request, obj):
        services.assignment_delete(actor=request.user, assignment=obj)


@admin.register(Absence)
class AbsenceAdmin(ServiceAdmin):
    """Absences during which substitutes act (Rules p.99); the person of an absence does not change."""

    list_display = ("person", "kind", "starts_on", "ends_on", "note")
    list_filter = ("kind",)
    search_fields = PERSON_SEARCH
    autocomplete_fields = ("person",)
    list_select_related = ("person",)
    date_hierarchy = "starts_on"

    def get_fields(self, request, obj=None):
        return ("person", *ABSENCE_EDITABLE)

    def get_readonly_fields(self, request, obj=None):
        return ("person",) if obj is not None else ()

    def write(self, request, obj, data, change):
        values = {name: data[name] for name in ABSENCE_EDITABLE if name in data}
        if change:
            return services.absence_update(actor=request.user, absence=obj, **values)
        return services.absence_create(actor=request.user, person=data["person"], **values)

    def remove(self, request, obj):
        services.absence_delete(actor=request.user, absence=obj)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A person's own notifications, read-only: they are written by the services that notify."""

    list_display = ("kind", "recipient", "actor", "created_at", "read_at")

    def get_queryset(self, request):
        from pmis.core import authorization

        return authorization.restrict(super().get_queryset(request), request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    """Certificates are kept by their holders and the Office on the certificates page (its service checks who may);
    the admin reads them."""

    list_display = ("person", "kind", "number", "issued_on", "valid_until")
    list_filter = ("kind",)
    list_select_related = ("person",)
    search_fields = ("person__last_name", "person__first_name", "number")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
