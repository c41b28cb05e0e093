"""`manage.py two_factor_reset USERNAME`: remove a staff user's second factor (authenticator and
recovery codes), for someone who lost both the phone and the codes. They enrol again at their next
sign-in, after the password. Check who is asking before running it (README "Security and operations")."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from employment.signin import services


class Command(BaseCommand):
    help = "Remove a user's second-factor devices so that they enrol again at the next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户名为 {username!r} 的账号。") from exc
        removed = services.second_factor_reset(user=user)
        self.stdout.write(f"已重置 {username} 的两步验证（删除 {removed} 条记录）。该用户下次登录时需要重新设置。")
