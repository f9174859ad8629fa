"""Give the catalogue's roles their scopes, powers and flags, and load Appendix 4 (org/data/*.csv)."""

from django.db import migrations


def load(apps, schema_editor):
    from org.roles_catalogue import read_catalogue, read_substitution, role_values

    Role = apps.get_model("org", "Role")
    Substitution = apps.get_model("org", "Substitution")
    for row in read_catalogue():
        Role.objects.update_or_create(code=row["code"], defaults=role_values(row))
    roles = {role.code: role for role in Role.objects.all()}
    for substitute, substituted in read_substitution():
        Substitution.objects.get_or_create(substitute=roles[substitute], substituted=roles[substituted])


class Migration(migrations.Migration):
    dependencies = [("org", "0003_roles_assignments_absences")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
