"""Demo records for Haishu (``manage.py seed_demo``): employers, jobs, seekers with their assessments,
applications, placements and the zero-employment family register, built from the files under
``data/demo/`` (demo/files.py).

``build()`` uses ``random.Random(2026)`` only, so it returns the same records on every run and the
command can look each one up before creating it (tests/demo/test_builder.py holds the digest of its
output). All people are fictional: seekers are named surname + 天干 (张甲, 李乙…); identity numbers
are generated valid with ``domain.identity`` and belong to nobody. Phones are fictional
0574-8xxx xxxx numbers and mail addresses use the reserved ``example.com`` domain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from matching.engine.profiles import JobProfile, SeekerProfile
from matching.engine.rules import is_allowed

from .files import load

SEED = 2026

# The tables, as the files hold them (see the comments at the top of each file).
DEMO_ACCOUNTS: list[dict] = load("accounts")["accounts"]
PROVIDERS: list[dict] = load("providers")["providers"]
JOB_ARCHETYPES: dict[str, dict] = load("job_archetypes")
EMPLOYERS: list[dict] = load("employers")["employers"]
SEEKER_ARCHETYPES: list[dict] = load("seeker_archetypes")["archetypes"]
TEXTS: dict = load("texts")
STORY: dict = load("story")
_people = load("people")
SURNAMES: list[str] = _people["surnames"]
STEMS: list[str] = _people["stems"]
YINZHOU_TOWNS: set[str] = set(_people["former_yinzhou_towns"])


@dataclass
class JobRecord:
    key: str  # "<employer key>/<index>"
    employer_key: str
    archetype: str
    title: str
    description: str
    requirements: str
    town: str
    hours_per_day: int
    remote: bool
    accessibility: list[str]
    demands: list[str]
    salary_min: int
    salary_max: int
    openings: int
    status: str
    days_ago: int


@dataclass
class SeekerRecord:
    key: str
    name: str
    archetype: str
    category_digit: int
    grade: int
    birth: date
    region: str
    seq: int
    town: str
    visible_to_employers: bool
    personalised_matching: bool
    graduating_student: bool
    email: str
    education: str
    skills: str
    experience: str
    desired_jobs: str
    desired_archetypes: list[str]
    max_hours_per_day: int
    needs: list[str]
    limitations: list[str]
    notes: str
    assessed_days_ago: int
    username: str = ""


@dataclass
class ApplicationRecord:
    seeker_key: str
    job_key: str
    message: str
    status: str = "applied"


@dataclass
class PlacementRecord:
    seeker_key: str
    employer_key: str
    job_key: str | None
    via_application: bool
    contract_start: date
    contract_end: date | None
    monthly_wage: int
    social_insurance_start: date
    on_establishment: bool


@dataclass
class HouseholdRecord:
    """A zero-employment disabled family on a town's register (零就业残疾人家庭台账)."""

    code: str
    town: str
    identified_on: date
    member_keys: list[str]
    other_employed_from: date | None = None
    other_employed_until: date | None = None
    exited_on: date | None = None
    exit_reason: str = ""


@dataclass
class DemoData:
    employers: list[dict]
    jobs: list[JobRecord]
    seekers: list[SeekerRecord]
    applications: list[ApplicationRecord] = field(default_factory=list)
    placements: list[PlacementRecord] = field(default_factory=list)
    households: list[HouseholdRecord] = field(default_factory=list)


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_code_body(rng: random.Random, start: str) -> str:
    """Nine characters of an organisation code (GB 11714): 8 body characters and their check character."""
    body = start + "".join(
        rng.choice(_CREDIT_CHARS[:10] if i < 2 else _CREDIT_CHARS) for i in range(8 - len(start))
    )
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_prefix17(rng: random.Random, prefix: str) -> str:
    """Complete a 10-character prefix (authority, type, region, first two org-code characters) to 17."""
    return prefix[:8] + org_code_body(rng, prefix[8:])


def compatible(seeker: SeekerRecord, job: JobRecord) -> bool:
    """The matching hard rules (``matching.engine.rules.is_allowed``, docs/matching.md "Hard rules"), so demo applications and hires
    are plausible."""
    return is_allowed(
        SeekerProfile(id=seeker.key, max_hours_per_day=seeker.max_hours_per_day,
                      needs=frozenset(seeker.needs), limitations=frozenset(seeker.limitations)),
        JobProfile(id=job.key, title=job.title, hours_per_day=job.hours_per_day, remote=job.remote,
                   accessibility=frozenset(job.accessibility), demands=frozenset(job.demands)),
    )


def _pick_towns(rng: random.Random, towns: list[str], count: int) -> list[str]:
    """Every town at least a few times; the central streets a little more often."""
    weights = [3 if i < 9 else 2 for i in range(len(towns))]
    picked = list(towns) + list(towns)
    picked += rng.choices(towns, weights=weights, k=count - len(picked))
    rng.shuffle(picked)
    return picked


def _build_jobs(rng: random.Random) -> list[JobRecord]:
    jobs: list[JobRecord] = []
    used_desc: set[str] = set()
    job_texts = TEXTS["job_texts"]
    for employer in EMPLOYERS:
        for index, spec in enumerate(employer["jobs"]):
            archetype, title = spec[0], spec[1]
            status = spec[2] if len(spec) > 2 else "published"
            arch = JOB_ARCHETYPES[archetype]
            options = [d for d in arch["descriptions"] if d not in used_desc] or arch["descriptions"]
            description = rng.choice(options)
            used_desc.add(description)
            place = (
                employer["address"]
                if employer["address"].startswith(employer["town"])
                else (employer["town"] + employer["address"])
            )
            extras = [job_texts["location"].format(place=place)]
            remote = arch["remote"] and ("居家" in title or rng.random() < 0.6)
            if remote:
                weekday = rng.choice(job_texts["meeting_days"])
                extras = [
                    job_texts["remote_meeting"].format(weekday=weekday, town=employer["town"])
                    if rng.random() < 0.5
                    else job_texts["remote_mainly"].format(place=place)
                ]
            if archetype == "cs_text" and "（可居家）" not in title and not remote:
                extras.append(job_texts["on_site"])
            requirements = "".join(rng.sample(arch["requirements"], k=min(2, len(arch["requirements"]))))
            accessibility = list(arch["accessibility"])
            for extra in arch["extra_access"]:
                if rng.random() < 0.4:
                    accessibility.append(extra)
            demands = list(arch["demands"])
            if archetype == "cs_text" and "screen_reader" not in accessibility:
                demands.append("read_print")
            hours = rng.choice(arch["hours"])
            lo, hi = arch["salary"]
            salary_min = max(2490, round(rng.uniform(lo, (lo + hi) / 2) / 100) * 100)
            salary_max = min(8000, max(salary_min + 500, round(rng.uniform((lo + hi) / 2, hi) / 100) * 100))
            jobs.append(
                JobRecord(
                    key=f"{employer['key']}/{index}",
                    employer_key=employer["key"],
                    archetype=archetype,
                    title=title,
                    description=description + "".join(extras),
                    requirements=requirements,
                    town=employer["town"],
                    hours_per_day=hours,
                    remote=remote,
                    accessibility=accessibility,
                    demands=demands,
                    salary_min=salary_min,
                    salary_max=salary_max,
                    openings=rng.choice([1, 1, 2, 2, 3, 5]),
                    status=status,
                    days_ago=rng.randint(1, 75),
                )
            )
    # The demo employer's headline job (story.toml): a remote job a wheelchair user can do, 6 hours.
    fixed = dict(STORY["headline_job"])
    headline = next(j for j in jobs if j.key == fixed.pop("key"))
    _overwrite(headline, fixed)
    return jobs


def _overwrite(record, values: dict) -> None:
    """Set a record's fields from a story entry (lists copied: the tables are shared between builds)."""
    for name, value in values.items():
        setattr(record, name, list(value) if isinstance(value, list) else value)


def _sentence(rng: random.Random, seeker_job: str, student: bool, archetype: str = "") -> str:
    job_context = TEXTS["job_context"]
    year = rng.randint(2008, 2020)
    fill = {
        "year": year,
        "year2": year + rng.randint(1, 4),
        "n": rng.randint(1, 8),
        "place": rng.choice(job_context[archetype]["places"] if archetype in job_context else TEXTS["places"]),
        "job": seeker_job,
        "reason": rng.choice(TEXTS["reasons"]),
        "training": rng.choice(TEXTS["trainings"]),
    }
    if student:
        fill["year"] = rng.choice([2024, 2025])
        return rng.choice(TEXTS["student_experience"]).format(**fill)
    return rng.choice(TEXTS["experience_templates"]).format(**fill)


def _build_seekers(rng: random.Random, towns: list[str]) -> list[SeekerRecord]:
    total = sum(a["count"] for a in SEEKER_ARCHETYPES)
    town_list = _pick_towns(rng, towns, total)
    job_context = TEXTS["job_context"]
    names = [s + t for s in SURNAMES for t in STEMS]
    rng.shuffle(names)
    seekers: list[SeekerRecord] = []
    i = 0
    for arch in SEEKER_ARCHETYPES:
        for j in range(arch["count"]):
            grade = arch["grades"][j % len(arch["grades"])]
            student = rng.random() < 0.08 and arch["key"] not in {
                "intellectual",
                "multiple_physical_intellectual",
            }
            birth_year = rng.choice([2003, 2004]) if student else rng.randint(1968, 2005)
            birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
            town = town_list[i]
            region = (
                "330212" if town in YINZHOU_TOWNS and birth_year < 2016 and rng.random() < 0.7 else "330203"
            )
            needs = list(arch["needs"]) + [n for n in arch["optional_needs"] if rng.random() < 0.3]
            limitations = list(arch["limitations"]) + [
                x for x in arch["optional_limitations"] if rng.random() < 0.35
            ]
            desired_keys = rng.sample(
                sorted(arch["desired"]), k=min(len(arch["desired"]), rng.choice([1, 2, 2, 3]))
            )
            desired_words = [rng.choice(arch["desired"][k]) for k in desired_keys]
            desired = "、".join(desired_words) + rng.choice(TEXTS["desire_suffixes"])
            skill_items = (
                [rng.choice(job_context[desired_keys[0]]["skills"])] if desired_keys[0] in job_context else []
            )
            skill_items += [
                x for x in rng.sample(arch["skills"], k=rng.randint(1, 3)) if x not in skill_items
            ]
            skills = "、".join(skill_items)
            if rng.random() < 0.4:
                skills += rng.choice(TEXTS["skill_suffixes"])
            experience = _sentence(rng, desired_words[0].split("（")[0], student, desired_keys[0])
            if not student and rng.random() < 0.35:
                experience += rng.choice(TEXTS["side_jobs"])
            hours = rng.choice(arch["hours"])
            note = rng.choice(TEXTS["note_templates"]).format(
                situation=arch["situation"], town=town, hours=hours, job=desired_words[0]
            )
            education = (
                rng.choice(["college", "bachelor", "special"]) if student else rng.choice(arch["education"])
            )
            seekers.append(
                SeekerRecord(
                    key=f"s{i:03d}",
                    name=names[i],
                    archetype=arch["key"],
                    category_digit=arch["category"],
                    grade=grade,
                    birth=birth,
                    region=region,
                    seq=100 + i * 5 + (birth_year % 2),
                    town=town,
                    visible_to_employers=rng.random() < 0.8,
                    personalised_matching=rng.random() > 0.05,
                    graduating_student=student,
                    email=f"demo.seeker{i:03d}@example.com" if rng.random() < 0.3 else "",
                    education=education,
                    skills=skills,
                    experience=experience,
                    desired_jobs=desired,
                    desired_archetypes=desired_keys,
                    max_hours_per_day=hours,
                    needs=needs,
                    limitations=limitations,
                    notes=note,
                    assessed_days_ago=rng.randint(3, 200),
                )
            )
            i += 1
    _shape_demo_seekers(seekers)
    return seekers


def _shape_demo_seekers(seekers: list[SeekerRecord]) -> None:
    """Fix the seekers bound to the demo accounts (story.toml) so the demo story always works: each
    replaces the first drawn seeker of its archetype that no other demo account has taken."""
    for profile in STORY["seekers"]:
        seeker = next(s for s in seekers if s.archetype == profile["archetype"] and not s.username)
        _overwrite(seeker, {k: v for k, v in profile.items() if k != "archetype"})


def _build_applications(rng: random.Random, seekers: list[SeekerRecord], jobs: list[JobRecord]) -> list:
    published = [j for j in jobs if j.status == "published"]
    applications: list[ApplicationRecord] = []
    for seeker in seekers:
        if seeker.username == "seeker":
            target = [j for j in published if j.key == STORY["headline_job"]["key"]]
        elif seeker.username == "seeker2":
            target = [j for j in published if j.archetype == "design" and compatible(seeker, j)][:1]
        elif rng.random() < 0.22:
            fitting = [
                j for j in published if j.archetype in seeker.desired_archetypes and compatible(seeker, j)
            ]
            target = rng.sample(fitting, k=min(len(fitting), rng.choice([1, 1, 2])))
        else:
            target = []
        for job in target:
            status = (
                "applied"
                if seeker.username
                else rng.choice(["applied", "applied", "invited", "interviewed", "rejected"])
            )
            applications.append(ApplicationRecord(seeker.key, job.key, rng.choice(TEXTS["application_messages"]), status))
    return applications


def _build_placements(rng: random.Random, data: DemoData) -> list[PlacementRecord]:
    kinds = {e["key"]: e["kind"] for e in EMPLOYERS}
    applied = {a.seeker_key for a in data.applications}
    placements: list[PlacementRecord] = []
    candidates = [s for s in data.seekers if not s.username and s.key not in applied]
    rng.shuffle(candidates)
    used_jobs: set[str] = set()
    for seeker in candidates:
        if len(placements) >= 15:
            break
        fitting = [
            j
            for j in data.jobs
            if j.status in {"published", "closed"}
            and j.key not in used_jobs
            and j.archetype in seeker.desired_archetypes
            and compatible(seeker, j)
        ]
        if not fitting:
            continue
        job = rng.choice(fitting)
        used_jobs.add(job.key)
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 640))
        years = rng.choice([1, 2, 3, None])
        end = None
        if years is not None:
            end = date(start.year + years, start.month, min(start.day, 28)) - timedelta(days=1)
        wage = max(2490, round(rng.uniform(job.salary_min, job.salary_max) / 10) * 10)
        si_start = date(start.year, start.month, 1)
        via_application = job.status == "published" or rng.random() < 0.5
        placements.append(
            PlacementRecord(
                seeker_key=seeker.key,
                employer_key=job.employer_key,
                job_key=job.key if rng.random() < 0.85 or via_application else None,
                via_application=via_application,
                contract_start=start,
                contract_end=end,
                monthly_wage=wage,
                social_insurance_start=si_start,
                on_establishment=kinds[job.employer_key] in {"government", "institution"}
                and rng.random() < 0.3,
            )
        )
    return placements


def _build_households(rng: random.Random, seekers: list[SeekerRecord], towns: list[str]) -> list[HouseholdRecord]:
    """About half of each town's placeholder seekers live in a family on the zero-employment register;
    a quarter of those families have a second registered member, some have another member who found
    work outside the platform, a few have left the register."""
    households: list[HouseholdRecord] = []
    for index, town in enumerate(towns, start=1):
        pool = sorted(s.key for s in seekers if s.town == town and not s.username)
        rng.shuffle(pool)
        heads, rest = pool[: (len(pool) + 1) // 2], pool[(len(pool) + 1) // 2:]
        for n, head in enumerate(heads, start=1):
            members = [head]
            if rest and rng.random() < 0.25:
                members.append(rest.pop())
            identified = date(2023, 3, 1) + timedelta(days=rng.randint(0, 800))
            record = HouseholdRecord(code=f"HS{index:02d}-{n:03d}", town=town, identified_on=identified,
                                     member_keys=members)
            roll = rng.random()
            if roll < 0.15:
                record.other_employed_from = identified + timedelta(days=rng.randint(60, 500))
                if rng.random() < 0.3:
                    record.other_employed_until = record.other_employed_from + timedelta(days=365)
            elif roll < 0.2:
                record.exited_on = identified + timedelta(days=rng.randint(100, 600))
                record.exit_reason = TEXTS["household_exit_reason"]
            households.append(record)
    return households


def build(towns: list[str]) -> DemoData:
    """All demo records, the same on every call (``random.Random(2026)``)."""
    rng = random.Random(SEED)
    jobs = _build_jobs(rng)
    seekers = _build_seekers(rng, towns)
    data = DemoData(employers=EMPLOYERS, jobs=jobs, seekers=seekers)
    data.applications = _build_applications(rng, seekers, jobs)
    data.placements = _build_placements(rng, data)
    # Own generator, so the families never shift the other records (and vice versa).
    data.households = _build_households(random.Random(SEED + 3), seekers, towns)
    return data
