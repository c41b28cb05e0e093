"""The review workflow of subsidy applications, made here for a new database (an existing one keeps its own, already
bound to the model's content type): the town → district steps, bound to the model. The code finds it by
that binding, never by its name (``review.workflows``)."""

from django.db import migrations


def workflow_create(apps, schema_editor):
    from review.workflows import review_workflow_ensure

    review_workflow_ensure(apps, "subsidies.SubsidyApplication", name="补贴奖励审核")


class Migration(migrations.Migration):

    dependencies = [
        ("subsidies", "0002_tables"),
        ("review", "0002_tables"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(workflow_create, migrations.RunPython.noop),
    ]
