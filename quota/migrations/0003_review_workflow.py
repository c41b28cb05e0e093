"""The review workflow of declarations, made here for a new database (an existing one keeps its own, already
bound to the model's content type): the town → district steps, bound to the model. The code finds it by
that binding, never by its name (``review.workflows``)."""

from django.db import migrations


def workflow_create(apps, schema_editor):
    from review.workflows import review_workflow_ensure

    review_workflow_ensure(apps, "quota.Declaration", name="按比例就业年审")


class Migration(migrations.Migration):

    dependencies = [
        ("quota", "0002_tables"),
        ("review", "0002_tables"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(workflow_create, migrations.RunPython.noop),
    ]
