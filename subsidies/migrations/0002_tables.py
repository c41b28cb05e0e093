"""The subsidies' tables get the app's names (``employment_subsidyapplication`` → ``subsidies_subsidyapplication``…)
and their content types move to ``subsidies`` in place (same ids), so every revision, workflow state, task
state, log entry, permission and notification target of an application follows."""

from django.db import migrations

from employment.migration_tools import content_types_mover

MODELS = ['subsidyapplication', 'siclaimline', 'paymentlist', 'subsidyevidence', 'paymentdetailschange']
content_types_forwards, content_types_backwards = content_types_mover(MODELS, from_label="employment", to_label="subsidies")


class Migration(migrations.Migration):

    dependencies = [
        ("subsidies", "0001_initial"),
        ("employment", "0012_models_moved_out"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelTable(name="subsidyapplication", table=None),
        migrations.AlterModelTable(name="siclaimline", table=None),
        migrations.AlterModelTable(name="paymentlist", table=None),
        migrations.AlterModelTable(name="subsidyevidence", table=None),
        migrations.AlterModelTable(name="paymentdetailschange", table=None),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
