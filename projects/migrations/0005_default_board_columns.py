"""Projects made before the board existed get its standard columns (projects.services.board.DEFAULT_COLUMNS)."""

from django.db import migrations

COLUMNS = (
    ("Бэклог", "backlog", None),
    ("К выполнению", "todo", None),
    ("В работе", "doing", 5),
    ("На проверке", "review", 3),
    ("Выполнено", "done", None),
)


def set_up(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    BoardColumn = apps.get_model("projects", "BoardColumn")
    for project in Project.objects.filter(columns__isnull=True):
        BoardColumn.objects.bulk_create(
            BoardColumn(project=project, name=name, kind=kind, position=index, wip_limit=limit)
            for index, (name, kind, limit) in enumerate(COLUMNS)
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_workspace_links")]
    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
