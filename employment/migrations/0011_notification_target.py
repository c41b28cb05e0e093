"""A notification points at what it is about through a generic relation (``target``) instead of a foreign
key to the subsidy application (issue 17): the core names no later app. The application of every
existing notification becomes its target; backwards, targets that are applications become the
foreign key again."""

import django.db.models.deletion
from django.db import migrations, models


def _application_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # This runs while subsidy applications still belong to employment (subsidies 0002 moves the type).
    return ContentType.objects.get_or_create(app_label="employment", model="subsidyapplication")[0]


def application_to_target(apps, schema_editor):
    Notification = apps.get_model("employment", "Notification")
    linked = Notification.objects.filter(application__isnull=False)
    if linked.exists():
        linked.update(target_type=_application_type(apps), target_id=models.F("application_id"))


def target_to_application(apps, schema_editor):
    Notification = apps.get_model("employment", "Notification")
    linked = Notification.objects.filter(target_type=_application_type(apps), target_id__isnull=False)
    linked.update(application_id=models.F("target_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("employment", "0010_auth_admin_language_chinese"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="target_type",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ),
        migrations.RunPython(application_to_target, target_to_application),
        migrations.RemoveField(model_name="notification", name="application"),
    ]
