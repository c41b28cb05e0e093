"""Writes of the employer register (用人单位名录): district staff register an employer, edit its entry,
take it off the register (停用, with a reason) or put it back, and load the year's extract from the
tax / social-insurance register in bulk. Every change is logged (``EmployerChange``: who, when, each
field before and after, the reason).

An employer is never deleted here: its declarations, jobs and accounts refer to it, and the
register's history must stay. One taken off the register keeps everything; it is no longer expected
to file (the non-filer list counts active employers only).

The bulk import (``import_read`` → ``import_plan`` → ``import_apply``): every row is checked first and
nothing is saved if any is wrong; rows are matched by credit code — new codes are registered, known
ones updated. Updates are applied only after staff have seen what changes: ``import_plan`` lists the
changes with a digest, and ``import_apply`` refuses if the register has changed since (the digest
differs). Empty optional cells keep what the register has.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from domain import identity, phone

from . import access
from .account_selectors import person_label
from .models import Employer, EmployerChange, EmployerKind, Role, Town
from .table_import import RowError, RowErrors, cell_text, read_table_rows

logger = logging.getLogger(__name__)

# The fields of an entry staff edit, in the order pages and files show them.
FIELDS = ("name", "credit_code", "kind", "town", "address", "contact_name", "contact_phone", "contact_email")
LABELS = {name: str(Employer._meta.get_field(name).verbose_name) for name in FIELDS}
MAX_LENGTHS = {name: Employer._meta.get_field(name).max_length for name in FIELDS if name not in ("kind", "town")}
KIND_BY_LABEL = {str(label): value for value, label in EmployerKind.choices}
CODE_TAKEN = "统一社会信用代码 {code} 已经登记过：{name}（{town}）。同一家单位只登记一次，请在名录中找到它后修改。"


def _require_district(by) -> None:
    if access.role_of(by) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以修改用人单位名录。")


def display(name: str, value) -> str:
    """A field's value in words, as the log and the confirmation page show it."""
    if value in (None, ""):
        return ""
    if name == "kind":
        return str(EmployerKind(value).label) if value in EmployerKind.values else str(value)
    if name == "town":
        return value.name if isinstance(value, Town) else str(Town.objects.filter(pk=value).first() or value)
    return str(value)


# ---- checking an entry -------------------------------------------------------------------------


def _check_phone(value: str) -> str:
    try:
        return phone.normalize_phone(value)
    except phone.PhoneError as exc:
        raise ValueError(str(exc)) from exc


def _check_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValueError("邮箱格式不对，例如 hr@example.com") from exc
    return value


def _check_code(value: str) -> str:
    try:
        return identity.normalize_credit_code(value)
    except identity.IdentityError as exc:
        raise ValueError(str(exc)) from exc


def code_taken_message(code: str, *, exclude_pk: int | None = None) -> str | None:
    other = Employer.objects.filter(credit_code=code).exclude(pk=exclude_pk).select_related("town").first()
    if other is None:
        return None
    return CODE_TAKEN.format(code=code, name=other.name, town=other.town.name)


def entry_clean(data: dict, *, employer: Employer | None = None) -> dict:
    """The entry's fields checked and written one way (credit code upper-case, phone normalised);
    a ``ValidationError`` naming each wrong field in Chinese."""
    errors: dict[str, str] = {}
    clean: dict = {}
    for name in FIELDS:
        value = data.get(name)
        if name == "town":
            if not isinstance(value, Town):
                errors[name] = "请选择单位所属的镇街。"
            clean[name] = value
            continue
        text = "" if value is None else str(value).strip()
        if name == "kind":
            if text not in EmployerKind.values:
                errors[name] = "请选择单位性质。"
            clean[name] = text
            continue
        if name in ("name", "credit_code") and not text:
            errors[name] = f"请填写{LABELS[name]}。"
            continue
        try:
            if name == "credit_code":
                text = _check_code(text)
            elif name == "contact_phone" and text:
                text = _check_phone(text)
            elif name == "contact_email" and text:
                text = _check_email(text)
        except ValueError as exc:
            errors[name] = f"{exc}。"
            continue
        if len(text) > MAX_LENGTHS[name]:
            errors[name] = f"{LABELS[name]}不能超过 {MAX_LENGTHS[name]} 个字。"
            continue
        clean[name] = text
    if "credit_code" in clean and "credit_code" not in errors:
        taken = code_taken_message(clean["credit_code"], exclude_pk=employer.pk if employer else None)
        if taken:
            errors["credit_code"] = taken
    if errors:
        raise ValidationError(errors)
    return clean


def _changes(employer: Employer, clean: dict) -> list[dict]:
    changes = []
    for name in FIELDS:
        if name not in clean:
            continue
        before = employer.town if name == "town" else getattr(employer, name)
        after = clean[name]
        if (before.pk if name == "town" else before) != (after.pk if name == "town" else after):
            changes.append({"field": LABELS[name], "before": display(name, before), "after": display(name, after)})
    return changes


def _log(*, employer: Employer, by, action: str, changes: list[dict] | None = None, reason: str = "") -> None:
    EmployerChange.objects.create(employer=employer, by=by if getattr(by, "pk", None) else None,
                                  by_label=person_label(by)[:120], action=action, changes=changes or [],
                                  reason=reason[:200])
    logger.info("employer %s: register %s by user %s", employer.pk, action, getattr(by, "pk", None))


def _save(employer: Employer, *, message_code: str) -> None:
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError as exc:  # two staff registering the same code at once
        raise ValidationError({"credit_code": f"统一社会信用代码 {message_code} 刚刚已由其他工作人员登记。"
                                              "同一家单位只登记一次，请在名录中找到它后修改。"}) from exc


# ---- one entry ---------------------------------------------------------------------------------


@transaction.atomic
def employer_create(*, by, data: dict) -> Employer:
    """Register one employer (``data``: the fields of ``FIELDS``); logged as 登记."""
    _require_district(by)
    clean = entry_clean(data)
    employer = Employer(**clean)
    _save(employer, message_code=clean["credit_code"])
    _log(employer=employer, by=by, action=EmployerChange.Action.CREATED,
         changes=[{"field": LABELS[n], "before": "", "after": display(n, clean[n])} for n in FIELDS if clean[n]])
    return employer


@transaction.atomic
def employer_update(*, by, employer: Employer, data: dict) -> list[dict]:
    """Change an employer's entry; returns (and logs) what changed — nothing logged if nothing did."""
    _require_district(by)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    clean = entry_clean(data, employer=employer)
    changes = _changes(employer, clean)
    if not changes:
        return []
    for name, value in clean.items():
        setattr(employer, name, value)
    _save(employer, message_code=clean["credit_code"])
    _log(employer=employer, by=by, action=EmployerChange.Action.UPDATED, changes=changes)
    return changes


@transaction.atomic
def employer_deactivate(*, by, employer: Employer, reason: str) -> Employer:
    """Take an employer off the register (停用): it is no longer expected to file; everything it has
    stays. The reason is required, kept on the entry and in the log."""
    _require_district(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写停用原因，例如“2025年6月注销”或“迁出本区”。"})
    if len(reason) > 200:
        raise ValidationError({"reason": "停用原因不能超过 200 个字。"})
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if not employer.active:
        raise ValidationError("这家单位已经停用。")
    employer.active, employer.inactive_reason, employer.inactive_since = False, reason, timezone.now()
    employer.save(update_fields=["active", "inactive_reason", "inactive_since", "updated_at"])
    _log(employer=employer, by=by, action=EmployerChange.Action.DEACTIVATED, reason=reason)
    return employer


@transaction.atomic
def employer_reactivate(*, by, employer: Employer) -> Employer:
    """Put an employer back on the register (恢复在册); the earlier reason stays in the log."""
    _require_district(by)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.active:
        return employer
    before = employer.inactive_reason
    employer.active, employer.inactive_reason, employer.inactive_since = True, "", None
    employer.save(update_fields=["active", "inactive_reason", "inactive_since", "updated_at"])
    _log(employer=employer, by=by, action=EmployerChange.Action.REACTIVATED,
         reason=f"此前的停用原因：{before}" if before else "")
    return employer


@transaction.atomic
def employer_profile_save(*, by, employer: Employer, data: dict) -> list[dict]:
    """An employer's own user edits its profile (单位资料: name, address, contacts, description — the
    portal's form checked them); the register's fields that change are logged like staff changes."""
    account = access.account_of(by)
    if account is None or account.role != Role.EMPLOYER or account.employer_id != employer.pk:
        raise PermissionDenied("只能修改本单位的资料。")
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    changes = _changes(employer, {name: value for name, value in data.items() if name in FIELDS})
    for name, value in data.items():
        setattr(employer, name, value)
    employer.save()
    if changes:
        _log(employer=employer, by=by, action=EmployerChange.Action.UPDATED, changes=changes, reason="单位在平台上修改")
    return changes


# ---- bulk import -------------------------------------------------------------------------------

COLUMNS = {"统一社会信用代码": "credit_code", "单位名称": "name", "所属镇街": "town", "单位性质": "kind",
           "地址": "address", "联系人": "contact_name", "联系电话": "contact_phone", "联系邮箱": "contact_email"}
IMPORT_HEADERS = list(COLUMNS)
REQUIRED_HEADERS = ["统一社会信用代码", "单位名称", "所属镇街"]
IMPORT_HELP = [
    "18 位，用来对应名录中的单位：名录中没有的登记为新单位，已有的按本行更新",
    "单位的全称",
    "本区镇街的名称，例如 鼓楼街道",
    "企业、机关、事业单位、社会团体或其他；不填时新单位记为企业，已有单位不变",
    "可不填；不填时已有单位的地址不变（以下各列同）",
    "联系人姓名",
    "11 位手机号码，或带区号的固定电话，例如 0574-87654321",
    "例如 hr@example.com",
]


def import_template_xlsx() -> bytes:
    """The template: the headers (cells as text, so Excel keeps codes and numbers whole) and a second
    sheet explaining each column."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=IMPORT_HEADERS).to_excel(writer, index=False, sheet_name="用人单位名录")
        pd.DataFrame({"列名": IMPORT_HEADERS, "填写说明": IMPORT_HELP}).to_excel(writer, index=False,
                                                                         sheet_name="填写说明")
        for row in writer.sheets["用人单位名录"].iter_rows(min_row=2, max_row=1000, max_col=len(IMPORT_HEADERS)):
            for cell in row:
                cell.number_format = "@"
    return buffer.getvalue()


def import_template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(IMPORT_HEADERS) + "\r\n").encode("utf-8")


def _town_lookup() -> dict[str, int]:
    towns = {}
    for town in Town.objects.all():
        towns[town.name] = towns[town.code] = town.pk
    return towns


def import_read(content: bytes, filename: str) -> tuple[list[dict], RowErrors]:
    """Every row of the file checked: ({field: value} per row, town as its id and empty optional cells
    as ""; the errors by row and column). Raises ``TableFileError`` for a file that cannot be read."""
    towns = _town_lookup()

    def parse(values: dict[str, str], row: int):
        errors, item = [], {"row": row}
        for header, name in COLUMNS.items():
            text = cell_text(values, header)
            if name == "town":
                if not text:
                    errors.append(RowError(row, header, "未填写"))
                elif text not in towns:
                    errors.append(RowError(row, header, f"本区没有“{text}”，应为镇街的名称，例如 鼓楼街道"))
                else:
                    item[name] = towns[text]
                continue
            if not text:
                if name in ("credit_code", "name"):
                    errors.append(RowError(row, header, "未填写"))
                item[name] = ""
                continue
            try:
                if name == "credit_code":
                    text = _check_code(text)
                elif name == "kind":
                    if text not in KIND_BY_LABEL:
                        raise ValueError(f"应为{'、'.join(KIND_BY_LABEL)}之一")
                    text = KIND_BY_LABEL[text]
                elif name == "contact_phone":
                    text = _check_phone(text)
                elif name == "contact_email":
                    text = _check_email(text)
            except ValueError as exc:
                errors.append(RowError(row, header, str(exc)))
                continue
            if name in MAX_LENGTHS and len(text) > MAX_LENGTHS[name]:
                errors.append(RowError(row, header, f"不能超过 {MAX_LENGTHS[name]} 个字"))
                continue
            item[name] = text
        return (None, errors) if errors else (item, [])

    return read_table_rows(content, filename, required_headers=REQUIRED_HEADERS, parse=parse,
                           empty_message="文件里没有用人单位。请按模板填写后再上传。",
                           key=lambda item: item["credit_code"], key_column="统一社会信用代码")


@dataclass
class ImportPlan:
    """What an import would do: the employers to register, the changes to known ones, how many rows
    change nothing, and a digest of it all (what staff confirm)."""

    new: list[dict] = field(default_factory=list)  # each {"row", "name", "credit_code", "town", "values"}
    changed: list[dict] = field(default_factory=list)  # each {"row", "employer": Employer, "changes": [...]}
    unchanged: int = 0
    digest: str = ""


def _row_fields(item: dict, employer: Employer | None, towns: dict[int, Town]) -> dict:
    """The row as an entry: empty optional cells keep the employer's values (a new one: 企业, blank)."""
    data = {}
    for name in FIELDS:
        value = item.get(name, "")
        if name == "town":
            data[name] = towns.get(value)
        elif value == "" and employer is not None:
            data[name] = getattr(employer, name)
        elif value == "" and name == "kind":
            data[name] = EmployerKind.ENTERPRISE
        else:
            data[name] = value
    return data


def import_plan(rows: list[dict]) -> ImportPlan:
    plan = ImportPlan()
    known = {e.credit_code: e for e in Employer.objects.filter(credit_code__in=[r["credit_code"] for r in rows])
             .select_related("town")}
    towns = {t.pk: t for t in Town.objects.all()}
    for item in rows:
        employer = known.get(item["credit_code"])
        data = _row_fields(item, employer, towns)
        if employer is None:
            plan.new.append({"row": item["row"], "name": data["name"], "credit_code": data["credit_code"],
                             "town": display("town", data["town"]),
                             "values": {LABELS[n]: display(n, data[n]) for n in FIELDS}})
            continue
        changes = _changes(employer, data)
        if changes:
            plan.changed.append({"row": item["row"], "employer": employer, "changes": changes})
        else:
            plan.unchanged += 1
    summary = {"new": plan.new, "changed": [{"pk": c["employer"].pk, "changes": c["changes"]} for c in plan.changed]}
    plan.digest = hashlib.sha256(json.dumps(summary, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return plan


@transaction.atomic
def import_apply(*, by, rows: list[dict], digest: str, source: str = "") -> ImportPlan:
    """Register the new employers and update the known ones, all or nothing — provided the plan is
    still the one staff confirmed (``digest``); a ``ValidationError`` if the register changed since."""
    _require_district(by)
    list(Employer.objects.select_for_update().filter(credit_code__in=[r["credit_code"] for r in rows]))
    plan = import_plan(rows)
    if plan.digest != digest:
        raise ValidationError("在您确认之前，用人单位名录已有变化，这次导入没有保存任何内容。请重新上传文件，核对变更后再确认。")
    reason = f"文件：{source}"[:200] if source else ""
    towns = {t.pk: t for t in Town.objects.all()}
    known = {e.credit_code: e for e in Employer.objects.filter(credit_code__in=[r["credit_code"] for r in rows])}
    for item in rows:
        employer = known.get(item["credit_code"])
        data = _row_fields(item, employer, towns)
        if employer is None:
            employer = Employer(**data)
            _save(employer, message_code=data["credit_code"])
            _log(employer=employer, by=by, action=EmployerChange.Action.IMPORT_CREATED, reason=reason,
                 changes=[{"field": LABELS[n], "before": "", "after": display(n, data[n])} for n in FIELDS if data[n]])
            continue
        changes = _changes(employer, data)
        if changes:
            for name, value in data.items():
                setattr(employer, name, value)
            _save(employer, message_code=data["credit_code"])
            _log(employer=employer, by=by, action=EmployerChange.Action.IMPORT_UPDATED, changes=changes,
                 reason=reason)
    logger.info("employer register import by user %s: %s new, %s changed", by.pk, len(plan.new), len(plan.changed))
    return plan


__all__ = [
    "FIELDS", "IMPORT_HEADERS", "IMPORT_HELP", "LABELS", "REQUIRED_HEADERS", "ImportPlan", "code_taken_message",
    "display", "employer_create", "employer_deactivate", "employer_profile_save", "employer_reactivate", "employer_update", "entry_clean",
    "import_apply", "import_plan", "import_read", "import_template_csv", "import_template_xlsx",
]
