"""`python manage.py build_encoder`: build the default encoder folder at MATCHING_ENCODER_DIR.

Thin wrapper around :func:`matching.encoder.build.build_encoder` (idempotent; ``--force`` rebuilds).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from matching.encoder.build import build_encoder, is_complete


class Command(BaseCommand):
    help = "构建默认语义编码模型（USE 多语言 v3，sentence-transformers 格式）到 MATCHING_ENCODER_DIR"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="即使已是最新版本也重新构建")

    def handle(self, *args, force=False, **options):
        out_dir = Path(settings.MATCHING_ENCODER_DIR)
        if not force and is_complete(out_dir):
            self.stdout.write(f"编码模型已是最新，无需构建：{out_dir}")
            return
        path = build_encoder(out_dir, force=force)
        self.stdout.write(self.style.SUCCESS(f"编码模型已构建：{path}"))
