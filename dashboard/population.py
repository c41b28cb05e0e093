"""The population extract (残疾人人口基础数据库导出): each town's certified working-age population for a
year, uploaded by district staff as xlsx or csv, read with the shared table reader
(``employment.table_import.read_table_rows``: size limits, row and column errors).

It is the base of the employment rate (``indicators.employment_rate``): without it the platform can
only divide by the people registered on it, which is not the district's rate. Nothing here touches
the database: ``services.population_import`` checks the towns and saves the year only when the whole
file is clean.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd

from employment.table_import import RowError, RowErrors, cell_text, read_table_rows

COLUMNS: list[tuple[str, str]] = [
    ("镇街", "必填。镇街全称（例如 鼓楼街道）或 9 位镇街代码（例如 330203005）"),
    ("劳动年龄段持证残疾人数", "必填。该年度末在残疾人人口基础数据库中、劳动年龄段（16–59 周岁）、持第二代残疾人证的人数，整数"),
    ("备注", "可留空，例如数据库导出日期"),
]
HEADERS = [c[0] for c in COLUMNS]
TOWN, COUNT, NOTE = HEADERS
MAX_COUNT = 1_000_000
NOTE_MAX = 200


@dataclass(frozen=True)
class PopulationRow:
    town: str  # as typed: a name or a code (the service finds the town)
    count: int
    note: str
    row: int


def parse_population_row(values: dict[str, str], row: int) -> tuple[PopulationRow | None, list[RowError]]:
    errors: list[RowError] = []
    town = re.sub(r"\s+", "", cell_text(values, TOWN))
    if not town:
        errors.append(RowError(row, TOWN, "没有填写镇街"))
    raw = cell_text(values, COUNT).replace(",", "").replace("，", "")
    count = None
    if not raw:
        errors.append(RowError(row, COUNT, "没有填写人数"))
    else:
        text = raw[:-2] if raw.endswith(".0") else raw  # Excel writes whole numbers as 123.0
        if not text.isdigit():
            errors.append(RowError(row, COUNT, f"“{raw[:20]}”不是整数，请填写人数，例如 1234"))
        elif int(text) > MAX_COUNT:
            errors.append(RowError(row, COUNT, f"人数 {text} 太大，请核对"))
        else:
            count = int(text)
    note = cell_text(values, NOTE) if NOTE in values else ""
    if len(note) > NOTE_MAX:
        errors.append(RowError(row, NOTE, f"备注最多 {NOTE_MAX} 个字"))
    if errors:
        return None, errors
    return PopulationRow(town=town, count=count, note=note, row=row), []


def read_population(content: bytes, filename: str) -> tuple[list[PopulationRow], RowErrors]:
    """Read a whole extract. Returns (rows, errors); callers must save nothing if errors is non-empty.
    Raises ``TableFileError`` when the file as a whole cannot be read."""
    return read_table_rows(
        content,
        filename,
        required_headers=[TOWN, COUNT],
        parse=parse_population_row,
        empty_message="文件中没有数据。请在模板第1行表头下面每个镇街填一行后再上传。",
        key=lambda r: r.town,
        key_column=TOWN,
        too_many_rows_advice="每个镇街一行，全区只有十几行，请检查是否上传了明细表。",
    )


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=HEADERS).to_excel(writer, index=False, sheet_name="劳动年龄段持证残疾人数")
        pd.DataFrame({"列名": HEADERS, "填写说明": [c[1] for c in COLUMNS]}).to_excel(
            writer, index=False, sheet_name="填写说明")
        sheet = writer.sheets["劳动年龄段持证残疾人数"]
        for index, header in enumerate(HEADERS, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(header) * 2 + 2)
    return buffer.getvalue()


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(HEADERS) + "\r\n").encode("utf-8")
