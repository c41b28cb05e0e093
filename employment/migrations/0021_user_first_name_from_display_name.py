"""Wagtail's own pages (workflow history, its e-mails) name a user by get_full_name(): give every
account's user its display name as first_name where none is set, so staff are not shown by username."""

from django.db import migrations


def first_names_fill(apps, schema_editor):
    Account = apps.get_model("employment", "Account")
    User = apps.get_model("auth", "User")
    for account in Account.objects.exclude(display_name="").select_related("user"):
        if not account.user.first_name:
            User.objects.filter(pk=account.user_id).update(first_name=account.display_name[:150])


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0020_account_org_admin_invitation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(first_names_fill, migrations.RunPython.noop)]
