"""The role catalogue is data loaded from the project's own copy of roles.csv."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from org.models import Role
from org.roles_catalogue import read_catalogue
from org.services import roles_load_catalogue

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_whole_catalogue():
    # A transactional test elsewhere may have flushed the tables, so run the migration's function again.
    load = importlib.import_module("org.migrations.0002_load_role_catalogue").load
    Role.objects.all().delete()
    load(django_apps, None)
    rows = read_catalogue()
    assert len(rows) == 38
    assert Role.objects.count() == len(rows)
    manager = Role.objects.get(code="project_manager")
    assert manager.level == "project"
    assert manager.name_kk == "Жоба менеджері"


def test_loading_again_changes_nothing():
    roles_load_catalogue()
    assert roles_load_catalogue() == (0, 38)
    assert Role.objects.count() == 38


def test_an_unknown_level_refuses_the_whole_load():
    rows = [
        {
            "code": "new_role",
            "level": "project",
            "name_en": "x",
            "name_ru": "x",
            "name_kk": "x",
            "source": "",
        },
        {"code": "bad", "level": "galaxy", "name_en": "x", "name_ru": "x", "name_kk": "x", "source": ""},
    ]
    with pytest.raises(ValidationError) as error:
        roles_load_catalogue(rows=rows)
    assert "galaxy" in error.value.messages[0]
    assert not Role.objects.filter(code="new_role").exists()  # all or nothing
