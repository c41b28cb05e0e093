"""``manage.py seed_policy [--file F] [--update]``: PolicyYear rows from data/policy_params.json.

Idempotent: existing years are left as district staff edited them unless --update is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from quota.engine.params import DEFAULT_PARAMS_FILE
from quota.policy_seed import policy_years_seed


class Command(BaseCommand):
    help = "从 data/policy_params.json 导入各年度政策参数（已有年度默认不覆盖）。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PARAMS_FILE))
        parser.add_argument("--update", action="store_true", help="覆盖已有年度的参数")

    def handle(self, *args, **options):
        created, updated = policy_years_seed(path=Path(options["file"]), update=options["update"])
        self.stdout.write(f"政策参数：新增 {created} 个年度，更新 {updated} 个年度。")
