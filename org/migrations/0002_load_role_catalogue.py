"""Load the role catalogue (org/data/roles.csv) so that every database starts with the roles of the Rules."""

from django.db import migrations


def load(apps, schema_editor):
    from org.roles_catalogue import read_catalogue

    Role = apps.get_model("org", "Role")
    for row in read_catalogue():
        Role.objects.update_or_create(
            code=row["code"],
            defaults={key: row[key] for key in ("level", "name_en", "name_ru", "name_kk", "source")},
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
