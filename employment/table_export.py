"""Writing spreadsheets (pandas → xlsx) for every export: cells a spreadsheet would read as a formula
(starting with = + - @, or a tab/CR) are neutralised with a leading apostrophe, money is written as
numbers, and an export with personal data ends with a sheet naming who exported it and when.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from django.utils import timezone

from . import formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def money_cell(value) -> float | None:
    # Rounded to 0.01 yuan and given as a float: openpyxl would write a Decimal as a number too, but a
    # float keeps the DataFrame column numeric (a column of Decimals is an object column).
    if value in (None, ""):
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


def exporter_label(user) -> str:
    """How an export names the person who made it: display name and username."""
    account = getattr(user, "account", None)
    name = getattr(account, "display_name", "") or user.get_full_name()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


def frames_to_xlsx(frames: dict[str, pd.DataFrame], *, exported_by: str | None = None) -> bytes:
    """Write the sheets; an export with personal data (``exported_by`` given) ends with a sheet
    naming who exported it and when."""
    if exported_by is not None:
        stamp = formats.stamp(timezone.now(), seconds=True)
        frames = {
            **frames,
            "导出信息": pd.DataFrame(
                [["导出人", exported_by], ["导出时间", stamp], ["说明", "本表含个人信息，仅限工作使用，请妥善保管，不得外传。"]],
                columns=["项目", "内容"],
            ),
        }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame = frame.map(neutralise) if not frame.empty else frame
            frame.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
