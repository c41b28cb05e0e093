"""Roster upload (残疾职工名册导入): the roster's columns, one row's validation and the downloadable
template. Files are read by ``employment.table_import.read_table_rows`` (bounded, with row/column
errors); nothing here touches the database — ``services.declaration_roster_import`` saves the rows
only if the whole file is clean.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

import pandas as pd

from domain import identity
from employment.table_import import (
    RowError,
    RowErrors,
    cell_text,
    parse_date,
    parse_money,
    parse_months,
    read_table_rows,
)

# Column header → key. The template uses exactly these headers, in this order.
COLUMNS: list[tuple[str, str, str]] = [
    ("姓名", "name", "必填"),
    ("证件类型", "cert_kind", "残疾人证 或 残疾军人证，留空为残疾人证"),
    ("证件号码", "cert_no", "第二代残疾人证号（20位）或残疾军人证号"),
    ("残疾等级", "grade", "残疾军人证必填（1-8级）；残疾人证可留空，按证号识别"),
    ("用工形式", "employment_form", "在编 / 劳动合同 / 服务协议"),
    ("合同开始日期", "contract_start", "例如 2025-01-01；在编人员可留空"),
    ("合同结束日期", "contract_end", "无固定期限留空"),
    ("月工资（元）", "monthly_wage", "例如 3200"),
    ("在岗月份", "months_employed", "例如 1-12 或 10,11,12"),
    ("社保足额缴纳月份", "months_insured", "例如 1-12"),
    ("劳务派遣", "dispatch_role", "留空 / 派出（本单位为派遣单位） / 派入（本单位为用工单位）"),
    ("派遣另一方单位", "dispatch_party", "劳务派遣时必填"),
    ("计入本单位", "counted_here", "是 / 否，留空为是；劳务派遣人员只能在一方计算"),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED_HEADERS = ["姓名", "证件号码", "用工形式", "月工资（元）", "在岗月份", "社保足额缴纳月份"]

CERT_KINDS = {"": "disability", "残疾人证": "disability", "残疾军人证": "veteran"}
FORMS = {"在编": "establishment", "劳动合同": "contract", "服务协议": "service"}
DISPATCH = {"": "", "无": "", "否": "", "派出": "agency", "派入": "host"}
YES_NO = {"": True, "是": True, "否": False}


@dataclass
class RosterRow:
    """One clean roster line, normalised; the certificate number is the normalised full number."""

    name: str
    cert_kind: str
    cert_no: str
    category: str
    grade: int
    employment_form: str
    contract_start: date | None
    contract_end: date | None
    monthly_wage: Decimal
    months_employed: list[int]
    months_insured: list[int]
    dispatch_role: str = ""
    dispatch_party: str = ""
    counted_here: bool = True
    row: int = 0
    extra: dict = field(default_factory=dict)


def parse_row(values: dict[str, str], row: int) -> tuple[RosterRow | None, list[RowError]]:
    """Validate one row given as {header: text}; returns the clean row or its errors (all of them)."""
    errors: list[RowError] = []

    def err(column: str, reason: str) -> None:
        errors.append(RowError(row, column, reason))

    get = partial(cell_text, values)

    name = get("姓名")
    if not name:
        err("姓名", "不能为空")
    elif len(name) > 40:
        err("姓名", "不能超过40个字")

    kind_text = get("证件类型")
    cert_kind = CERT_KINDS.get(kind_text)
    if cert_kind is None:
        err("证件类型", "应为“残疾人证”或“残疾军人证”")

    cert_text = get("证件号码").upper().replace(" ", "")
    category, grade, cert_no = "", None, ""
    grade_text = get("残疾等级").removesuffix("级")
    if not cert_text:
        err("证件号码", "不能为空")
    elif cert_kind == "disability":
        try:
            cert = identity.parse_disability_cert(cert_text)
        except identity.IdentityError as exc:
            err("证件号码", str(exc))
        else:
            cert_no, category, grade = cert.number, str(cert.category), int(cert.grade)
            if grade_text and grade_text != str(grade):
                err("残疾等级", f"与证号中的等级（{grade}级）不一致")
    elif cert_kind == "veteran":
        if not re.fullmatch(r"[0-9A-Z\-]{6,30}", cert_text):
            err("证件号码", "残疾军人证号应为6到30位数字或字母")
        else:
            cert_no = cert_text
        if not grade_text:
            err("残疾等级", "残疾军人证必须填写等级（1-8级）")
        elif not (grade_text.isdigit() and 1 <= int(grade_text) <= 8):
            err("残疾等级", "残疾军人证等级应为1到8")
        else:
            grade = int(grade_text)

    form = FORMS.get(get("用工形式"))
    if form is None:
        err("用工形式", "应为“在编”“劳动合同”或“服务协议”")

    start = end = None
    if get("合同开始日期"):
        try:
            start = parse_date(get("合同开始日期"))
        except ValueError as exc:
            err("合同开始日期", str(exc))
    elif form in ("contract", "service"):
        err("合同开始日期", "劳动合同或服务协议必须填写开始日期")
    if get("合同结束日期"):
        try:
            end = parse_date(get("合同结束日期"))
        except ValueError as exc:
            err("合同结束日期", str(exc))
    if start and end and end < start:
        err("合同结束日期", "不能早于合同开始日期")

    wage = None
    if not get("月工资（元）"):
        err("月工资（元）", "不能为空")
    else:
        try:
            wage = parse_money(get("月工资（元）"))
        except ValueError as exc:
            err("月工资（元）", str(exc))

    months_employed: list[int] = []
    months_insured: list[int] = []
    for header, target in (("在岗月份", months_employed), ("社保足额缴纳月份", months_insured)):
        try:
            target.extend(parse_months(get(header)))
        except ValueError as exc:
            err(header, str(exc))

    dispatch = DISPATCH.get(get("劳务派遣"))
    if dispatch is None:
        err("劳务派遣", "应留空，或填“派出”“派入”")
    party = get("派遣另一方单位")
    if dispatch and not party:
        err("派遣另一方单位", "劳务派遣人员必须填写另一方单位名称")
    counted = YES_NO.get(get("计入本单位"))
    if counted is None:
        err("计入本单位", "应为“是”或“否”")

    if errors:
        return None, errors
    return (
        RosterRow(
            name=name,
            cert_kind=cert_kind,
            cert_no=cert_no,
            category=category,
            grade=grade,
            employment_form=form,
            contract_start=start,
            contract_end=end,
            monthly_wage=wage,
            months_employed=months_employed,
            months_insured=months_insured,
            dispatch_role=dispatch or "",
            dispatch_party=party if dispatch else "",
            counted_here=counted,
            row=row,
        ),
        [],
    )


def read_roster(content: bytes, filename: str) -> tuple[list[RosterRow], RowErrors]:
    """Read a whole roster upload. Returns (rows, errors); callers must save nothing if errors is non-empty."""
    return read_table_rows(
        content, filename, required_headers=REQUIRED_HEADERS, parse=parse_row, empty_message="文件中没有名册数据。"
    )


def template_xlsx() -> bytes:
    """The downloadable template: sheet 名册 holds only the Chinese headers (one person a row below them),
    sheet 填写说明 explains each column; nothing needs deleting before filling."""
    buffer = io.BytesIO()
    frame = pd.DataFrame([{h: hint for h, _, hint in COLUMNS}], columns=HEADERS)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.iloc[0:0].to_excel(writer, index=False, sheet_name="名册")
        pd.DataFrame({"列名": HEADERS, "填写说明": [c[2] for c in COLUMNS]}).to_excel(
            writer, index=False, sheet_name="填写说明"
        )
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(HEADERS) + "\r\n").encode("utf-8")
