"""`python manage.py match_index rebuild|check`: rebuild the matching indexes, or compare them with the DB.

``rebuild`` embeds every published job and current assessment whose vector is missing or stale (in
batches, with a progress bar), then builds and atomically publishes both FAISS indexes.
``check`` reports counts, stale rows and ids present on one side only; it exits non-zero when the
index does not match the database. The work is in :mod:`matching.index`.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from matching import index

SIDE_NAMES = {"jobs": "岗位", "seekers": "求职者评估"}


class Command(BaseCommand):
    help = "重建或检查人岗匹配的向量索引（rebuild | check）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--batch-size", type=int, default=64, help="每批向量化的行数")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, action: str, batch_size: int, no_progress: bool, **options):
        if action == "rebuild":
            self._rebuild(batch_size=batch_size, show_progress=not no_progress)
        else:
            self._check()

    def _rebuild(self, *, batch_size: int, show_progress: bool) -> None:
        def progress(total: int, description: str):
            return tqdm(total=total, desc=description, unit="行", file=sys.stderr, disable=not show_progress)

        report = index.rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"索引已重建（版本 {report.version}）：岗位 {report.jobs_indexed} 个，求职者 {report.seekers_indexed} 个；"
            f"本次向量化岗位 {report.embedded_jobs} 个、评估 {report.embedded_assessments} 份。"
        ))

    def _check(self) -> None:
        report = index.check()
        self.stdout.write(f"索引版本：{report.version if report.version is not None else '（尚未建立）'}")
        self.stdout.write(f"编码模型：索引 {report.model or '—'}，当前设置 {report.expected_model}")
        for side in report.sides:
            name = SIDE_NAMES[side.side]
            self.stdout.write(
                f"{name}：数据库 {side.rows}，已向量化 {side.embedded}，过期 {len(side.stale)}，"
                f"索引中 {side.indexed}，缺失 {len(side.missing_from_index)}，多余 {len(side.extra_in_index)}"
            )
            for label, ids in (("过期", side.stale), ("缺失", side.missing_from_index), ("多余", side.extra_in_index)):
                if ids:
                    shown = ", ".join(str(i) for i in ids[:20]) + (" …" if len(ids) > 20 else "")
                    self.stdout.write(f"  {label} id：{shown}")
        if not report.consistent:
            raise CommandError("索引与数据库不一致，请运行 `python manage.py match_index rebuild`。")
        self.stdout.write(self.style.SUCCESS("索引与数据库一致。"))
