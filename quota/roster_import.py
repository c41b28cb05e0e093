"""Roster upload (残疾职工名册导入): the roster's columns, one row's validation and the downloadable
template. Files are read by ``employment.table_import.read_table_rows`` (bounded, with row/column
errors); nothing here touches the database — ``services.declaration_roster_import`` saves the rows
only if the whole file is clean.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

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
    ("证件号码", "cert_no", "第二代残疾人证号（20位）或残疾军人证号（如 军残字第000123号）；请先把此列设为“文本”格式，否则 Excel 会把证号变成科学计数法并丢掉后几位"),
    ("残疾等级", "grade", "残疾军人证必填（1-10级，9-10级不计入）；残疾人证可留空，按证号识别"),
    ("用工形式", "employment_form", "在编 / 劳动合同 / 服务协议"),
    ("合同开始日期", "contract_start", "例如 2025-01-01；在编人员可留空"),
    ("合同结束日期", "contract_end", "无固定期限留空"),
    ("月工资（元）", "monthly_wage", "例如 3200"),
    ("在岗月份", "months_employed", "例如 1-12 或 10,11,12"),
    ("社保足额缴纳月份", "months_insured", "例如 1-12"),
    ("劳务派遣", "dispatch_role", "留空 / 派出（本单位为派遣单位） / 派入（本单位为用工单位）"),
    ("派遣另一方单位", "dispatch_party", "劳务派遣时必填"),
    ("计入本单位", "counted_here", "是 / 否，留空为是；劳务派遣人员只能在一方计算"),
    ("女职工岗位类别", "female_post", "干部 / 工人，决定女职工的法定退休年龄（原55 / 50周岁）；男职工不填，女职工留空按干部计算"),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED_HEADERS = ["姓名", "证件号码", "用工形式", "月工资（元）", "在岗月份", "社保足额缴纳月份"]

CERT_KINDS = {"": "disability", "残疾人证": "disability", "残疾军人证": "veteran"}
FORMS = {"在编": "establishment", "劳动合同": "contract", "服务协议": "service"}
DISPATCH = {"": "", "无": "", "否": "", "派出": "agency", "派入": "host"}
YES_NO = {"": True, "是": True, "否": False}
# 女职工岗位类别 (optional column; older templates without it still import): "" reads as cadre.
FEMALE_POSTS = {"": "", "干部": "cadre", "女干部": "cadre", "工人": "worker", "女工人": "worker"}


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
    female_post: str = ""
    row: int = 0
    extra: dict = field(default_factory=dict)


# Excel keeps 15 significant digits of a number: an 18- or 20-digit certificate number typed into a
# cell not formatted as text becomes 3.30203E+19 and its last digits become zeros (or, read back from
# the file's binary float, digits like 33020319850301100032).
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?E\+?\d+")
_FLOAT = re.compile(r"\d{6,}\.0+")
_LOST_DIGITS = re.compile(r"\d{15}0{3,5}")
EXCEL_FIX = "请在 Excel 中把“证件号码”列设为“文本”格式（或在证号前加英文单引号 '），重新输入完整证号后再上传。"
EXAMPLE_PREFIXES = ("（示例）", "(示例)")


def excel_number_damage(text: str) -> str:
    """A message when a certificate number was turned into a number by Excel, else ""."""
    if _SCIENTIFIC.fullmatch(text):
        return f"证件号码变成了科学计数法（{text}），这是 Excel 把证号当作数字保存造成的，后几位已经丢失。" + EXCEL_FIX
    if _FLOAT.fullmatch(text):
        return f"证件号码被 Excel 当作数字保存（{text}）。" + EXCEL_FIX
    if _LOST_DIGITS.fullmatch(text) or _float_exact(text):
        try:
            identity.parse_disability_cert(text)
        except identity.IdentityError:
            return f"证件号码的后几位不对（{text}），这是 Excel 把证号当作数字保存造成的，15位以后的数字已经丢失。" + EXCEL_FIX
    return ""


def _float_exact(text: str) -> bool:
    """16+ digits that are exactly a binary float (what a numeric cell reads back as, e.g.
    33020319850301100032): a typed number of that size is such a float once in thousands of times."""
    if not (text.isdigit() and len(text) >= 16):
        return False
    return int(float(text)) == int(text) and int(text) >= 2**53


_VETERAN_PRINTED = re.compile(r"军残字第([0-9A-Z\-]{1,24})号")


def veteran_cert_no(text: str) -> str:
    """A disabled veteran's certificate number as typed: 6–30 letters, digits or hyphens, or the
    printed form 军残字第…号 (kept as printed); "" when neither."""
    text = unicodedata.normalize("NFKC", text)
    if re.fullmatch(r"[0-9A-Z\-]{6,30}", text) or _VETERAN_PRINTED.fullmatch(text):
        return text
    return ""


def is_example_row(values: dict[str, str]) -> bool:
    """The template's example row (姓名 starting with “（示例）”) is skipped, so it need not be deleted."""
    return cell_text(values, "姓名").startswith(EXAMPLE_PREFIXES)


def parse_row(
    values: dict[str, str], row: int, known: dict[tuple[str, str], str] | None = None
) -> tuple[RosterRow | None, list[RowError]]:
    """Validate one row given as {header: text}; returns the clean row or its errors (all of them).

    ``known`` maps (name, masked number) → full number for the people already on the roster, so a
    roster export (masked numbers only) can be edited and uploaded again."""
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
    excel_damage = excel_number_damage(cert_text)
    masked = "*" in cert_text
    if masked and (name, cert_text) in (known or {}):
        cert_text, masked = known[(name, cert_text)], False
    if not cert_text:
        err("证件号码", "不能为空")
    elif excel_damage:
        err("证件号码", excel_damage)
    elif masked:
        err("证件号码", "证件号码是脱敏显示的（含*），只能用于名册中已有的同一人员（姓名和脱敏证号都一致）；新增人员请填写完整证号")
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
        cert_no = veteran_cert_no(cert_text)
        if not cert_no:
            err("证件号码", "残疾军人证号应为6到30位数字或字母，或按证件上的写法填“军残字第…号”")
        if not grade_text:
            err("残疾等级", "残疾军人证必须填写等级（1-10级）")
        elif not (grade_text.isdigit() and 1 <= int(grade_text) <= 10):
            err("残疾等级", "残疾军人证等级应为1到10（9-10级按规定不计入安排人数）")
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

    female_post = FEMALE_POSTS.get(get("女职工岗位类别"))
    if female_post is None:
        err("女职工岗位类别", "应为“干部”或“工人”，男职工请留空")

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
            female_post=female_post,
            row=row,
        ),
        [],
    )


def read_roster(
    content: bytes, filename: str, known: dict[tuple[str, str], str] | None = None
) -> tuple[list[RosterRow], RowErrors]:
    """Read a whole roster upload. Returns (rows, errors); callers must save nothing if errors is non-empty.
    ``known``: (name, masked number) → full number of the people on the roster now (see ``parse_row``)."""

    def parse(values: dict[str, str], row: int):
        if is_example_row(values):  # the template's example row
            return None, []
        return parse_row(values, row, known)

    return read_table_rows(
        content, filename, required_headers=REQUIRED_HEADERS, parse=parse, empty_message="文件中没有名册数据。"
    )


# The template's example row (skipped on reading, see ``is_example_row``) and its drop-downs.
EXAMPLE_ROW = {
    "姓名": "（示例）张三，此行不会导入", "证件类型": "残疾人证",
    "证件号码": identity.make_disability_cert(identity.make_resident_id(birth=date(1985, 3, 1), seq=101), 4, 3),
    "残疾等级": "", "用工形式": "劳动合同", "合同开始日期": "2025-01-01", "合同结束日期": "",
    "月工资（元）": "4000", "在岗月份": "1-12", "社保足额缴纳月份": "1-12", "劳务派遣": "", "派遣另一方单位": "",
    "计入本单位": "是", "女职工岗位类别": "",
}
DROP_DOWNS = {
    "证件类型": ["残疾人证", "残疾军人证"],
    "残疾等级": [str(g) for g in range(1, 11)],
    "用工形式": list(FORMS),
    "劳务派遣": ["派出", "派入"],
    "计入本单位": ["是", "否"],
    "女职工岗位类别": ["干部", "工人"],
}
# Typed as text so that Excel keeps every digit of a certificate number and does not turn "1-12" into a date.
TEXT_COLUMNS = ("证件号码", "合同开始日期", "合同结束日期", "在岗月份", "社保足额缴纳月份")
TEMPLATE_ROWS = 1000


def template_xlsx() -> bytes:
    """The downloadable template: sheet 名册 has the Chinese headers, an example row (skipped when the
    file is read back, so nothing needs deleting), the certificate, date and month columns formatted
    as text for 1,000 rows and drop-downs for the coded columns; sheet 填写说明 explains each column."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "名册"
    sheet.append(HEADERS)
    sheet.append([EXAMPLE_ROW[h] for h in HEADERS])
    for index, header in enumerate(HEADERS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if header in ("证件号码", "姓名") else 14
        if header in TEXT_COLUMNS:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if header in DROP_DOWNS:
            check = DataValidation(
                type="list", formula1='"' + ",".join(DROP_DOWNS[header]) + '"', allow_blank=True,
                showErrorMessage=True, errorTitle="请从下拉列表中选择", error="可选：" + "、".join(DROP_DOWNS[header]),
            )
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "填写说明"])
    for header, _, hint in COLUMNS:
        notes.append([header, hint])
    notes.append(["示例行", "“名册”第2行是示例（姓名以“（示例）”开头），上传时自动跳过，可保留也可删除。"])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(HEADERS) + "\r\n").encode("utf-8")
