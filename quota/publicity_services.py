"""Writes of 公示 managed by the district (``quota.publicity_models``): a batch made from approved
declarations and published (or scheduled by its start date); objections registered by an employer
online or by staff for a caller; their handling — notes, reopening the declaration for correction
(``letter_services.declaration_reopen``: the issued letter is withdrawn and the one review runs again), republishing the entry with the new
figures and a note, withdrawing an entry with a reason. Every step is one transaction and leaves a
``PublicityLog`` row; the district alone changes batches and handles objections."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from domain import phone
from employment import access
from employment.account_selectors import person_label
from employment.formats import cn_date, cn_datetime, cn_money
from employment.models import Account, Role
from employment.notify import notify

from .letter_services import declaration_reopen
from .models import (
    BatchStatus,
    Declaration,
    DeclarationStatus,
    EntryStatus,
    ObjectionChannel,
    ObjectionStatus,
    PublicityBatch,
    PublicityEntry,
    PublicityLog,
    PublicityObjection,
)
from .publicity_models import REOPEN_ACTION_MARK

DOCUMENT_PREFIX = "海残联公示"
NOTE_MAX = 1000
# An employer's online objections to one entry that may wait for the district at once: each one tells
# every district and town reviewer, so a script posting many (the form token only stops the same one
# twice) would bury their notifications and work queue. Staff-registered ones are not counted.
ONLINE_PENDING_MAX = 3


def _district_only(user, what: str) -> None:
    if access.role_of(user) != Role.DISTRICT:
        raise PermissionDenied(f"只有区残联可以{what}。")


def _required(value: str, field: str, message: str, max_length: int = NOTE_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_length:
        raise ValidationError({field: f"不能超过 {max_length} 个字。"})
    return value


def _phone(value: str, field: str) -> str:
    """The number written the platform's one way (``domain.phone``), or the reason on the field."""
    try:
        return phone.normalize_phone(value)
    except phone.PhoneError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _log(batch: PublicityBatch, action: str, user, *, entry=None, objection=None) -> None:
    PublicityLog.objects.create(batch=batch, entry=entry, objection=objection, action=action,
                                by=user if getattr(user, "pk", None) else None)


def document_no_next(year: int) -> str:
    """The next free document number of the year's batches: 海残联公示〔<year>〕<n>号, n from 1."""
    taken = set(PublicityBatch.objects.filter(document_no__startswith=f"{DOCUMENT_PREFIX}〔{year}〕")
                .values_list("document_no", flat=True))
    n = 1
    while f"{DOCUMENT_PREFIX}〔{year}〕{n}号" in taken:
        n += 1
    return f"{DOCUMENT_PREFIX}〔{year}〕{n}号"


def figures_of(declaration: Declaration) -> dict:
    """What the public page shows of an approved declaration, as strings (no personal data)."""
    amount = ""
    if declaration.outcome == "levy" and declaration.levy_payable is not None:
        amount = f"{cn_money(declaration.levy_payable)} 元"
    elif declaration.outcome == "reward" and declaration.reward_amount is not None:
        amount = f"{cn_money(declaration.reward_amount)} 元"
    return {
        "employer": declaration.employer.name,
        "town": declaration.employer.town.name,
        "staff_avg": f"{declaration.staff_avg.normalize():f}" if declaration.staff_avg is not None else "",
        "counted": f"{declaration.counted.normalize():f}" if declaration.counted is not None else "",
        "ratio": declaration.actual_ratio_pct,
        "outcome": declaration.get_outcome_display(),
        "amount": amount,
    }


def figures_text(figures: dict) -> str:
    """One line of the figures, for the log and the correction note."""
    amount = f"（{figures['amount']}）" if figures.get("amount") else ""
    return (f"年平均在职职工 {figures.get('staff_avg', '')} 人，安排残疾人就业 {figures.get('counted', '')} 人，"
            f"比例 {figures.get('ratio', '')}，{figures.get('outcome', '')}{amount}")


def eligible_declarations(year: int):
    """Approved declarations of the year not in any batch yet."""
    return (Declaration.objects.filter(year=year, status=DeclarationStatus.APPROVED, publicity_entry__isnull=True)
            .select_related("employer__town").order_by("employer__town__sort_order", "employer__name"))


@transaction.atomic
def batch_create(*, user, year: int, declaration_ids: list[int], document_no: str, start_date: date,
                 end_date: date, contact_name: str, contact_phone: str, contact_address: str) -> PublicityBatch:
    """A draft batch of the chosen approved declarations (each not in a batch yet), with its document
    number, dates and objection contact. Published by ``batch_publish``."""
    _district_only(user, "编制公示批次")
    document_no = _required(document_no, "document_no", "请填写公示文号。", 60)
    contact_name = _required(contact_name, "contact_name", "请填写异议受理联系人。", 40)
    contact_phone = _phone(_required(contact_phone, "contact_phone", "请填写异议受理电话。", 40), "contact_phone")
    contact_address = _required(contact_address, "contact_address", "请填写异议受理地址。", 200)
    if end_date < start_date:
        raise ValidationError({"end_date": "公示结束日期不能早于开始日期。"})
    if not declaration_ids:
        raise ValidationError({"declarations": "请至少选择一家单位。"})
    chosen = list(eligible_declarations(year).select_for_update(of=("self",)).filter(pk__in=declaration_ids))
    if len(chosen) != len(set(declaration_ids)):
        raise ValidationError({"declarations": "所选单位中有的申报不是本年度审核通过的申报，或已经在其他公示批次中，请重新选择。"})
    if PublicityBatch.objects.filter(document_no=document_no).exists():
        raise ValidationError({"document_no": f"公示文号“{document_no}”已经用过，请换一个。"})
    try:
        with transaction.atomic():
            batch = PublicityBatch.objects.create(
                year=year, document_no=document_no, start_date=start_date, end_date=end_date,
                contact_name=contact_name, contact_phone=contact_phone, contact_address=contact_address,
                created_by=user,
            )
    except IntegrityError as exc:  # the same number saved by a colleague a moment ago
        raise ValidationError({"document_no": f"公示文号“{document_no}”已经用过，请换一个。"}) from exc
    PublicityEntry.objects.bulk_create(
        PublicityEntry(batch=batch, declaration=d, figures=figures_of(d)) for d in chosen
    )
    _log(batch, f"编制公示批次（草稿），{len(chosen)} 家单位", user)
    return batch


@transaction.atomic
def batch_publish(*, batch: PublicityBatch, user, today: date | None = None) -> PublicityBatch:
    """Publish a draft batch: public from its start date (today or earlier: now; later: scheduled)."""
    _district_only(user, "发布公示")
    today = today or timezone.localdate()
    batch = PublicityBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError("这个公示批次已经发布过。")
    if batch.end_date < today:
        raise ValidationError("公示结束日期已经过了，不能发布。请重新编制公示批次。")
    batch.status = BatchStatus.PUBLISHED
    batch.published_at = timezone.now()
    batch.published_by = user
    batch.save(update_fields=["status", "published_at", "published_by"])
    when = "立即公示" if batch.start_date <= today else f"定于{cn_date(batch.start_date)}开始公示"
    _log(batch, f"发布公示批次：{when}，至{cn_date(batch.end_date)}", user)
    return batch


@transaction.atomic
def batch_discard(*, batch: PublicityBatch, user) -> None:
    """Delete a draft batch (its declarations can be chosen again); a published one stays."""
    _district_only(user, "删除公示批次草稿")
    batch = PublicityBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError("已发布的公示批次不能删除；可以撤回其中的条目。")
    batch.delete()


def _entry_locked(entry: PublicityEntry) -> PublicityEntry:
    return PublicityEntry.objects.select_for_update().select_related("batch", "declaration__employer__town").get(
        pk=entry.pk)


@transaction.atomic
def entry_withdraw(*, entry: PublicityEntry, user, reason: str) -> PublicityEntry:
    """Withdraw an entry from the 公示 with a reason (shown on the public page)."""
    _district_only(user, "撤回公示条目")
    reason = _required(reason, "reason", "请填写撤回原因，公示页面上会显示。")
    entry = _entry_locked(entry)
    if entry.batch.status == BatchStatus.DRAFT:
        raise ValidationError("草稿中的条目还没有公示，不需要撤回。")
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError("这个条目已经撤回。")
    entry.status = EntryStatus.WITHDRAWN
    entry.note = reason
    entry.changed_at = timezone.now()
    entry.save(update_fields=["status", "note", "changed_at"])
    _log(entry.batch, f"撤回{entry.figures.get('employer', '')}的公示：{reason}", user, entry=entry)
    return entry


@transaction.atomic
def entry_republish(*, entry: PublicityEntry, user, note: str) -> PublicityEntry:
    """Republish a corrected entry: the re-approved declaration's figures replace the published ones,
    with the district's note (the public page shows the note and the time)."""
    _district_only(user, "重新公示")
    note = _required(note, "note", "请填写更正说明，公示页面上会显示。")
    entry = _entry_locked(entry)
    if entry.status != EntryStatus.CORRECTING:
        raise ValidationError("这个条目不在更正中，不需要重新公示。")
    declaration = entry.declaration
    if declaration.status != DeclarationStatus.APPROVED:
        raise ValidationError("这份申报还没有重新审核通过，审核通过后才能重新公示。")
    before = figures_text(entry.figures)
    entry.figures = figures_of(declaration)
    entry.status = EntryStatus.CORRECTED
    entry.note = note
    entry.changed_at = timezone.now()
    entry.save(update_fields=["figures", "status", "note", "changed_at"])
    _log(entry.batch, f"更正后重新公示{entry.figures['employer']}：{note}（更正前：{before}；更正后："
                      f"{figures_text(entry.figures)}）", user, entry=entry)
    return entry


# ---- objections (异议) ---------------------------------------------------------------------------


def objection_recipients(entry: PublicityEntry, *, actor=None) -> list:
    """Who is told of an objection: the district's staff and the employer's town's reviewers."""
    town_id = entry.declaration.employer.town_id
    accounts = (Account.objects.filter(user__is_active=True, role=Role.DISTRICT)
                | Account.objects.filter(user__is_active=True, role=Role.TOWN, town_id=town_id))
    return [a.user for a in accounts.select_related("user") if actor is None or a.user_id != actor.pk]


@transaction.atomic
def objection_register(*, entry: PublicityEntry, user, text: str, caller_name: str = "", caller_phone: str = "",
                       today: date | None = None) -> PublicityObjection:
    """Register an objection to an entry during its batch's 公示 period: an employer user online (its
    own entry: the caller fetched it through ``access``), or town / district staff for a caller
    (name and phone required). The district's staff and the town's reviewers are told."""
    today = today or timezone.localdate()
    role = access.role_of(user)
    text = _required(text, "text", "请填写异议的内容：哪一项结果有误、应当是多少、有什么依据。", 2000)
    entry = _entry_locked(entry)
    if role == Role.EMPLOYER:
        if access.account_of(user).employer_id != entry.declaration.employer_id:
            raise PermissionDenied("只能对本单位的公示结果提出异议。")
        channel, caller_name, caller_phone = ObjectionChannel.ONLINE, "", ""
    elif role in (Role.TOWN, Role.DISTRICT):
        caller_name = _required(caller_name, "caller_name", "请填写提出异议的人的姓名。", 40)
        caller_phone = _phone(_required(caller_phone, "caller_phone", "请填写提出异议的人的联系电话。", 40),
                              "caller_phone")
        channel = ObjectionChannel.STAFF
    else:
        raise PermissionDenied("您的账号不能登记公示异议。")
    batch = entry.batch
    if not batch.in_period(today):
        if batch.status != BatchStatus.DRAFT and today > batch.end_date:
            raise ValidationError(f"公示期已于{cn_date(batch.end_date)}结束，不能再提出异议。"
                                  f"如有疑问，请联系{batch.contact_name}（电话 {batch.contact_phone}）。")
        raise ValidationError("这项结果不在公示期内，不能提出异议。")
    if entry.status == EntryStatus.WITHDRAWN:
        raise ValidationError("这项公示已经撤回，不能再提出异议。")
    if channel == ObjectionChannel.ONLINE:
        waiting = entry.objections.filter(channel=channel).exclude(status=ObjectionStatus.DONE).count()
        if waiting >= ONLINE_PENDING_MAX:
            raise ValidationError(
                f"您对这项公示结果已有 {ONLINE_PENDING_MAX} 条异议正在处理，请等待区残联的处理结果。需要补充说明的，"
                f"请联系{batch.contact_name}（电话 {batch.contact_phone}）。")
    objection = PublicityObjection.objects.create(
        entry=entry, channel=channel, registered_by=user, caller_name=caller_name, caller_phone=caller_phone,
        text=text, received_at=timezone.now(),
    )
    who = f"{entry.figures.get('employer', '')}（网上提出）" if channel == ObjectionChannel.ONLINE else \
        f"{caller_name}（{person_label(user)}代为登记）"
    _log(batch, f"收到异议：{who}", user, entry=entry, objection=objection)
    url = reverse("publicity-objection-detail", args=[objection.pk])
    notify(users=objection_recipients(entry, actor=user), event="publicity.objection",
           subject=f"收到公示异议：{entry.figures.get('employer', '')}（{batch.document_no}）",
           body=f"{who}对{batch.document_no}中{entry.figures.get('employer', '')}的公示结果提出异议：\n{text}\n"
                "请区残联及时处理。", target=objection, url=url)
    return objection


def _note_line(user, text: str) -> str:
    return f"{cn_datetime(timezone.now())} {person_label(user)}：{text}"


def _objection_locked(objection: PublicityObjection) -> PublicityObjection:
    return PublicityObjection.objects.select_for_update().select_related("entry__batch").get(pk=objection.pk)


@transaction.atomic
def objection_handle(*, objection: PublicityObjection, user, note: str, status: str) -> PublicityObjection:
    """Add a handling note and move the objection to 处理中 or 已办结 (办结: who and when are kept)."""
    _district_only(user, "处理公示异议")
    note = _required(note, "note", "请填写处理情况。")
    if status not in (ObjectionStatus.HANDLING, ObjectionStatus.DONE):
        raise ValidationError({"status": "请选择处理后的状态。"})
    objection = _objection_locked(objection)
    if objection.status == ObjectionStatus.DONE:
        raise ValidationError("这条异议已经办结。")
    objection.handling_notes = "\n".join(filter(None, [objection.handling_notes, _note_line(user, note)]))
    objection.status = status
    fields = ["handling_notes", "status"]
    if status == ObjectionStatus.DONE:
        objection.resolved_by, objection.resolved_at = user, timezone.now()
        fields += ["resolved_by", "resolved_at"]
    objection.save(update_fields=fields)
    _log(objection.entry.batch, f"处理异议（{objection.get_status_display()}）：{note}", user,
         entry=objection.entry, objection=objection)
    if status == ObjectionStatus.DONE and objection.channel == ObjectionChannel.ONLINE:
        _tell_employer_done(objection, note)
    return objection


def _tell_employer_done(objection: PublicityObjection, note: str) -> None:
    """An objection the employer made online is settled: its users are told the result (the page that
    took the objection promised it). A caller's objection is answered by phone by the staff."""
    entry = objection.entry
    users = [a.user for a in Account.objects.filter(
        user__is_active=True, role=Role.EMPLOYER, employer_id=entry.declaration.employer_id).select_related("user")]
    notify(users=users, event="publicity.objection_answered",
           subject=f"公示异议已办结：{entry.batch.document_no}",
           body=f"您单位{cn_date(objection.received_at)}对{entry.batch.document_no}公示结果提出的异议已办结。\n"
                f"处理情况：{note}",
           target=objection, url=reverse("employer-publicity-objection", args=[entry.pk]))


@transaction.atomic
def objection_reopen(*, objection: PublicityObjection, user, comment: str) -> PublicityObjection:
    """The objection is founded: the declaration goes back to the employer as 已退回 with ``comment``
    (``declaration_reopen``: its issued letter and payment notice are withdrawn), the entry shows
    更正中 and the objection is 处理中. After the corrected declaration is approved again,
    ``entry_republish`` puts the new figures on the 公示."""
    _district_only(user, "重新打开申报")
    objection = _objection_locked(objection)
    entry = _entry_locked(objection.entry)
    if entry.status not in (EntryStatus.LISTED, EntryStatus.CORRECTED):
        raise ValidationError(f"这个公示条目{entry.get_status_display()}，不能再重新打开申报。")
    declaration_reopen(declaration=entry.declaration, user=user, comment=comment)
    entry.status = EntryStatus.CORRECTING
    entry.changed_at = timezone.now()
    entry.save(update_fields=["status", "changed_at"])
    objection.status = ObjectionStatus.HANDLING
    objection.handling_notes = "\n".join(filter(None, [
        objection.handling_notes, _note_line(user, f"重新打开申报，退回单位更正：{comment.strip()}")]))
    objection.save(update_fields=["status", "handling_notes"])
    _log(entry.batch, f"重新打开{entry.figures.get('employer', '')}{REOPEN_ACTION_MARK}{comment.strip()}", user,
         entry=entry, objection=objection)
    return objection
