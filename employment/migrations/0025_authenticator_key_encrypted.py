"""Staff authenticator secrets encrypted at rest: the new ``AuthenticatorDevice`` (django-otp's TOTP
with an ``EncryptedTextField`` key) takes every device from django-otp's ``TOTPDevice`` table, keys
encrypted, and that table is emptied, so no plain secret is left in the database. Reversible: going
back puts the devices, keys in plain hex again, into django-otp's table.

Sessions verified with a moved device name it by its old id and ask for a code once more.
"""

import django.db.models.deletion
import django_otp.plugins.otp_totp.models
import employment.crypto
from django.conf import settings
from django.db import migrations, models


FIELDS = ("user_id", "name", "confirmed", "throttling_failure_timestamp", "throttling_failure_count",
          "created_at", "last_used_at", "key", "step", "t0", "digits", "tolerance", "drift", "last_t")


def _move(source, target, db) -> None:
    """Every device of ``source`` into ``target`` (the key encrypted or decrypted by the target's field
    as it is saved), in id order, keeping when each was created; then ``source`` is emptied."""
    for device in source.objects.using(db).order_by("pk"):
        moved = target.objects.using(db).create(**{name: getattr(device, name) for name in FIELDS})
        # created_at is auto_now_add: put the original moment back.
        target.objects.using(db).filter(pk=moved.pk).update(created_at=device.created_at)
    source.objects.using(db).all().delete()


def seal(apps, schema_editor):
    _move(apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("employment", "AuthenticatorDevice"),
          schema_editor.connection.alias)


def unseal(apps, schema_editor):
    _move(apps.get_model("employment", "AuthenticatorDevice"), apps.get_model("otp_totp", "TOTPDevice"),
          schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('employment', '0024_alter_application_interview_format_and_more'),
        ('otp_totp', '0003_add_timestamps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthenticatorDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('key', employment.crypto.EncryptedTextField(default=django_otp.plugins.otp_totp.models.default_key, validators=[django_otp.plugins.otp_totp.models.key_validator], verbose_name='密钥（加密保存）')),
                ('step', models.PositiveSmallIntegerField(default=30, verbose_name='时间步长（秒）')),
                ('t0', models.BigIntegerField(default=0, verbose_name='起算时间')),
                ('digits', models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6, verbose_name='位数')),
                ('tolerance', models.PositiveSmallIntegerField(default=1, verbose_name='允许误差（步）')),
                ('drift', models.SmallIntegerField(default=0, verbose_name='时钟偏差（步）')),
                ('last_t', models.BigIntegerField(default=-1, verbose_name='上次验证的时间步')),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '验证器应用',
                'verbose_name_plural': '验证器应用',
                'abstract': False,
            },
        ),
        migrations.RunPython(seal, unseal),
    ]
