"""Family register upload (家庭台账导入): reads xlsx or CSV (UTF-8 or GBK) with Chinese headers into plain
rows with the roster reader (``employment.table_import.read_table_rows``: size and zip-bomb limits,
at most ``settings.IMPORT_MAX_ROWS`` families per file, one row per 户编号), reporting bad cells with
their row number and column (the first 100, and how many more).

Nothing here touches the database: ``services.households_import`` checks towns, codes and members
against the register and saves only when the whole file is clean.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd

from domain import identity
from employment.table_import import RowError, RowErrors, cell_text, parse_date, read_table_rows

# Column header → key, with the filling hint shown in the template. The template uses exactly these
# headers, in this order.
COLUMNS: list[tuple[str, str, str]] = [
    ("户编号", "code", "必填。残联台账上的家庭编号，例如 HS-GL-0001；已有的户编号按这一行更新"),
    ("所属镇街", "town", "必填。镇街全称，例如 鼓楼街道"),
    ("认定日期", "identified_on", "认定为零就业残疾人家庭的日期，例如 2025-03-01；不是零就业残疾人家庭的留空"),
    ("家庭成员残疾人证号", "members", "已在本平台登记的家庭成员的残疾人证号（20位），多个用“；”或“、”分隔；"
     "请把这一列设为文本格式。导入只添加成员，不会移出成员"),
    ("其他家庭成员就业开始日期", "other_employed_from", "未在本平台登记的家庭成员（例如配偶）开始就业的日期；没有则留空"),
    ("其他家庭成员就业结束日期", "other_employed_until", "仍在就业的留空；填写时必须同时填写开始日期"),
    ("退出台账日期", "exited_on", "迁出或不再符合认定条件的日期；仍在台账上的留空"),
    ("退出原因", "exit_reason", "填写退出台账日期时必填，例如 迁出本区"),
    ("备注", "notes", "可留空"),
]
HEADERS = [c[0] for c in COLUMNS]
COLUMN_OF = {key: header for header, key, _ in COLUMNS}  # model field → header, for the service's errors
CODE_MAX = 30
EXIT_REASON_MAX = 100
NOTES_MAX = 2000
# Certificate numbers in one cell: the separators the brief names, plus commas and line breaks,
# which never occur inside a number.
MEMBER_SEPARATORS = re.compile(r"[；;、,，\s]+")


@dataclass
class HouseholdRow:
    """One clean line of the register; member certificates are normalised full numbers."""

    code: str
    town: str
    identified_on: date | None
    member_certs: list[str]
    other_employed_from: date | None
    other_employed_until: date | None
    exited_on: date | None
    exit_reason: str
    notes: str
    row: int = 0


def code_normalise(text: str) -> str:
    """户编号 as stored: no surrounding or inner spaces, Latin letters upper-case (hs-gl-1 = HS-GL-1)."""
    return re.sub(r"\s+", "", text or "").upper()


def parse_household_row(values: dict[str, str], row: int, *,
                        town_refusal: Callable[[str], str | None] | None = None) -> tuple[HouseholdRow | None, list[RowError]]:
    """Validate the form of one row given as {header: text}; returns the clean row or all its errors.
    Whether the town, the code and the members exist (and may be used) is the service's to check;
    the service's ``town_refusal`` (a town's text → why it cannot be used, or None) is asked here, on
    every row, so a row refused for its format is not reported a second time, later, for its town."""
    errors: list[RowError] = []

    def err(column: str, reason: str) -> None:
        errors.append(RowError(row, column, reason))

    get = partial(cell_text, values)

    code = code_normalise(get("户编号"))
    if not code:
        err("户编号", "不能为空，请填写残联台账上的家庭编号")
    elif len(code) > CODE_MAX:
        err("户编号", f"不能超过{CODE_MAX}个字符")

    town = get("所属镇街")
    if not town:
        err("所属镇街", "不能为空，请填写镇街全称，例如 鼓楼街道")
    elif town_refusal is not None and (refusal := town_refusal(town)):
        err("所属镇街", refusal)

    dates: dict[str, date | None] = {}
    for header in ("认定日期", "其他家庭成员就业开始日期", "其他家庭成员就业结束日期", "退出台账日期"):
        dates[header] = None
        if get(header):
            try:
                dates[header] = parse_date(get(header))
            except ValueError as exc:
                err(header, str(exc))

    certs: list[str] = []
    parts = [p for p in MEMBER_SEPARATORS.split(get("家庭成员残疾人证号").upper()) if p]
    for position, text in enumerate(parts, start=1):
        try:
            number = identity.parse_disability_cert(text).number
        except identity.IdentityError as exc:
            err("家庭成员残疾人证号", f"第{position}个证号（{identity.mask_id(text)}）不正确：{exc}")
            continue
        if any(c[:20] == number[:20] for c in certs):
            err("家庭成员残疾人证号", f"第{position}个证号（{identity.mask_id(number)}）在这一格里重复填写了，请删去一个")
            continue
        certs.append(number)

    exit_reason = get("退出原因")
    notes = get("备注")
    if len(notes) > NOTES_MAX:
        err("备注", f"不能超过{NOTES_MAX}个字")

    if errors:
        return None, errors
    return (
        HouseholdRow(
            code=code,
            town=town,
            identified_on=dates["认定日期"],
            member_certs=certs,
            other_employed_from=dates["其他家庭成员就业开始日期"],
            other_employed_until=dates["其他家庭成员就业结束日期"],
            exited_on=dates["退出台账日期"],
            exit_reason=exit_reason,
            notes=notes,
            row=row,
        ),
        [],
    )


def read_households(content: bytes, filename: str, *,
                    town_refusal: Callable[[str], str | None] | None = None) -> tuple[list[HouseholdRow], RowErrors]:
    """Read a whole register upload. Returns (rows, errors); callers must save nothing if errors is
    non-empty. Raises ``TableFileError`` when the file as a whole cannot be read. ``town_refusal``:
    see ``parse_household_row``."""
    return read_table_rows(
        content,
        filename,
        required_headers=HEADERS,
        parse=partial(parse_household_row, town_refusal=town_refusal),
        empty_message="文件中没有家庭台账数据。请在模板第1行表头下面逐户填写后再上传。",
        key=lambda r: r.code,
        key_column="户编号",
        # Families are created or updated by 户编号, so a long register can come in several files.
        too_many_rows_advice="请分成几个文件分批导入：已导入的户按户编号更新，不会重复。",
    )


def template_xlsx() -> bytes:
    """The downloadable template: the headers (the certificate column formatted as text so Excel
    keeps all 20 digits) and a second sheet explaining every column."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=HEADERS).to_excel(writer, index=False, sheet_name="家庭台账")
        pd.DataFrame({"列名": HEADERS, "填写说明": [c[2] for c in COLUMNS]}).to_excel(
            writer, index=False, sheet_name="填写说明"
        )
        sheet = writer.sheets["家庭台账"]
        cert_column = HEADERS.index("家庭成员残疾人证号") + 1
        for row in sheet.iter_rows(min_row=2, max_row=1000, min_col=cert_column, max_col=cert_column):
            for cell in row:
                cell.number_format = "@"
        for index, header in enumerate(HEADERS, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(header) * 2 + 2)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(HEADERS) + "\r\n").encode("utf-8")
