"""``manage.py seed_demo``: load the 17 Haishu towns and the demo data (``demo.builder``,
``demo.declarations`` and ``demo.cms_content``, from the files under ``data/demo/``). Dev and test
settings only: the demo app is not installed in production.

Idempotent: every row is looked up before it is created (towns by code, employers and providers by
credit code, seekers by certificate number, users by username, jobs by employer and title, quota
declarations by employer and year), so a second run changes nothing. Everything is created through
the services (``employment.services``; the declarations, their review and 公示 through ``quota``'s
and ``review``'s); the whole run is one transaction, and a run that fails removes the files it wrote.
Ends with a table of the demo accounts and their passwords.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.services import homepage_ensure
from demo import builder
from demo.cms_content import seed_content
from demo.declarations import declarations_seed, publicity_seed
from demo.subsidies import subsidies_seed
from domain import identity
from employment import applications, services
from employment.models import (
    Application,
    Employer,
    JobPost,
    JobStatus,
    Placement,
    Role,
    Town,
    TrainingProvider,
)
from employment.towns import towns_load
from households.models import Household
from matching import index
from matching.tasks import index_updates_deferred
from quota.services import declaration_workflow_ensure


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()


@contextmanager
def new_files_removed_on_error(*roots) -> Iterator[None]:
    """The files a failed seed wrote under ``roots`` are removed again: the transaction rolls back the
    rows (the evidence of the demo's subsidies, say), but a file on disk would stay behind, named by
    no row. Files that were there before the seed are left alone."""
    folders = [Path(str(root)) for root in roots]  # settings may hold environ.Path, which is unhashable
    before = {folder: _files(folder) for folder in folders}
    try:
        yield
    except BaseException:
        for root, old in before.items():
            for path in _files(root) - old:
                path.unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "创建海曙区演示数据（镇街、用人单位、岗位、求职者、演示账号）；可重复运行。"

    def handle(self, *args, **options):
        with index_updates_deferred(), new_files_removed_on_error(settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
            with transaction.atomic():
                self.counts: dict[str, int] = {}
                homepage_ensure()
                call_command("seed_policy", stdout=self.stdout)
                declaration_workflow_ensure()
                towns = towns_load()
                data = builder.build([t.name for t in Town.objects.order_by("sort_order")])
                employers = self._employers(towns)
                providers = self._providers(towns)
                jobs = self._jobs(data, employers, towns)
                users = self._accounts(data, employers, providers, towns)
                seekers = self._seekers(data, towns, users)
                self._applications(data, seekers, jobs)
                self._placements(data, seekers, employers, jobs)
                self._households(data, seekers, towns)
                self._close_jobs(data, jobs)
                # After the placements: a declaration's roster is pre-filled from them.
                declarations = declarations_seed(employers, users, self._created)
                publicity_seed(declarations, users, self._created)
                subsidies_seed(employers, seekers, users, self._created)  # after the approved declarations
                seed_content()
        # One rebuild instead of a new index version per seeded row.
        report = index.rebuild()
        self.stdout.write(f"匹配索引已重建：岗位 {report.jobs_indexed} 个，求职者 {report.seekers_indexed} 个。")
        created = "，".join(f"{k} {v}" for k, v in self.counts.items() if v) or "无（数据已存在）"
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪。本次新建：{created}"))
        self._print_accounts()

    def _created(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # -- organisations ------------------------------------------------------------------------------

    def _employers(self, towns: dict[str, Town]) -> dict[str, Employer]:
        # Credit codes come from their own generator so they never shift when other content changes.
        rng = random.Random(builder.SEED + 1)
        employers: dict[str, Employer] = {}
        for n, spec in enumerate(builder.EMPLOYERS):
            code = identity.make_credit_code(builder.credit_prefix17(rng, spec["prefix"]))
            employer = Employer.objects.filter(credit_code=code).first()
            if employer is None:
                employer = services.employer_register(
                    name=spec["name"],
                    credit_code=code,
                    kind=spec["kind"],
                    town=towns[spec["town"]],
                    address=f"宁波市海曙区{spec['address']}",
                    contact_name=spec["contact_name"],
                    contact_phone=f"0574-87{(n * 7919 + 1234) % 100:02d} {(n * 3571 + 4321) % 10000:04d}",
                    contact_email=f"hr.{spec['key']}@example.com",
                    description=spec["description"],
                )
                self._created("用人单位")
            employers[spec["key"]] = employer
        return employers

    def _providers(self, towns: dict[str, Town]) -> list[TrainingProvider]:
        rng = random.Random(builder.SEED + 2)
        providers = []
        for n, spec in enumerate(builder.PROVIDERS):
            code = identity.make_credit_code(builder.credit_prefix17(rng, spec["prefix"]))
            provider, created = TrainingProvider.objects.get_or_create(
                credit_code=code,
                defaults={
                    "name": spec["name"],
                    "town": towns[spec["town"]],
                    "contact_name": spec["contact_name"],
                    "contact_phone": f"0574-8{7300 + n * 11:04d} {5100 + n * 37:04d}",
                },
            )
            if created:
                self._created("培训机构")
            providers.append(provider)
        return providers

    # -- jobs ---------------------------------------------------------------------------------------

    def _jobs(self, data, employers: dict[str, Employer], towns: dict[str, Town]) -> dict[str, JobPost]:
        jobs: dict[str, JobPost] = {}
        now = timezone.now()
        for record in data.jobs:
            employer = employers[record.employer_key]
            job = JobPost.objects.filter(employer=employer, title=record.title).first()
            if job is None:
                job = services.job_post_save(
                    job=JobPost(
                        employer=employer,
                        title=record.title,
                        description=record.description,
                        requirements=record.requirements,
                        town=towns[record.town],
                        hours_per_day=Decimal(record.hours_per_day),
                        remote=record.remote,
                        accessibility=record.accessibility,
                        demands=record.demands,
                        salary_min=Decimal(record.salary_min),
                        salary_max=Decimal(record.salary_max),
                        openings=record.openings,
                    )
                )
                if record.status in {JobStatus.PUBLISHED, JobStatus.CLOSED}:
                    job.published_at = now - timedelta(days=record.days_ago)
                    services.job_publish(job=job)
                self._created("岗位")
            jobs[record.key] = job
        return jobs

    def _close_jobs(self, data, jobs: dict[str, JobPost]) -> None:
        """Close the jobs meant to be closed, after their applications and hires were recorded."""
        for record in data.jobs:
            job = jobs[record.key]
            if (
                record.status == JobStatus.CLOSED
                and job.status == JobStatus.PUBLISHED
                and job.closed_at is None
            ):
                services.job_close(job=job)

    # -- people -------------------------------------------------------------------------------------

    def _user(self, spec: dict, **binding):
        User = get_user_model()
        user = User.objects.filter(username=spec["username"]).first()
        if user is not None:
            return user
        self._created("账号")
        if spec["role"] == "superuser":
            return User.objects.create_superuser(
                username=spec["username"], password=spec["password"], email=f"{spec['username']}@example.com"
            )
        user = services.user_create_with_role(
            username=spec["username"],
            password=spec["password"],
            role=spec["role"],
            display_name=binding.pop("display_name", spec["username"]),
            email=f"{spec['username']}@example.com",
            **binding,
        )
        if spec["role"] == Role.DISTRICT:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return user

    def _accounts(self, data, employers, providers, towns) -> dict:
        # Display names are people's (pages show them beside the organisation: 鼓楼街道残联 · 陈某); a
        # seeker account is called by its seeker's name.
        seeker_names = {record.username: record.name for record in data.seekers if record.username}
        bindings = {
            "seeker": {"display_name": seeker_names["seeker"]},
            "seeker2": {"display_name": seeker_names["seeker2"]},
            "employer": {"employer": employers["chenxi"], "display_name": "晨曦电商 人事"},
            "employer2": {"employer": employers["yongxiu"], "display_name": "甬绣文化 人事"},
            "provider": {"provider": providers[0], "display_name": providers[0].name},
            "town": {"town": towns["鼓楼街道"], "display_name": "陈某"},
            "town2": {"town": towns["石碶街道"], "display_name": "林某"},
            "district": {"display_name": "王某"},
            "district2": {"display_name": "赵某（复核岗）"},
            "admin": {},
        }
        return {
            spec["username"]: self._user(spec, **bindings[spec["username"]])
            for spec in builder.DEMO_ACCOUNTS
        }

    def _seekers(self, data, towns: dict[str, Town], users: dict) -> dict:
        seekers = {}
        now = timezone.now()
        for record in data.seekers:
            rid = identity.make_resident_id(region=record.region, birth=record.birth, seq=record.seq)
            cert = identity.make_disability_cert(rid, record.category_digit, record.grade)
            seeker = services.seeker_find_by_cert(cert)
            user = users.get(record.username) if record.username else None
            if seeker is None:
                seeker = services.seeker_register(
                    name=record.name,
                    resident_id=rid,
                    cert_no=cert,
                    town=towns[record.town],
                    email=record.email,
                    user=user,
                    visible_to_employers=record.visible_to_employers,
                    personalised_matching=record.personalised_matching,
                    graduating_student=record.graduating_student,
                )
                self._created("求职者")
            if not seeker.assessments.exists():
                assessed_on = (now - timedelta(days=record.assessed_days_ago)).date()
                services.assessment_record(
                    seeker=seeker,
                    education=record.education,
                    skills=record.skills,
                    experience=record.experience,
                    desired_jobs=record.desired_jobs,
                    max_hours_per_day=Decimal(record.max_hours_per_day),
                    needs=record.needs,
                    limitations=record.limitations,
                    notes=record.notes,
                    assessed_at=timezone.make_aware(datetime.combine(assessed_on, time(10, 0))),
                )
                self._created("职业评估")
            seekers[record.key] = seeker
        return seekers

    # -- applications and hires ---------------------------------------------------------------------

    def _applications(self, data, seekers, jobs) -> None:
        for record in data.applications:
            seeker, job = seekers[record.seeker_key], jobs[record.job_key]
            if (
                Application.objects.filter(seeker=seeker, job=job).exists()
                or job.status != JobStatus.PUBLISHED
            ):
                continue
            application = applications.application_submit(seeker=seeker, job=job, message=record.message)
            if record.status != application.status:
                application.status = record.status
                application.save(update_fields=["status", "updated_at"])
            self._created("求职申请")

    def _placements(self, data, seekers, employers, jobs) -> None:
        for record in data.placements:
            seeker, employer = seekers[record.seeker_key], employers[record.employer_key]
            if Placement.objects.filter(
                seeker=seeker, employer=employer, contract_start=record.contract_start
            ).exists():
                continue
            job = jobs[record.job_key] if record.job_key else None
            application = None
            if record.via_application and job is not None and job.status == JobStatus.PUBLISHED:
                application = Application.objects.filter(seeker=seeker, job=job).first()
                if application is None:
                    application = applications.application_submit(seeker=seeker, job=job, message="残联推荐")
                    self._created("求职申请")
            services.placement_record(
                seeker=seeker,
                employer=employer,
                job=job,
                application=application,
                contract_start=record.contract_start,
                contract_end=record.contract_end,
                monthly_wage=Decimal(record.monthly_wage),
                social_insurance_start=record.social_insurance_start,
                on_establishment=record.on_establishment,
            )
            self._created("就业安置")

    def _households(self, data, seekers, towns: dict[str, Town]) -> None:
        for record in data.households:
            household, created = Household.objects.get_or_create(
                code=record.code,
                defaults={
                    "town": towns[record.town],
                    "identified_on": record.identified_on,
                    "other_employed_from": record.other_employed_from,
                    "other_employed_until": record.other_employed_until,
                    "exited_on": record.exited_on,
                    "exit_reason": record.exit_reason,
                },
            )
            if created:
                self._created("零就业残疾人家庭")
            for key in record.member_keys:
                seeker = seekers[key]
                if seeker.household_id is None:
                    seeker.household = household
                    seeker.save(update_fields=["household", "updated_at"])

    # -- output -------------------------------------------------------------------------------------

    def _print_accounts(self) -> None:
        header = ("角色 Role", "用户名 Username", "密码 Password", "可以试试 What to try")
        rows = [(a["label"], a["username"], a["password"], a["try"]) for a in builder.DEMO_ACCOUNTS]
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]

        def line(row) -> str:
            return "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]

        self.stdout.write("")
        self.stdout.write("演示账号 Demo accounts（仅供本地演示 / local demo only）")
        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * w for w in widths) + "  " + "-" * 24)
        for row in rows:
            self.stdout.write(line(row))
