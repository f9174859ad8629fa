"""Load the Office's standard checklists for written and oral instructions (Rules p.94)."""

from django.db import migrations


def load(apps, schema_editor):
    # The data only, with the historical models: the service may change after this migration.
    from instructions.standard_checklists import STANDARD_TEMPLATES

    Template = apps.get_model("instructions", "ChecklistTemplate")
    Step = apps.get_model("instructions", "ChecklistTemplateStep")
    for data in STANDARD_TEMPLATES:
        if Template.objects.filter(form=data["form"], name_ru=data["name_ru"]).exists():
            continue
        template = Template.objects.create(form=data["form"], name_ru=data["name_ru"], name_kk=data["name_kk"])
        Step.objects.bulk_create(
            Step(template=template, position=number, text_ru=ru, text_kk=kk, days=days)
            for number, (ru, kk, days) in enumerate(data["steps"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("instructions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
