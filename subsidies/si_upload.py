"""Social-insurance contributions upload (社保缴费明细导入): xlsx or CSV with one row per disabled
employee — name, certificate number and the employer's contribution in each month — read with the
shared table reader (``employment.table_import``: size limits, at most
``settings.IMPORT_MAX_ROWS`` rows, the first 100 errors listed and the rest counted) into plain rows,
bad cells reported with their row number and column. Nothing here touches the database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import pandas as pd

from domain import identity
from employment.table_import import RowError, RowErrors, cell_text, parse_money, read_table_rows

MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]
HEADERS = ["姓名", "证件号码", *MONTH_HEADERS]
REQUIRED_HEADERS = ["姓名", "证件号码"]
# A sanity bound, not a policy amount: one person's monthly employer contribution never comes near it,
# and the database column holds at most 10 digits.
MAX_MONTHLY_CONTRIBUTION = Decimal("1000000")


@dataclass
class ContributionRow:
    name: str
    cert_no: str  # normalised 20-character certificate number (plus any suffix)
    contributions: dict[int, Decimal]  # month → employer contribution; months left blank are absent
    row: int = 0


def parse_contribution_row(values: dict[str, str], row: int) -> tuple[ContributionRow | None, list[RowError]]:
    errors: list[RowError] = []

    get = partial(cell_text, values)

    name = get("姓名")
    if not name:
        errors.append(RowError(row, "姓名", "不能为空"))
    cert_no = ""
    cert_text = get("证件号码").upper().replace(" ", "")
    if not cert_text:
        errors.append(RowError(row, "证件号码", "不能为空"))
    else:
        try:
            cert_no = identity.parse_disability_cert(cert_text).number
        except identity.IdentityError as exc:
            errors.append(RowError(row, "证件号码", str(exc)))
    contributions: dict[int, Decimal] = {}
    for month, header in enumerate(MONTH_HEADERS, start=1):
        text = get(header)
        if not text:
            continue
        try:
            amount = parse_money(text)
        except ValueError as exc:
            errors.append(RowError(row, header, str(exc)))
        except ArithmeticError:  # e.g. 1e999: Decimal.quantize cannot hold it
            errors.append(RowError(row, header, "金额过大，请核对"))
        else:
            if amount > MAX_MONTHLY_CONTRIBUTION:
                errors.append(RowError(row, header, "金额过大，请核对"))
            else:
                contributions[month] = amount
    if not errors and not contributions:
        errors.append(RowError(row, "1月", "请至少填写一个月的单位缴费额"))
    if errors:
        return None, errors
    return ContributionRow(name=name, cert_no=cert_no, contributions=contributions, row=row), []


def read_contributions(content: bytes, filename: str) -> tuple[list[ContributionRow], RowErrors]:
    """Read a whole upload; callers must save nothing if the error list is not empty."""
    return read_table_rows(
        content,
        filename,
        required_headers=REQUIRED_HEADERS,
        parse=parse_contribution_row,
        empty_message="文件中没有缴费明细数据。",
    )


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=HEADERS).to_excel(writer, index=False, sheet_name="社保缴费明细")
    return buffer.getvalue()
