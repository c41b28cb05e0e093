"""Roster upload reader: xlsx and CSV (UTF-8, GBK), Chinese headers, every bad row reported."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest

from employment.table_import import TableFileError, format_months, parse_months
from quota.roster_import import HEADERS, read_roster, template_csv, template_xlsx

from .conftest import cert, roster_csv, roster_row, roster_xlsx


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_and_gbk(encoding):
    rows, errors = read_roster(roster_csv([roster_row(1), roster_row(2)], encoding), "名册.csv")
    assert errors == []
    assert [r.name for r in rows] == ["职工1", "职工2"]
    assert rows[0].cert_no == cert(1) and rows[0].grade == 3 and rows[0].category == "physical"
    assert rows[0].monthly_wage == Decimal("4000.00") and rows[0].months_employed == list(range(1, 13))


def test_xlsx():
    rows, errors = read_roster(roster_xlsx([roster_row(1, 在岗月份="10-12")]), "名册.xlsx")
    assert errors == [] and rows[0].months_employed == [10, 11, 12]


def test_every_bad_row_reported_with_row_column_reason():
    bad = [
        roster_row(1),
        roster_row(2, 证件号码=cert(2)[:-1] + "9"),  # grade digit 9
        roster_row(3, 用工形式="临时工", 在岗月份="13"),
        roster_row(1),  # duplicate of row 2 in the sheet
    ]
    rows, errors = read_roster(roster_csv(bad), "r.csv")
    found = {(e.row, e.column) for e in errors}
    assert found == {(3, "证件号码"), (4, "用工形式"), (4, "在岗月份"), (5, "证件号码")}
    assert all(e.reason for e in errors)
    assert "第4行“用工形式”" in str(next(e for e in errors if e.column == "用工形式"))


def test_veteran_needs_grade_and_dispatch_needs_other_party():
    rows, errors = read_roster(
        roster_csv([roster_row(1, 证件类型="残疾军人证", 证件号码="JR2019001"), roster_row(2, 劳务派遣="派入")]), "r.csv"
    )
    assert {(e.row, e.column) for e in errors} == {(2, "残疾等级"), (3, "派遣另一方单位")}


def test_missing_headers_and_unknown_type_are_file_errors():
    with pytest.raises(TableFileError, match="缺少表头"):
        read_roster("姓名,别的\n张三,1\n".encode(), "r.csv")
    with pytest.raises(TableFileError, match="只支持"):
        read_roster(b"x", "r.pdf")
    with pytest.raises(TableFileError):
        read_roster(b"not a zip", "r.xlsx")


def test_templates_have_the_chinese_headers_and_read_back_empty():
    frame = pd.read_excel(io.BytesIO(template_xlsx()), dtype=str)
    assert list(frame.columns) == HEADERS
    assert template_csv().decode("utf-8-sig").strip().split(",") == HEADERS
    with pytest.raises(TableFileError, match="没有名册数据"):
        read_roster(template_csv(), "t.csv")


@pytest.mark.parametrize(
    ("text", "months"),
    [("1-12", list(range(1, 13))), ("10,11,12", [10, 11, 12]), ("1-3、7", [1, 2, 3, 7]), ("3月", [3])],
)
def test_parse_months(text, months):
    assert parse_months(text) == months
    assert parse_months(format_months(months)) == months


@pytest.mark.parametrize("text", ["", "0", "13", "5-2", "a"])
def test_parse_months_rejects(text):
    with pytest.raises(ValueError):
        parse_months(text)
