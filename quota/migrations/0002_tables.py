"""Quota's tables get the app's names (``employment_declaration`` → ``quota_declaration``…) and their content
types move to ``quota`` in place (same ids), so every revision, workflow state, task state, log entry,
reference-index row, permission and group permission of a declaration or policy year follows."""

from django.db import migrations

from employment.migration_tools import content_types_mover

MODELS = ['declaration', 'rosterentry', 'declarationconflict', 'monthsadjustment', 'policyyear']
content_types_forwards, content_types_backwards = content_types_mover(MODELS, from_label="employment", to_label="quota")


class Migration(migrations.Migration):

    dependencies = [
        ("quota", "0001_initial"),
        ("employment", "0012_models_moved_out"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelTable(name="declaration", table=None),
        migrations.AlterModelTable(name="rosterentry", table=None),
        migrations.AlterModelTable(name="declarationconflict", table=None),
        migrations.AlterModelTable(name="monthsadjustment", table=None),
        migrations.AlterModelTable(name="policyyear", table=None),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
