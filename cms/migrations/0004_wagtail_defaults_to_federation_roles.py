"""Wagtail's own migrations create two English groups, "Moderators" and "Editors" (with rights on the root
page), and a "Moderators approval" workflow on the root page whose one task waits for "Moderators".
Nobody on this site belongs to those groups: page rights come from the federation's role groups
(区残联 for the whole site, one group per training provider for its subtree). So staff saw English names
and a workflow that no one could approve.

This migration gives the default workflow and its task Chinese names and hands the task to the district
group (区残联), who publish the public site; training courses keep their own workflow (bound to the
training index, the nearer binding wins). The two English groups are deleted when empty (their rights on
the root page with them) and renamed to Chinese when someone was put in them by hand, so nobody loses
access on an existing site.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
WORKFLOW_NAME = "区残联审核发布"
TASK_NAME = "区残联审核页面"
DISTRICT_GROUP = "区残联"  # employment.roles.GROUP_NAMES[Role.DISTRICT]
GROUP_NAMES = {"Moderators": "网站审核员（旧分组）", "Editors": "网站编辑（旧分组）"}


def wagtail_defaults_to_federation_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    district, _ = Group.objects.get_or_create(name=DISTRICT_GROUP)
    Workflow.objects.filter(name=DEFAULT_NAME).update(name=WORKFLOW_NAME)
    for task in GroupApprovalTask.objects.filter(name=DEFAULT_NAME):
        task.groups.set([district])
    Task.objects.filter(name=DEFAULT_NAME).update(name=TASK_NAME)

    for english, chinese in GROUP_NAMES.items():
        group = Group.objects.filter(name=english).first()
        if group is None:
            continue
        if group.user_set.exists():
            group.name = chinese
            group.save(update_fields=["name"])
        else:
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_training_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        # Wagtail's migrations that give the English groups admin, image and document rights run first.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(wagtail_defaults_to_federation_roles, migrations.RunPython.noop)]
