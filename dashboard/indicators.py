"""Dashboard indicators (数据看板指标): plain Python over plain rows, no Django, no queries.

``selectors`` loads the rows (a few aggregate queries); every function here takes those rows and
returns a *table*: a dict with ``key``, ``title``, ``columns`` (key, label), ``rows`` (dicts), an
optional ``total`` row and a one-sentence ``summary`` (for screen-reader users and the page).

Definitions (the register holds only what the platform records):
- certified resident 持证残疾人 = a ``JobSeeker`` row; working age = 16–59 on the reference date
  (the register has no gender, so one upper bound is used);
- the employment rate's base is the towns' certified working-age population from the population
  database extract district staff load (``dashboard.population``) when every town shown has one for
  the year, else the working-age certified people registered on the platform — and every table says
  which (``base_note``); the employed are always those the platform records;
- employed on a date = has a placement whose contract has started, whose contract end (if any) is
  not before the date and that has not ended (``ended_on`` empty or after the date);
- the reference date of a year is 31 December, or today for the current year;
- match-to-hire conversion = hired applications / applications (matches are computed on request and
  not stored, so an application is the first recorded step of a match);
- a zero-employment disabled family (零就业残疾人家庭) is on the register on a date when the town
  identified it on or before that date and it has not left the register by then; it *has someone
  employed* when a member registered on the platform is employed on that date, or a job of another
  member recorded by staff covers that date (the rules are ``households.rules``, plain
  functions shared with the register pages).

The public page's tables (/data/: the same figures with small cells merged away) are built from
these in ``dashboard.public_figures``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.vocab import DISABILITY_CATEGORIES
from households.rules import family_employed_on, on_register, placement_active_on

WORKING_AGE_MIN = 16
WORKING_AGE_MAX = 59
EMPLOYMENT_TARGET = Decimal("0.60")  # district plan: disabled employment rate above 60%
GRADUATE_TARGET = Decimal("1")  # every graduating disabled student who wants work employed
FAMILY_TARGET = Decimal("1")  # at least one employed person in every zero-employment disabled family

CATEGORY_LABELS = DISABILITY_CATEGORIES  # the certificate's categories, in the certificate's order


def _day(on: date) -> str:
    """A date as every page writes it (``employment.formats.DATE``, 2026年3月5日), without Django."""
    return f"{on.year}年{on.month}月{on.day}日"


@dataclass(frozen=True, slots=True)
class SeekerRow:
    id: int
    town_id: int
    birth_date: date
    category: str
    graduating: bool


@dataclass(frozen=True, slots=True)
class PlacementRow:
    seeker_id: int
    town_id: int  # the seeker's town
    category: str  # the seeker's disability category
    contract_start: date
    contract_end: date | None
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class DeclarationGroup:
    """Filed declarations of one year (``quota``'s definition of filed, applied by the selector; drafts
    never submitted are not among them) aggregated by (employer's town, status, outcome)."""

    town_id: int
    status: str
    outcome: str
    count: int
    levy_payable: Decimal
    reward_amount: Decimal


@dataclass(frozen=True, slots=True)
class ApplicationGroup:
    """Applications made in one year aggregated by (seeker's town, status): how many, and how many of
    them have an interview time recorded."""

    town_id: int
    status: str
    count: int
    with_interview: int


@dataclass(frozen=True, slots=True)
class JobPostGroup:
    """Job posts published in one year, per town of work."""

    town_id: int
    count: int


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """A family on the register: its town, the dates that decide whether it counts on a day, and the
    platform seekers who belong to it."""

    id: int
    town_id: int
    identified_on: date | None
    other_employed_from: date | None
    other_employed_until: date | None
    exited_on: date | None
    member_ids: tuple[int, ...]


def reference_date(year: int, today: date) -> date:
    return today if year >= today.year else date(year, 12, 31)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def rate(part: int, whole: int) -> Decimal | None:
    """A share as a Decimal fraction with 4 places (0.6250), or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _employed_ids(placements: Iterable[PlacementRow], on: date) -> set[int]:
    return {p.seeker_id for p in placements if placement_active_on(p, on)}


def _town_rows(towns: Mapping[int, str], counts: Mapping[int, dict], blank: dict) -> list[dict]:
    return [{"town": name, **counts.get(town_id, blank)} for town_id, name in towns.items()]


# ---- indicators ---------------------------------------------------------------------------------


PLATFORM_BASE = "平台登记人数"
EXTRACT_BASE = "人口库数据"


def _platform_note(towns: Mapping[int, str], bases: Mapping[int, int], base_year: int | None) -> str:
    note = ("本表只统计在本平台登记的持证残疾人：基数是平台上登记的劳动年龄持证残疾人，不是全区（镇街）全部持证残疾人，"
            "所以这不是全区的残疾人就业率。")
    missing = [name for town_id, name in towns.items() if town_id not in bases]
    if bases and missing:
        return note + (f"区残联导入的{base_year}年残疾人人口基础数据库数据缺少{'、'.join(missing[:5])}"
                       f"{'等' if len(missing) > 5 else ''}{len(missing)}个镇街，因此仍按平台登记人数计算。")
    return note + "区残联导入该年度残疾人人口基础数据库的劳动年龄段持证人数后，就业率以其为基数。"


def employment_rate(
    towns: Mapping[int, str], seekers: Iterable[SeekerRow], placements: Iterable[PlacementRow], on: date,
    bases: Mapping[int, int] | None = None, base_year: int | None = None,
) -> dict:
    """Working-age certified residents and the share employed, per town, against the 60% target.

    The base (denominator) is said in the table: the towns' certified working-age population from the
    population database extract (``bases``, {town id: people}, loaded by district staff for
    ``base_year``) when every town shown has one; otherwise the working-age certified people registered
    on the platform — and then the table says plainly that this is not the district's rate. Employed
    is always what the platform records (working-age registrants employed on ``on``).
    """
    bases = bases or {}
    employed = _employed_ids(placements, on)
    registered: Counter[int] = Counter()
    working: Counter[int] = Counter()
    for s in seekers:
        if WORKING_AGE_MIN <= age_on(s.birth_date, on) <= WORKING_AGE_MAX:
            registered[s.town_id] += 1
            if s.id in employed:
                working[s.town_id] += 1
    extract = bool(towns) and all(town_id in bases for town_id in towns)
    base_label = f"人口库{base_year}年数据" if extract else PLATFORM_BASE
    rows = []
    for town_id, name in towns.items():
        whole = bases[town_id] if extract else registered[town_id]
        r = rate(working[town_id], whole)
        rows.append({"town": name, "residents": whole, "employed": working[town_id], "rate": r,
                     "meets_target": None if r is None else r > EMPLOYMENT_TARGET, "base": base_label})
    total_res, total_emp = sum(r["residents"] for r in rows), sum(working[t] for t in towns)
    total_rate = rate(total_emp, total_res)
    total = {"town": "合计", "residents": total_res, "employed": total_emp, "rate": total_rate,
             "meets_target": None if total_rate is None else total_rate > EMPLOYMENT_TARGET, "base": base_label}
    below = [r["town"] for r in rows if r["meets_target"] is False]
    if extract:
        base_note = (f"就业率的基数是区残联导入的残疾人人口基础数据库{base_year}年劳动年龄段（16–59周岁）持证残疾人数；"
                     "已就业人数是本平台记录的就业人数，没有通过本平台登记就业的人不在其中，实际就业率可能更高。")
        summary = (f"{_day(on)}，残疾人人口基础数据库中劳动年龄段持证残疾人{total_res}人，本平台记录就业{total_emp}人，"
                   f"就业率{pct(total_rate)}（目标60%以上）；{len(below)}个镇街低于目标。")
        title, residents_label = "劳动年龄持证残疾人就业率（基数：残疾人人口基础数据库）", "劳动年龄段持证残疾人（人，人口库）"
    else:
        base_note = _platform_note(towns, bases, base_year)
        summary = (f"{_day(on)}，在本平台登记的劳动年龄持证残疾人{total_res}人，其中就业{total_emp}人，"
                   f"平台登记人员的就业率{pct(total_rate)}（只统计平台登记的人，不是全区就业率；目标60%以上）；"
                   f"{len(below)}个镇街低于目标。")
        title, residents_label = "平台登记的劳动年龄持证残疾人就业率", "平台登记的劳动年龄持证残疾人（人）"
    return {
        "key": "employment",
        "title": title,
        "columns": [("town", "镇街"), ("residents", residents_label), ("employed", "已就业（人，平台记录）"),
                    ("rate", "就业率"), ("meets_target", "达到60%目标"), ("base", "基数")],
        "rows": rows,
        "total": total,
        "summary": summary,
        "base_note": base_note,
        "base": "extract" if extract else "platform",
        "target": EMPLOYMENT_TARGET,
    }


def placements_by_month(placements: Iterable[PlacementRow], year: int) -> dict:
    """Placements through the platform whose contract started in ``year``, per month."""
    counts = Counter(p.contract_start.month for p in placements if p.contract_start.year == year)
    rows = [{"month": f"{m}月", "placements": counts[m]} for m in range(1, 13)]
    total = sum(counts.values())
    peak = max(range(1, 13), key=lambda m: (counts[m], -m))
    summary = f"{year}年通过平台就业{total}人" + (f"，{peak}月最多（{counts[peak]}人）。" if total else "。")
    return {"key": "placements_month", "title": f"{year}年各月通过平台就业人数",
            "columns": [("month", "月份"), ("placements", "就业人数（人）")],
            "rows": rows, "total": {"month": "合计", "placements": total}, "summary": summary}


def placements_by_category(placements: Iterable[PlacementRow], year: int) -> dict:
    """Placements whose contract started in ``year``, per disability category."""
    counts = Counter(p.category for p in placements if p.contract_start.year == year)
    rows = [{"category": label, "placements": counts[code]} for code, label in CATEGORY_LABELS.items()]
    total = sum(counts.values())
    top = max(CATEGORY_LABELS, key=lambda c: counts[c])
    summary = f"{year}年通过平台就业{total}人" + (
        f"，{CATEGORY_LABELS[top]}残疾人最多（{counts[top]}人）。" if total else "。"
    )
    return {"key": "placements_category", "title": f"{year}年通过平台就业人数（按残疾类别）",
            "columns": [("category", "残疾类别"), ("placements", "就业人数（人）")],
            "rows": rows, "total": {"category": "合计", "placements": total}, "summary": summary}


def graduates(
    towns: Mapping[int, str], seekers: Iterable[SeekerRow], placements: Iterable[PlacementRow], on: date
) -> dict:
    """Graduating disabled students seeking work (registered seekers) and how many are employed."""
    employed = _employed_ids(placements, on)
    seeking: Counter[int] = Counter()
    working: Counter[int] = Counter()
    for s in seekers:
        if s.graduating:
            seeking[s.town_id] += 1
            working[s.town_id] += s.id in employed
    rows = [{"town": name, "seeking": seeking[t], "employed": working[t], "rate": rate(working[t], seeking[t])}
            for t, name in towns.items()]
    total_s, total_e = sum(seeking.values()), sum(working.values())
    total = {"town": "合计", "seeking": total_s, "employed": total_e, "rate": rate(total_e, total_s)}
    summary = (f"求职的应届残疾毕业生{total_s}人，已就业{total_e}人，"
               f"尚有{total_s - total_e}人未就业（目标：全部就业）。")
    return {"key": "graduates", "title": "应届残疾毕业生就业",
            "columns": [("town", "镇街"), ("seeking", "求职毕业生（人）"), ("employed", "已就业（人）"),
                        ("rate", "就业率")],
            "rows": rows, "total": total, "summary": summary, "target": GRADUATE_TARGET}


def zero_employment_families(
    towns: Mapping[int, str], households: Iterable[HouseholdRow], member_placements: Iterable[PlacementRow],
    on: date,
) -> dict:
    """Zero-employment disabled families on the register on ``on``, per town, and how many of them now
    have at least one member employed (the district plan: every such family)."""
    jobs: dict[int, list[PlacementRow]] = defaultdict(list)
    for p in member_placements:
        jobs[p.seeker_id].append(p)
    families: Counter[int] = Counter()
    helped: Counter[int] = Counter()
    for h in households:
        if on_register(h, on):
            families[h.town_id] += 1
            helped[h.town_id] += family_employed_on(h, (p for m in h.member_ids for p in jobs[m]), on)
    rows = [{"town": name, "families": families[t], "employed": helped[t], "without": families[t] - helped[t],
             "rate": rate(helped[t], families[t])} for t, name in towns.items()]
    total = {"town": "合计", **{k: sum(r[k] for r in rows) for k in ("families", "employed", "without")}}
    total["rate"] = rate(total["employed"], total["families"])
    summary = (f"{_day(on)}，在册零就业残疾人家庭{total['families']}户，其中已有家庭成员就业"
               f"{total['employed']}户，尚有{total['without']}户无人就业（目标：每户至少一人就业）。")
    return {"key": "families", "title": "零就业残疾人家庭就业帮扶",
            "columns": [("town", "镇街"), ("families", "在册零就业家庭（户）"), ("employed", "已有成员就业（户）"),
                        ("without", "仍无人就业（户）"), ("rate", "已就业家庭占比")],
            "rows": rows, "total": total, "summary": summary, "target": FAMILY_TARGET}


QUOTA_COLUMNS = [
    ("town", "镇街"), ("filed", "已申报（户）"), ("approved", "审核通过（户）"), ("met", "达标（户）"),
    ("levy_count", "应缴保障金（户）"), ("levy_payable", "应缴保障金（元）"),
    ("reward_count", "超比例奖励（户）"), ("reward_amount", "超比例奖励（元）"),
]


def quota_review(towns: Mapping[int, str], groups: Iterable[DeclarationGroup], year: int) -> dict:
    """Quota declarations of ``year``: filed (the groups given), approved, met the 1.5% quota
    (outcome 达标 or 超比例), and the levy payable and rewards of approved declarations, per town."""
    zero = Decimal("0.00")
    acc: dict[int, dict] = defaultdict(lambda: {"filed": 0, "approved": 0, "met": 0, "levy_count": 0,
                                                "levy_payable": zero, "reward_count": 0, "reward_amount": zero})
    for g in groups:
        a = acc[g.town_id]
        a["filed"] += g.count  # every group is filed (see DeclarationGroup)
        if g.status == "approved":
            a["approved"] += g.count
            if g.outcome in ("met", "reward"):
                a["met"] += g.count
            if g.outcome == "levy":
                a["levy_count"] += g.count
                a["levy_payable"] += g.levy_payable
            if g.outcome == "reward":
                a["reward_count"] += g.count
                a["reward_amount"] += g.reward_amount
    blank = acc.default_factory()
    rows = _town_rows(towns, {t: acc[t] for t in towns if t in acc}, blank)
    total = {"town": "合计"}
    for key, _ in QUOTA_COLUMNS[1:]:
        total[key] = sum((r[key] for r in rows), zero if isinstance(blank[key], Decimal) else 0)
    summary = (f"{year}年度已申报{total['filed']}户，审核通过{total['approved']}户，其中达标{total['met']}户；"
               f"应缴保障金{total['levy_payable']}元，超比例奖励{total['reward_amount']}元。")
    return {"key": "quota", "title": f"{year}年度按比例就业年审", "columns": QUOTA_COLUMNS,
            "rows": rows, "total": total, "summary": summary}


def hiring_funnel(posts: Iterable[JobPostGroup], applications: Iterable[ApplicationGroup], year: int) -> dict:
    """Job posts → applications → interviews → hires in ``year``, and match-to-hire conversion."""
    n_posts = sum(p.count for p in posts)
    n_apps = n_interviews = n_hires = 0
    for a in applications:
        n_apps += a.count
        n_interviews += a.count if a.status in ("interviewed", "hired") else a.with_interview
        if a.status == "hired":
            n_hires += a.count
    conversion = rate(n_hires, n_apps)
    rows = [
        {"stage": "发布岗位", "count": n_posts},
        {"stage": "求职申请", "count": n_apps},
        {"stage": "面试", "count": n_interviews},
        {"stage": "录用", "count": n_hires},
    ]
    summary = (f"{year}年发布岗位{n_posts}个，收到申请{n_apps}份，面试{n_interviews}人次，录用{n_hires}人，"
               f"申请到录用转化率{pct(conversion)}。")
    return {"key": "funnel", "title": f"{year}年招聘漏斗", "columns": [("stage", "环节"), ("count", "数量")],
            "rows": rows, "total": None, "summary": summary, "conversion": conversion}


@dataclass(frozen=True, slots=True)
class SubsidyGroup:
    """Subsidy applications of one year aggregated by (town, programme, status), with their amount."""

    town_id: int
    programme: str
    status: str
    count: int
    amount: Decimal


def subsidies_by_programme(programmes: Mapping[str, str], groups: Iterable[SubsidyGroup], year: int) -> dict:
    """Per programme: applications filed (submitted at least once), approved, and the approved amount."""
    zero = Decimal("0.00")
    acc = {code: {"programme": label, "filed": 0, "approved": 0, "amount": zero} for code, label in programmes.items()}
    for g in groups:
        if g.programme not in acc:
            continue
        a = acc[g.programme]
        if g.status != "draft":
            a["filed"] += g.count
        if g.status == "approved":
            a["approved"] += g.count
            a["amount"] += g.amount
    rows = list(acc.values())
    total = {"programme": "合计", "filed": sum(r["filed"] for r in rows),
             "approved": sum(r["approved"] for r in rows), "amount": sum((r["amount"] for r in rows), zero)}
    summary = (f"{year}年度补贴和奖励申请{total['filed']}件，审核通过{total['approved']}件，"
               f"核定金额{total['amount']}元。")
    return {"key": "subsidies", "title": f"{year}年度补贴和奖励（按项目）",
            "columns": [("programme", "项目"), ("filed", "已申请（件）"), ("approved", "审核通过（件）"),
                        ("amount", "核定金额（元）")],
            "rows": rows, "total": total, "summary": summary}


@dataclass(frozen=True, slots=True)
class EnrolmentRow:
    """One course enrolment: the seeker, their town, its status, when the course started and when the
    seeker finished it (completion date, else the course's end date)."""

    seeker_id: int
    town_id: int
    status: str
    course_start: date
    finished_on: date


def training_outcomes(
    towns: Mapping[int, str], enrolments: Iterable[EnrolmentRow], placements: Iterable[PlacementRow], year: int,
    on: date,
) -> dict:
    """Courses starting in ``year``: enrolments (enrolled or completed; waiting list and cancelled left
    out), completions, and completions followed by a placement starting between the finish and ``on``."""
    starts: dict[int, list[date]] = defaultdict(list)
    for p in placements:
        starts[p.seeker_id].append(p.contract_start)
    acc: dict[int, Counter] = defaultdict(Counter)
    for e in enrolments:
        if e.course_start.year != year or e.status not in ("enrolled", "completed"):
            continue
        a = acc[e.town_id]
        a["enrolled"] += 1
        if e.status == "completed":
            a["completed"] += 1
            if any(e.finished_on <= s <= on for s in starts.get(e.seeker_id, ())):
                a["employed"] += 1
    rows = [{"town": name, "enrolled": acc[t]["enrolled"], "completed": acc[t]["completed"],
             "employed": acc[t]["employed"], "rate": rate(acc[t]["employed"], acc[t]["completed"])}
            for t, name in towns.items()]
    total = {"town": "合计", **{k: sum(r[k] for r in rows) for k in ("enrolled", "completed", "employed")}}
    total["rate"] = rate(total["employed"], total["completed"])
    summary = (f"{year}年开班的培训课程报名{total['enrolled']}人次，结业{total['completed']}人次，"
               f"结业后就业{total['employed']}人次（结业后就业率{pct(total['rate'])}）。")
    return {"key": "training", "title": f"{year}年职业技能培训：报名、结业和就业",
            "columns": [("town", "镇街"), ("enrolled", "报名（人次）"), ("completed", "结业（人次）"),
                        ("employed", "结业后就业（人次）"), ("rate", "结业后就业率")],
            "rows": rows, "total": total, "summary": summary}
