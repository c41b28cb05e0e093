"""The employer register (用人单位名录): why and since when an employer is off the register, and the
log of every change staff make to it; an employer with jobs or accounts can no longer be deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0021_user_first_name_from_display_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # An employer with jobs or accounts is never deleted (it is taken off the register instead).
        migrations.AlterField(
            model_name="account",
            name="employer",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="accounts", to="employment.employer"),
        ),
        migrations.AlterField(
            model_name="jobpost",
            name="employer",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="jobs",
                                    to="employment.employer"),
        ),
        migrations.AddField(
            model_name="employer",
            name="inactive_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="停用原因"),
        ),
        migrations.AddField(
            model_name="employer",
            name="inactive_since",
            field=models.DateTimeField(blank=True, null=True, verbose_name="停用时间"),
        ),
        migrations.CreateModel(
            name="EmployerChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                ("by_label", models.CharField(blank=True, max_length=120, verbose_name="操作人（当时的名称）")),
                ("action", models.CharField(choices=[("created", "登记"), ("updated", "修改"), ("deactivated", "停用"),
                                                     ("reactivated", "恢复在册"), ("import_created", "批量导入登记"),
                                                     ("import_updated", "批量导入更新")],
                                            max_length=20, verbose_name="操作")),
                ("changes", models.JSONField(blank=True, default=list, verbose_name="变更内容")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="原因或来源")),
                ("by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                         related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="操作人")),
                ("employer", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                               related_name="register_changes", to="employment.employer",
                                               verbose_name="用人单位")),
            ],
            options={
                "verbose_name": "用人单位名录变更记录",
                "verbose_name_plural": "用人单位名录变更记录",
                "ordering": ["-at", "-id"],
            },
        ),
    ]
