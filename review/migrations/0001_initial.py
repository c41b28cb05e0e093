"""The review tasks move from ``employment`` to ``review`` (issue 17), step 1: the project state takes them over
with their tables as they are (``employment_*``); ``0002_tables`` renames the tables and moves the content types."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('employment', '0010_auth_admin_language_chinese'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (employment's migrations made them): only the project state moves here.
            state_operations=[
                migrations.CreateModel(
                    name='DistrictReviewTask',
                    fields=[
                        ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                    ],
                    options={
                        'db_table': 'employment_districtreviewtask',
                        'verbose_name': '区残联终审任务',
                        'verbose_name_plural': '区残联终审任务',
                    },
                    bases=('wagtailcore.task',),
                ),
                migrations.CreateModel(
                    name='TownReviewTask',
                    fields=[
                        ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                    ],
                    options={
                        'db_table': 'employment_townreviewtask',
                        'verbose_name': '镇街初审任务',
                        'verbose_name_plural': '镇街初审任务',
                    },
                    bases=('wagtailcore.task',),
                ),
            ],
            database_operations=[],
        ),
    ]
