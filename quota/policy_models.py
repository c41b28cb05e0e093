"""The policy parameters of one employment year (按比例就业政策参数, ``PolicyYear``): the ratio, wage cap,
local wages, reward and subsidy amounts, the review window, the letters' terms and the sources, each
as in force that year (docs/policy.md). Kept out of ``quota.models`` for its size and registered from
there."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def default_reminder_days() -> list[int]:
    return [30, 7, 1]


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
    # Working age (docs/policy.md, "Working age"): months outside it do not count (不在劳动年龄内).
    working_age_min = models.PositiveSmallIntegerField(
        "劳动年龄下限（周岁）", default=16, validators=[MinValueValidator(14), MaxValueValidator(20)],
        help_text="年满此周岁的当月起计入。",
    )
    retire_age_male = models.PositiveSmallIntegerField(
        "男职工法定退休年龄（周岁）", default=60, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄；达到退休年龄的当月仍计入，次月起不计入。",
    )
    retire_age_female_cadre = models.PositiveSmallIntegerField(
        "女干部法定退休年龄（周岁）", default=55, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄为55周岁的女职工；名册未填写岗位类别的女职工也按此计算。",
    )
    retire_age_female_worker = models.PositiveSmallIntegerField(
        "女工人法定退休年龄（周岁）", default=50, validators=[MinValueValidator(40), MaxValueValidator(70)],
        help_text="原法定退休年龄为50周岁的女职工（名册中岗位类别填“工人”）。",
    )
    retirement_raise_in_force = models.BooleanField(
        "实施渐进式延迟法定退休年龄", default=False,
        help_text="2025年起勾选：按全国人大常委会2024年9月13日决定的附件逐月延迟（男职工和女干部每出生4个月延迟1个月，"
        "最高63、58周岁；女工人每出生2个月延迟1个月，最高55周岁）。",
    )
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
    # What each tier requires, said to the applicant with the tier's amount when choosing and to the
    # reviewers on the application's page. A field of its own, keyed like the tiers, rather than a
    # richer tiers value: every reader of the amounts (rules, services, the application's calculation)
    # keeps its plain {tier: amount}.
    startup_subsidy_tier_criteria = models.JSONField(
        "一次性创业补贴档次条件", default=dict, blank=True,
        help_text='档次 → 申请条件，例如 {"A": "带动就业3人以上", "D": "首次创业登记"}；每个有金额的档次都要写明条件，'
        "申请人选择档次时和审核人员审核时都会看到。",
    )
    review_window_start = models.DateField("年审开始日期", null=True, blank=True)
    review_window_end = models.DateField("年审截止日期", null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=7)
    late_needs_district_acceptance = models.BooleanField(
        "补报须经区残联同意受理", default=True,
        help_text="勾选：年审截止后才提交的申报标为“补报”，须区残联填写意见同意受理后才能终审通过；"
        "不勾选：只标为“补报”，照常审核。",
    )
    evidence_required_for_new_people = models.BooleanField(
        "新增人员须上传残疾证", default=False,
        help_text="勾选：名册中不在本单位上一次审核通过名册里的人员，须在名册该行上传残疾证（扫描件或照片）才能提交申报；"
        "不勾选：证明材料由单位自愿上传。",
    )
    reminder_days = models.JSONField(
        "截止前自动提醒（天）", default=default_reminder_days, blank=True,
        help_text="年审截止前多少天自动提醒尚未提交申报的单位，例如 [30, 7, 1]；留空 [] 表示不自动提醒。",
    )
    # The letters (审核认定书, 缴款通知书; quota/letters.py, docs/policy.md "The letters"): how the levy
    # is paid, what a late payment costs and how to appeal, each year as in force.
    letter_no_prefix = models.CharField(
        "认定书文号字头", max_length=20, default="海残联审",
        help_text="认定书编号为“字头〔年度〕第0001号”，每个年度从0001起依次编号。",
    )
    payment_deadline = models.DateField(
        "保障金缴款期限", null=True, blank=True,
        help_text="应缴保障金的单位最迟在此日期前缴纳；留空则按认定书出具后的最短缴款天数计算。",
    )
    payment_days_min = models.PositiveSmallIntegerField(
        "认定书出具后最短缴款天数", default=15, validators=[MaxValueValidator(366)],
        help_text="认定书晚于缴款期限前此天数出具时（例如补报），缴款期限为出具日后此天数。",
    )
    payment_channel = models.TextField(
        "缴款渠道", default="国家税务总局宁波市海曙区税务局（可通过浙江省电子税务局或办税服务厅申报缴纳）",
        help_text="缴款通知书上写明的征收机关和缴款方式。",
    )
    late_fee_rate = models.DecimalField(
        "滞纳金日率", max_digits=8, decimal_places=6, default=Decimal("0.0005"),
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text="逾期未缴纳的，自滞纳之日起按日加收的比例，例如 0.0005 表示万分之五。",
    )
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, default="宁波市海曙区人民政府",
    )
    reconsideration_days = models.PositiveSmallIntegerField(
        "申请行政复议期限（日）", default=60, validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="《中华人民共和国行政复议法》：自知道或者应当知道该行政行为之日起六十日内。",
    )
    lawsuit_months = models.PositiveSmallIntegerField(
        "提起行政诉讼期限（月）", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="《中华人民共和国行政诉讼法》第四十六条：自知道或者应当知道作出行政行为之日起六个月内。",
    )
    source = models.TextField("依据/来源", help_text="文件名称和文号，例如 财政部公告2023年第8号。")
    remark = models.TextField("备注", blank=True)
    # 参数待确认: the names of parameters whose value is a placeholder or example (e.g. a local average
    # wage not yet published), ticked in data/policy_params.json ("provisional") or by district staff.
    # The admin list flags the year; employers see results computed with them as 「暂定」.
    provisional_fields = models.JSONField(
        "参数待确认", default=list, blank=True,
        help_text="勾选仍为暂用值或示例值、尚待区残联确认的参数；确认后取消勾选。单位看到的计算结果会标为“暂定”。",
    )
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

    def letter_terms(self, *, issued) -> dict:
        """What a letter issued on ``issued`` says about paying and appealing (JSON, kept with the
        declaration). The deadline is the year's, unless the letter comes less than ``payment_days_min``
        days before it (a 补报, a late approval) or the year has none: then that many days after issue."""
        floor = issued + timedelta(days=self.payment_days_min)
        deadline = self.payment_deadline if self.payment_deadline and self.payment_deadline >= floor else floor
        return {
            "issued": issued.isoformat(),
            "deadline": deadline.isoformat(),
            "channel": self.payment_channel,
            "late_fee_rate": str(self.late_fee_rate),
            "reconsideration_body": self.reconsideration_body,
            "reconsideration_days": self.reconsideration_days,
            "lawsuit_months": self.lawsuit_months,
        }

    def provisional_labels(self) -> list[str]:
        """The Chinese names of the parameters still to be confirmed (参数待确认), in form order."""
        marked = set(self.provisional_fields or [])
        return [label for name, label in policy_parameter_choices() if name in marked]

    def provisional_summary(self) -> str:
        """The admin list's 参数待确认 column, in words (not by colour alone)."""
        labels = self.provisional_labels()
        return f"待确认 {len(labels)} 项：{'、'.join(labels)}" if labels else "已确认"

    provisional_summary.short_description = "参数待确认"

    def clean(self):
        days = self.reminder_days if self.reminder_days is not None else []
        if not isinstance(days, list) or any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 366
                                             for d in days):
            raise ValidationError({"reminder_days": "请填写0到366之间的整数天数列表，例如 [30, 7, 1]。"})
        self.reminder_days = sorted(set(days), reverse=True)
        if self.review_window_start and self.review_window_end and self.review_window_start > self.review_window_end:
            raise ValidationError({"review_window_end": "年审截止日期不能早于开始日期。"})
        self.startup_subsidy_tiers = startup_tiers_clean(self.startup_subsidy_tiers)
        if self.pk is not None:
            before = PolicyYear.objects.filter(pk=self.pk).values_list("startup_subsidy_tiers", flat=True).first()
            startup_tiers_removal_check(self.year, before, self.startup_subsidy_tiers)
        self.startup_subsidy_tier_criteria = startup_tier_criteria_clean(
            self.startup_subsidy_tiers, self.startup_subsidy_tier_criteria)


# The district's range for one start-up grant (区残疾人事业发展规划：一次性创业补贴2,000–20,000元, the
# source of the tiers in data/policy_params.json): a tier outside it is a typing error (an extra zero
# would pay 200,000 元), refused when the year is edited.
STARTUP_TIER_MIN = Decimal("2000")
STARTUP_TIER_MAX = Decimal("20000")

# How many applications not yet decided use a tier of a year: ``(year, tier) -> count``, registered by
# the app that files them (subsidies, from its app config; quota imports no later app). A tier they
# use cannot be removed: their amount and the review would name a tier the year no longer has.
_TIER_USE_COUNTS: list = []


def startup_tier_use_register(count) -> None:
    if count not in _TIER_USE_COUNTS:
        _TIER_USE_COUNTS.append(count)


def startup_tier_key(tier) -> str:
    """A tier as it is stored and compared: trimmed, upper-case (" a" → "A")."""
    return str(tier).strip().upper()


def startup_tiers_removal_check(year: int, before, after: dict) -> None:
    """Refuse removing a tier that applications not yet decided still use, naming it and how many."""
    removed = sorted({startup_tier_key(t) for t in before} - set(after)) if isinstance(before, dict) else []
    in_use = [(tier, sum(count(year, tier) for count in _TIER_USE_COUNTS)) for tier in removed]
    in_use = [(tier, n) for tier, n in in_use if n]
    if in_use:
        named = "、".join(f"{tier}档（{n} 份）" for tier, n in in_use)
        raise ValidationError({"startup_subsidy_tiers": (
            f"{named}还有尚未审结的创业补贴申请在用（填报中、审核中或已退回），不能删去这一档。"
            "请等这些申请审结，或请申请人改选档次后再删。")})


TIERS_FORMAT = '请按 {"A": "20000", "D": "2000"} 的格式填写：档次为字母或数字（最多8个字），金额为大于0的元数，最多两位小数。'


def startup_tiers_clean(tiers) -> dict:
    """The start-up tiers as {tier: amount text}, every amount a positive number of yuan with at most two
    decimals (the services compute the grant from it, and a tier longer than the application's tier
    column could not be chosen). Raises ``ValidationError`` on the tiers field, naming the tier."""
    tiers = {} if tiers is None else tiers
    if not isinstance(tiers, dict):
        raise ValidationError({"startup_subsidy_tiers": TIERS_FORMAT})
    cleaned = {}
    for tier, amount in tiers.items():
        name = startup_tier_key(tier)
        try:
            value = Decimal(str(amount).strip()) if not isinstance(amount, bool | dict | list) else None
        except InvalidOperation:
            value = None
        if not name or len(name) > 8 or value is None or not value.is_finite() or value <= 0 \
                or value != value.quantize(Decimal("0.01")):
            raise ValidationError({"startup_subsidy_tiers": f"{name or '（空）'}档的金额“{amount}”有误。{TIERS_FORMAT}"})
        if not STARTUP_TIER_MIN <= value <= STARTUP_TIER_MAX:
            raise ValidationError({"startup_subsidy_tiers": (
                f"{name}档的金额 {format(value, 'f')} 元不在区规定的 {STARTUP_TIER_MIN:,}–{STARTUP_TIER_MAX:,} 元范围内，"
                "请核对（是否多写或少写了一个0）。")})
        cleaned[name] = format(value, "f")
    return cleaned


TIER_CRITERIA_FORMAT = '请按 {"A": "带动就业3人以上", "B": "营业额达标"} 的格式填写每个档次的申请条件。'


def startup_tier_criteria_clean(tiers: dict, criteria) -> dict:
    """The tier criteria, trimmed, once every tier of ``tiers`` (as ``startup_tiers_clean`` left them:
    every one with an amount) has a criterion and no criterion names a tier without one (an applicant
    would otherwise choose an amount without knowing what it asks, or read a condition for a tier it
    cannot choose). Raises ``ValidationError`` on the criteria field, in words district staff can act on."""
    criteria = {} if criteria is None else criteria
    if not isinstance(criteria, dict) or any(not isinstance(text, str) for text in criteria.values()):
        raise ValidationError({"startup_subsidy_tier_criteria": TIER_CRITERIA_FORMAT})
    criteria = {startup_tier_key(tier): text.strip() for tier, text in criteria.items()}
    missing = [tier for tier in sorted(tiers) if not criteria.get(tier)]
    if missing:
        raise ValidationError({"startup_subsidy_tier_criteria": (
            f"请写明{'、'.join(f'{tier}档' for tier in missing)}的申请条件：每个有金额的档次都要有条件，"
            "申请人选择档次时会看到。")})
    extra = [tier for tier in sorted(criteria) if tier not in tiers]
    if extra:
        raise ValidationError({"startup_subsidy_tier_criteria": (
            f"{'、'.join(f'{tier}档' for tier in extra)}写了申请条件，但“一次性创业补贴档次（元）”中没有这一档的金额："
            "请补上金额，或删去这一档的条件。")})
    return criteria


# Fields of a policy year that are not parameters (the rest may be marked 参数待确认).
NOT_PARAMETERS = ("id", "year", "source", "remark", "provisional_fields", "updated_at", "updated_by")


def policy_parameter_choices() -> list[tuple[str, str]]:
    """(field name, Chinese label) of every parameter of a policy year, in form order."""
    return [(f.name, str(f.verbose_name)) for f in PolicyYear._meta.concrete_fields if f.name not in NOT_PARAMETERS]
