"""Exports a clerk can file (issue 15, item 7): every workbook has a title row, a 数据截至 line in
Beijing time and the exporter; percentages are numbers in a percent format; totals where sums make
sense; Chinese file names; an upload of such a file finds its header below the title lines."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import unquote

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from employment import formats
from employment.table_export import (
    HEADER_ROW,
    PERCENT_FORMAT,
    ExportSheet,
    percent_cell,
    read_sheet,
    workbook_xlsx,
)
from employment.table_import import RowError, cell_text, read_table_rows
from tests.quota.conftest import policy, start_declaration  # noqa: F401 - fixtures


def _sheet(content: bytes, name: str | int = 0):
    book = load_workbook(io.BytesIO(content))
    return book.worksheets[name] if isinstance(name, int) else book[name]


def test_title_as_of_in_beijing_time_exporter_header_rows_and_total():
    sheet = ExportSheet(name="名单", title="2025年度测试名单（全区）", columns=["单位", "人数", "比例", "金额（元）"],
                        rows=[["甲", 2, percent_cell(Decimal("0.015")), 10.5], ["=乙", 3, 0.02, 20.25]],
                        sum_columns=["人数", "金额（元）"], percent_columns=["比例"], money_columns=["金额（元）"])
    # 23:30 UTC is 07:30 the next day in Beijing.
    content = workbook_xlsx([sheet], exported_by="张三（zhangsan）", as_of=datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    ws = _sheet(content)
    assert ws["A1"].value == "2025年度测试名单（全区）"
    assert ws["A2"].value == "数据截至：2026年3月5日 07:30（北京时间）"
    assert ws["A3"].value == "导出人：张三（zhangsan）"
    assert [c.value for c in ws[HEADER_ROW]] == ["单位", "人数", "比例", "金额（元）"]
    assert ws.cell(row=HEADER_ROW + 2, column=1).value == "'=乙"  # neutralised
    ratio = ws.cell(row=HEADER_ROW + 1, column=3)
    assert ratio.value == pytest.approx(0.015) and ratio.number_format == PERCENT_FORMAT
    total = [c.value for c in ws[HEADER_ROW + 3]]
    assert total == ["合计", 5, None, pytest.approx(30.75)]  # no sum of ratios
    assert "导出信息" not in load_workbook(io.BytesIO(content)).sheetnames  # nothing personal


def test_read_sheet_skips_the_title_lines_and_keeps_the_total_only_when_asked():
    sheet = ExportSheet(name="s", title="t", columns=["名称", "数"], rows=[["a", 1], ["b", 2]], sum_columns=["数"],
                        signatures=True, notes=["说明"])
    content = workbook_xlsx([sheet], exported_by="x", personal=True)
    assert list(read_sheet(content)["名称"]) == ["a", "b"]
    assert list(read_sheet(content, total=True)["数"]) == [1, 2, 3]
    ws = _sheet(content)
    texts = {c.value for row in ws.iter_rows() for c in row if c.value}
    assert {"制表：", "审核：", "负责人："} <= texts
    info = pd.read_excel(io.BytesIO(content), sheet_name="导出信息")
    assert dict(zip(info["项目"], info["内容"], strict=True))["导出人"] == "x"


@pytest.mark.parametrize(("value", "fraction"), [
    (Decimal("0.015"), 0.015), ("1.5%", 0.015), ("0.6", 0.6), (None, None), ("", None), (0, 0.0),
])
def test_percent_cells_are_fractions(value, fraction):
    assert percent_cell(value) == (pytest.approx(fraction) if fraction is not None else None)


def test_export_file_names_are_chinese():
    assert formats.export_filename("保障金征收名单", year=2025, scope="全区") == "保障金征收名单-2025年度-全区.xlsx"
    assert formats.export_filename("名录", scope="a/b") == "名录-a_b.xlsx"


def test_an_upload_finds_its_header_below_an_exports_title_lines_and_numbers_rows_as_the_sheet():
    sheet = ExportSheet(name="s", title="标题", columns=["姓名", "数量"], rows=[["甲", "1"], ["乙", "x"]])
    content = workbook_xlsx([sheet], exported_by="x")

    def parse(values, row):
        if not cell_text(values, "数量").isdigit():
            return None, [RowError(row, "数量", "不是数字")]
        return cell_text(values, "姓名"), []

    rows, errors = read_table_rows(content, "a.xlsx", required_headers=["姓名", "数量"], parse=parse,
                                   empty_message="空", key=lambda r: r, key_column="姓名")
    assert rows == ["甲"]
    assert [(e.row, e.column) for e in errors] == [(HEADER_ROW + 2, "数量")]  # the row a clerk sees in Excel


# ---- the exports themselves ---------------------------------------------------------------------


@pytest.fixture
def levy_declaration(world, start_declaration):  # noqa: F811
    from quota import services
    from quota.models import Declaration
    from tests.quota.conftest import roster_row

    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1)], headcount=100)
    services.declaration_submit(declaration=d, user=user)
    services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=d, user=world.users["district"], action="approve")
    return Declaration.objects.select_related("employer__town").get(pk=d.pk)


def test_the_levy_list_has_the_fee_period_the_required_number_and_the_ratio_as_a_percent(
        world, client_for, levy_declaration):
    from tests.quota.conftest import YEAR

    response = client_for(world.users["town_x"]).get(reverse("review-export", args=[YEAR, "levy"]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert formats.export_filename("残疾人就业保障金征收名单", year=YEAR, scope="鼓楼街道") in \
        unquote(response["Content-Disposition"])
    ws = _sheet(response.content)
    assert ws["A1"].value == f"{YEAR}年度残疾人就业保障金征收名单（鼓楼街道）"
    assert ws["A3"].value.startswith("导出人：")
    frame = read_sheet(response.content, total=True)
    row = frame.iloc[0]
    assert row["费款所属期"] == f"{YEAR}年1月—12月"
    assert row["应安排人数"] == pytest.approx(1.5)  # 100 staff × 1.5%
    assert row["(6) 安排残疾人就业比例"] == pytest.approx(0.015)
    columns = list(frame.columns)
    ratio_cell = ws.cell(row=HEADER_ROW + 1, column=columns.index("(6) 安排残疾人就业比例") + 1)
    assert ratio_cell.number_format == PERCENT_FORMAT
    total = frame.iloc[-1]
    assert total["单位名称"] == "合计"
    assert total["(12) 本期应补（退）费额（元）"] == pytest.approx(float(levy_declaration.levy_payable))
    assert pd.isna(total["(6) 安排残疾人就业比例"]) and pd.isna(total["(8) 上年在职职工年平均工资（元）"])


def test_dashboard_rates_are_percent_numbers(world, client_for):
    from dashboard import selectors

    user = world.users["district"]
    scope = selectors.dashboard_scope(user, year=None, town_id=None)
    response = client_for(user).get(f"/dashboard/export/employment.xlsx?year={scope.year}")
    ws = _sheet(response.content)
    assert ws["A1"].value.endswith("（全区）") and str(scope.year) in ws["A1"].value
    header = [c.value for c in ws[HEADER_ROW]]
    rate = header.index("就业率") + 1
    cells = [ws.cell(row=r, column=rate) for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    assert cells and all(c.value is None or isinstance(c.value, int | float) for c in cells)
    assert all(c.number_format == PERCENT_FORMAT for c in cells)
    assert ws.cell(row=ws.max_row, column=1).value == "合计"
    assert "数据看板" in unquote(response["Content-Disposition"])
