"""Issue 16: an invitation carries the interview format (on-site, video, sign-language interpreter), and
a seeker's answer carries a message or asks for another time or format."""

from django.db import migrations, models

FORMATS = [("", "未说明"), ("onsite", "现场面试"), ("video", "视频面试"), ("interpreter", "需要手语翻译")]


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0022_employer_register_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="interview_format",
            field=models.CharField(blank=True, choices=FORMATS, default="", max_length=12, verbose_name="面试方式"),
        ),
        migrations.AddField(
            model_name="application",
            name="seeker_reply_message",
            field=models.TextField(blank=True, verbose_name="求职者答复留言"),
        ),
        migrations.AddField(
            model_name="application",
            name="seeker_requested_format",
            field=models.CharField(
                blank=True, choices=FORMATS, default="", max_length=12, verbose_name="求职者希望的面试方式"
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="seeker_reply",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "未答复"),
                    ("accepted", "已接受面试邀请"),
                    ("declined", "已婉拒面试邀请"),
                    ("reschedule", "请求更改面试时间或方式"),
                ],
                default="",
                max_length=10,
                verbose_name="求职者答复",
            ),
        ),
    ]
