"""xlsx exports of dashboard tables, one sheet per table, in the shared export layout
(``employment.table_export``: title with the year and town, 数据截至, 导出人, header, the table's own
total row). Rates are numbers in a percent format; text cells pass through the formula neutraliser,
so a town or employer name can never run as a formula."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from employment.table_export import TOTAL_LABEL, ExportSheet, percent_cell, workbook_xlsx

from .selectors import Scope

PERCENT_KEYS = ("rate",)


def scope_label(scope: Scope) -> str:
    """The town a table covers, or 全区."""
    if scope.town_id:
        return scope.towns.get(scope.town_id, "")
    return next(iter(scope.towns.values())) if len(scope.towns) == 1 else "全区"


def _cell(key: str, value):
    if key in PERCENT_KEYS:
        return percent_cell(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)  # money is already exact to the fen; openpyxl writes numbers via float
    return value


def table_sheet(table: dict, *, year: int, scope: str) -> ExportSheet:
    """One dashboard table as a sheet; its total row (already computed, rates included) is the last
    data row and keeps the 合计 label the table gives it."""
    keys = [key for key, _ in table["columns"]]
    labels = [label for _, label in table["columns"]]
    rows = [[_cell(key, row.get(key)) for key in keys] for row in table["rows"]]
    total = None
    if table.get("total"):
        total = [_cell(key, table["total"].get(key)) for key in keys]
        total[0] = total[0] or TOTAL_LABEL
    title = table["title"] if str(year) in table["title"] else f"{year}年度{table['title']}"
    return ExportSheet(
        name="".join(c for c in table["title"] if c not in "[]:*?/\\")[:31], title=f"{title}（{scope}）",
        columns=labels, rows=rows, total=total,
        percent_columns=[label for key, label in table["columns"] if key in PERCENT_KEYS],
        money_columns=[label for label in labels if label.endswith("（元）")],
    )


def tables_xlsx(tables: list[dict], *, year: int, scope: str, exported_by: str, as_of: datetime | None = None) -> bytes:
    return workbook_xlsx([table_sheet(t, year=year, scope=scope) for t in tables], exported_by=exported_by,
                         as_of=as_of)
