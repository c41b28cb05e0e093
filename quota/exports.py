"""Spreadsheet exports: the levy list in the columns of the official return form (财税〔2015〕72号 annex,
columns 4–12, with the fee period 费款所属期 and the required number 应安排人数), the over-quota reward
list, a per-town summary and the employer's own roster.

Sheets are written by ``employment.table_export`` (title row with what, year and town; 数据截至 and
导出人; total rows where sums make sense; ratios as percentages; formula-like cells neutralised; an
export sheet naming who exported personal data). The roster export can be uploaded again: the
roster import finds its header below the title lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from employment.table_export import ExportSheet, money_cell, percent_cell, workbook_xlsx
from employment.table_import import format_months

from .models import Declaration, DeclarationOutcome, DeclarationStatus, PolicyYear
from .roster_import import HEADERS


def _summary(declaration: Declaration) -> dict:
    return (declaration.result or {}).get("summary", {})


def fee_period(year: int) -> str:
    """费款所属期 of a year's levy: the whole employment year."""
    return f"{year}年1月—12月"


def _title(what: str, *, year: int | None, scope: str) -> str:
    return f"{year}年度{what}（{scope}）" if year else f"{what}（{scope}）"


def _year_of(declarations: list[Declaration], year: int | None) -> int | None:
    return year if year is not None else (declarations[0].year if declarations else None)


LEVY_COLUMNS = [
    "单位名称",
    "统一社会信用代码",
    "所属镇街",
    "就业年度",
    "费款所属期",
    "(4) 上年在职职工工资总额（元）",
    "(5) 上年在职职工人数",
    "(6) 安排残疾人就业比例",
    "应安排人数",
    "(7) 上年实际安排残疾人就业人数",
    "(8) 上年在职职工年平均工资（元）",
    "(9) 本期应纳费额（元）",
    "(10) 本期减免费额（元）",
    "(11) 本期已缴费额（元）",
    "(12) 本期应补（退）费额（元）",
]
LEVY_MONEY = [c for c in LEVY_COLUMNS if c.endswith("（元）")]
# Sums of averages and ratios mean nothing; sums of people and money do.
LEVY_SUMS = ["(4) 上年在职职工工资总额（元）", "(5) 上年在职职工人数", "应安排人数", "(7) 上年实际安排残疾人就业人数",
             "(9) 本期应纳费额（元）", "(10) 本期减免费额（元）", "(11) 本期已缴费额（元）", "(12) 本期应补（退）费额（元）"]


def levy_rows(declarations: Iterable[Declaration]) -> list[list]:
    declarations = list(declarations)
    ratios = dict(PolicyYear.objects.filter(year__in={d.year for d in declarations}).values_list("year", "ratio"))
    rows = []
    for d in declarations:
        s = _summary(d)
        gross = Decimal(s.get("levy_gross", "0"))
        payable = Decimal(s.get("levy_payable", "0"))
        paid = d.levy_already_paid or Decimal("0")
        reduction = gross - payable
        rows.append([
            d.employer.name,
            d.employer.credit_code,
            d.employer.town.name,
            d.year,
            fee_period(d.year),
            money_cell(d.wage_bill),
            float(Decimal(s.get("staff_avg", "0"))),
            percent_cell(ratios.get(d.year)),
            float(Decimal(s.get("required", "0"))),
            float(Decimal(s.get("counted", "0"))),
            money_cell(s.get("wage_basis")),
            money_cell(gross),
            money_cell(reduction),
            money_cell(paid),
            money_cell(gross - reduction - paid),
        ])
    return rows


WITHDRAWN_COLUMNS = ["单位名称", "统一社会信用代码", "所属镇街", "认定书编号", "原出具日期", "撤回日期",
                     "原缴款通知书本次应缴（元）", "说明"]
WITHDRAWN_NOTE = "申报重新审核中，原缴款通知书已撤回，暂停执行，不计入征收名单；重新审核通过后按重新出具的认定书列入"


def withdrawn_rows(declarations: Iterable[Declaration]) -> list[list]:
    """Declarations whose letter was withdrawn when the district reopened them and which are not
    approved again yet: nothing is payable on the withdrawn notice, so they are not levy rows; they
    are listed apart so that a list given to the tax office earlier can be squared with this one."""
    from .letter_services import open_withdrawals

    declarations = list(declarations)
    withdrawals = open_withdrawals(declarations)  # one query, not one per declaration under review
    rows = []
    for d in declarations:
        withdrawal = withdrawals.get(d.pk)
        if withdrawal is None or not withdrawal.notice_issued:
            continue
        rows.append([d.employer.name, d.employer.credit_code, d.employer.town.name, withdrawal.letter_no,
                     withdrawal.issued, timezone.localtime(withdrawal.withdrawn_at).date(),
                     money_cell(withdrawal.amount_due), WITHDRAWN_NOTE])
    return rows


def levy_xlsx(declarations: Iterable[Declaration], *, exported_by: str, year: int | None = None,
              scope: str = "全区") -> bytes:
    """Approved declarations with a levy (payable or reduced to zero by tiering/exemption). A payment
    notice withdrawn because the district reopened the declaration is not payable: it is not a row of
    the list, but a second sheet (已撤回的缴款通知书) names it while the declaration is being reviewed
    again, with no total."""
    declarations = list(declarations)
    chosen = [
        d for d in declarations
        if d.status == DeclarationStatus.APPROVED and d.outcome in (DeclarationOutcome.LEVY, DeclarationOutcome.EXEMPT)
    ]
    withdrawn = withdrawn_rows(declarations)
    notes = [f"另有 {len(withdrawn)} 份缴款通知书因申报重新审核已撤回，不计入本名单，见“已撤回的缴款通知书”表。"] if withdrawn else []
    sheet = ExportSheet(name="保障金征收名单", title=_title("残疾人就业保障金征收名单", year=_year_of(chosen, year), scope=scope),
                        columns=LEVY_COLUMNS, rows=levy_rows(chosen), sum_columns=LEVY_SUMS,
                        percent_columns=["(6) 安排残疾人就业比例"], money_columns=LEVY_MONEY, signatures=True,
                        notes=notes)
    sheets = [sheet]
    if withdrawn:
        sheets.append(ExportSheet(
            name="已撤回的缴款通知书", title=_title("已撤回的残疾人就业保障金缴款通知书", year=_year_of(declarations, year),
                                             scope=scope),
            columns=WITHDRAWN_COLUMNS, rows=withdrawn, money_columns=["原缴款通知书本次应缴（元）"]))
    return workbook_xlsx(sheets, exported_by=exported_by)


REWARD_COLUMNS = [
    "单位名称", "统一社会信用代码", "所属镇街", "就业年度", "在职职工人数", "应安排人数", "实际安排人数",
    "超比例人数", "奖励标准（元/人）", "奖励金额（元）",
]


def reward_xlsx(declarations: Iterable[Declaration], *, exported_by: str, year: int | None = None,
                scope: str = "全区") -> bytes:
    chosen = [d for d in declarations
              if d.status == DeclarationStatus.APPROVED and d.outcome == DeclarationOutcome.REWARD]
    rows = []
    for d in chosen:
        s = _summary(d)
        rows.append([
            d.employer.name, d.employer.credit_code, d.employer.town.name, d.year,
            float(Decimal(s.get("staff_avg", "0"))), float(Decimal(s.get("required", "0"))),
            float(Decimal(s.get("counted", "0"))), int(s.get("reward_persons", 0)),
            money_cell(s.get("reward_per_person")), money_cell(d.reward_amount),
        ])
    sheet = ExportSheet(name="超比例奖励名单", title=_title("超比例安排残疾人就业奖励名单", year=_year_of(chosen, year), scope=scope),
                        columns=REWARD_COLUMNS, rows=rows,
                        sum_columns=["在职职工人数", "应安排人数", "实际安排人数", "超比例人数", "奖励金额（元）"],
                        money_columns=["奖励标准（元/人）", "奖励金额（元）"], signatures=True)
    return workbook_xlsx([sheet], exported_by=exported_by)


TOWN_COLUMNS = [
    "镇街", "申报单位数", "审核通过数", "达标（含奖励）单位数", "应缴保障金单位数", "应缴保障金合计（元）",
    "超比例奖励单位数", "奖励金额合计（元）", "安排残疾人就业人数合计",
]


def town_summary_xlsx(declarations: Iterable[Declaration], *, exported_by: str, year: int | None = None,
                      scope: str = "全区") -> bytes:
    """Per town: the filed declarations given (callers pass ``selectors.declarations_filed``), of them
    approved, met, levy and reward. A draft passed in by mistake is still not counted as filed."""
    declarations = list(declarations)
    towns: dict[str, dict] = {}
    for d in declarations:
        t = towns.setdefault(d.employer.town.name, {
            "order": d.employer.town.sort_order, "filed": 0, "approved": 0, "met": 0, "levy": 0,
            "levy_sum": Decimal("0"), "reward": 0, "reward_sum": Decimal("0"), "counted": Decimal("0"),
        })
        if not d.is_filed:
            continue
        t["filed"] += 1
        if d.status != DeclarationStatus.APPROVED:
            continue
        t["approved"] += 1
        t["counted"] += d.counted or Decimal("0")
        if d.outcome in (DeclarationOutcome.MET, DeclarationOutcome.REWARD):
            t["met"] += 1
        if d.outcome == DeclarationOutcome.LEVY:
            t["levy"] += 1
            t["levy_sum"] += d.levy_payable or Decimal("0")
        if d.outcome == DeclarationOutcome.REWARD:
            t["reward"] += 1
            t["reward_sum"] += d.reward_amount or Decimal("0")
    rows = [
        [name, t["filed"], t["approved"], t["met"], t["levy"], money_cell(t["levy_sum"]), t["reward"],
         money_cell(t["reward_sum"]), float(t["counted"])]
        for name, t in sorted(towns.items(), key=lambda kv: kv[1]["order"])
    ]
    sheet = ExportSheet(name="分镇街汇总", title=_title("按比例就业年审分镇街汇总", year=_year_of(declarations, year), scope=scope),
                        columns=TOWN_COLUMNS, rows=rows, sum_columns=TOWN_COLUMNS[1:],
                        money_columns=["应缴保障金合计（元）", "奖励金额合计（元）"])
    return workbook_xlsx([sheet], exported_by=exported_by)


# The template's columns (quota.roster_import.HEADERS) and their words, so an export can be edited and
# uploaded again: masked numbers are matched to the same person on the roster (name + masked number).
ROSTER_OVERRIDE_COLUMN = "审核认定月份（仅供参考，导入时忽略）"
ROSTER_COLUMNS = [*HEADERS, ROSTER_OVERRIDE_COLUMN]
_DISPATCH_WORD = {"agency": "派出", "host": "派入"}
_POST_WORD = {"cadre": "干部", "worker": "工人"}


def roster_xlsx(declaration: Declaration, *, exported_by: str) -> bytes:
    """The employer's own roster in the upload template's columns, masked numbers only; names are
    personal data, so it is stamped. It can be uploaded again (docs/policy.md, "Identity numbers"):
    no total row, and the import finds the header below the title lines."""
    rows = [
        [
            e.name, e.get_cert_kind_display(), e.cert_masked, str(e.grade), e.get_employment_form_display(),
            e.contract_start.isoformat() if e.contract_start else "",
            e.contract_end.isoformat() if e.contract_end else "",
            money_cell(e.monthly_wage), format_months(e.months_employed), format_months(e.months_insured),
            _DISPATCH_WORD.get(e.dispatch_role, ""), e.dispatch_party, "是" if e.counted_here else "否",
            _POST_WORD.get(e.female_post, ""),
            format_months(e.months_override) if e.months_override is not None else "",
        ]
        for e in declaration.roster.all()
    ]
    sheet = ExportSheet(name="残疾职工名册", title=_title("残疾职工名册", year=declaration.year,
                                                          scope=f"{declaration.employer.name}，{declaration.employer.town.name}"),
                        columns=ROSTER_COLUMNS, rows=rows)
    return workbook_xlsx([sheet], exported_by=exported_by, personal=True)


def export_name(kind: str) -> str:
    """The Chinese name of a review export (``kind`` as in the URL)."""
    return {"levy": "残疾人就业保障金征收名单", "reward": "超比例奖励名单", "towns": "年审分镇街汇总"}[kind]
