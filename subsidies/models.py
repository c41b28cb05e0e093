"""Rewards and subsidies (奖励和补贴): applications for the three programmes — over-quota reward
(超比例奖励), employer social-insurance subsidy (残疾人就业岗位社保补贴) and one-time start-up subsidy
(一次性创业补贴) — their social-insurance lines, supporting documents, payment lists (拨付名单) and the
record of every change of the payee details.

An application is a reviewed snippet (``review.models.ReviewedSnippet``: draft state, revisions,
workflow, the same town → district review tasks as the quota declaration); the social-insurance lines
are ParentalKey children so every revision keeps the lines as filed. Certificate numbers are stored as
Fernet token + keyed hash + masked copy, like the declaration roster; the payee's bank account number
is an ``EncryptedTextField`` with a masked copy (尾号 1234). An application is put on at most
one payment list (a foreign key, set once under a row lock). The applicant's in-app notifications
(``employment.Notification``) point at the application and go with it.

The supporting documents (证明材料) of a start-up application (business licence, lease…) and of a
social-insurance application (the agency's 社保缴费证明, labour contracts, wage records) are
``SubsidyEvidence`` rows whose files live encrypted in ``employment.storage.private_storage`` under
``settings.PRIVATE_MEDIA_ROOT`` — never under MEDIA_ROOT, which is served by URL — and are read only
through the download view.

Every change of the payee details is kept as a ``PaymentDetailsChange`` (who, when, masked values);
its author may not approve the application (``SubsidyApplication.approval_refusal``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from modelcluster.fields import ParentalKey

from domain import identity
from employment import crypto
from employment.formats import cn_datetime
from employment.models import Employer, JobSeeker, Town
from employment.models.uploads import UploadedDocument
from employment.storage import private_file_remove_on_commit, private_storage
from quota.models import Declaration
from review.models import ReviewedSnippet, ReviewStatus

# An application's statuses are the review's (填报中 → 镇街初审中 → 区残联终审中 → 审核通过 / 已退回).
SubsidyStatus = ReviewStatus
# Filed: submitted and not sent back — under review or approved. A start-up grant is once per person
# while one is filed; a month of social insurance is subsidised once while a claim holding it is filed.
FILED = (SubsidyStatus.TOWN_REVIEW, SubsidyStatus.DISTRICT_REVIEW, SubsidyStatus.APPROVED)


class Programme(models.TextChoices):
    REWARD = "reward", "超比例奖励"
    SOCIAL_INSURANCE = "social_insurance", "残疾人就业岗位社保补贴"
    STARTUP = "startup", "一次性创业补贴"


class SubsidyApplication(ReviewedSnippet):
    """补贴/奖励申请 — one application under one programme for one year."""

    programme = models.CharField("项目", max_length=20, choices=Programme.choices)
    year = models.PositiveSmallIntegerField("年度")
    # The applicant: an employer (reward, social insurance) or a job seeker (start-up).
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="subsidy_applications",
        verbose_name="用人单位",
    )
    seeker = models.ForeignKey(
        JobSeeker, null=True, blank=True, on_delete=models.PROTECT, related_name="subsidy_applications",
        verbose_name="申请人",
    )
    # The town that reviews it (the employer's or the seeker's town, fixed when the application starts).
    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="subsidy_applications", verbose_name="所属镇街")
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="reward_applications",
        verbose_name="年审申报",
    )
    amount = models.DecimalField("申请金额（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    calculation = models.JSONField("计算依据", default=dict, blank=True)
    bank_account_name = models.CharField("开户名称", max_length=100, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    # The payee account is personal data: stored as a Fernet token (Python sees the number), shown
    # masked everywhere except the applicant's own edit form and the district's payment-list export.
    bank_account = crypto.EncryptedTextField("银行账号", blank=True)
    bank_account_masked = models.CharField("银行账号（脱敏）", max_length=40, blank=True, default="", editable=False)
    # Start-up subsidy only.
    business_name = models.CharField("经营主体名称", max_length=100, blank=True)
    business_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    business_registered_on = models.DateField("注册登记日期", null=True, blank=True)
    tier = models.CharField("补贴档次", max_length=8, blank=True)
    tier_evidence = models.TextField("档次证明材料说明", blank=True)
    payment_list = models.ForeignKey(
        "PaymentList", null=True, blank=True, on_delete=models.PROTECT, related_name="items", verbose_name="拨付名单"
    )
    # The applicant's in-app notifications about it (deleted with it, as by a foreign key).
    notifications = GenericRelation(
        "employment.Notification", content_type_field="target_type", object_id_field="target_id"
    )

    review_noun = "申请"
    review_party = "申请人"
    review_workflow_name = "补贴奖励审核"
    review_slug = "subsidy"
    review_detail_url_name = "subsidy-detail"

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = "补贴奖励申请"
        verbose_name_plural = "补贴奖励申请"
        constraints = [
            models.UniqueConstraint(
                fields=["declaration"], condition=models.Q(programme="reward"), name="reward_once_per_declaration"
            ),
            models.UniqueConstraint(
                fields=["employer", "year"], condition=models.Q(programme="social_insurance"),
                name="si_subsidy_once_per_employer_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} {self.year}年度{self.get_programme_display()}"

    def save(self, *args, **kwargs):
        # The masked copy follows the number however it was set (services, admin, a published revision).
        self.bank_account_masked = identity.mask_bank_account(self.bank_account)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "bank_account" in update_fields:
            kwargs["update_fields"] = {*update_fields, "bank_account_masked"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("subsidy-detail", args=[self.pk])

    @property
    def applicant_name(self) -> str:
        if self.employer_id:
            return self.employer.name
        return self.seeker.name if self.seeker_id else ""

    @property
    def review_town_id(self) -> int | None:
        """The town whose reviewers take the first review step (fixed when the application starts)."""
        return self.town_id

    @property
    def editable_by_applicant(self) -> bool:
        return self.status in (SubsidyStatus.DRAFT, SubsidyStatus.REJECTED)

    @property
    def takes_evidence(self) -> bool:
        """Whether the applicant uploads supporting documents (证明材料) to it (``EVIDENCE_KINDS``)."""
        return self.programme in EVIDENCE_KINDS

    def review_fields_town_approved(self, task_state) -> dict:
        # The applicant reads the town's comment while the district reviews.
        return {**super().review_fields_town_approved(task_state), "reviewer_comment": task_state.comment or ""}

    # Separation of duties (issue 13): see ``PaymentDetailsChange`` at the end of this module.
    def approval_refusal(self, user) -> str | None:
        """Why ``user`` may not approve this application at any review step, or None (the review
        tasks ask the object, see ``review.models.ReviewTask``)."""
        return payment_details_approval_refusal(self, user)


class SIClaimLine(models.Model):
    """社保补贴明细 — one disabled employee's monthly employer contributions and the subsidy granted."""

    application = ParentalKey(SubsidyApplication, on_delete=models.CASCADE, related_name="si_lines")
    name = models.CharField("姓名", max_length=40)
    cert_token = models.TextField(editable=False)
    cert_hash = models.CharField(max_length=64, editable=False, db_index=True)
    cert_masked = models.CharField("证号（脱敏）", max_length=40, editable=False)
    contributions = models.JSONField("各月单位缴费额", default=dict)  # {"1": "820.00", ...}
    granted = models.JSONField("各月补贴额", default=dict)  # {"1": "410.00", ...}
    refused = models.JSONField("不予补贴月份及原因", default=dict)  # {"3": "当月已享受过社保补贴…"}
    amount = models.DecimalField("补贴金额（元）", max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["id"]
        verbose_name = "社保补贴明细"
        verbose_name_plural = "社保补贴明细"

    def __str__(self) -> str:
        return f"{self.name}（{self.cert_masked}）"

    @property
    def granted_months(self) -> list[int]:
        return sorted(int(m) for m in self.granted)

    @property
    def granted_months_text(self) -> str:
        """The months as the roster writes them: 1-12, 1-6,9."""
        from employment.table_import import format_months

        return format_months(self.granted_months)


class PaymentListStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审核"
    PAID = "paid", "已拨付"


class PaymentList(models.Model):
    """拨付名单 — approved applications of one programme and year handed to the finance office.

    Its status goes 草稿 → 已审核 (the district checks it) → 已拨付 (the district records the paid date
    and the voucher number, 凭证号); a step back needs a reason, kept as a ``PaymentListEvent`` like
    every step (``subsidies.services.payments``)."""

    programme = models.CharField("项目", max_length=20, choices=Programme.choices)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("批次")
    total = models.DecimalField("合计金额（元）", max_digits=16, decimal_places=2, default=Decimal("0"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=PaymentListStatus.choices, default=PaymentListStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="审核人",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="登记拨付人",
    )
    paid_recorded_at = models.DateTimeField("登记拨付时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "programme", "-number"]
        verbose_name = "拨付名单"
        verbose_name_plural = "拨付名单"
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "number"], name="payment_list_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度{self.get_programme_display()}拨付名单第{self.number}批"


class PaymentListEvent(models.Model):
    """拨付名单操作记录 — one status change of a payment list: who, when, from and to, and the reason
    (required for a step back)."""

    payment_list = models.ForeignKey(PaymentList, on_delete=models.CASCADE, related_name="events",
                                     verbose_name="拨付名单")
    from_status = models.CharField("原状态", max_length=10, choices=PaymentListStatus.choices)
    to_status = models.CharField("新状态", max_length=10, choices=PaymentListStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="操作人")
    user_label = models.CharField("操作人（姓名）", max_length=200)
    reason = models.TextField("原因", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "拨付名单操作记录"
        verbose_name_plural = "拨付名单操作记录"

    def __str__(self) -> str:
        return f"{self.payment_list}：{self.get_from_status_display()} → {self.get_to_status_display()}"


# ---- supporting documents of an application (证明材料) ---------------------------------------------


class EvidenceKind(models.TextChoices):
    # One-time start-up subsidy.
    LICENCE = "licence", "营业执照"
    PREMISES = "premises", "经营场所证明"
    TAX = "tax", "税务登记证明"
    JOBS = "jobs", "带动就业证明"
    # Social-insurance subsidy: the agency's proof of the contributions claimed, and that the people
    # are employed and paid by the employer.
    SI_PAYMENT = "si_payment", "社保缴费证明"
    LABOUR_CONTRACT = "labour_contract", "劳动合同"
    WAGES = "wages", "工资发放记录"
    OTHER = "other", "其他"


# The kinds each programme takes, in the order the upload form offers them. A programme not listed
# (the over-quota reward, submitted in one step from an approved declaration that already carries
# its own evidence) takes no documents.
EVIDENCE_KINDS: dict[str, tuple[str, ...]] = {
    Programme.STARTUP: (EvidenceKind.LICENCE, EvidenceKind.PREMISES, EvidenceKind.TAX, EvidenceKind.JOBS,
                        EvidenceKind.OTHER),
    Programme.SOCIAL_INSURANCE: (EvidenceKind.SI_PAYMENT, EvidenceKind.LABOUR_CONTRACT, EvidenceKind.WAGES,
                                 EvidenceKind.OTHER),
}
# What must be uploaded before an application is submitted: None, at least one file of any of the
# programme's kinds; a kind, at least one file of that kind (the reviewer checks the claimed
# contributions against the agency's 社保缴费证明, so no other document can stand in for it).
EVIDENCE_REQUIRED_KIND: dict[str, str | None] = {
    Programme.STARTUP: None,
    Programme.SOCIAL_INSURANCE: EvidenceKind.SI_PAYMENT,
}

MAX_FILES_PER_APPLICATION = 10


def evidence_kind_choices(programme: str) -> list[tuple[str, str]]:
    """The (value, label) choices of ``programme``'s kinds; empty if it takes no documents."""
    labels = dict(EvidenceKind.choices)
    return [(kind, labels[kind]) for kind in EVIDENCE_KINDS.get(programme, ())]


class SubsidyEvidence(UploadedDocument):
    """证明材料 — one uploaded document (PDF, JPEG or PNG) supporting a start-up or a social-insurance
    application (its kinds: ``EVIDENCE_KINDS``).

    The stored name is random (``subsidy-evidence/<uuid>.<ext>``): nothing personal appears in the
    path; the applicant's own file name is kept in ``original_name`` for the download.
    """

    application = models.ForeignKey(
        SubsidyApplication, on_delete=models.CASCADE, related_name="evidence_files", verbose_name="申请"
    )
    kind = models.CharField("材料类型", max_length=16, choices=EvidenceKind.choices)
    file = models.FileField("文件", storage=private_storage, upload_to="subsidy-evidence/", max_length=200)

    class Meta(UploadedDocument.Meta):
        verbose_name = "补贴申请证明材料"
        verbose_name_plural = "补贴申请证明材料"


@receiver(post_delete, sender=SubsidyEvidence, dispatch_uid="subsidy_evidence_file_remove")
def _evidence_file_remove(sender, instance: SubsidyEvidence, **kwargs) -> None:
    """However a row goes (the delete service, a cascade from its application), its file goes too —
    once the deletion commits, so a rolled-back delete keeps the file its row still points at."""
    private_file_remove_on_commit(instance.file.name)


# ---- separation of duties on payment details (收款信息修改记录) ------------------------------------
# Issue 13: whoever changes where the money goes may not approve the application, nor put it on a
# payment list. Kept in its own block (a separate model, not fields on the application) so that a
# revision revert can never remove it.

PAYMENT_FIELDS = ("bank_account_name", "bank_name", "bank_account")
APPROVAL_REFUSED_PAYMENT_CHANGED = "您修改过本申请的收款信息，按规定不能审核通过本申请。"
# Who can act instead (issue 13 follow-up: the refusal names them).
WHO_ACTS_TOWN_STEP = ("请由{town}残联的其他审核人员审核；如果{town}残联没有其他审核人员可以审核，"
                      "区残联可以代为初审。")
WHO_ACTS_DISTRICT_STEP = "请由区残联的其他审核人员审核。"
# Shown above the payment-details form to staff editing on the applicant's behalf.
STAFF_PAYMENT_EDIT_WARNING = ("注意：如果您修改并保存收款信息（开户名称、开户银行、银行账号），按规定您将不能审核通过"
                              "这份申请（镇街初审和区残联终审都不能），只能由{town}残联的其他审核人员或区残联审核。"
                              "只填写申请人本人提供的信息。")


class PaymentDetailsChange(models.Model):
    """收款信息修改记录 — who changed an application's payee name, bank or account number, and when.

    One row per save that changed any of ``PAYMENT_FIELDS`` (also the first filling-in), by the
    applicant or by staff. Rows are only ever added: they outlive revisions and reverts, and the
    ``changed_by`` user of a row may not approve the application or list it for payment. Values are
    stored masked (account number: last four digits), never in full.
    """

    application = models.ForeignKey(
        SubsidyApplication, on_delete=models.CASCADE, related_name="payment_changes", verbose_name="申请"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="修改人",
    )
    # Kept as text too, so the record still names the person if the user is later removed.
    changed_by_label = models.CharField("修改人（姓名和单位）", max_length=200)
    by_applicant = models.BooleanField("申请人本人修改", default=False)
    fields = models.JSONField("修改的项目", default=list)  # names from PAYMENT_FIELDS
    before = models.JSONField("修改前（脱敏）", default=dict)
    after = models.JSONField("修改后（脱敏）", default=dict)
    changed_at = models.DateTimeField("修改时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "收款信息修改记录"
        verbose_name_plural = "收款信息修改记录"

    def __str__(self) -> str:
        return f"{self.changed_by_label} {cn_datetime(self.changed_at)} 修改收款信息"

    @property
    def change_list(self) -> list[dict]:
        """[{label, before, after}] in field order, masked values as stored."""
        return [
            {"label": SubsidyApplication._meta.get_field(f).verbose_name,
             "before": self.before.get(f, ""), "after": self.after.get(f, "")}
            for f in PAYMENT_FIELDS if f in self.fields
        ]


def payment_details_approval_refusal(application: SubsidyApplication, user) -> str | None:
    """The refusal message if ``user`` ever changed the application's payment details, else None."""
    if application.pk is None or not getattr(user, "pk", None):
        return None
    if PaymentDetailsChange.objects.filter(application_id=application.pk, changed_by_id=user.pk).exists():
        who = (WHO_ACTS_DISTRICT_STEP if application.status == ReviewStatus.DISTRICT_REVIEW
               else WHO_ACTS_TOWN_STEP.format(town=application.town.name))
        return APPROVAL_REFUSED_PAYMENT_CHANGED + who
    return None
