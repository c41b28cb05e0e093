"""Reads for the dashboard: load the rows the indicators need with a few queries, scoped by
``employment.access`` so a town reviewer's rows are only its town's, then hand them to
``dashboard.indicators`` (the public page's tables: ``dashboard.public_figures``). No computation
here beyond grouping in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cms.models import Enrolment
from employment import access
from employment.models import Application, JobPost, JobSeeker, Placement, Role, Town
from households.models import Household
from quota.models import Declaration
from quota.years import working_year
from subsidies.models import Programme, SubsidyApplication

from . import indicators as ind
from . import public_figures
from .indicators import (
    ApplicationGroup,
    DeclarationGroup,
    EnrolmentRow,
    HouseholdRow,
    JobPostGroup,
    PlacementRow,
    SeekerRow,
    SubsidyGroup,
)
from .models import TownPopulation

FIRST_YEAR = 2020


@dataclass(frozen=True)
class Scope:
    """What a dashboard request covers: a year, and all visible towns or one town."""

    year: int
    towns: dict[int, str]  # the towns shown, in display order
    town_id: int | None  # None = the whole district
    on: date  # reference date for "employed"
    # The towns' certified working-age population for the year (the loaded extract), {town id: people}.
    bases: dict[int, int] = field(default_factory=dict)


def today() -> date:
    return timezone.localdate()


def year_choices() -> list[int]:
    return list(range(today().year, FIRST_YEAR - 1, -1))


def visible_towns(user) -> dict[int, str]:
    """The towns the user serves (``access.served_towns``: the district every town, a town reviewer
    its own), in display order, as {id: name}."""
    return dict(access.served_towns(user).order_by("sort_order", "code").values_list("pk", "name"))


def dashboard_scope(user, *, year: int | None, town_id: int | None) -> Scope:
    """Resolve the filters for ``user``; a town the user may not see is a 404, not an empty page."""
    towns = visible_towns(user)
    if access.role_of(user) == Role.TOWN:
        own = next(iter(towns))
        if town_id not in (None, own):
            raise Http404("未找到")
        town_id = own
    elif town_id is not None and town_id not in towns:
        raise Http404("未找到")
    year = year if year in year_choices() else working_year(today())
    shown = {town_id: towns[town_id]} if town_id is not None else towns
    return Scope(year=year, towns=shown, town_id=town_id, on=ind.reference_date(year, today()),
                 bases=population_bases(year))


def public_scope(*, year: int | None) -> Scope:
    year = year if year in year_choices() else working_year(today())
    towns = dict(Town.objects.order_by("sort_order", "code").values_list("pk", "name"))
    return Scope(year=year, towns=towns, town_id=None, on=ind.reference_date(year, today()),
                 bases=population_bases(year))


def population_bases(year: int) -> dict[int, int]:
    """The loaded population extract of ``year``: {town id: certified working-age people}. Aggregate
    figures the district loads for every town; each table shows only its scope's towns."""
    return dict(TownPopulation.objects.filter(year=year).values_list("town_id", "working_age_certified"))


def population_years() -> list[dict]:
    """Each loaded year, newest first: how many towns and people, from which file, when and by whom
    (the upload page; a few rows per year)."""
    years: dict[int, dict] = {}
    for row in TownPopulation.objects.select_related("loaded_by__account").order_by("-year"):
        y = years.setdefault(row.year, {"year": row.year, "towns": 0, "people": 0, "source": row.source_name,
                                        "loaded_at": row.loaded_at, "loaded_by": row.loaded_by})
        y["towns"] += 1
        y["people"] += row.working_age_certified
    return list(years.values())


def _in_towns(qs, path: str, scope: Scope):
    return qs.filter(**{f"{path}__in": list(scope.towns)})


def seeker_rows(user, scope: Scope) -> list[SeekerRow]:
    qs = JobSeeker.objects.all() if user is None else access.scoped(user, JobSeeker)
    qs = _in_towns(qs, "town_id", scope).order_by()
    return [SeekerRow(*v) for v in qs.values_list(
        "pk", "town_id", "birth_date", "disability_category", "graduating_student")]


def _placement_rows(qs) -> list[PlacementRow]:
    return [PlacementRow(*v) for v in qs.values_list(
        "seeker_id", "seeker__town_id", "seeker__disability_category", "contract_start", "contract_end",
        "ended_on")]


def placement_rows(user, scope: Scope) -> list[PlacementRow]:
    """Placements that can matter for the year: started by its reference date and not ended before
    the year began (older ones affect neither the employment rate nor the year's placements)."""
    qs = Placement.objects.all() if user is None else access.scoped(user, Placement)
    start = date(scope.year, 1, 1)
    qs = _in_towns(qs, "seeker__town_id", scope).filter(contract_start__lte=max(scope.on, date(scope.year, 12, 31)))
    qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).order_by()
    return _placement_rows(qs)


def household_rows(user, scope: Scope) -> tuple[list[HouseholdRow], list[PlacementRow]]:
    """Families identified by the reference date, with their members, and the members' placements
    that can be active then. A member's placements count for the family whatever town the member now
    lives in: only the yes/no "someone in the family is employed" leaves this function."""
    qs = Household.objects.all() if user is None else access.scoped(user, Household)
    qs = _in_towns(qs, "town_id", scope).filter(identified_on__lte=scope.on).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gt=scope.on)).order_by()
    fields = ("pk", "town_id", "identified_on", "other_employed_from", "other_employed_until", "exited_on")
    families = {v[0]: v for v in qs.values_list(*fields)}
    members: dict[int, list[int]] = {pk: [] for pk in families}
    in_families = qs.values("pk")  # a subquery: no list of ids however many families there are
    for household_id, seeker_id in JobSeeker.objects.filter(household__in=in_families).order_by().values_list(
            "household_id", "pk"):
        members[household_id].append(seeker_id)
    placements = Placement.objects.filter(seeker__household__in=in_families, contract_start__lte=scope.on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=scope.on)).order_by()
    member_placements = _placement_rows(placements)
    rows = [HouseholdRow(*v, tuple(members[v[0]])) for v in families.values()]
    return rows, member_placements


def declaration_groups(user, scope: Scope) -> list[DeclarationGroup]:
    """The year's filed declarations (quota's one definition, ``DeclarationQuerySet.filed``), grouped."""
    qs = access.scoped(user, Declaration).filed().filter(year=scope.year)
    qs = _in_towns(qs, "employer__town_id", scope).order_by()
    groups = qs.values("employer__town_id", "status", "outcome").annotate(
        n=Count("pk"), levy=Sum("levy_payable"), reward=Sum("reward_amount"))
    # SQLite sums decimals as floats; money is exact to the fen, so the sum is rounded back to it.
    cents = Decimal("0.01")
    return [DeclarationGroup(g["employer__town_id"], g["status"], g["outcome"], g["n"],
                             Decimal(g["levy"] or 0).quantize(cents), Decimal(g["reward"] or 0).quantize(cents))
            for g in groups]


def subsidy_groups(user, scope: Scope) -> list[SubsidyGroup]:
    qs = _in_towns(access.scoped(user, SubsidyApplication).filter(year=scope.year), "town_id", scope).order_by()
    cents = Decimal("0.01")
    return [SubsidyGroup(g["town_id"], g["programme"], g["status"], g["n"], Decimal(g["amount"] or 0).quantize(cents))
            for g in qs.values("town_id", "programme", "status").annotate(n=Count("pk"), amount=Sum("amount"))]


def enrolment_rows(user, scope: Scope) -> list[EnrolmentRow]:
    """Enrolments of the seekers the user may see. Individual enrolments are the district's to see
    (``access._enrolment_scope``), but a town reviewer already sees its own residents, and the
    dashboard only counts their enrolments per town — so the seeker scope is the one that applies."""
    seekers = JobSeeker.objects.all() if user is None else access.scoped(user, JobSeeker)
    qs = Enrolment.objects.filter(seeker__in=_in_towns(seekers, "town_id", scope)).filter(
        course__start_date__year=scope.year).order_by()
    return [EnrolmentRow(*v) for v in qs.values_list(
        "seeker_id", "seeker__town_id", "status", "course__start_date",
        Coalesce("completed_on", "course__end_date"))]


def funnel_groups(user, scope: Scope) -> tuple[list[JobPostGroup], list[ApplicationGroup]]:
    # Job posts by town of work (the JobPost scope also shows other towns' published jobs, so the
    # town filter is what keeps a town reviewer to its own), applications by the seeker's town.
    posts = _in_towns(access.scoped(user, JobPost), "town_id", scope).filter(published_at__year=scope.year)
    post_groups = [JobPostGroup(g["town_id"], g["n"]) for g in
                   posts.order_by().values("town_id").annotate(n=Count("pk"))]
    apps = _in_towns(access.scoped(user, Application), "seeker__town_id", scope).filter(
        created_at__year=scope.year).order_by()
    app_groups = [ApplicationGroup(g["seeker__town_id"], g["status"], g["n"], g["interviewed"]) for g in
                  apps.values("seeker__town_id", "status").annotate(n=Count("pk"), interviewed=Count("interview_at"))]
    return post_groups, app_groups


def dashboard_data(user, scope: Scope) -> dict[str, dict]:
    """Every dashboard table for ``scope``, in page order: the loads, then pure computation."""
    posts, applications = funnel_groups(user, scope)
    return tables_from_rows(scope, seeker_rows(user, scope), placement_rows(user, scope),
                            household_rows(user, scope), declaration_groups(user, scope), posts, applications,
                            subsidy_groups(user, scope), enrolment_rows(user, scope))


def tables_from_rows(scope: Scope, seekers, placements, families, declarations, posts, applications,
                     subsidies, enrolments) -> dict[str, dict]:
    """The tables from loaded rows; ``families`` is (households, member placements)."""
    households, member_placements = families
    tables = [
        ind.employment_rate(scope.towns, seekers, placements, scope.on, scope.bases, scope.year),
        ind.placements_by_month(placements, scope.year),
        ind.placements_by_category(placements, scope.year),
        ind.graduates(scope.towns, seekers, placements, scope.on),
        ind.zero_employment_families(scope.towns, households, member_placements, scope.on),
        ind.quota_review(scope.towns, declarations, scope.year),
        ind.hiring_funnel(posts, applications, scope.year),
        ind.subsidies_by_programme(dict(Programme.choices), subsidies, scope.year),
        ind.training_outcomes(scope.towns, enrolments, placements, scope.year, scope.on),
    ]
    return {t["key"]: t for t in tables}


def public_data(scope: Scope) -> list[dict]:
    """The public page's tables: all towns, aggregate counts only, small towns merged."""
    households, member_placements = household_rows(None, scope)
    return [
        public_figures.public_summary(scope.towns, seeker_rows(None, scope), placement_rows(None, scope), scope.on,
                                      scope.year, scope.bases),
        public_figures.public_families(scope.towns, households, member_placements, scope.on),
    ]
