"""Writes of rewards and subsidies: start the three kinds of application, edit social-insurance lines
(form or upload), submit, review (town → district through the shared Wagtail workflow tasks), notify
the applicant, and put approved applications on payment lists.

Every write is one transaction and leaves a Wagtail revision. Amounts come from the pure rules in
``employment.subsidies.rules`` with the year's ``PolicyYear`` parameters; this module only loads
their inputs and stores their outputs. Errors an applicant can cause are ``ValidationError`` in
Chinese (upload errors name row and column) and change nothing.

Separation of duties (issue 13): every write that changes the payee name, bank or account number
leaves a ``PaymentDetailsChange`` (masked values, who, when); its author may then neither approve the
application at any step (enforced by the review tasks, so also in the Wagtail admin) nor put it on a
payment list. Every change made by someone other than the applicant — staff acting on a seeker's
behalf — is told to the applicant (``notifications.staff_changed``), payment details masked.

A start-up application is saved as a draft first; its supporting documents (``SubsidyEvidence``,
checked by ``employment.subsidies.evidence``) are uploaded to it, and it can be submitted only with
at least one. A file is written to private storage before its row, and removed again if the row
cannot be written; a deleted row's file goes once the deletion commits.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.log_actions import log

from employment import crypto, identity
from employment.declarations.roster_import import RosterFileError, RowError, row_errors
from employment.declarations.services import (
    RosterImportError,
    current_task,
    policy_year_get,
    review_workflow_ensure,
)
from employment.models import (
    Declaration,
    DeclarationOutcome,
    DeclarationStatus,
    Employer,
    EvidenceKind,
    JobSeeker,
    PaymentDetailsChange,
    PaymentList,
    PersonalDataAccess,
    PolicyYear,
    Programme,
    RosterEntry,
    SIClaimLine,
    SubsidyApplication,
    SubsidyEvidence,
    SubsidyStatus,
    TownReviewTask,
)
from employment.models.subsidies import PAYMENT_FIELDS, private_storage

from . import notifications, rules, selectors
from .evidence import MAX_FILES_PER_APPLICATION, EvidenceRefused, evidence_check, original_name_clean
from .si_upload import ContributionRow, read_contributions

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "补贴奖励审核"
# Applications whose granted months count as "already subsidised" for everyone else.
FILED = (SubsidyStatus.TOWN_REVIEW, SubsidyStatus.DISTRICT_REVIEW, SubsidyStatus.APPROVED)


class ContributionImportError(RosterImportError):
    """An upload with bad rows (or people not on the approved roster): nothing was saved."""

    def __init__(self, errors: list[RowError], message: str = ""):
        total = row_errors(errors).total
        super().__init__(errors, message or f"缴费明细中有 {total} 处错误，整个文件没有导入，请改正后重新上传。")


# ---- helpers -----------------------------------------------------------------------------------


def _snapshot(application: SubsidyApplication, user) -> None:
    application.save_revision(user=user, clean=False, log_action=True)


def subsidy_params(policy: PolicyYear) -> rules.SubsidyParams:
    return rules.SubsidyParams(
        year=policy.year,
        si_subsidy_share=policy.si_subsidy_share,
        si_subsidy_monthly_cap=policy.si_subsidy_monthly_cap,
        si_subsidy_max_months=policy.si_subsidy_max_months,
        startup_subsidy_tiers={k: Decimal(str(v)) for k, v in (policy.startup_subsidy_tiers or {}).items()},
        reward_per_person=policy.reward_per_person,
    )


def _require_editable(application: SubsidyApplication) -> None:
    current = (
        SubsidyApplication.objects.select_for_update().filter(pk=application.pk).values_list("status", flat=True).first()
    )
    if current is not None:
        application.status = current
    if not application.editable_by_applicant:
        raise ValidationError("申请已提交审核，不能修改。如需修改，请等待审核退回。")


def _bank_fields(bank: dict) -> dict:
    fields = {
        "bank_account_name": (bank.get("bank_account_name") or "").strip(),
        "bank_name": (bank.get("bank_name") or "").strip(),
        "bank_account": (bank.get("bank_account") or "").replace(" ", "").strip(),
    }
    errors = {}
    if not fields["bank_account_name"]:
        errors["bank_account_name"] = "请填写开户名称。"
    if not fields["bank_name"]:
        errors["bank_name"] = "请填写开户银行。"
    if not fields["bank_account"].isdigit() or not 8 <= len(fields["bank_account"]) <= 30:
        errors["bank_account"] = "银行账号应为8到30位数字。"
    if errors:
        raise ValidationError(errors)
    return fields


# ---- who changed what (separation of duties) -----------------------------------------------------

PAYMENT_CHANGE_LOG_ACTION = "shuguang.payment_details_change"
STARTUP_FIELDS = ("business_name", "business_credit_code", "business_registered_on", "tier", "tier_evidence")
FIELD_LABELS = {
    "bank_account_name": "开户名称", "bank_name": "开户银行", "bank_account": "银行账号",
    "business_name": "经营主体名称", "business_credit_code": "统一社会信用代码",
    "business_registered_on": "注册登记日期", "tier": "补贴档次", "tier_evidence": "档次证明材料说明",
}


def _plain(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value).strip()


def mask_payment_value(field: str, value) -> str:
    """How a payment detail is shown in records and notifications: the account number by its last
    four digits only, the payee name with all but its first (and, if long, last two) characters
    hidden; the bank's name as it is."""
    value = _plain(value)
    if not value:
        return ""
    if field == "bank_account":
        return identity.mask_bank_account(value)
    if field == "bank_account_name":
        if len(value) <= 4:
            return value[0] + "*" * (len(value) - 1)
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return value


def _shown(field: str, value) -> str:
    if field in PAYMENT_FIELDS:
        return mask_payment_value(field, value)
    if field == "tier" and _plain(value):
        return f"{_plain(value)}档"
    return _plain(value)


def _change_text(field: str, before, after) -> str:
    label = FIELD_LABELS.get(field, field)
    if field == "tier_evidence":  # free text: say that it changed, not what it says
        return f"{label}：已{'修改' if _plain(before) else '填写'}"
    old, new = _shown(field, before), _shown(field, after)
    if not old:
        return f"{label}：填写为“{new}”"
    if not new:
        return f"{label}：已清空（原为“{old}”）"
    return f"{label}：由“{old}”改为“{new}”"


def _stored_values(application: SubsidyApplication, fields) -> dict:
    """The values as stored now (before this write); empty for an application not saved yet."""
    if application.pk is None:
        return dict.fromkeys(fields, "")
    row = SubsidyApplication.objects.filter(pk=application.pk).values(*fields).first() or {}
    return {f: row.get(f) for f in fields}


def _changes_record(*, application: SubsidyApplication, before: dict, user, done: tuple[str, ...] = ()) -> None:
    """After a write: keep a ``PaymentDetailsChange`` if any payment detail in ``before`` differs from
    the application now, and tell the applicant of every change (and of ``done``, things done such
    as an uploaded file) when the writer is not the applicant."""
    changed = [f for f in before if _plain(before[f]) != _plain(getattr(application, f))]
    by_applicant = selectors.acts_for_applicant(application, user)
    label = selectors.actor_label(user)
    now = timezone.now()
    payment = [f for f in PAYMENT_FIELDS if f in changed]
    if payment:
        PaymentDetailsChange.objects.create(
            application=application, changed_by=user if getattr(user, "pk", None) else None,
            changed_by_label=label, by_applicant=by_applicant, fields=payment,
            before={f: mask_payment_value(f, before[f]) for f in payment},
            after={f: mask_payment_value(f, getattr(application, f)) for f in payment},
        )
        log(instance=application, action=PAYMENT_CHANGE_LOG_ACTION, user=user if getattr(user, "pk", None) else None,
            data={"by": label, "fields": payment})  # values stay in the record, not in the site-wide log
        logger.info("payment details of application %s changed by user %s (%s)", application.pk,
                    getattr(user, "pk", None), "applicant" if by_applicant else "staff")
    lines = [_change_text(f, before[f], getattr(application, f)) for f in changed] + list(done)
    if lines and not by_applicant:
        notifications.staff_changed(application, actor=label, at=now, changes=lines)


# ---- over-quota reward (超比例奖励) ---------------------------------------------------------------


def reward_compute(declaration: Declaration) -> rules.RewardResult:
    policy = policy_year_get(declaration.year)
    summary = (declaration.result or {}).get("summary", {})
    surplus = Fraction(str(summary.get("surplus", "0")))
    return rules.over_quota_reward(surplus, policy.reward_per_person)


@transaction.atomic
def reward_application_create(*, declaration: Declaration, bank: dict, user) -> SubsidyApplication:
    """Create the reward application from an approved declaration with the confirmed bank details and
    submit it for review."""
    declaration = Declaration.objects.select_for_update().select_related("employer").get(pk=declaration.pk)
    if declaration.status != DeclarationStatus.APPROVED or declaration.outcome != DeclarationOutcome.REWARD:
        raise ValidationError("只有审核通过且超比例安排的年审申报才能申请超比例奖励。")
    if SubsidyApplication.objects.filter(programme=Programme.REWARD, declaration=declaration).exists():
        raise ValidationError("这份年审申报已经申请过超比例奖励。")
    reward = reward_compute(declaration)
    if reward.amount <= 0:
        raise ValidationError("超比例人数不足一人，没有奖励金额。")
    application = SubsidyApplication.objects.create(
        programme=Programme.REWARD, year=declaration.year, employer=declaration.employer,
        town=declaration.employer.town, declaration=declaration, created_by=user, live=False,
        **_bank_fields(bank),
    )
    _changes_record(application=application, before=dict.fromkeys(PAYMENT_FIELDS, ""), user=user)
    _store_reward(application, reward)
    return subsidy_submit(application=application, user=user)


def _store_reward(application: SubsidyApplication, reward: rules.RewardResult) -> None:
    application.amount = reward.amount
    application.calculation = {
        "surplus": str(reward.surplus), "persons": reward.persons, "per_person": str(reward.per_person),
    }
    application.save()


# ---- employer social-insurance subsidy (社保补贴) -------------------------------------------------


def approved_roster(employer: Employer, year: int) -> dict[str, RosterEntry]:
    """The approved declaration's roster of the year, by certificate hash."""
    declaration = Declaration.objects.filter(employer=employer, year=year, status=DeclarationStatus.APPROVED).first()
    if declaration is None:
        return {}
    return {e.cert_hash: e for e in declaration.roster.all()}


@transaction.atomic
def si_application_start(*, employer: Employer, year: int, user) -> SubsidyApplication:
    policy_year_get(year)
    existing = SubsidyApplication.objects.filter(
        programme=Programme.SOCIAL_INSURANCE, employer=employer, year=year
    ).first()
    if existing is not None:
        return existing
    if not Declaration.objects.filter(employer=employer, year=year, status=DeclarationStatus.APPROVED).exists():
        raise ValidationError(f"本单位{year}年度的按比例就业年审尚未审核通过，暂不能申请社保补贴。")
    application = SubsidyApplication.objects.create(
        programme=Programme.SOCIAL_INSURANCE, year=year, employer=employer, town=employer.town,
        created_by=user, live=False, bank_account_name=employer.name,
    )
    _changes_record(application=application, before=dict.fromkeys(PAYMENT_FIELDS, ""), user=user)
    _snapshot(application, user)
    return application


def _subsidised_elsewhere(cert_hash: str, application: SubsidyApplication) -> tuple[int, set[int]]:
    """(lifetime months already subsidised for this person, this year's months already subsidised) on
    every other filed or approved application — any employer, any year."""
    lines = SIClaimLine.objects.filter(cert_hash=cert_hash, application__status__in=FILED).exclude(
        application=application
    ).select_related("application")
    used: set[tuple[int, int]] = set()
    for line in lines:
        used.update((line.application.year, m) for m in line.granted_months)
    this_year = {m for (y, m) in used if y == application.year}
    return len(used), this_year


def _si_line_compute(line: SIClaimLine, application: SubsidyApplication, params: rules.SubsidyParams) -> None:
    lifetime, this_year = _subsidised_elsewhere(line.cert_hash, application)
    result = rules.social_insurance_subsidy(
        {int(m): Decimal(v) for m, v in line.contributions.items()},
        share=params.si_subsidy_share,
        monthly_cap=params.si_subsidy_monthly_cap,
        max_months=params.si_subsidy_max_months,
        months_already_subsidised=lifetime,
        months_already_subsidised_this_year=this_year,
    )
    line.granted = {str(m): str(a) for m, a in sorted(result.per_month.items())}
    line.refused = {str(m): label for m, label in result.refused_labels.items()}
    line.amount = result.total


def _si_recompute(application: SubsidyApplication) -> None:
    params = subsidy_params(policy_year_get(application.year))
    total = Decimal("0.00")
    for line in application.si_lines.all():
        _si_line_compute(line, application, params)
        line.save()
        total += line.amount
    application.amount = total
    application.calculation = {
        "share": str(params.si_subsidy_share), "monthly_cap": str(params.si_subsidy_monthly_cap),
        "max_months": params.si_subsidy_max_months,
    }
    application.save()


def _line_from_row(application: SubsidyApplication, row: ContributionRow, roster: dict[str, RosterEntry]):
    cert_hash = crypto.lookup_hash(row.cert_no[:20])
    if cert_hash not in roster:
        return None, RowError(row.row, "证件号码", f"此人不在本单位{application.year}年度审核通过的残疾职工名册中，不能申请补贴")
    return SIClaimLine(
        application=application, name=row.name, cert_token=crypto.encrypt(row.cert_no), cert_hash=cert_hash,
        cert_masked=identity.mask_id(row.cert_no),
        contributions={str(m): str(v) for m, v in sorted(row.contributions.items())},
    ), None


@transaction.atomic
def si_line_save(
    *, application: SubsidyApplication, name: str, cert_no: str, months: list[int], contribution: Decimal, user
) -> SIClaimLine:
    """Add (or replace) one employee's line by form: the same contribution in each of ``months``."""
    _require_editable(application)
    try:
        cert = identity.parse_disability_cert(cert_no)
    except identity.IdentityError as exc:
        raise ValidationError({"cert_no": str(exc)}) from exc
    if not months:
        raise ValidationError({"months": "请填写缴费月份。"})
    if contribution is None or contribution <= 0:
        raise ValidationError({"contribution": "每月单位缴费额应大于0。"})
    row = ContributionRow(name=name.strip(), cert_no=cert.number, contributions=dict.fromkeys(months, contribution))
    line, error = _line_from_row(application, row, approved_roster(application.employer, application.year))
    if error is not None:
        raise ValidationError({"cert_no": error.reason})
    replaced = application.si_lines.filter(cert_hash=line.cert_hash).delete()[0]
    line.save()
    _si_recompute(application)
    _snapshot(application, user)
    _changes_record(application=application, before={}, user=user,
                    done=(f"{'更新' if replaced else '添加'}了{line.name}（{line.cert_masked}）的社保缴费明细",))
    return line


@transaction.atomic
def si_line_delete(*, line: SIClaimLine, user) -> None:
    application = line.application
    _require_editable(application)
    line.delete()
    _si_recompute(application)
    _snapshot(application, user)
    _changes_record(application=application, before={}, user=user,
                    done=(f"删除了{line.name}（{line.cert_masked}）的社保缴费明细",))


@transaction.atomic
def si_lines_import(*, application: SubsidyApplication, content: bytes, filename: str, user) -> list[SIClaimLine]:
    """Replace the lines with an uploaded xlsx/csv. Any bad row → ContributionImportError, nothing saved."""
    _require_editable(application)
    try:
        rows, errors = read_contributions(content, filename)
    except RosterFileError as exc:
        raise ContributionImportError([], str(exc)) from exc
    roster = approved_roster(application.employer, application.year)
    lines = []
    for row in rows:
        line, error = _line_from_row(application, row, roster)
        if error is not None:
            errors.append(error)
        else:
            lines.append(line)
    if errors:
        raise ContributionImportError(errors)  # kept in row order, the first 100 of them
    application.si_lines.all().delete()
    for line in lines:
        line.save()
    _si_recompute(application)
    _snapshot(application, user)
    _changes_record(application=application, before={}, user=user,
                    done=(f"上传文件替换了社保缴费明细（共 {len(lines)} 人）",))
    return lines


@transaction.atomic
def subsidy_bank_update(*, application: SubsidyApplication, bank: dict, user) -> SubsidyApplication:
    _require_editable(application)
    before = _stored_values(application, PAYMENT_FIELDS)
    for key, value in _bank_fields(bank).items():
        setattr(application, key, value)
    application.save()
    _snapshot(application, user)
    _changes_record(application=application, before=before, user=user)
    return application


# ---- one-time start-up subsidy (一次性创业补贴) -------------------------------------------------------


def startup_received_before(seeker: JobSeeker, *, exclude: SubsidyApplication | None = None) -> bool:
    qs = SubsidyApplication.objects.filter(programme=Programme.STARTUP, seeker=seeker, status__in=FILED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def _startup_fields(*, year: int, business_name: str, credit_code: str, registered_on: date | None,
                    tier: str, evidence: str, policy: PolicyYear) -> dict:
    errors = {}
    code = ""
    try:
        code = identity.normalize_credit_code(credit_code)
    except identity.IdentityError as exc:
        errors["business_credit_code"] = str(exc)
    if not (business_name or "").strip():
        errors["business_name"] = "请填写经营主体名称。"
    if registered_on is None:
        errors["business_registered_on"] = "请填写注册登记日期。"
    elif registered_on > timezone.localdate():
        errors["business_registered_on"] = "注册登记日期不能晚于今天。"
    if not (evidence or "").strip():
        errors["tier_evidence"] = "请说明符合所选档次的证明材料。"
    amount = None
    try:
        amount = rules.startup_subsidy(tier, subsidy_params(policy).startup_subsidy_tiers, False).amount
    except rules.SubsidyError as exc:
        errors["tier"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return {
        "business_name": business_name.strip(), "business_credit_code": code,
        "business_registered_on": registered_on, "tier": tier.strip().upper(),
        "tier_evidence": evidence.strip(), "amount": amount,
        "calculation": {"tier": tier.strip().upper(), "tiers": {k: str(v) for k, v in policy.startup_subsidy_tiers.items()}},
    }


@transaction.atomic
def startup_application_create(
    *, seeker: JobSeeker, year: int, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    """A seeker (or staff on their behalf) applies: saved as a draft, to which the supporting
    documents are uploaded before it is submitted (``subsidy_submit``)."""
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)  # one application at a time per person
    if selectors.startup_open_application(seeker) is not None:
        raise ValidationError("已有一份尚未提交（或被退回修改）的一次性创业补贴申请，请打开那份申请补充材料后提交，不必重新申请。")
    policy = policy_year_get(year)
    fields = _startup_fields(year=year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    result = rules.startup_subsidy(fields["tier"], subsidy_params(policy).startup_subsidy_tiers,
                                   startup_received_before(seeker))
    if not result.granted:
        raise ValidationError(result.reason)
    application = SubsidyApplication.objects.create(
        programme=Programme.STARTUP, year=year, seeker=seeker, town=seeker.town, created_by=user, live=False,
        **fields, **_bank_fields(bank),
    )
    _snapshot(application, user)
    _changes_record(application=application, before=dict.fromkeys(STARTUP_FIELDS + PAYMENT_FIELDS, ""), user=user,
                    done=("代您填写了这份申请（尚未提交审核）",))
    return application


@transaction.atomic
def startup_application_update(
    *, application: SubsidyApplication, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    _require_editable(application)
    policy = policy_year_get(application.year)
    fields = _startup_fields(year=application.year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    before = _stored_values(application, STARTUP_FIELDS + PAYMENT_FIELDS)
    for key, value in {**fields, **_bank_fields(bank)}.items():
        setattr(application, key, value)
    application.save()
    _snapshot(application, user)
    _changes_record(application=application, before=before, user=user)
    return application


# ---- supporting documents of a start-up application (证明材料) -----------------------------------


def evidence_add(
    *, application: SubsidyApplication, kind: str, note: str = "", filename: str, content: bytes, user
) -> SubsidyEvidence:
    """Store one supporting document of a start-up application that may still be edited.

    The file is checked (type by its first bytes, size), written to private storage under a random
    name, then its row is written under the application's row lock (which also serialises the
    10-file limit). If the row cannot be written, the file is removed again: nothing half-saved.
    """
    if application.programme != Programme.STARTUP:
        raise ValidationError("只有一次性创业补贴申请需要上传证明材料。")
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
    try:
        real = evidence_check(content, filename, max_bytes=settings.UPLOAD_MAX_BYTES)
    except EvidenceRefused as exc:
        raise ValidationError({"file": str(exc)}) from exc
    name = private_storage.save(f"subsidy-evidence/{uuid.uuid4().hex}{real.suffix}", ContentFile(content))
    try:
        with transaction.atomic():
            _require_editable(application)
            if application.evidence_files.count() >= MAX_FILES_PER_APPLICATION:
                raise ValidationError({"file": (
                    f"每份申请最多上传 {MAX_FILES_PER_APPLICATION} 个证明材料文件，已经上传了 "
                    f"{MAX_FILES_PER_APPLICATION} 个，“{original_name_clean(filename)}”没有保存。"
                    "请先删除不需要的文件，或把几页材料合并成一个 PDF 后再上传。"
                )})
            evidence = SubsidyEvidence.objects.create(
                application=application, kind=kind, note=(note or "").strip()[:100], file=name,
                original_name=original_name_clean(filename), size=len(content), content_type=real.content_type,
                uploaded_by=user,
            )
            _snapshot(application, user)
            _changes_record(application=application, before={}, user=user,
                            done=(f"上传了证明材料“{evidence.original_name}”（{evidence.get_kind_display()}）",))
    except BaseException:
        private_storage.delete(name)
        raise
    logger.info("evidence %s (%s bytes) added to application %s by %s", evidence.pk, evidence.size,
                application.pk, getattr(user, "pk", None))
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: SubsidyEvidence, user) -> None:
    """Delete a supporting document while the application may be edited (its file goes on commit)."""
    application = evidence.application
    _require_editable(application)
    evidence.delete()
    _snapshot(application, user)
    _changes_record(application=application, before={}, user=user,
                    done=(f"删除了证明材料“{evidence.original_name}”（{evidence.get_kind_display()}）",))


def evidence_download_record(*, evidence: SubsidyEvidence, user) -> PersonalDataAccess:
    """Log a staff download of an applicant's document in the personal-data access log.

    ``PersonalDataAccess.Action`` has no "download" value and adding one would alter that model's
    migration, so a download is logged as EXPORT (导出): a copy of the document leaves the platform.
    """
    application = evidence.application
    return PersonalDataAccess.objects.create(
        user=user, seeker=application.seeker, field="创业补贴证明材料", action=PersonalDataAccess.Action.EXPORT,
        reason="查阅一次性创业补贴申请的证明材料",
        detail=f"补贴申请{application.pk} 证明材料{evidence.pk}（{evidence.get_kind_display()}）",
    )


# ---- submit and review -------------------------------------------------------------------------


def subsidy_workflow_ensure():
    """The town → district workflow for applications, using the declaration's two task instances."""
    return review_workflow_ensure(name=WORKFLOW_NAME, model=SubsidyApplication)


def _check_complete(application: SubsidyApplication) -> None:
    if not (application.bank_account and application.bank_name and application.bank_account_name):
        raise ValidationError("请先填写并确认银行账户信息。")
    if application.programme == Programme.SOCIAL_INSURANCE:
        if not application.si_lines.exists():
            raise ValidationError("请先填写或上传残疾职工的社保缴费明细。")
        if application.amount <= 0:
            raise ValidationError("所有月份均不符合补贴条件，补贴金额为0，不能提交。")
    if application.programme == Programme.STARTUP and startup_received_before(application.seeker, exclude=application):
        raise ValidationError("一次性创业补贴每人只能享受一次，申请人已领取过，不予重复发放")
    if application.programme == Programme.STARTUP and not application.evidence_files.exists():
        raise ValidationError("还没有上传证明材料，不能提交审核。请先上传营业执照等证明材料（PDF、JPG 或 PNG，至少一份），再提交。")


@transaction.atomic
def subsidy_submit(*, application: SubsidyApplication, user) -> SubsidyApplication:
    """Submit (or resubmit) for review: recompute, keep a revision, start the workflow, notify."""
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    if application.programme == Programme.SOCIAL_INSURANCE:
        # Lock every line of the same people (at any employer) so two employers submitting at once
        # are serialised and the second sees the first's months as already subsidised.
        hashes = list(application.si_lines.values_list("cert_hash", flat=True))
        list(SIClaimLine.objects.select_for_update().filter(cert_hash__in=hashes).values_list("pk", flat=True))
        _si_recompute(application)
    elif application.programme == Programme.REWARD:
        _store_reward(application, reward_compute(application.declaration))
    _check_complete(application)
    application.status = SubsidyStatus.TOWN_REVIEW
    application.submitted_at = timezone.now()
    application.save()
    _snapshot(application, user)
    state = application.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    subsidy_workflow_ensure().start(application, user)
    by_staff = not selectors.acts_for_applicant(application, user)
    notifications.status_changed(application, staff_actor=selectors.actor_label(user) if by_staff else "")
    return application


@transaction.atomic
def subsidy_review(*, application: SubsidyApplication, user, action: str, comment: str = "") -> SubsidyApplication:
    """Approve or reject the current review step (the same path the Wagtail admin takes). Whoever
    changed the payment details may not approve (``PermissionDenied`` with the reason)."""
    task_state, task = current_task(application)
    if task is None or not task.user_may_review(application, user):
        raise PermissionDenied("您不能审核这份申请。")
    if action not in ("approve", "reject"):
        raise ValidationError("未知的审核操作。")
    if action == "approve" and (refusal := task.approval_refusal(application, user)):
        raise PermissionDenied(refusal)
    if action == "reject" and not comment.strip():
        raise ValidationError({"comment": "退回时请填写审核意见，告诉申请人需要修改什么。"})
    task.on_action(task_state, user, action, comment=comment.strip())
    application.refresh_from_db()
    return application


# Signal handlers (connected in models.subsidies): ``status`` follows the workflow whichever interface
# the reviewer used, and every change is told to the applicant.


def on_task_approved(task_state, user) -> None:
    application = SubsidyApplication.objects.get(pk=task_state.workflow_state.object_id)
    if isinstance(task_state.task.specific, TownReviewTask):
        application.status = SubsidyStatus.DISTRICT_REVIEW
        application.reviewer_comment = task_state.comment or ""
        application.save(update_fields=["status", "reviewer_comment", "updated_at"])
        notifications.status_changed(application)


def on_task_rejected(task_state, user) -> None:
    application = SubsidyApplication.objects.get(pk=task_state.workflow_state.object_id)
    application.status = SubsidyStatus.REJECTED
    application.reviewer_comment = task_state.comment or ""
    application.save(update_fields=["status", "reviewer_comment", "updated_at"])
    notifications.status_changed(application)


def on_workflow_approved(workflow_state, user) -> None:
    application = SubsidyApplication.objects.get(pk=workflow_state.object_id)
    last_task = workflow_state.task_states.order_by("-finished_at").first()
    application.status = SubsidyStatus.APPROVED
    application.approved_at = timezone.now()
    application.reviewer_comment = (last_task.comment if last_task is not None else "") or ""
    application.save(update_fields=["status", "approved_at", "reviewer_comment", "updated_at"])
    notifications.status_changed(application)


# ---- payment lists (拨付名单) ----------------------------------------------------------------------


@transaction.atomic
def payment_list_create(*, programme: str, year: int, user) -> PaymentList:
    """Put every approved application of the programme and year not yet on a list onto a new list.

    The rows are locked first, so two reviewers pressing the button at once cannot list an
    application twice; an application's ``payment_list`` is never changed once set. Applications
    whose payment details ``user`` changed are left for another staff member to list.
    """
    if programme not in Programme.values:
        raise ValidationError("未知的补贴项目。")
    candidates = SubsidyApplication.objects.select_for_update().filter(
        programme=programme, year=year, status=SubsidyStatus.APPROVED, payment_list__isnull=True
    )
    changed_by_user = PaymentDetailsChange.objects.filter(changed_by_id=getattr(user, "pk", None) or 0)
    pending = list(candidates.exclude(pk__in=changed_by_user.values("application_id")).order_by("pk"))
    if not pending:
        if candidates.filter(pk__in=changed_by_user.values("application_id")).exists():
            raise ValidationError("尚未列入拨付名单的申请，收款信息都由您修改过，按规定不能由您列入拨付名单，请由其他工作人员生成。")
        raise ValidationError("没有尚未列入拨付名单的审核通过申请。")
    number = (PaymentList.objects.filter(programme=programme, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    payment_list = PaymentList.objects.create(
        programme=programme, year=year, number=number, created_by=user,
        total=sum((a.amount for a in pending), Decimal("0.00")),
    )
    updated = SubsidyApplication.objects.filter(pk__in=[a.pk for a in pending], payment_list__isnull=True).update(
        payment_list=payment_list
    )
    if updated != len(pending):  # pragma: no cover - the row lock makes this unreachable
        raise RuntimeError("payment list race: some applications were listed concurrently")
    logger.info("payment list %s created by %s with %d items", payment_list.pk, getattr(user, "pk", None), updated)
    return payment_list


def payment_list_export_record(*, payment_list: PaymentList, user) -> PersonalDataAccess:
    """Log an export of a payment list: it carries every payee's full bank account number (the bank
    needs it), so it is personal-data access like a revealed identity number."""
    return PersonalDataAccess.objects.create(
        user=user, field="银行账号", action=PersonalDataAccess.Action.EXPORT,
        reason="导出拨付名单交银行办理拨付",
        detail=f"{payment_list}（{payment_list.items.count()} 笔，含完整银行账号）"[:200],
    )
