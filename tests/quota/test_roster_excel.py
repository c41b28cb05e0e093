"""Spreadsheets that survive Excel: certificate numbers Excel turned into numbers are named as such,
veteran grades 1–10 and the printed 军残字第…号 are accepted by the upload, the form and the JSON
command alike, and the template has text columns, an example row and drop-downs."""

from __future__ import annotations

import io

import openpyxl
import pytest

from domain.identity import mask_id
from employer_portal.forms import RosterEntryForm
from employment.table_import import TableFileError
from quota.engine.io import parse_declaration
from quota.engine.params import load_default_params
from quota.roster_import import HEADERS, excel_number_damage, read_roster, template_xlsx

from .conftest import cert, roster_csv, roster_row


def _errors(**overrides):
    _, errors = read_roster(roster_csv([roster_row(1, **overrides)]), "r.csv")
    return {e.column: e.reason for e in errors}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3.30203E+19", "科学计数法"),
        ("3.3020319850301102e+19", "科学计数法"),
        ("330203198503011.0", "当作数字保存"),
        ("33020319850301100000", "后几位不对"),
        ("330203198503011000", "后几位不对"),
        ("33020319850301100032", "后几位不对"),  # 3.30203198503011E+19 read back from an .xlsx
        ("330203198503011008", "后几位不对"),
    ],
)
def test_a_certificate_number_excel_made_a_number_is_named_with_the_fix(text, words):
    reason = _errors(证件号码=text)["证件号码"]
    assert words in reason and "文本" in reason and "单引号" in reason


def test_a_valid_number_is_not_called_excel_damage():
    assert excel_number_damage(cert(1)) == ""


def test_an_xlsx_whose_certificate_cell_is_a_number():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = roster_row(1)
    row["证件号码"] = float(cert(1))  # what Excel keeps of a 20-digit number typed into a general cell
    sheet.append([row[h] for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    _, errors = read_roster(buffer.getvalue(), "r.xlsx")
    assert [e.column for e in errors] == ["证件号码"] and "Excel 把证号当作数字保存" in errors[0].reason


@pytest.mark.parametrize("grade", ["1", "8", "9", "10", "10级"])
def test_veteran_grades_one_to_ten_on_the_upload(grade):
    rows, errors = read_roster(
        roster_csv([roster_row(1, 证件类型="残疾军人证", 证件号码="JR2019001", 残疾等级=grade)]), "r.csv"
    )
    assert errors == [] and rows[0].grade == int(grade.removesuffix("级"))


def test_veteran_grade_eleven_and_a_bad_number_are_refused():
    found = _errors(证件类型="残疾军人证", 证件号码="军残字第号", 残疾等级="11")
    assert set(found) == {"证件号码", "残疾等级"}
    assert "1到10" in found["残疾等级"] and "军残字第" in found["证件号码"]


def test_the_printed_veteran_number_is_accepted_everywhere():
    rows, errors = read_roster(
        roster_csv([roster_row(1, 证件类型="残疾军人证", 证件号码="军残字第000123号", 残疾等级="10")]), "r.csv"
    )
    assert errors == [] and rows[0].cert_no == "军残字第000123号" and rows[0].grade == 10
    form = RosterEntryForm({
        "name": "王五", "cert_kind": "残疾军人证", "cert_no": "军残字第000123号", "grade": "10",
        "employment_form": "在编", "monthly_wage": "4000", "months_employed": "1-12", "months_insured": "1-12",
        "counted_here": "是",
    })
    assert form.is_valid(), form.errors
    assert form.row.grade == 10 and form.row.cert_no == "军残字第000123号"
    data = {"year": 2025, "employer_type": "enterprise", "monthly_headcount": [100] * 12, "wage_bill": "1",
            "roster": [{"cert_type": "veteran", "cert_no": "军残字第000123号", "grade": 10, "months": [1],
                        "monthly_wage": 4000}]}
    declaration, _ = parse_declaration(data, load_default_params().get)
    assert declaration.roster[0].grade == 10


def test_template_has_text_columns_an_example_row_and_drop_downs():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = book["名册"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert str(sheet.cell(row=2, column=1).value).startswith("（示例）")
    cert_column = HEADERS.index("证件号码") + 1
    assert sheet.cell(row=2, column=cert_column).number_format == "@"
    assert sheet.cell(row=500, column=cert_column).number_format == "@"
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"残疾人证,残疾军人证"' in lists and '"在编,劳动合同,服务协议"' in lists and '"干部,工人"' in lists
    # The example row is skipped: the template as downloaded imports nothing.
    with pytest.raises(TableFileError, match="没有名册数据"):
        read_roster(template_xlsx(), "t.xlsx")


def test_the_roster_export_can_be_uploaded_again(world, start_declaration):
    from quota import services
    from quota.exports import roster_xlsx

    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[
        roster_row(1, 女职工岗位类别="工人", 合同结束日期="2027-12-31", 在岗月份="3-12", 社保足额缴纳月份="4-12"),
        roster_row(2, 证件类型="残疾军人证", 证件号码="军残字第000123号", 残疾等级="10", 劳务派遣="派入",
                   派遣另一方单位="某劳务公司", 计入本单位="是"),
    ])

    def snapshot():
        return sorted(
            (e.name, e.cert_hash, e.cert_kind, e.grade, e.employment_form, e.contract_start, e.contract_end,
             e.monthly_wage, e.months_employed, e.months_insured, e.dispatch_role, e.dispatch_party, e.counted_here,
             e.female_post)
            for e in d.roster.all()
        )

    before = snapshot()
    exported = roster_xlsx(d, exported_by="测试")
    sheet = openpyxl.load_workbook(io.BytesIO(exported))["残疾职工名册"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert cert(1) not in cells and mask_id(cert(1)) in cells  # masked numbers only
    services.declaration_roster_import(declaration=d, content=exported, filename="名册.xlsx", user=user)
    assert snapshot() == before
    # A masked number that is not on the roster is refused with a message that says why.
    other = roster_xlsx(d, exported_by="测试")
    d.roster.filter(name="职工1").delete()
    with pytest.raises(services.RosterImportError) as exc:
        services.declaration_roster_import(declaration=d, content=other, filename="名册.xlsx", user=user)
    assert any("脱敏" in e.reason for e in exc.value.errors)
