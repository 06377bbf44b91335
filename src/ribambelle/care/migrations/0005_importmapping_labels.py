# The mapping's absence labels become its labels of any kind (absence reasons, contract kinds): renamed, so
# that saved mappings keep theirs.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0004_attendance_composite_indexes_only"),
    ]

    operations = [
        migrations.RenameField(model_name="importmapping", old_name="absence_reasons", new_name="labels"),
        migrations.AlterField(
            model_name="importmapping",
            name="labels",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="libellé du fichier → valeur (motif d'absence, type d'accueil)",
                verbose_name="correspondance des libellés",
            ),
        ),
    ]
