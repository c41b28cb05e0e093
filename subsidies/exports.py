"""Payment-list export (拨付名单) for the finance office: one xlsx per payment list with the items and a
per-town totals sheet, written with pandas through ``employment.table_export``, which neutralises
any cell a spreadsheet would read as a formula."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from employment.formats import iso_date
from employment.table_export import frames_to_xlsx, money_cell

from .models import PaymentList, Programme

ITEM_COLUMNS = [
    "序号", "申请编号", "项目", "年度", "申请人", "统一社会信用代码", "所属镇街", "开户名称", "开户银行", "银行账号",
    "核定金额（元）", "审核通过日期",
]
TOWN_COLUMNS = ["镇街", "笔数", "金额合计（元）"]


def payment_list_frames(payment_list: PaymentList) -> dict[str, pd.DataFrame]:
    items = list(payment_list.items.select_related("employer", "seeker", "town").order_by("town__sort_order", "pk"))
    rows, towns = [], {}
    for n, a in enumerate(items, start=1):
        code = a.employer.credit_code if a.employer_id else a.business_credit_code
        rows.append(dict(zip(ITEM_COLUMNS, [
            n, a.pk, a.get_programme_display(), a.year, a.applicant_name, code, a.town.name,
            a.bank_account_name, a.bank_name, a.bank_account, money_cell(a.amount),
            iso_date(a.approved_at),  # the local (Beijing) date, not UTC's
        ], strict=True)))
        t = towns.setdefault(a.town.name, {"order": a.town.sort_order, "count": 0, "sum": Decimal("0")})
        t["count"] += 1
        t["sum"] += a.amount
    town_rows = [
        dict(zip(TOWN_COLUMNS, [name, t["count"], money_cell(t["sum"])], strict=True))
        for name, t in sorted(towns.items(), key=lambda kv: kv[1]["order"])
    ]
    town_rows.append(dict(zip(TOWN_COLUMNS, ["合计", len(items), money_cell(sum((a.amount for a in items), Decimal("0")))],
                              strict=True)))
    return {
        "拨付明细": pd.DataFrame(rows, columns=ITEM_COLUMNS),
        "分镇街合计": pd.DataFrame(town_rows, columns=TOWN_COLUMNS),
    }


def payment_list_xlsx(payment_list: PaymentList, *, exported_by: str) -> bytes:
    """Applicants' names and bank details are personal data: the export says who made it and when."""
    return frames_to_xlsx(payment_list_frames(payment_list), exported_by=exported_by)


def payment_list_filename(payment_list: PaymentList) -> str:
    slug = {Programme.REWARD: "reward", Programme.SOCIAL_INSURANCE: "si", Programme.STARTUP: "startup"}
    return f"payment-{slug[payment_list.programme]}-{payment_list.year}-{payment_list.number}.xlsx"
