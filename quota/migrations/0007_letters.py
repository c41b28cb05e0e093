# Issue 15 item 4: the letters' parameters, their numbering and the letter archives.

import django.core.validators
import django.db.models.deletion
import quota.letter_models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


LETTER_SOURCE = (
    "滞纳金日率：2020年起按日万分之五（财政部公告2019年第98号），此前按日千分之五（财税〔2015〕72号第二十六条）；"
    "行政复议期限：《中华人民共和国行政复议法》（2023年修订）第二十条，六十日；"
    "行政诉讼期限：《中华人民共和国行政诉讼法》第四十六条，六个月"
)


def letter_parameters(apps, schema_editor):
    """Rows already in the database: the late fee before 2020 was 5‰ a day; every row names its sources."""
    PolicyYear = apps.get_model("quota", "PolicyYear")
    for policy in PolicyYear.objects.all():
        if policy.year < 2020:
            policy.late_fee_rate = Decimal("0.005")
        if LETTER_SOURCE not in policy.source:
            policy.source = f"{policy.source}\n{LETTER_SOURCE}".strip()
        policy.save(update_fields=["late_fee_rate", "source"])


class Migration(migrations.Migration):

    dependencies = [
        ('employment', '0023_interview_reply_format_message'),
        ('quota', '0006_declaration_evidence'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LetterArchive',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='就业年度')),
                ('status', models.CharField(choices=[('queued', '排队中'), ('running', '生成中'), ('done', '已完成'), ('failed', '生成失败')], default='queued', max_length=10, verbose_name='状态')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度（%）')),
                ('letter_count', models.PositiveIntegerField(default=0, verbose_name='认定书份数')),
                ('notice_count', models.PositiveIntegerField(default=0, verbose_name='缴款通知书份数')),
                ('file', models.FileField(blank=True, storage=quota.letter_models.letter_archive_storage, upload_to=quota.letter_models.letter_archive_file_name, verbose_name='压缩包')),
                ('error', models.CharField(blank=True, max_length=200, verbose_name='错误信息')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': '认定书打包任务',
                'verbose_name_plural': '认定书打包任务',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='declaration',
            name='letter_seq',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='认定书序号'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='late_fee_rate',
            field=models.DecimalField(decimal_places=6, default=Decimal('0.0005'), help_text='逾期未缴纳的，自滞纳之日起按日加收的比例，例如 0.0005 表示万分之五。', max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0.000001'))], verbose_name='滞纳金日率'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='lawsuit_months',
            field=models.PositiveSmallIntegerField(default=6, help_text='《中华人民共和国行政诉讼法》第四十六条：自知道或者应当知道作出行政行为之日起六个月内。', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='提起行政诉讼期限（月）'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='letter_no_prefix',
            field=models.CharField(default='海残联审', help_text='认定书编号为“字头〔年度〕第0001号”，每个年度从0001起依次编号。', max_length=20, verbose_name='认定书文号字头'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='payment_channel',
            field=models.TextField(default='国家税务总局宁波市海曙区税务局（可通过浙江省电子税务局或办税服务厅申报缴纳）', help_text='缴款通知书上写明的征收机关和缴款方式。', verbose_name='缴款渠道'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='payment_days_min',
            field=models.PositiveSmallIntegerField(default=15, help_text='认定书晚于缴款期限前此天数出具时（例如补报），缴款期限为出具日后此天数。', validators=[django.core.validators.MaxValueValidator(366)], verbose_name='认定书出具后最短缴款天数'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='payment_deadline',
            field=models.DateField(blank=True, help_text='应缴保障金的单位最迟在此日期前缴纳；留空则按认定书出具后的最短缴款天数计算。', null=True, verbose_name='保障金缴款期限'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='reconsideration_body',
            field=models.CharField(default='宁波市海曙区人民政府', max_length=100, verbose_name='行政复议机关'),
        ),
        migrations.AddField(
            model_name='policyyear',
            name='reconsideration_days',
            field=models.PositiveSmallIntegerField(default=60, help_text='《中华人民共和国行政复议法》：自知道或者应当知道该行政行为之日起六十日内。', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(366)], verbose_name='申请行政复议期限（日）'),
        ),
        migrations.AddConstraint(
            model_name='declaration',
            constraint=models.UniqueConstraint(fields=('year', 'letter_seq'), name='letter_seq_once_per_year'),
        ),
        migrations.AddField(
            model_name='letterarchive',
            name='town',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='employment.town', verbose_name='镇街'),
        ),
        migrations.AddField(
            model_name='letterarchive',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letter_archives', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='declaration',
            name='letter_terms',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='认定书所载缴款和救济事项'),
        ),
        migrations.RunPython(letter_parameters, migrations.RunPython.noop),
    ]
