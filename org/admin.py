from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Person, Role, StateBody, Unit


@admin.register(StateBody)
class StateBodyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("code", "name_kk", "name_ru", "name_en", "short_name")


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "body", "kind", "parent")
    list_filter = ("kind", "body")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    list_select_related = ("body", "parent")


@admin.register(Person)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "position", "unit", "language", "is_active")
    list_filter = ("is_active", "is_staff", "language")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")
    list_select_related = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {"fields": ("last_name", "first_name", "patronymic", "email", "position", "unit", "language")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ("code", "level", "name", "source", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name_en", "name_ru", "name_kk")
