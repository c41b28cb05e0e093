"""The family register moves from ``employment`` to ``households`` (issue 17), step 1: the project state takes the
model over with its table as it is (``employment_household``); ``0002_tables`` renames the table and moves the
content type."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('employment', '0010_auth_admin_language_chinese'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (employment's migrations made them): only the project state moves here.
            state_operations=[
                migrations.CreateModel(
                    name='Household',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='残联台账上的家庭编号，例如 HS-GL-0001。', max_length=30, unique=True, verbose_name='户编号')),
                        ('identified_on', models.DateField(blank=True, help_text='不是零就业残疾人家庭的留空。', null=True, verbose_name='认定为零就业残疾人家庭的日期')),
                        ('other_employed_from', models.DateField(blank=True, help_text='未在本平台登记的家庭成员（例如配偶）开始就业的日期；没有则留空。', null=True, verbose_name='其他家庭成员就业开始日期')),
                        ('other_employed_until', models.DateField(blank=True, help_text='仍在就业的留空。', null=True, verbose_name='其他家庭成员就业结束日期')),
                        ('exited_on', models.DateField(blank=True, help_text='迁出或不再符合认定条件的日期。', null=True, verbose_name='退出台账日期')),
                        ('exit_reason', models.CharField(blank=True, max_length=100, verbose_name='退出原因')),
                        ('notes', models.TextField(blank=True, verbose_name='备注')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('town', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='households', to='employment.town', verbose_name='所属镇街')),
                    ],
                    options={
                        'db_table': 'employment_household',
                        'verbose_name': '家庭',
                        'verbose_name_plural': '家庭',
                        'ordering': ['town', 'code'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('other_employed_until__isnull', True), models.Q(('other_employed_from__isnull', False), ('other_employed_until__gte', models.F('other_employed_from'))), _connector='OR'), name='household_other_employment_order')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
