"""The review tasks' tables get the app's names (``employment_townreviewtask`` → ``review_townreviewtask``…)
and their content types move to ``review`` in place (same ids): ``wagtailcore_task.content_type``, which
names each task's class, follows."""

from django.db import migrations

from employment.migration_tools import content_types_mover

MODELS = ['townreviewtask', 'districtreviewtask']
content_types_forwards, content_types_backwards = content_types_mover(MODELS, from_label="employment", to_label="review")


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0001_initial"),
        ("employment", "0012_models_moved_out"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelTable(name="townreviewtask", table=None),
        migrations.AlterModelTable(name="districtreviewtask", table=None),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
