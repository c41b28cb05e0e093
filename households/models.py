"""The family register (家庭台账): the families towns record, in particular zero-employment disabled
families (零就业残疾人家庭). Job seekers on the platform are linked to their family by
``employment.JobSeeker.household``; whether a family has someone employed on a date is decided by the
pure rules in ``households.rules``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from employment.models import Town


class Household(models.Model):
    """家庭（户） — the family a certified resident lives in, as the federation's register records it.

    A *zero-employment disabled family* (零就业残疾人家庭) is one the town identified (``identified_on``)
    as having a certified disabled member and no working-age member in work; the district plan wants
    at least one employed person in every such family. A family counts as having someone employed on
    a date when a member registered here (``JobSeeker.household``) has an active placement, or when
    staff recorded a job of a member who is not registered here (``other_employed_from`` .. ``_until``).
    A family leaves the register on ``exited_on`` (moved away, no longer qualifies); it is then no
    longer counted.
    """

    code = models.CharField(
        "户编号", max_length=30, unique=True, help_text="残联台账上的家庭编号，例如 HS-GL-0001。"
    )
    town = models.ForeignKey(Town, verbose_name="所属镇街", on_delete=models.PROTECT, related_name="households")
    identified_on = models.DateField(
        "认定为零就业残疾人家庭的日期", null=True, blank=True, help_text="不是零就业残疾人家庭的留空。"
    )
    other_employed_from = models.DateField(
        "其他家庭成员就业开始日期", null=True, blank=True,
        help_text="未在本平台登记的家庭成员（例如配偶）开始就业的日期；没有则留空。",
    )
    other_employed_until = models.DateField(
        "其他家庭成员就业结束日期", null=True, blank=True, help_text="仍在就业的留空。"
    )
    exited_on = models.DateField("退出台账日期", null=True, blank=True, help_text="迁出或不再符合认定条件的日期。")
    exit_reason = models.CharField("退出原因", max_length=100, blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["town", "code"]
        verbose_name = "家庭"
        verbose_name_plural = "家庭"
        constraints = [
            models.CheckConstraint(
                name="household_other_employment_order",
                condition=models.Q(other_employed_until__isnull=True)
                | models.Q(other_employed_from__isnull=False, other_employed_until__gte=models.F("other_employed_from")),
            )
        ]

    def __str__(self) -> str:
        return self.code
