"""The "contribute" power (work inside a project's workspace): every role that may change a node, the project
team member and the task executor get it (org/data/roles.csv)."""

import django.contrib.postgres.fields
from django.db import migrations, models


def load(apps, schema_editor):
    from org.roles_catalogue import read_catalogue

    Role = apps.get_model("org", "Role")
    for row in read_catalogue():
        Role.objects.filter(code=row["code"]).update(powers=row["powers"].split())


class Migration(migrations.Migration):
    dependencies = [("org", "0005_notification_contribute_choice")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
