"""The Wagtail admin speaks Chinese only: clear any other language a user picked before
WAGTAILADMIN_PERMITTED_LANGUAGES was narrowed to Simplified Chinese (a stored "en" would still win)."""

from django.db import migrations


def clear_other_languages(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(preferred_language__in=["", "zh-hans"]).update(preferred_language="")


class Migration(migrations.Migration):

    dependencies = [
        ("employment", "0009_signup_verification_and_claims"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(clear_other_languages, migrations.RunPython.noop)]
