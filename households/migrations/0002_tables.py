"""The family register's table gets the app's name (``employment_household`` → ``households_household``) and
its content type moves to ``households`` in place (same id); the seekers' ``household_id`` column follows
the renamed table."""

from django.db import migrations

from employment.migration_tools import content_types_mover

MODELS = ['household']
content_types_forwards, content_types_backwards = content_types_mover(MODELS, from_label="employment", to_label="households")


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0001_initial"),
        ("employment", "0012_models_moved_out"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelTable(name="household", table=None),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
