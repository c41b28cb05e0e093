# Working age (issue 15 item 3): the year's age parameters and a woman's post on the roster.

import django.core.validators
from django.db import migrations, models

RAISE_SOURCE = (
    "实施渐进式延迟法定退休年龄：全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定"
    "（2024年9月13日通过，2025年1月1日起施行）及附件"
)


def raise_from_2025(apps, schema_editor):
    """Years from 2025 already in the database get the gradual raise (the file sets it for new rows)."""
    PolicyYear = apps.get_model("quota", "PolicyYear")
    for policy in PolicyYear.objects.filter(year__gte=2025):
        policy.retirement_raise_in_force = True
        if RAISE_SOURCE not in policy.source:
            policy.source = f"{policy.source}\n{RAISE_SOURCE}".strip()
        policy.save(update_fields=["retirement_raise_in_force", "source"])


class Migration(migrations.Migration):

    dependencies = [
        ("quota", "0004_declaration_late_and_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="policyyear",
            name="working_age_min",
            field=models.PositiveSmallIntegerField(
                default=16, help_text="年满此周岁的当月起计入。",
                validators=[django.core.validators.MinValueValidator(14), django.core.validators.MaxValueValidator(20)],
                verbose_name="劳动年龄下限（周岁）",
            ),
        ),
        migrations.AddField(
            model_name="policyyear",
            name="retire_age_male",
            field=models.PositiveSmallIntegerField(
                default=60, help_text="原法定退休年龄；达到退休年龄的当月仍计入，次月起不计入。",
                validators=[django.core.validators.MinValueValidator(40), django.core.validators.MaxValueValidator(70)],
                verbose_name="男职工法定退休年龄（周岁）",
            ),
        ),
        migrations.AddField(
            model_name="policyyear",
            name="retire_age_female_cadre",
            field=models.PositiveSmallIntegerField(
                default=55, help_text="原法定退休年龄为55周岁的女职工；名册未填写岗位类别的女职工也按此计算。",
                validators=[django.core.validators.MinValueValidator(40), django.core.validators.MaxValueValidator(70)],
                verbose_name="女干部法定退休年龄（周岁）",
            ),
        ),
        migrations.AddField(
            model_name="policyyear",
            name="retire_age_female_worker",
            field=models.PositiveSmallIntegerField(
                default=50, help_text="原法定退休年龄为50周岁的女职工（名册中岗位类别填“工人”）。",
                validators=[django.core.validators.MinValueValidator(40), django.core.validators.MaxValueValidator(70)],
                verbose_name="女工人法定退休年龄（周岁）",
            ),
        ),
        migrations.AddField(
            model_name="policyyear",
            name="retirement_raise_in_force",
            field=models.BooleanField(
                default=False,
                help_text="2025年起勾选：按全国人大常委会2024年9月13日决定的附件逐月延迟（男职工和女干部每出生4个月延迟1个月，"
                "最高63、58周岁；女工人每出生2个月延迟1个月，最高55周岁）。",
                verbose_name="实施渐进式延迟法定退休年龄",
            ),
        ),
        migrations.AddField(
            model_name="rosterentry",
            name="female_post",
            field=models.CharField(
                blank=True,
                choices=[("", "未填写（按女干部计算）"), ("cadre", "女干部（原法定退休年龄55周岁）"),
                         ("worker", "女工人（原法定退休年龄50周岁）")],
                default="", help_text="决定女职工的法定退休年龄；男职工不填，未填写按女干部计算。", max_length=8,
                verbose_name="女职工岗位类别",
            ),
        ),
        migrations.RunPython(raise_from_2025, migrations.RunPython.noop),
    ]
