"""District dashboard speed: `.venv/bin/python bench/dashboard_bench.py`.

Builds a throwaway SQLite database in a temporary folder (migrated from scratch), generates 20,000
seekers across the 17 towns, 5,000 employers, three years of quota declarations (15,000), ~8,000
placements, 10,000 job posts, 30,000 applications, 7,500
social-insurance subsidy applications and 3,000 zero-employment families with 1–2 registered
members each (seeded RNG), then computes the district
dashboard's data for the latest year twice in the same process:

- **fast path** ``dashboard.selectors.dashboard_data`` — five queries loading plain rows / aggregate
  groups, then the pure ``dashboard.indicators`` functions (best of 3 runs);
- **baseline** — the per-object way: iterate model instances and ask each seeker for its
  placements, each job post for its applications, each family's members for their placements, sum
  declarations in Python.

Both must give the same headline figures. Goal: the fast path under 1 s. Prints both times and the ratio.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_SEEKERS = 20_000
N_EMPLOYERS = 5_000
N_JOBS = 10_000
N_APPLICATIONS = 30_000
N_FAMILIES = 3_000
TOWNS = ("南门街道 江厦街道 西门街道 月湖街道 鼓楼街道 白云街道 段塘街道 望春街道 石碶街道 "
         "高桥镇 横街镇 集士港镇 古林镇 洞桥镇 鄞江镇 章水镇 龙观乡").split()
CATEGORIES = ["vision", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(rng: random.Random, year: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from employment.models import Account, Application, Employer, JobPost, JobSeeker, Placement, Role, Town
    from households.models import Household
    from quota.models import Declaration
    from subsidies.models import SubsidyApplication

    Town.objects.all().delete()
    towns = Town.objects.bulk_create(
        [Town(code=f"3302030{i:02d}", name=name, kind=name[-2:], sort_order=i) for i, name in enumerate(TOWNS)])
    employers = Employer.objects.bulk_create(
        [Employer(name=f"单位{i}", credit_code=f"91330203{i:010d}", town=rng.choice(towns))
         for i in range(N_EMPLOYERS)], batch_size=2000)
    seekers = JobSeeker.objects.bulk_create([
        JobSeeker(name=f"求职者{i}", resident_id=f"3302031980{i:08d}", resident_id_hash=f"r{i}",
                  resident_id_masked="330203********0000", cert_no=f"c{i}", cert_no_hash=f"c{i}",
                  cert_no_masked="3302********", disability_category=rng.choice(CATEGORIES),
                  disability_grade=rng.randint(1, 4),
                  birth_date=date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)),
                  town=rng.choice(towns), graduating_student=rng.random() < 0.05)
        for i in range(N_SEEKERS)], batch_size=2000)
    placements = []
    for s in rng.sample(seekers, int(N_SEEKERS * 0.4)):
        start = date(year - 2, 1, 1) + timedelta(days=rng.randint(0, 3 * 365 - 1))
        ended = start + timedelta(days=rng.randint(30, 600)) if rng.random() < 0.25 else None
        end = start + timedelta(days=rng.choice([365, 730, 1095])) if rng.random() < 0.5 else None
        placements.append(Placement(seeker=s, employer=rng.choice(employers), contract_start=start,
                                    contract_end=end, ended_on=ended, monthly_wage=Decimal("3000")))
    Placement.objects.bulk_create(placements, batch_size=2000)
    statuses = ["draft", "town_review", "district_review", "rejected", "approved", "approved", "approved"]
    declarations = []
    for y in (year - 2, year - 1, year):
        for e in employers:
            status = rng.choice(statuses)
            outcome = rng.choice(["met", "levy", "exempt", "reward"]) if status == "approved" else ""
            declarations.append(Declaration(
                employer=e, year=y, status=status, outcome=outcome,
                levy_payable=Decimal(rng.randint(0, 10**7)) / 100 if outcome == "levy" else Decimal("0"),
                reward_amount=Decimal(rng.randint(0, 10**6)) / 100 if outcome == "reward" else Decimal("0")))
    Declaration.objects.bulk_create(declarations, batch_size=2000)
    SubsidyApplication.objects.bulk_create([
        SubsidyApplication(programme="social_insurance", year=y, status=rng.choice(statuses), employer=e, town=e.town,
                           amount=Decimal(rng.randint(0, 10**6)) / 100)
        for y in (year - 2, year - 1, year) for e in rng.sample(employers, N_EMPLOYERS // 2)], batch_size=2000)
    now = timezone.now()
    jobs = JobPost.objects.bulk_create([
        JobPost(employer=(e := rng.choice(employers)), title=f"岗位{i}", description="工作内容", town=e.town,
                hours_per_day=Decimal("6"), status="published",
                published_at=now - timedelta(days=rng.randint(0, 3 * 365)))
        for i in range(N_JOBS)], batch_size=2000)
    pairs = set()
    while len(pairs) < N_APPLICATIONS:
        pairs.add((rng.randrange(N_SEEKERS), rng.randrange(N_JOBS)))
    apps = Application.objects.bulk_create([
        Application(seeker=seekers[s], job=jobs[j], status=rng.choice(
            ["applied", "invited", "interviewed", "rejected", "hired", "withdrawn"]),
            interview_at=now if rng.random() < 0.3 else None) for s, j in sorted(pairs)], batch_size=2000)
    # spread creation over three years (auto_now_add set them all to now)
    for chunk_start in range(0, len(apps), 2000):
        for a in apps[chunk_start:chunk_start + 2000]:
            a.created_at = now - timedelta(days=rng.randint(0, 3 * 365))
        Application.objects.bulk_update(apps[chunk_start:chunk_start + 2000], ["created_at"])
    families = Household.objects.bulk_create([
        Household(code=f"HS-{i:05d}", town=rng.choice(towns),
                  identified_on=date(year - 2, 1, 1) + timedelta(days=rng.randint(0, 3 * 365 - 1)),
                  other_employed_from=date(year - 1, 1, 1) + timedelta(days=rng.randint(0, 700))
                  if rng.random() < 0.15 else None,
                  exited_on=date(year - 1, 1, 1) + timedelta(days=rng.randint(0, 700)) if rng.random() < 0.05 else None)
        for i in range(N_FAMILIES)], batch_size=2000)
    members = rng.sample(seekers, int(N_FAMILIES * 1.25))
    for i, seeker in enumerate(members):
        seeker.household = families[i % N_FAMILIES]
    JobSeeker.objects.bulk_update(members, ["household"], batch_size=2000)
    user = get_user_model().objects.create_user("bench-district", password="x")  # noqa: S106
    Account.objects.create(user=user, role=Role.DISTRICT)
    return user, len(placements), len(declarations)


def baseline(user, scope) -> dict:
    """Per-object: the straightforward ORM way, one query per seeker and per job post."""
    from dashboard import indicators as ind
    from employment.models import JobPost, JobSeeker
    from households.models import Household
    from quota.models import Declaration
    from subsidies.models import SubsidyApplication

    residents = employed = 0
    grads = grads_employed = 0
    for seeker in JobSeeker.objects.filter(town__in=list(scope.towns)):
        active = any(
            p.contract_start <= scope.on and (p.contract_end is None or p.contract_end >= scope.on)
            and (p.ended_on is None or p.ended_on > scope.on) for p in seeker.placements.all())
        if ind.WORKING_AGE_MIN <= ind.age_on(seeker.birth_date, scope.on) <= ind.WORKING_AGE_MAX:
            residents += 1
            employed += active
        if seeker.graduating_student:
            grads += 1
            grads_employed += active
    filed = approved = 0
    levy = Decimal("0")
    for d in Declaration.objects.filter(year=scope.year).select_related("employer"):
        filed += d.status != "draft"
        if d.status == "approved":
            approved += 1
            if d.outcome == "levy":
                levy += d.levy_payable
    families = families_employed = 0
    for family in Household.objects.filter(town__in=list(scope.towns)):
        if not (family.identified_on and family.identified_on <= scope.on
                and (family.exited_on is None or family.exited_on > scope.on)):
            continue
        families += 1
        other = (family.other_employed_from is not None and family.other_employed_from <= scope.on
                 and (family.other_employed_until is None or family.other_employed_until >= scope.on))
        families_employed += other or any(
            p.contract_start <= scope.on and (p.contract_end is None or p.contract_end >= scope.on)
            and (p.ended_on is None or p.ended_on > scope.on)
            for member in family.members.all() for p in member.placements.all())
    subsidy_amount = Decimal("0")
    for a in SubsidyApplication.objects.filter(year=scope.year, status="approved"):
        subsidy_amount += a.amount
    posts = hires = 0
    for job in JobPost.objects.filter(published_at__year=scope.year):
        posts += 1
        hires += job.applications.filter(status="hired").count()  # job-year, not application-year
    return {"residents": residents, "employed": employed, "graduates": grads, "graduates_employed": grads_employed,
            "filed": filed, "approved": approved, "levy": levy, "posts": posts, "hires_of_year_posts": hires,
            "subsidy_amount": subsidy_amount, "families": families, "families_employed": families_employed}


def main() -> int:
    rng = random.Random(20260)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        setup_django(Path(tmp) / "bench.sqlite3")
        t_migrate = time.perf_counter() - t0
        from django.utils import timezone

        from dashboard import selectors

        year = timezone.localdate().year
        t0 = time.perf_counter()
        user, n_placements, n_declarations = generate(rng, year)
        t_gen = time.perf_counter() - t0
        print(f"data: {N_SEEKERS} seekers, {N_EMPLOYERS} employers, {n_declarations} declarations "
              f"(3 years), {n_placements} placements, {N_JOBS} job posts, {N_APPLICATIONS} applications, "
              f"{3 * (N_EMPLOYERS // 2)} subsidy applications, {N_FAMILIES} families")
        print(f"setup: migrate {t_migrate:.1f}s, generate {t_gen:.1f}s (SQLite file in a temporary folder)")

        scope = selectors.dashboard_scope(user, year=year, town_id=None)
        fast_times = []
        for _ in range(3):
            t0 = time.perf_counter()
            tables = selectors.dashboard_data(user, scope)
            fast_times.append(time.perf_counter() - t0)
        fast = min(fast_times)
        t0 = time.perf_counter()
        base = baseline(user, scope)
        slow = time.perf_counter() - t0

        emp, grad, quota = tables["employment"]["total"], tables["graduates"]["total"], tables["quota"]["total"]
        same = (emp["residents"], emp["employed"], grad["seeking"], grad["employed"], quota["filed"],
                quota["approved"], quota["levy_payable"], tables["funnel"]["rows"][0]["count"],
                tables["subsidies"]["total"]["amount"], tables["families"]["total"]["families"],
                tables["families"]["total"]["employed"]) == (
            base["residents"], base["employed"], base["graduates"], base["graduates_employed"], base["filed"],
            base["approved"], base["levy"], base["posts"], base["subsidy_amount"], base["families"],
            base["families_employed"])
        print(f"{'variant':<34}{'seconds':>9}{'vs baseline':>13}")
        print(f"{'baseline (per object)':<34}{slow:>9.3f}{1.0:>12.2f}x")
        print(f"{'dashboard_data (rows + pure)':<34}{fast:>9.3f}{fast / slow:>12.3f}x   "
              f"({slow / fast:.0f}x faster; runs {', '.join(f'{t:.3f}' for t in fast_times)})")
        print(f"district {year}: working-age {emp['residents']}, employed {emp['employed']} "
              f"({selectors.ind.pct(emp['rate'])}); declarations filed {quota['filed']}, approved "
              f"{quota['approved']}, levy {quota['levy_payable']}; subsidies approved "
              f"{tables['subsidies']['total']['amount']}; zero-employment families {tables['families']['total']['families']}, "
              f"with someone employed {tables['families']['total']['employed']}; figures equal to baseline: {same}")
        ok = same and fast < 1.0
        print("PASS" if ok else "FAIL", "(same figures and district dashboard data < 1 s)")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
