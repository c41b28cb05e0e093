"""Declarations, their rosters, conflicts and adjustments and the policy years move from ``employment`` to ``quota``
(issue 17), step 1: the project state takes them over with their tables as they are (``employment_*``);
``0002_tables`` renames the tables and moves the content types."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('employment', '0010_auth_admin_language_chinese'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (employment's migrations made them): only the project state moves here.
            state_operations=[
                migrations.CreateModel(
                    name='Declaration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('locked', models.BooleanField(default=False, editable=False, verbose_name='locked')),
                        ('locked_at', models.DateTimeField(editable=False, null=True, verbose_name='locked at')),
                        ('status', models.CharField(choices=[('draft', '填报中'), ('town_review', '镇街初审中'), ('district_review', '区残联终审中'), ('rejected', '已退回，请修改后重新提交'), ('approved', '审核通过')], default='draft', max_length=16, verbose_name='状态')),
                        ('reviewer_comment', models.TextField(blank=True, verbose_name='审核意见')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='提交时间')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='审核通过时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('year', models.PositiveSmallIntegerField(verbose_name='就业年度')),
                        ('monthly_headcounts', models.JSONField(blank=True, default=list, verbose_name='各月在职职工人数')),
                        ('wage_bill', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='上年在职职工工资总额（元）')),
                        ('levy_already_paid', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='已缴纳保障金（元）')),
                        ('result', models.JSONField(blank=True, default=dict, editable=False, verbose_name='计算结果')),
                        ('staff_avg', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True, verbose_name='年平均在职职工人数')),
                        ('counted', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True, verbose_name='安排残疾人就业人数')),
                        ('actual_ratio', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='实际安排比例')),
                        ('levy_payable', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='应缴保障金（元）')),
                        ('reward_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='超比例奖励（元）')),
                        ('outcome', models.CharField(blank=True, choices=[('met', '达标'), ('levy', '应缴纳保障金'), ('exempt', '未达标，暂免征收'), ('reward', '超比例，给予奖励')], max_length=10, verbose_name='结果')),
                        ('policy_year_used', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='计算所用政策年度')),
                        ('employer_response', models.TextField(blank=True, verbose_name='单位说明')),
                        ('letter_no', models.CharField(blank=True, max_length=40, verbose_name='认定书编号')),
                        ('publicity_start', models.DateField(blank=True, null=True, verbose_name='公示开始')),
                        ('publicity_end', models.DateField(blank=True, null=True, verbose_name='公示结束')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('employer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='declarations', to='employment.employer', verbose_name='用人单位')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locked_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by')),
                    ],
                    options={
                        'db_table': 'employment_declaration',
                        'verbose_name': '按比例就业年审申报',
                        'verbose_name_plural': '按比例就业年审申报',
                        'ordering': ['-year', 'employer__name'],
                    },
                ),
                migrations.CreateModel(
                    name='DeclarationConflict',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='就业年度')),
                        ('cert_hash', models.CharField(editable=False, max_length=64)),
                        ('months', models.JSONField(default=list, verbose_name='重叠月份')),
                        ('status', models.CharField(choices=[('open', '待处理'), ('resolved', '已处理')], default='open', max_length=10, verbose_name='状态')),
                        ('decision', models.TextField(blank=True, verbose_name='处理意见')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'employment_declarationconflict',
                        'verbose_name': '重复申报冲突',
                        'verbose_name_plural': '重复申报冲突',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='PolicyYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(help_text='申报所针对的就业年度（不是申报年份）。', unique=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='就业年度')),
                        ('ratio', models.DecimalField(decimal_places=4, default=Decimal('0.015'), help_text='例如 0.015 表示 1.5%。', max_digits=6, verbose_name='安排比例')),
                        ('cap_multiple', models.DecimalField(decimal_places=2, default=Decimal('2'), help_text='用人单位平均工资不超过当地社会平均工资的倍数（2018年4月起为2倍，之前为3倍）。', max_digits=4, verbose_name='工资封顶倍数')),
                        ('local_avg_wage', models.DecimalField(blank=True, decimal_places=2, help_text='当地统计部门公布的上年度社会平均工资；未公布时留空，计算时会提示。', max_digits=12, null=True, verbose_name='当地社会平均工资（元/年）')),
                        ('min_wage', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='当地最低工资（元/月）')),
                        ('tiering_in_force', models.BooleanField(default=True, verbose_name='分档减缴是否适用')),
                        ('reduced_50_floor', models.DecimalField(decimal_places=4, default=Decimal('0.01'), help_text='例如 0.01 表示 1%。', max_digits=6, verbose_name='分档下限比例')),
                        ('reduced_50_rate', models.DecimalField(decimal_places=4, default=Decimal('0.5'), help_text='实际比例在下限与规定比例之间时，按应缴额的此比例缴纳（例如 0.5）。', max_digits=5, verbose_name='达到下限但未达比例时的缴纳比例')),
                        ('reduced_90_rate', models.DecimalField(decimal_places=4, default=Decimal('0.9'), help_text='实际比例低于下限时，按应缴额的此比例缴纳（例如 0.9）。', max_digits=5, verbose_name='低于下限时的缴纳比例')),
                        ('exemption_in_force', models.BooleanField(default=False, verbose_name='小微企业暂免是否适用')),
                        ('exemption_max_staff', models.PositiveIntegerField(default=30, help_text='在职职工总数不超过此人数的企业暂免征收（机关、事业单位不适用）。', verbose_name='暂免征收的在职职工人数上限')),
                        ('reward_per_person', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=10, verbose_name='超比例奖励（元/人/年）')),
                        ('reward_weighted', models.BooleanField(default=True, verbose_name='超比例奖励按重度加权计人数')),
                        ('si_subsidy_share', models.DecimalField(decimal_places=4, default=Decimal('0'), help_text='补贴单位为残疾职工缴纳社保费的比例，例如 0.5 表示 50%。', max_digits=5, verbose_name='社保补贴比例')),
                        ('si_subsidy_monthly_cap', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=10, verbose_name='社保补贴每人每月上限（元）')),
                        ('si_subsidy_max_months', models.PositiveSmallIntegerField(default=0, help_text='同一人在所有单位、所有年度累计享受的最长月数。', verbose_name='社保补贴每人累计最长月数')),
                        ('startup_subsidy_tiers', models.JSONField(blank=True, default=dict, help_text='档次 → 金额，例如 {"A": "20000", "D": "2000"}；应在区规定的2,000–20,000元范围内。', verbose_name='一次性创业补贴档次（元）')),
                        ('review_window_start', models.DateField(blank=True, null=True, verbose_name='年审开始日期')),
                        ('review_window_end', models.DateField(blank=True, null=True, verbose_name='年审截止日期')),
                        ('publicity_days', models.PositiveSmallIntegerField(default=7, verbose_name='公示天数')),
                        ('source', models.TextField(help_text='文件名称和文号，例如 财政部公告2023年第8号。', verbose_name='依据/来源')),
                        ('remark', models.TextField(blank=True, verbose_name='备注')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'employment_policyyear',
                        'verbose_name': '政策参数（年度）',
                        'verbose_name_plural': '政策参数（年度）',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='RosterEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=40, verbose_name='姓名')),
                        ('cert_token', models.TextField(editable=False)),
                        ('cert_hash', models.CharField(db_index=True, editable=False, max_length=64)),
                        ('cert_masked', models.CharField(editable=False, max_length=40, verbose_name='证号（脱敏）')),
                        ('cert_kind', models.CharField(choices=[('disability', '残疾人证'), ('veteran', '残疾军人证')], default='disability', max_length=12, verbose_name='证件类型')),
                        ('category', models.CharField(blank=True, max_length=12, verbose_name='残疾类别')),
                        ('grade', models.PositiveSmallIntegerField(verbose_name='残疾等级')),
                        ('employment_form', models.CharField(choices=[('establishment', '在编'), ('contract', '劳动合同'), ('service', '服务协议')], max_length=16, verbose_name='用工形式')),
                        ('contract_start', models.DateField(blank=True, null=True, verbose_name='合同开始日期')),
                        ('contract_end', models.DateField(blank=True, null=True, verbose_name='合同结束日期')),
                        ('monthly_wage', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='月工资（元）')),
                        ('months_employed', models.JSONField(default=list, verbose_name='在岗月份')),
                        ('months_insured', models.JSONField(default=list, verbose_name='社保足额缴纳月份')),
                        ('dispatch_role', models.CharField(blank=True, choices=[('', '非劳务派遣'), ('agency', '本单位为派遣单位（派出）'), ('host', '本单位为用工单位（派入）')], default='', max_length=8, verbose_name='劳务派遣')),
                        ('dispatch_party', models.CharField(blank=True, max_length=100, verbose_name='派遣另一方单位')),
                        ('counted_here', models.BooleanField(default=True, help_text='劳务派遣人员只在一方计算；双方书面约定由用工单位计算时，派遣单位填“否”。', verbose_name='计入本单位')),
                        ('months_override', models.JSONField(blank=True, null=True, verbose_name='审核认定计算月份')),
                        ('source', models.CharField(blank=True, help_text='手工 / 上传 / 上年名册 / 平台就业记录', max_length=20, verbose_name='来源')),
                        ('declaration', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='roster', to='quota.declaration')),
                    ],
                    options={
                        'db_table': 'employment_rosterentry',
                        'verbose_name': '残疾职工名册',
                        'verbose_name_plural': '残疾职工名册',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='MonthsAdjustment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('months_before', models.JSONField(default=list, verbose_name='调整前月份')),
                        ('months_after', models.JSONField(default=list, verbose_name='调整后月份')),
                        ('reason', models.CharField(max_length=300, verbose_name='调整原因')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('conflict', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='adjustments', to='quota.declarationconflict')),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adjustments', to='quota.declaration')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adjustments', to='quota.rosterentry')),
                    ],
                    options={
                        'db_table': 'employment_monthsadjustment',
                        'verbose_name': '计算月份调整记录',
                        'verbose_name_plural': '计算月份调整记录',
                        'ordering': ['-at'],
                    },
                ),
                migrations.AddField(
                    model_name='declarationconflict',
                    name='entry_a',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts_as_a', to='quota.rosterentry'),
                ),
                migrations.AddField(
                    model_name='declarationconflict',
                    name='entry_b',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts_as_b', to='quota.rosterentry'),
                ),
                migrations.AddConstraint(
                    model_name='declaration',
                    constraint=models.UniqueConstraint(fields=('employer', 'year'), name='declaration_once_per_year'),
                ),
                migrations.AddConstraint(
                    model_name='declarationconflict',
                    constraint=models.UniqueConstraint(fields=('entry_a', 'entry_b'), name='conflict_once_per_pair'),
                ),
            ],
            database_operations=[],
        ),
    ]
