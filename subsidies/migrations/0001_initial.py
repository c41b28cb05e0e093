"""Subsidy applications, their lines, evidence, payment lists and payment-details changes move from ``employment``
to ``subsidies`` (issue 17), step 1: the project state takes them over with their tables as they are
(``employment_*``); ``0002_tables`` renames the tables and moves the content types."""

import django.db.models.deletion
import employment.crypto
import employment.storage
import modelcluster.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('employment', '0010_auth_admin_language_chinese'),
        ('quota', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (employment's migrations made them): only the project state moves here.
            state_operations=[
                migrations.CreateModel(
                    name='PaymentList',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('programme', models.CharField(choices=[('reward', '超比例奖励'), ('social_insurance', '残疾人就业岗位社保补贴'), ('startup', '一次性创业补贴')], max_length=20, verbose_name='项目')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                        ('number', models.PositiveIntegerField(verbose_name='批次')),
                        ('total', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=16, verbose_name='合计金额（元）')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'employment_paymentlist',
                        'verbose_name': '拨付名单',
                        'verbose_name_plural': '拨付名单',
                        'ordering': ['-year', 'programme', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='SubsidyApplication',
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
                        ('programme', models.CharField(choices=[('reward', '超比例奖励'), ('social_insurance', '残疾人就业岗位社保补贴'), ('startup', '一次性创业补贴')], max_length=20, verbose_name='项目')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                        ('amount', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='申请金额（元）')),
                        ('calculation', models.JSONField(blank=True, default=dict, verbose_name='计算依据')),
                        ('bank_account_name', models.CharField(blank=True, max_length=100, verbose_name='开户名称')),
                        ('bank_name', models.CharField(blank=True, max_length=100, verbose_name='开户银行')),
                        ('bank_account', employment.crypto.EncryptedTextField(blank=True, verbose_name='银行账号')),
                        ('bank_account_masked', models.CharField(blank=True, default='', editable=False, max_length=40, verbose_name='银行账号（脱敏）')),
                        ('business_name', models.CharField(blank=True, max_length=100, verbose_name='经营主体名称')),
                        ('business_credit_code', models.CharField(blank=True, max_length=18, verbose_name='统一社会信用代码')),
                        ('business_registered_on', models.DateField(blank=True, null=True, verbose_name='注册登记日期')),
                        ('tier', models.CharField(blank=True, max_length=8, verbose_name='补贴档次')),
                        ('tier_evidence', models.TextField(blank=True, verbose_name='档次证明材料说明')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('declaration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reward_applications', to='quota.declaration', verbose_name='年审申报')),
                        ('employer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_applications', to='employment.employer', verbose_name='用人单位')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locked_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by')),
                        ('payment_list', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='items', to='subsidies.paymentlist', verbose_name='拨付名单')),
                        ('seeker', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_applications', to='employment.jobseeker', verbose_name='申请人')),
                        ('town', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_applications', to='employment.town', verbose_name='所属镇街')),
                    ],
                    options={
                        'db_table': 'employment_subsidyapplication',
                        'verbose_name': '补贴奖励申请',
                        'verbose_name_plural': '补贴奖励申请',
                        'ordering': ['-year', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SIClaimLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=40, verbose_name='姓名')),
                        ('cert_token', models.TextField(editable=False)),
                        ('cert_hash', models.CharField(db_index=True, editable=False, max_length=64)),
                        ('cert_masked', models.CharField(editable=False, max_length=40, verbose_name='证号（脱敏）')),
                        ('contributions', models.JSONField(default=dict, verbose_name='各月单位缴费额')),
                        ('granted', models.JSONField(default=dict, verbose_name='各月补贴额')),
                        ('refused', models.JSONField(default=dict, verbose_name='不予补贴月份及原因')),
                        ('amount', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, verbose_name='补贴金额（元）')),
                        ('application', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='si_lines', to='subsidies.subsidyapplication')),
                    ],
                    options={
                        'db_table': 'employment_siclaimline',
                        'verbose_name': '社保补贴明细',
                        'verbose_name_plural': '社保补贴明细',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='PaymentDetailsChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_by_label', models.CharField(max_length=200, verbose_name='修改人（姓名和单位）')),
                        ('by_applicant', models.BooleanField(default=False, verbose_name='申请人本人修改')),
                        ('fields', models.JSONField(default=list, verbose_name='修改的项目')),
                        ('before', models.JSONField(default=dict, verbose_name='修改前（脱敏）')),
                        ('after', models.JSONField(default=dict, verbose_name='修改后（脱敏）')),
                        ('changed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='修改时间')),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='修改人')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payment_changes', to='subsidies.subsidyapplication', verbose_name='申请')),
                    ],
                    options={
                        'db_table': 'employment_paymentdetailschange',
                        'verbose_name': '收款信息修改记录',
                        'verbose_name_plural': '收款信息修改记录',
                        'ordering': ['-changed_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SubsidyEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('licence', '营业执照'), ('premises', '经营场所证明'), ('tax', '税务登记证明'), ('jobs', '带动就业证明'), ('other', '其他')], max_length=16, verbose_name='材料类型')),
                        ('note', models.CharField(blank=True, max_length=100, verbose_name='说明')),
                        ('file', models.FileField(max_length=200, storage=employment.storage.PrivateFileStorage(encrypted=True), upload_to='subsidy-evidence/', verbose_name='文件')),
                        ('original_name', models.CharField(max_length=200, verbose_name='原文件名')),
                        ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                        ('content_type', models.CharField(max_length=40, verbose_name='文件类型')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence_files', to='subsidies.subsidyapplication', verbose_name='申请')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
                    ],
                    options={
                        'db_table': 'employment_subsidyevidence',
                        'verbose_name': '创业补贴证明材料',
                        'verbose_name_plural': '创业补贴证明材料',
                        'ordering': ['uploaded_at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='paymentlist',
                    constraint=models.UniqueConstraint(fields=('programme', 'year', 'number'), name='payment_list_number_unique'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyapplication',
                    constraint=models.UniqueConstraint(condition=models.Q(('programme', 'reward')), fields=('declaration',), name='reward_once_per_declaration'),
                ),
                migrations.AddConstraint(
                    model_name='subsidyapplication',
                    constraint=models.UniqueConstraint(condition=models.Q(('programme', 'social_insurance')), fields=('employer', 'year'), name='si_subsidy_once_per_employer_year'),
                ),
            ],
            database_operations=[],
        ),
    ]
