"""xlsx exports of dashboard tables (pandas → openpyxl), one sheet per table. Text cells pass through
the declaration exports' formula neutraliser, so a town or employer name can never run as a formula."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

from employment.table_export import neutralise

from .indicators import pct


def _cell(key: str, value):
    if key == "rate":
        return pct(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)  # money is already exact to the fen; openpyxl writes numbers via float
    return neutralise(value)


def table_frame(table: dict) -> pd.DataFrame:
    rows = list(table["rows"]) + ([table["total"]] if table.get("total") else [])
    return pd.DataFrame(
        [[_cell(key, row.get(key)) for key, _ in table["columns"]] for row in rows],
        columns=[label for _, label in table["columns"]],
    )


def tables_xlsx(tables: list[dict]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            sheet = "".join(c for c in table["title"] if c not in "[]:*?/\\")[:31]
            table_frame(table).to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
