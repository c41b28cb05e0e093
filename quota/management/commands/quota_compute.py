"""``manage.py quota_compute FILE.json``: compute one declaration in its JSON interchange form and
print the result as JSON (batch recalculation and checking).

Parameters come from the year's ``PolicyYear`` row (as district staff edited it), or from
data/policy_params.json when the database has none. Any invalid input prints a message naming the
field and exits with code 2, never a traceback. Certificate numbers in the output are masked.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from domain.identity import mask_id
from quota.engine import QuotaError, quota_compute
from quota.engine.io import InputError, parse_declaration
from quota.engine.params import load_default_params
from quota.models import PolicyYear


def params_for_year(year: int):
    row = PolicyYear.objects.filter(year=year).first()
    if row is not None:
        from quota.bridge import params_of

        try:
            return params_of(row)
        except ValidationError as exc:
            raise InputError("year", exc.messages[0]) from exc
    return load_default_params().get(year)


class Command(BaseCommand):
    help = "计算一份申报（JSON 文件）并以 JSON 输出结果；输入有误时提示字段并以退出码 2 结束。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="申报 JSON 文件路径")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise CommandError(f"file: 找不到文件 {path}", returncode=2) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"file: 无法读取文件 {path}（需为 UTF-8 编码的 JSON）", returncode=2) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"(root): 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）", returncode=2) from exc
        try:
            declaration, params = parse_declaration(data, params_for_year)
            result = quota_compute(declaration, params)
        except InputError as exc:
            raise CommandError(f"{exc.field}: {exc.message}", returncode=2) from exc
        except QuotaError as exc:
            raise CommandError(f"monthly_headcount: {exc}", returncode=2) from exc
        output = result.to_dict()
        for person in output["persons"]:
            person["cert_no"] = mask_id(person["cert_no"])
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
