"""Install the shipped frameworks (in the project's own words) when the database is set up."""

from django.db import migrations


def install(apps, schema_editor):
    from qijourney.assessment.services import install as install_into

    install_into(*(apps.get_model("assessment", name)
                   for name in ("Framework", "Domain", "Statement", "Level")))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
