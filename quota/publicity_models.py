"""公示 managed by the district: a batch of approved results (公示批次) with its document number, dates
and objection contact; its entries (one approved declaration each, with the figures as published);
objections (异议) registered against an entry; and the log of every step taken on them.

A batch's stored ``status`` is what the district did (saved as a draft, or published); what the public
sees follows the dates at read time (``status_on``): a published batch is 已排期 before its start date,
公示中 from the start to the end date (both days included) and 已结束 after it. No scheduled task is
needed: the public page asks for batches that are published and have started.

Imported by ``quota.models`` so Django finds the models in the ``quota`` app.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models


class BatchStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SCHEDULED = "scheduled", "已排期"
    PUBLISHED = "published", "公示中"
    CLOSED = "closed", "公示期已结束"


class PublicityBatch(models.Model):
    """公示批次 — approved results of one employment year published together under one document number."""

    year = models.PositiveSmallIntegerField("就业年度")
    document_no = models.CharField("公示文号", max_length=60, unique=True)
    start_date = models.DateField("公示开始日期")
    end_date = models.DateField("公示结束日期")
    contact_name = models.CharField("异议受理联系人", max_length=40)
    contact_phone = models.CharField("异议受理电话", max_length=40)
    contact_address = models.CharField("异议受理地址", max_length=200)
    # draft or published (the district's action); scheduled / closed are read from the dates (status_on).
    status = models.CharField("状态", max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("发布操作时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-start_date", "-id"]
        verbose_name = "公示批次"
        verbose_name_plural = "公示批次"

    def __str__(self) -> str:
        return f"{self.year}年度公示（{self.document_no}）"

    def status_on(self, today: date) -> str:
        """The batch's status on ``today``: 草稿 until published, then by its dates."""
        if self.status == BatchStatus.DRAFT:
            return BatchStatus.DRAFT
        if today < self.start_date:
            return BatchStatus.SCHEDULED
        if today <= self.end_date:
            return BatchStatus.PUBLISHED
        return BatchStatus.CLOSED

    def status_label_on(self, today: date) -> str:
        return BatchStatus(self.status_on(today)).label

    def in_period(self, today: date) -> bool:
        """Objections may be registered: published and ``today`` within its dates."""
        return self.status_on(today) == BatchStatus.PUBLISHED


class EntryStatus(models.TextChoices):
    LISTED = "listed", "公示中"
    CORRECTING = "correcting", "更正中"
    CORRECTED = "corrected", "已更正"
    WITHDRAWN = "withdrawn", "已撤回"


class PublicityEntry(models.Model):
    """公示条目 — one approved declaration in a batch, with its figures as published (a snapshot: the
    declaration may be reopened and change while the entry stays on the public page)."""

    batch = models.ForeignKey(PublicityBatch, verbose_name="公示批次", on_delete=models.CASCADE, related_name="entries")
    # One entry per declaration, ever: a corrected result is republished in the same entry.
    declaration = models.OneToOneField(
        "quota.Declaration", verbose_name="年审申报", on_delete=models.PROTECT, related_name="publicity_entry"
    )
    figures = models.JSONField("公示数据", default=dict)
    status = models.CharField("状态", max_length=12, choices=EntryStatus.choices, default=EntryStatus.LISTED)
    note = models.TextField("说明", blank=True, help_text="撤回原因或更正说明，公示页面上显示。")
    changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "公示条目"
        verbose_name_plural = "公示条目"

    def __str__(self) -> str:
        return f"{self.figures.get('employer', '')} {self.batch.document_no}"

    def status_label_on(self, today: date) -> str:
        """The entry's status as staff read it on ``today``: an entry listed (not corrected or withdrawn)
        is only 公示中 while its batch is; before that it waits for the batch (a draft: 待发布), after it
        it has been publicised (已公示)."""
        if self.status != EntryStatus.LISTED:
            return self.get_status_display()
        return LISTED_ENTRY_LABELS[self.batch.status_on(today)]


# What a listed entry's status reads in each state of its batch (``PublicityEntry.status_label_on``).
LISTED_ENTRY_LABELS = {
    BatchStatus.DRAFT: "待发布",
    BatchStatus.SCHEDULED: "待公示（已排期）",
    BatchStatus.PUBLISHED: EntryStatus.LISTED.label,
    BatchStatus.CLOSED: "已公示",
}


class ObjectionChannel(models.TextChoices):
    ONLINE = "online", "单位网上提出"
    STAFF = "staff", "工作人员代为登记"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    HANDLING = "handling", "处理中"
    DONE = "done", "已办结"


class PublicityObjection(models.Model):
    """公示异议 — an objection to one entry: by the employer online, or registered by staff for a caller."""

    entry = models.ForeignKey(PublicityEntry, verbose_name="公示条目", on_delete=models.CASCADE,
                              related_name="objections")
    channel = models.CharField("提出方式", max_length=8, choices=ObjectionChannel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    caller_name = models.CharField("提出人姓名", max_length=40, blank=True)
    caller_phone = models.CharField("提出人电话", max_length=40, blank=True)
    text = models.TextField("异议内容")
    received_at = models.DateTimeField("收到时间")
    status = models.CharField("状态", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING)
    handling_notes = models.TextField("处理记录", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"

    def __str__(self) -> str:
        return f"关于{self.entry}的异议"


# How the log words a declaration reopened after an objection (before it: the employer's name; after
# it: the return reason); the declaration's timeline finds the event by it (``quota.timeline_parts``).
REOPEN_ACTION_MARK = "的申报，退回单位更正："


class PublicityLog(models.Model):
    """公示操作记录 — each step on a batch, an entry or an objection: who, what, when."""

    batch = models.ForeignKey(PublicityBatch, on_delete=models.CASCADE, related_name="log")
    entry = models.ForeignKey(PublicityEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="log")
    objection = models.ForeignKey(
        PublicityObjection, null=True, blank=True, on_delete=models.CASCADE, related_name="log"
    )
    action = models.CharField("操作", max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "公示操作记录"
        verbose_name_plural = "公示操作记录"
