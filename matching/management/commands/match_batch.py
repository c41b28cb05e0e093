"""``manage.py match_batch``: match a seekers file against a jobs file, no database involved.

    python manage.py match_batch --seekers S.csv --jobs J.xlsx --top 10 --out R.csv

Each seeker gets ``--top`` jobs in rank order with a confidence column (把握较大 / 仅供参考);
``--confident-only`` writes the confident ones only. Row errors go to stderr and those rows are
skipped; exit 0 when anything was matched. An unusable input file exits 2 with a Chinese message.
``--encoder none`` matches lexically (BM25 + rules) only.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from matching.batch import BatchFileError, match_all, read_jobs, read_seekers, write_results


class Command(BaseCommand):
    help = "批量匹配：读取求职者和岗位文件（CSV/XLSX），输出每位求职者的推荐岗位。"

    def add_arguments(self, parser):
        parser.add_argument("--seekers", required=True, help="求职者文件（CSV 或 XLSX）")
        parser.add_argument("--jobs", required=True, help="岗位文件（CSV 或 XLSX）")
        parser.add_argument("--top", type=int, default=10, help="每位求职者推荐的岗位数")
        parser.add_argument("--out", required=True, help="结果文件（.csv 或 .xlsx）")
        parser.add_argument(
            "--encoder", default="default",
            help="向量模型（默认为项目模型；填 none 则只用关键词匹配）",
        )
        parser.add_argument(
            "--confident-only", action="store_true",
            help="只输出把握较大的推荐（默认输出每位求职者的前 N 个岗位，并在 confidence 列标注把握）",
        )
        # Before issue 16 the default was confident-only and --all listed the rest too; --all is the
        # default now and is still accepted so that existing scripts keep working.
        parser.add_argument("--all", action="store_true", help="（已是默认行为，可省略）")

    def handle(self, *args, **options):
        try:
            seekers, seeker_errors = read_seekers(options["seekers"])
            jobs, job_errors = read_jobs(options["jobs"])
        except BatchFileError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(2)
        for error in [*seeker_errors, *job_errors]:
            self.stderr.write(f"已跳过 {error}")
        if not seekers or not jobs:
            self.stderr.write("错误：没有可用的求职者或岗位记录，未进行匹配。")
            sys.exit(2)
        if options["top"] < 1:
            raise CommandError("--top 必须至少为 1")
        encoder = None
        if str(options["encoder"]).lower() != "none":
            from matching.embedding import load_encoder

            encoder = load_encoder(options["encoder"])
        rows, without = match_all(
            seekers, jobs, encoder=encoder, top_k=options["top"], confident_only=options["confident_only"]
        )
        write_results(rows, options["out"])
        for seeker_id in without:
            self.stderr.write(f"求职者 {seeker_id}：信息不足或没有合适岗位，未给出有把握的推荐。")
        self.stdout.write(
            f"已匹配 {len(seekers)} 位求职者、{len(jobs)} 个岗位，输出 {len(rows)} 条推荐到 {options['out']}"
            + (f"；跳过 {len(seeker_errors) + len(job_errors)} 处错误" if seeker_errors or job_errors else "")
        )
