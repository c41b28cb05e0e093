"""``manage.py declaration_reminders``: send today's deadline reminders to employers that have not
filed (what Celery beat runs daily as ``declarations.deadline_reminders``; for a site without beat,
run it from cron once a day). Safe to run again: each offset goes once per employer and year."""

from django.core.management.base import BaseCommand

from quota.reminders import deadline_reminders_send


class Command(BaseCommand):
    help = "向尚未提交年审申报的单位发送今天到期的截止前提醒（同一单位、年度、提前天数只发一次）。"

    def handle(self, *args, **options):
        counts = deadline_reminders_send()
        self.stdout.write(f"年审截止提醒：发送 {counts['sent']} 家，已提醒过 {counts['skipped']} 家，"
                          f"没有平台账号 {counts['without_account']} 家。")
