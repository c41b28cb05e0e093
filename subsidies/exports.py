"""Payment-list exports (拨付名单) for the finance office, written through the shared layout of
``employment.table_export`` (title, 数据截至, 导出人, header, total row):

- the list: the items with a total row and the signature line 制表 / 审核 / 负责人, and a per-town
  totals sheet;
- the bank-transfer file (银行转账文件): 户名, 开户行, 账号, 金额, 用途 per payee, with a total row.

Both carry full bank account numbers: district only, and every export is logged
(``services.payment_list_export_record``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from employment.formats import cn_date, export_filename
from employment.table_export import ExportSheet, money_cell, workbook_xlsx

from .models import PaymentList

ITEM_COLUMNS = [
    "序号", "申请编号", "项目", "年度", "申请人", "统一社会信用代码", "所属镇街", "开户名称", "开户银行", "银行账号",
    "核定金额（元）", "审核通过日期",
]
TOWN_COLUMNS = ["镇街", "笔数", "金额合计（元）"]
BANK_COLUMNS = ["序号", "户名", "开户行", "账号", "金额（元）", "用途"]


def _items(payment_list: PaymentList) -> list:
    return list(payment_list.items.select_related("employer", "seeker", "town").order_by("town__sort_order", "pk"))


def _status_note(payment_list: PaymentList) -> list[str]:
    note = f"名单状态：{payment_list.get_status_display()}"
    if payment_list.paid_on:
        note += f"；拨付日期：{cn_date(payment_list.paid_on)}；凭证号：{payment_list.voucher_no}"
    return [note]


def payment_list_sheets(payment_list: PaymentList) -> list[ExportSheet]:
    items = _items(payment_list)
    rows, towns = [], {}
    for n, a in enumerate(items, start=1):
        code = a.employer.credit_code if a.employer_id else a.business_credit_code
        rows.append([
            n, a.pk, a.get_programme_display(), a.year, a.applicant_name, code, a.town.name,
            a.bank_account_name, a.bank_name, a.bank_account, money_cell(a.amount),
            # A date cell in the Chinese date format; the local (Beijing) date, not UTC's.
            timezone.localdate(a.approved_at) if a.approved_at else None,
        ])
        t = towns.setdefault(a.town.name, {"order": a.town.sort_order, "count": 0, "sum": Decimal("0")})
        t["count"] += 1
        t["sum"] += a.amount
    town_rows = [[name, t["count"], money_cell(t["sum"])]
                 for name, t in sorted(towns.items(), key=lambda kv: kv[1]["order"])]
    title = f"{payment_list}（全区）"
    return [
        ExportSheet(name="拨付明细", title=title, columns=ITEM_COLUMNS, rows=rows, sum_columns=["核定金额（元）"],
                    money_columns=["核定金额（元）"], signatures=True, notes=_status_note(payment_list)),
        ExportSheet(name="分镇街合计", title=f"{title}分镇街合计", columns=TOWN_COLUMNS, rows=town_rows,
                    sum_columns=["笔数", "金额合计（元）"], money_columns=["金额合计（元）"]),
    ]


def payment_list_xlsx(payment_list: PaymentList, *, exported_by: str) -> bytes:
    """Applicants' names and bank details are personal data: the export says who made it and when."""
    return workbook_xlsx(payment_list_sheets(payment_list), exported_by=exported_by, personal=True)


def payment_purpose(payment_list: PaymentList) -> str:
    """用途 on the bank's transfer line: the programme and year (the bank shows it to the payee)."""
    return f"{payment_list.year}年度{payment_list.get_programme_display()}"


def bank_transfer_sheet(payment_list: PaymentList) -> ExportSheet:
    purpose = payment_purpose(payment_list)
    rows = [[n, a.bank_account_name, a.bank_name, a.bank_account, money_cell(a.amount), purpose]
            for n, a in enumerate(_items(payment_list), start=1)]
    return ExportSheet(name="银行转账", title=f"{payment_list}银行转账文件（全区）", columns=BANK_COLUMNS, rows=rows,
                       sum_columns=["金额（元）"], money_columns=["金额（元）"], signatures=True,
                       notes=_status_note(payment_list))


def bank_transfer_xlsx(payment_list: PaymentList, *, exported_by: str) -> bytes:
    return workbook_xlsx([bank_transfer_sheet(payment_list)], exported_by=exported_by, personal=True)


def payment_list_filename(payment_list: PaymentList, *, bank_file: bool = False) -> str:
    what = f"{payment_list.get_programme_display()}拨付名单第{payment_list.number}批"
    return export_filename(what + ("银行转账文件" if bank_file else ""), year=payment_list.year, scope="全区")
