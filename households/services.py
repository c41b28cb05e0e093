"""Writes of the family register (零就业残疾人家庭台账): create and update a family, add a member by
残疾人证号, remove a member, import a whole register from xlsx/csv.

Every write validates first and saves in one transaction. Errors a user can cause are Chinese
``ValidationError``s keyed by field (the import: ``RowError``s naming row and column); a family the
user may not change is a ``PermissionDenied``. The Household rule in ``employment.access`` decides
which families a user may change; every saved family is checked against it again before commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from domain import identity
from employment import access
from employment.crypto import lookup_hash
from employment.formats import cn_date
from employment.models import JobSeeker, Town
from employment.services import seeker_find_by_cert
from employment.table_import import RowError, TableFileError, row_errors

from . import importer
from .importer import COLUMN_OF, HouseholdRow, code_normalise
from .models import Household

CODE_TAKEN = "这个户编号已经登记过。请核对户编号；本镇街已有的家庭请在家庭台账中查找后修改。"
NOT_FOUND = "没有找到这个残疾人证号对应的求职者。请核对证号；还没有在本平台登记的，请先到“登记求职者”登记，再添加为家庭成员。"


class HouseholdImportError(Exception):
    """An upload with errors: ``errors`` lists every bad cell, ``message`` a whole-file problem."""

    def __init__(self, errors: list[RowError], message: str = ""):
        self.errors = row_errors(errors)  # the first 100 kept to show, all counted in ``total``
        super().__init__(message or f"{self.errors.total} 处错误")
        self.message = message


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    members_added: int


# ---- checks ------------------------------------------------------------------------------------


def _field_errors(
    *,
    code: str,
    identified_on: date | None,
    other_employed_from: date | None,
    other_employed_until: date | None,
    exited_on: date | None,
    exit_reason: str,
    today: date,
) -> dict[str, str]:
    """Checks on one family's own fields that need no query; keys are model field names."""
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = "请填写户编号（残联台账上的家庭编号）。"
    elif len(code) > importer.CODE_MAX:
        errors["code"] = f"户编号不能超过{importer.CODE_MAX}个字符。"
    if identified_on is not None and identified_on > today:
        errors["identified_on"] = "认定日期不能晚于今天。"
    if other_employed_until is not None:
        if other_employed_from is None:
            errors["other_employed_until"] = "填写结束日期时，请同时填写其他家庭成员就业开始日期；没有开始日期的请清空结束日期。"
        elif other_employed_until < other_employed_from:
            errors["other_employed_until"] = f"不能早于其他家庭成员就业开始日期（{cn_date(other_employed_from)}）。"
    if len(exit_reason) > importer.EXIT_REASON_MAX:
        errors["exit_reason"] = f"退出原因不能超过{importer.EXIT_REASON_MAX}个字。"
    if exited_on is not None:
        if not exit_reason:
            errors["exit_reason"] = "填写了退出台账日期，请同时填写退出原因，例如 迁出本区。"
        if exited_on > today:
            errors["exited_on"] = "退出台账日期不能晚于今天。"
        elif identified_on is not None and exited_on < identified_on:
            errors["exited_on"] = f"退出台账日期不能早于认定日期（{cn_date(identified_on)}）。"
    elif exit_reason:
        errors["exited_on"] = "填写了退出原因，请同时填写退出台账日期；仍在台账上的家庭请清空退出原因。"
    return errors


def _town_error(user, town: Town | None) -> str | None:
    if town is None:
        return "请选择所属镇街。"
    if not access.served_towns(user).filter(pk=town.pk).exists():
        return "您只能登记本镇街的家庭。"
    return None


def _members_elsewhere(household: Household, town: Town) -> list[JobSeeker]:
    return list(household.members.exclude(town=town)) if household.pk else []


def _require_changeable(user, household: Household) -> None:
    if not access.can_change(user, household):
        raise PermissionDenied("您没有权限修改这个家庭。")


def _household_save(household: Household, *, code: str, town: Town, identified_on, other_employed_from,
                    other_employed_until, exited_on, exit_reason: str, notes: str) -> Household:
    household.code = code
    household.town = town
    household.identified_on = identified_on
    household.other_employed_from = other_employed_from
    household.other_employed_until = other_employed_until
    household.exited_on = exited_on
    household.exit_reason = exit_reason
    household.notes = notes
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError as exc:  # the same code saved a moment ago by someone else
        raise ValidationError({"code": CODE_TAKEN}) from exc
    return household


def _household_write(user, household: Household, *, code: str, town: Town | None, identified_on: date | None,
                     other_employed_from: date | None, other_employed_until: date | None, exited_on: date | None,
                     exit_reason: str, notes: str) -> Household:
    code = code_normalise(code)
    exit_reason = (exit_reason or "").strip()
    errors = _field_errors(
        code=code, identified_on=identified_on, other_employed_from=other_employed_from,
        other_employed_until=other_employed_until, exited_on=exited_on, exit_reason=exit_reason,
        today=timezone.localdate(),
    )
    if "code" not in errors and Household.objects.filter(code=code).exclude(pk=household.pk).exists():
        errors["code"] = CODE_TAKEN
    town_error = _town_error(user, town)
    if town_error:
        errors["town"] = town_error
    elif household.pk and town.pk != household.town_id:
        elsewhere = _members_elsewhere(household, town)
        if elsewhere:
            names = "、".join(s.name for s in elsewhere)
            errors["town"] = f"本户成员{names}登记在其他镇街，不能把家庭改到{town.name}。请先移出这些成员，或核对镇街。"
    if errors:
        raise ValidationError(errors)
    _household_save(
        household, code=code, town=town, identified_on=identified_on, other_employed_from=other_employed_from,
        other_employed_until=other_employed_until, exited_on=exited_on, exit_reason=exit_reason,
        notes=(notes or "").strip(),
    )
    _require_changeable(user, household)  # the access rule has the last word; raising rolls back
    return household


# ---- families ----------------------------------------------------------------------------------


@transaction.atomic
def household_create(
    *,
    user,
    code: str,
    town: Town | None,
    identified_on: date | None = None,
    other_employed_from: date | None = None,
    other_employed_until: date | None = None,
    exited_on: date | None = None,
    exit_reason: str = "",
    notes: str = "",
) -> Household:
    """Put a family on the register, in a town the user keeps (a town reviewer: their own)."""
    return _household_write(
        user, Household(created_by=user), code=code, town=town, identified_on=identified_on,
        other_employed_from=other_employed_from, other_employed_until=other_employed_until, exited_on=exited_on,
        exit_reason=exit_reason, notes=notes,
    )


@transaction.atomic
def household_update(
    *,
    user,
    household: Household,
    code: str,
    town: Town | None,
    identified_on: date | None = None,
    other_employed_from: date | None = None,
    other_employed_until: date | None = None,
    exited_on: date | None = None,
    exit_reason: str = "",
    notes: str = "",
) -> Household:
    """Change a family's record; every field is replaced by the given value."""
    _require_changeable(user, household)
    return _household_write(
        user, household, code=code, town=town, identified_on=identified_on,
        other_employed_from=other_employed_from, other_employed_until=other_employed_until, exited_on=exited_on,
        exit_reason=exit_reason, notes=notes,
    )


# ---- members -----------------------------------------------------------------------------------


def _member_error(user, household: Household, seeker: JobSeeker, *, town: Town) -> str | None:
    """Why ``seeker`` cannot be a member of ``household`` (in ``town``), or None."""
    if seeker.town_id != town.pk:
        return (f"{seeker.name}登记的所属镇街是{seeker.town.name}，与本户（{town.name}）不一致。"
                "请核对证号，或先更正求职者的所属镇街。")
    if seeker.household_id is not None and seeker.household_id != household.pk:
        other = access.scoped(user, Household).filter(pk=seeker.household_id).first()
        where = f"家庭 {other.code} " if other is not None else "另一个家庭"
        return f"{seeker.name}已登记在{where}中，一个人只能属于一个家庭。请先在那个家庭的页面把此人移出，再添加到本户。"
    return None


@transaction.atomic
def household_member_add(*, user, household: Household, cert_no: str) -> JobSeeker:
    """Add a registered seeker to the family by 残疾人证号. The seeker must be one the user may see,
    live in the family's town and belong to no other family; adding a member twice changes nothing."""
    _require_changeable(user, household)
    try:
        identity.parse_disability_cert(cert_no)
    except identity.IdentityError as exc:
        raise ValidationError({"cert_no": f"{exc}。"}) from exc
    seeker = seeker_find_by_cert(cert_no)
    if seeker is None or not access.can_view(user, seeker):
        raise ValidationError({"cert_no": NOT_FOUND})
    seeker = JobSeeker.objects.select_for_update().select_related("town").get(pk=seeker.pk)
    error = _member_error(user, household, seeker, town=household.town)
    if error:
        raise ValidationError({"cert_no": error})
    if seeker.household_id != household.pk:
        seeker.household = household
        seeker.save(update_fields=["household", "updated_at"])
    return seeker


@transaction.atomic
def household_member_remove(*, user, household: Household, seeker: JobSeeker) -> JobSeeker:
    """Take a member out of the family (the seeker stays registered)."""
    _require_changeable(user, household)
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.household_id != household.pk:
        raise ValidationError(f"{seeker.name}不是家庭 {household.code} 的成员。")
    seeker.household = None
    seeker.save(update_fields=["household", "updated_at"])
    return seeker


# ---- import ------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What one clean row will do: the family to create or update and the seekers to add."""

    row: HouseholdRow
    town: Town
    household: Household | None
    seekers: list[JobSeeker]


def _towns_by_name() -> dict[str, Town]:
    """Towns by full name, and by code where no name is the same text."""
    towns: dict[str, Town] = {}
    for town in Town.objects.all():
        towns[town.name] = town
        towns.setdefault(town.code, town)
    return towns


def _town_refusal(towns: dict[str, Town], allowed: set[int], text: str) -> str | None:
    """Why a row's 所属镇街 cannot be used by this user (unknown town, or not one of theirs), else None."""
    town = towns.get(text)
    if town is None:
        return f"没有名为“{text}”的镇街。请填写镇街全称，例如 鼓楼街道"
    if town.pk not in allowed:
        return f"您只能导入本镇街的家庭，这一行是{town.name}的家庭。请删去这一行，或交区残联导入"
    return None


class _Register:
    """Everything the rows are checked against, read once for the whole file."""

    def __init__(self, user, rows: list[HouseholdRow], *, towns: dict[str, Town]):
        self.towns = towns
        codes = [r.code for r in rows]
        self.by_code = {h.code: h for h in Household.objects.filter(code__in=codes).select_related("town")}
        self.changeable = set(
            access.scoped(user, Household, change=True).filter(code__in=codes).values_list("pk", flat=True)
        )
        hashes = {lookup_hash(c[:20]) for r in rows for c in r.member_certs}
        seekers = list(JobSeeker.objects.filter(cert_no_hash__in=hashes).select_related("town"))
        visible = set(access.scoped(user, JobSeeker).filter(pk__in=[s.pk for s in seekers]).values_list("pk", flat=True))
        self.seekers = {s.cert_no_hash: s for s in seekers if s.pk in visible}
        self.visible_codes = dict(
            access.scoped(user, Household).filter(pk__in={s.household_id for s in seekers if s.household_id})
            .values_list("pk", "code")
        )


def _row_plan(row: HouseholdRow, register: _Register, claimed: dict[int, int],
              today: date) -> tuple[_Plan | None, list[RowError]]:
    errors: list[RowError] = []

    def err(field_name: str, reason: str) -> None:
        errors.append(RowError(row.row, COLUMN_OF[field_name], reason))

    existing = register.by_code.get(row.code)
    if existing is not None and existing.pk not in register.changeable:
        # The code is taken by a family outside the user's towns: say so, and nothing about it.
        err("code", f"户编号 {row.code} 已被使用，您无权修改这个家庭。请核对户编号，或联系区残联")
        return None, errors

    # Known and the user's: the reader refused every other row (``_town_refusal``, asked on each row).
    town = register.towns[row.town]

    for field_name, reason in _field_errors(
        code=row.code, identified_on=row.identified_on, other_employed_from=row.other_employed_from,
        other_employed_until=row.other_employed_until, exited_on=row.exited_on, exit_reason=row.exit_reason,
        today=today,
    ).items():
        err(field_name, reason.rstrip("。"))

    if existing is not None and existing.town_id != town.pk:
        elsewhere = _members_elsewhere(existing, town)
        if elsewhere:
            err("town", f"本户成员{'、'.join(s.name for s in elsewhere)}登记在其他镇街，不能把家庭改到{town.name}。"
                        "请先在家庭详情页移出这些成员，或核对镇街")

    seekers: list[JobSeeker] = []
    for position, cert in enumerate(row.member_certs, start=1):
        label = f"第{position}个证号（{identity.mask_id(cert)}）"
        seeker = register.seekers.get(lookup_hash(cert[:20]))
        if seeker is None:
            err("members", f"{label}没有找到已登记的求职者。请核对证号；还没有登记的，请先到“登记求职者”登记")
            continue
        if seeker.pk in claimed:
            err("members", f"{label}（{seeker.name}）已填在第{claimed[seeker.pk]}行的家庭里，一个人只能属于一个家庭")
            continue
        claimed[seeker.pk] = row.row
        if seeker.town_id != town.pk:
            err("members", f"{label}（{seeker.name}）登记的所属镇街是{seeker.town.name}，与本户（{town.name}）不一致")
            continue
        current = seeker.household_id
        if current is not None and (existing is None or current != existing.pk):
            where = f"家庭 {register.visible_codes[current]} " if current in register.visible_codes else "另一个家庭"
            err("members", f"{label}（{seeker.name}）已登记在{where}中，一个人只能属于一个家庭。请先在那个家庭的页面移出")
            continue
        seekers.append(seeker)

    if errors:
        return None, errors
    return _Plan(row=row, town=town, household=existing, seekers=seekers), []


def _error_order(error: RowError) -> tuple[int, int]:
    """Row by row, and within a row in the template's column order."""
    headers = importer.HEADERS
    return error.row, headers.index(error.column) if error.column in headers else len(headers)


@transaction.atomic
def households_import(*, user, content: bytes, filename: str) -> ImportSummary:
    """Create or update families by 户编号 from an uploaded xlsx/csv and add the listed members.

    Any bad row → ``HouseholdImportError`` listing every error with its row and column, and nothing
    is saved. Blank cells clear the family's field; members not listed are kept (taking a member out
    is done on the family's page, after a confirmation)."""
    towns = _towns_by_name()
    allowed = set(access.served_towns(user).values_list("pk", flat=True))
    try:
        # The town is checked on every row, also one whose other cells are refused, so that every
        # refusal is reported at once (not the town only after the format errors are fixed).
        rows, errors = importer.read_households(content, filename,
                                                town_refusal=lambda text: _town_refusal(towns, allowed, text))
    except TableFileError as exc:
        raise HouseholdImportError([], str(exc)) from exc
    register = _Register(user, rows, towns=towns)
    today = timezone.localdate()
    claimed: dict[int, int] = {}
    plans: list[_Plan] = []
    for row in rows:
        plan, row_errors = _row_plan(row, register, claimed, today)
        errors.extend(row_errors)
        if plan is not None:
            plans.append(plan)
    if errors:
        errors.sort(key=_error_order)  # in place: the kept errors, and the count of all
        raise HouseholdImportError(errors)

    created = updated = added = 0
    now = timezone.now()
    for plan in plans:
        row = plan.row
        household = plan.household or Household(created_by=user)
        is_new = household.pk is None
        try:
            _household_save(
                household, code=row.code, town=plan.town, identified_on=row.identified_on,
                other_employed_from=row.other_employed_from, other_employed_until=row.other_employed_until,
                exited_on=row.exited_on, exit_reason=row.exit_reason, notes=row.notes,
            )
        except ValidationError as exc:
            raise HouseholdImportError([RowError(row.row, "户编号", CODE_TAKEN.rstrip("。"))]) from exc
        created, updated = created + is_new, updated + (not is_new)
        new_members = [s.pk for s in plan.seekers if s.household_id != household.pk]
        if new_members:
            # Only seekers still in no family: one put in a family after the checks ran is not moved.
            moved = JobSeeker.objects.filter(pk__in=new_members, household__isnull=True).update(
                household=household, updated_at=now
            )
            if moved != len(new_members):
                raise HouseholdImportError([], "导入期间有家庭成员被其他人调整过，没有保存任何内容。请重新上传。")
            added += moved
        plan.household = household
    saved = [p.household.pk for p in plans]
    if access.scoped(user, Household, change=True).filter(pk__in=saved).count() != len(saved):
        # The checks above mirror the access rule; if they ever disagree, save nothing.
        raise PermissionDenied("导入的家庭超出了您可以管理的范围，没有保存任何内容。")
    return ImportSummary(created=created, updated=updated, members_added=added)
