"""Writing spreadsheets for every export, one layout a clerk can file (issue 15, item 7).

Each sheet (``ExportSheet``) starts with a title row (what, year, town), a "数据截至" line (the moment
the data was read, Beijing time) and an "导出人" line; then the header, the rows, an optional total
row and — for lists that are signed on paper — the signature line 制表 / 审核 / 负责人. Percentages are
numbers (a fraction, 0.015) shown in a percent format; money is a number rounded to the fen. Cells a
spreadsheet would read as a formula (starting with = + - @, or a tab/CR) are neutralised with a
leading apostrophe. An export with personal data ends with a sheet saying who exported it, when, and
that it must be kept safe.

Readers of these files (a re-import, the tests) skip the ``TITLE_ROWS`` lines above the header.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from . import formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Title, 数据截至, 导出人: the header is the row after them.
TITLE_ROWS = 3
HEADER_ROW = TITLE_ROWS + 1
TOTAL_LABEL = "合计"
SIGNATURES = ("制表", "审核", "负责人")
PERCENT_FORMAT = "0.00%"
MONEY_FORMAT = "#,##0.00"
# Dates are date cells (sortable, filterable) shown the Chinese way: 2026年12月6日 (14:05).
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
# Column widths follow the longest text in the column (a CJK character is two units wide), so long
# employer names are not cut off; capped so one long remark does not make a column the screen's width.
WIDTH_MIN, WIDTH_MAX = 10, 60
PERSONAL_NOTE = "本表含个人信息，仅限工作使用，请妥善保管，不得外传。"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: Beijing time
    return value


def display_width(value) -> int:
    """How wide ``value`` shows in a cell, in Excel's character units (CJK and full-width count 2)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 18
    if isinstance(value, date):
        return 12
    if isinstance(value, float):
        value = f"{value:,.2f}"
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def money_cell(value) -> float | None:
    # Rounded to 0.01 yuan and given as a float: openpyxl writes a float as a number.
    if value in (None, ""):
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


def percent_cell(value) -> float | None:
    """A ratio (0.0153, a Decimal, a float or a "1.53%" string) as the fraction a percent format shows."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            return float(Decimal(text[:-1]) / 100)
        return float(Decimal(text))
    return float(value)


def exporter_label(user) -> str:
    """How an export names the person who made it: display name and username."""
    account = getattr(user, "account", None)
    name = getattr(account, "display_name", "") or user.get_full_name()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


@dataclass
class ExportSheet:
    """One sheet: ``title`` says what, which year and which town (全区 for the district).

    ``rows`` are sequences in ``columns`` order; ``sum_columns`` get a total row (the first column
    says 合计) — only columns where a sum makes sense; ``percent_columns`` hold fractions and
    ``money_columns`` yuan; ``total`` is a total row given whole instead. ``signatures`` adds the 制表 / 审核 / 负责人 line under the table.
    """

    name: str
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence] = ()
    sum_columns: Sequence[str] = ()
    percent_columns: Sequence[str] = ()
    money_columns: Sequence[str] = ()
    signatures: bool = False
    notes: Sequence[str] = field(default_factory=tuple)
    total: Sequence | None = None  # a total row computed elsewhere (rates of the whole, say)


def total_row(columns: Sequence[str], rows: Sequence[Sequence], sum_columns: Sequence[str]) -> list:
    """The 合计 row: sums of ``sum_columns`` (empty cells count as nothing), blanks elsewhere."""
    total = [None] * len(columns)
    for name in sum_columns:
        i = list(columns).index(name)
        total[i] = sum((Decimal(str(r[i])) for r in rows if r[i] not in (None, "")), Decimal("0"))
    total[0] = TOTAL_LABEL
    return [float(v) if isinstance(v, Decimal) else v for v in total]


def _write_sheet(ws, sheet: ExportSheet, *, as_of: str, exported_by: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = list(sheet.columns)
    width = max(len(columns), 1)
    ws.append([neutralise(sheet.title)])
    ws.append([f"数据截至：{as_of}（北京时间）"])
    ws.append([f"导出人：{neutralise(exported_by)}"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.append(columns)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    rows = [list(r) for r in sheet.rows]
    for row in rows:
        ws.append([neutralise(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    last = ws.max_row
    if sheet.total is not None or sheet.sum_columns:
        total = list(sheet.total) if sheet.total is not None else total_row(columns, rows, sheet.sum_columns)
        ws.append([neutralise(v) for v in total])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        last = ws.max_row
    formats_by_column = {**dict.fromkeys(sheet.money_columns, MONEY_FORMAT),
                         **dict.fromkeys(sheet.percent_columns, PERCENT_FORMAT)}
    for name, number_format in formats_by_column.items():
        col = columns.index(name) + 1
        for r in range(HEADER_ROW + 1, last + 1):
            ws.cell(row=r, column=col).number_format = number_format
    for note in sheet.notes:
        ws.append([neutralise(note)])
    if sheet.signatures:
        ws.append([])
        # Spread over the width of the table, each with room to sign.
        step = max(width // len(SIGNATURES), 1)
        line = [None] * max(width, step * (len(SIGNATURES) - 1) + 1)
        for n, label in enumerate(SIGNATURES):
            line[n * step] = f"{label}："
        ws.append(line)
        ws.append(["日期：    年    月    日"])
    for i, name in enumerate(columns, start=1):
        widest = max([display_width(name), *(display_width(r[i - 1]) for r in rows if len(r) >= i)])
        ws.column_dimensions[get_column_letter(i)].width = max(WIDTH_MIN, min(WIDTH_MAX, widest + 2))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)


def workbook_xlsx(sheets: Sequence[ExportSheet], *, exported_by: str, personal: bool = False,
                  as_of: datetime | None = None) -> bytes:
    """The workbook of ``sheets``; ``as_of`` (default now) is the 数据截至 moment; ``personal`` adds the
    导出信息 sheet (who, when, keep it safe) that every export with personal data carries."""
    from openpyxl import Workbook

    moment = as_of or timezone.now()
    stamp = formats.cn_datetime(moment)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.name[:31]), sheet, as_of=stamp, exported_by=exported_by)
    if personal:
        info = workbook.create_sheet("导出信息")
        info.append(["项目", "内容"])
        for row in (["导出人", exported_by], ["导出时间", moment], ["说明", PERSONAL_NOTE]):
            info.append([neutralise(v) for v in row])
        info.cell(row=3, column=2).number_format = DATETIME_FORMAT + ":ss"
        info.column_dimensions["A"].width, info.column_dimensions["B"].width = WIDTH_MIN, WIDTH_MAX
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_sheet(content: bytes, sheet: str | int = 0, *, total: bool = False, **kwargs):
    """A sheet of an export as a DataFrame of its header and data rows — the title lines skipped, the
    rows below the table (notes, signatures) left out, the 合计 row kept only if ``total``: how the
    tests and re-imports read what ``workbook_xlsx`` wrote."""
    import pandas as pd

    frame = pd.read_excel(io.BytesIO(content), sheet_name=sheet, skiprows=TITLE_ROWS, engine="openpyxl", **kwargs)
    first = frame.iloc[:, 0] if len(frame.columns) else pd.Series(dtype=object)
    ends = [n for n, v in enumerate(first) if pd.isna(v) or str(v) == "" or str(v) == TOTAL_LABEL]
    if not ends:
        return frame
    end = ends[0] + (1 if total and str(first.iloc[ends[0]]) == TOTAL_LABEL else 0)
    return frame.iloc[:end].reset_index(drop=True)

