from django.db import migrations


def load(apps, schema_editor):
    from kombitportal.core.reference_data import load_reference_data

    load_reference_data(
        apps.get_model("core", "Region"),
        apps.get_model("core", "Municipality"),
        apps.get_model("core", "Organisation"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
