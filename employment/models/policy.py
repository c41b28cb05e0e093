"""Policy parameters per employment year (按比例就业政策参数): ratio, wage cap, local wages, levy tiers,
small-enterprise exemption, over-quota reward, the social-insurance and start-up subsidy parameters,
review window and publicity days.

District staff edit one row per year in the Wagtail admin, each with its source; ``year`` always
means the employment year being declared. Values are never hard-coded in the computation: the
engine receives them as a plain ``PolicyParams`` built from the row (``declarations.services``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class PolicyYear(models.Model):
    """按比例就业政策参数（年度） — the parameters in force for one employment year."""

    year = models.PositiveSmallIntegerField(
        "就业年度", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="申报所针对的就业年度（不是申报年份）。",
    )
    ratio = models.DecimalField(
        "安排比例", max_digits=6, decimal_places=4, default=Decimal("0.015"), help_text="例如 0.015 表示 1.5%。"
    )
    cap_multiple = models.DecimalField(
        "工资封顶倍数", max_digits=4, decimal_places=2, default=Decimal("2"),
        help_text="用人单位平均工资不超过当地社会平均工资的倍数（2018年4月起为2倍，之前为3倍）。",
    )
    local_avg_wage = models.DecimalField(
        "当地社会平均工资（元/年）", max_digits=12, decimal_places=2, null=True, blank=True,
        help_text="当地统计部门公布的上年度社会平均工资；未公布时留空，计算时会提示。",
    )
    min_wage = models.DecimalField("当地最低工资（元/月）", max_digits=10, decimal_places=2)
    tiering_in_force = models.BooleanField("分档减缴是否适用", default=True)
    reduced_50_floor = models.DecimalField(
        "分档下限比例", max_digits=6, decimal_places=4, default=Decimal("0.01"), help_text="例如 0.01 表示 1%。"
    )
    reduced_50_rate = models.DecimalField(
        "达到下限但未达比例时的缴纳比例", max_digits=5, decimal_places=4, default=Decimal("0.5"),
        help_text="实际比例在下限与规定比例之间时，按应缴额的此比例缴纳（例如 0.5）。",
    )
    reduced_90_rate = models.DecimalField(
        "低于下限时的缴纳比例", max_digits=5, decimal_places=4, default=Decimal("0.9"),
        help_text="实际比例低于下限时，按应缴额的此比例缴纳（例如 0.9）。",
    )
    exemption_in_force = models.BooleanField("小微企业暂免是否适用", default=False)
    exemption_max_staff = models.PositiveIntegerField(
        "暂免征收的在职职工人数上限", default=30, help_text="在职职工总数不超过此人数的企业暂免征收（机关、事业单位不适用）。"
    )
    reward_per_person = models.DecimalField(
        "超比例奖励（元/人/年）", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    reward_weighted = models.BooleanField("超比例奖励按重度加权计人数", default=True)
    si_subsidy_share = models.DecimalField(
        "社保补贴比例", max_digits=5, decimal_places=4, default=Decimal("0"),
        help_text="补贴单位为残疾职工缴纳社保费的比例，例如 0.5 表示 50%。",
    )
    si_subsidy_monthly_cap = models.DecimalField(
        "社保补贴每人每月上限（元）", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    si_subsidy_max_months = models.PositiveSmallIntegerField(
        "社保补贴每人累计最长月数", default=0, help_text="同一人在所有单位、所有年度累计享受的最长月数。"
    )
    startup_subsidy_tiers = models.JSONField(
        "一次性创业补贴档次（元）", default=dict, blank=True,
        help_text='档次 → 金额，例如 {"A": "20000", "D": "2000"}；应在区规定的2,000–20,000元范围内。',
    )
    review_window_start = models.DateField("年审开始日期", null=True, blank=True)
    review_window_end = models.DateField("年审截止日期", null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=7)
    source = models.TextField("依据/来源", help_text="文件名称和文号，例如 财政部公告2023年第8号。")
    remark = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "政策参数（年度）"
        verbose_name_plural = "政策参数（年度）"

    def __str__(self) -> str:
        return f"{self.year}年度政策参数"
