"""``manage.py seed_towns [--file F]``: the Town rows from data/towns.json (created or updated by code).

Reference data for a production site; it creates nothing else (``seed_demo`` is the demo)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from employment.towns import TOWNS_FILE, towns_load


class Command(BaseCommand):
    help = "从 data/towns.json 导入或更新镇街（只导入镇街，不创建演示数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(TOWNS_FILE))

    def handle(self, *args, **options):
        towns = towns_load(path=Path(options["file"]))
        self.stdout.write(f"镇街：共 {len(towns)} 个（已新增或更新）。")
