"""Imports cannot exhaust the server (issue 13, item 5): the roster, social-insurance and family-register
readers refuse a file over ``IMPORT_MAX_ROWS`` rows before validating any row, in bounded memory, and
list at most the first 100 row errors with a count of the rest; nothing is saved."""

from __future__ import annotations

import io
import re
import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employment.table_import import RowError, RowErrors, TableFileError
from households import importer
from quota.roster_import import REQUIRED_HEADERS, read_roster
from subsidies import si_upload
from tests.households.conftest import families  # noqa: F401 - fixture
from tests.quota.conftest import YEAR, roster_csv, roster_row
from tests.security.conftest import policy, start_declaration  # noqa: F401 - fixtures
from tests.subsidies.conftest import approved_declaration  # noqa: F401 - fixture

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TWO_MB = 2 * 1024 * 1024
# Far above what reading a refused 2 MB file needs (a few copies of it); far below the ~1.1 GB the
# unbounded reader used for the same file.
PEAK_BOUND = 64 * 1024 * 1024

READERS = {
    "roster": (read_roster, REQUIRED_HEADERS),
    "social_insurance": (si_upload.read_contributions, si_upload.REQUIRED_HEADERS),
    "households": (importer.read_households, importer.HEADERS),
}


def tiny_rows_csv(headers: list[str], size: int = TWO_MB) -> bytes:
    """The issue's file: the right headers, then one-letter rows up to ``size`` bytes — every row has
    several errors (about five million of them in 2 MB)."""
    header = ",".join(headers) + "\n"
    return (header + "a\n" * ((size - len(header.encode())) // 2)).encode()


def peak_bytes(action):
    """(result or exception, peak traced allocation) of ``action()``."""
    tracemalloc.start()
    try:
        try:
            result = action()
        except Exception as exc:  # noqa: BLE001 - the caller asserts what it should be
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---- the readers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(READERS))
def test_two_megabyte_csv_is_refused_before_validation_in_bounded_memory(kind):
    read, headers = READERS[kind]
    content = tiny_rows_csv(headers)
    assert len(content) > TWO_MB - 100
    result, peak = peak_bytes(lambda: read(content, "big.csv"))
    assert isinstance(result, TableFileError), f"not refused: {type(result).__name__}"
    assert "超过 5,000 行" in str(result) and "没有导入任何内容" in str(result)
    assert peak < PEAK_BOUND, f"peak {peak / 1024 / 1024:.0f} MB"


@pytest.mark.parametrize("as_xlsx", [False, True])
def test_row_limit_counts_data_rows_not_blank_ones(settings, as_xlsx):
    settings.IMPORT_MAX_ROWS = 3
    blank = dict.fromkeys(roster_row(1), "")
    three = [roster_row(1), blank, roster_row(2), blank, blank, roster_row(3), blank]

    def content(rows):
        if not as_xlsx:
            return roster_csv(rows)
        buffer = io.BytesIO()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([v or None for v in row.values()])
        for number in range(len(rows) + 2, 3000):  # formatted but empty rows far down the sheet
            sheet.cell(row=number, column=3).number_format = "@"
        workbook.save(buffer)
        return buffer.getvalue()

    name = "r.xlsx" if as_xlsx else "r.csv"
    rows, errors = read_roster(content(three), name)
    assert errors == [] and [r.name for r in rows] == ["职工1", "职工2", "职工3"]
    with pytest.raises(TableFileError, match="超过 3 行"):
        read_roster(content([*three, roster_row(4)]), name)


def test_xlsx_rows_after_a_long_gap_are_still_read_with_their_row_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(roster_row(1)))
    sheet.append(list(roster_row(1).values()))
    sheet.cell(row=4000, column=1, value="职工2")  # an incomplete row far below: must be reported
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows, errors = read_roster(buffer.getvalue(), "r.xlsx")
    assert [r.name for r in rows] == ["职工1"]
    assert {e.row for e in errors} == {4000}


def test_a_file_over_the_limit_is_refused_even_if_later_rows_are_valid(settings):
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(TableFileError, match="超过 10 行"):
        read_roster(roster_csv([roster_row(n) for n in range(1, 12)]), "r.csv")


def test_the_family_register_suggests_splitting_the_file(settings):
    settings.IMPORT_MAX_ROWS = 1
    rows = [dict.fromkeys(importer.HEADERS, "") | {"户编号": f"HS-{n}", "所属镇街": "鼓楼街道"} for n in (1, 2)]
    content = ("\ufeff" + ",".join(importer.HEADERS) + "\n" + "\n".join(",".join(r.values()) for r in rows)).encode()
    with pytest.raises(TableFileError, match="分批导入"):
        importer.read_households(content, "h.csv")


def test_too_many_columns_are_refused():
    content = (",".join([*REQUIRED_HEADERS, *(f"列{n}" for n in range(300))]) + "\n张三\n").encode()
    with pytest.raises(TableFileError, match="列数超过"):
        read_roster(content, "r.csv")


def test_errors_keep_the_first_hundred_by_row_and_count_all():
    errors = RowErrors()
    errors.extend(RowError(row, "姓名", "不能为空") for row in range(500, 1, -1))  # arrive out of order
    errors.append(RowError(3, "证件号码", "不能为空"))
    assert errors.total == 500 and len(errors) == 100 and errors.hidden == 400
    assert [e.row for e in errors][:4] == [2, 3, 3, 4]
    assert [e.column for e in errors][1:3] == ["姓名", "证件号码"]  # within a row, in the order found
    assert max(e.row for e in errors) == 100
    assert RowErrors([]) == [] and not RowErrors([])


def test_reader_reports_every_error_count_but_keeps_a_hundred(settings):
    settings.IMPORT_MAX_ROWS = 1000
    rows, errors = read_roster((",".join(REQUIRED_HEADERS) + "\n" + "a\n" * 1000).encode(), "r.csv")
    assert rows == [] and len(errors) == 100 and errors.total > 1000
    assert errors.hidden == errors.total - 100


# ---- the upload pages ---------------------------------------------------------------------------------


@pytest.fixture
def filed(world, start_declaration):  # noqa: F811
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1), roster_row(2)])


@pytest.fixture
def si_draft(world, policy, approved_declaration):  # noqa: F811
    from subsidies import services

    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    return services.si_application_start(employer=world.employer_a, year=YEAR, user=world.users["employer_a"])


@pytest.fixture
def upload_page(world, client_for, request):
    """(client, url, headers, what-was-there) for one of the three upload pages."""
    kind = request.param
    if kind == "roster":
        declaration = request.getfixturevalue("filed")
        return (client_for(world.users["employer_a"]), reverse("employer-roster-upload", args=[declaration.pk]),
                REQUIRED_HEADERS, lambda: sorted(declaration.roster.values_list("name", flat=True)))
    if kind == "social_insurance":
        application = request.getfixturevalue("si_draft")
        return (client_for(world.users["employer_a"]), reverse("subsidy-si-upload", args=[application.pk]),
                si_upload.REQUIRED_HEADERS, lambda: list(application.si_lines.values_list("pk", flat=True)))
    from households.models import Household

    request.getfixturevalue("families")
    return (client_for(world.users["district"]), reverse("staff-household-import"), importer.HEADERS,
            lambda: sorted(Household.objects.values_list("code", flat=True)))


ALL_PAGES = pytest.mark.parametrize("upload_page", sorted(READERS), indirect=True)


def _post(client, url, content):
    # replace_confirm: the roster page asks to confirm uploading over existing rows (other pages ignore it).
    return client.post(url, {"file": SimpleUploadedFile("big.csv", content, content_type="text/csv"),
                             "replace_confirm": "on"})


@ALL_PAGES
def test_two_megabyte_upload_is_refused_with_a_chinese_message_and_nothing_saved(upload_page):
    client, url, headers, state = upload_page
    before = state()
    response, peak = peak_bytes(lambda: _post(client, url, tiny_rows_csv(headers)))
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "超过 5,000 行" in html and "没有导入任何内容" in html
    assert "<td data-label=\"行号\">第" not in html  # refused before any row was validated
    assert peak < PEAK_BOUND, f"peak {peak / 1024 / 1024:.0f} MB"
    assert state() == before


@ALL_PAGES
def test_page_lists_at_most_a_hundred_errors_and_the_count_of_the_rest(upload_page, settings):
    client, url, headers, state = upload_page
    settings.IMPORT_MAX_ROWS = 1000
    before = state()
    header = ",".join(headers) + "\n"
    response = _post(client, url, (header + "a\n" * 1000).encode())
    html = response.content.decode()
    assert response.status_code in (200, 400) and CHINESE.search(html)
    assert html.count("<tr><td data-label=\"行号\">第") == 100
    total = int(re.search(r"共 (\d+) 处", html).group(1))
    assert total >= 1000
    assert f"还有 {total - 100} 处错误未列出" in html
    assert state() == before


# ---- row width ----------------------------------------------------------------------------------------
# One line of millions of commas, or a sheet with cells far to the right, used to be built whole (by
# pandas, by openpyxl) before anything looked at its width: hundreds of MB for a few MB of file.

WIDE_PEAK_BOUND = 32 * 1024 * 1024


def _valid_csv_line(headers: list[str]) -> str:
    return ",".join(["x"] * len(headers))


@pytest.mark.parametrize("kind", sorted(READERS))
def test_a_csv_line_of_millions_of_commas_is_refused_naming_its_row_in_bounded_memory(kind):
    read, headers = READERS[kind]
    content = (",".join(headers) + "\n" + _valid_csv_line(headers) + "\n" + "," * 3_000_000 + "\n").encode()
    result, peak = peak_bytes(lambda: read(content, "wide.csv"))
    assert isinstance(result, TableFileError), f"not refused: {type(result).__name__}"
    assert "第3行" in str(result) and "列数超过 100 列" in str(result) and "没有导入任何内容" in str(result)
    assert peak < WIDE_PEAK_BOUND, f"peak {peak / 1024 / 1024:.0f} MB"


def test_csv_width_counts_fields_as_the_parser_splits_them():
    from employment.table_import import _csv_first_wide_record

    assert _csv_first_wide_record("a,b\n" + ",".join(["x"] * 100) + "\n") is None
    assert _csv_first_wide_record("a,b\n\n" + ",".join(["x"] * 101) + "\n") == 3
    # Commas inside a quoted field (even over several lines, with escaped quotes) are not delimiters …
    quoted = '"' + "," * 500 + '""' + "\n" + "," * 500 + '"'
    assert _csv_first_wide_record(f"a,b\n{quoted},y\nc,d\n" + "," * 100 + "\n") == 4
    # … but a quote inside an unquoted field is a plain character, as pandas reads it.
    assert _csv_first_wide_record('a,b\nx"' + "," * 200 + "\n") == 2
    assert _csv_first_wide_record("a,b\r" + "," * 100 + "\r") == 2  # old Mac line ends


def test_a_wide_header_is_refused_as_row_one():
    content = (",".join([*REQUIRED_HEADERS, *(f"列{n}" for n in range(300))]) + "\n张三\n").encode()
    with pytest.raises(TableFileError, match="第1行的列数超过 100 列"):
        read_roster(content, "r.csv")


def test_a_quoted_note_full_of_commas_is_still_read():
    row = roster_row(1)
    content = roster_csv([row]).decode("utf-8-sig").rstrip("\n") + "\n"
    header, line = content.splitlines()
    content = (header + ",备注\n" + line + ',"' + "，,".join(["说明"] * 300) + '"\n').encode()
    rows, errors = read_roster(content, "r.csv")
    assert errors == [] and [r.name for r in rows] == ["职工1"]


def _roster_workbook(extra=None) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(roster_row(1)))
    sheet.append(list(roster_row(1).values()))
    sheet.append(list(roster_row(2).values()))
    if extra:
        extra(sheet)
    return workbook


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_row_with_a_cell_in_the_last_column_is_refused_naming_its_row():
    content = _saved(_roster_workbook(lambda sheet: sheet.cell(row=3, column=16384, value="x")))
    with pytest.raises(TableFileError, match="第3行的列数超过 100 列"):
        read_roster(content, "r.xlsx")


def test_xlsx_rows_padded_to_the_last_column_are_refused_in_bounded_memory():
    def wide_rows(sheet):
        for number in range(4, 1500):
            sheet.cell(row=number, column=1, value=f"职工{number}")
            sheet.cell(row=number, column=16000, value="x")

    content = _saved(_roster_workbook(wide_rows))
    result, peak = peak_bytes(lambda: read_roster(content, "r.xlsx"))
    assert isinstance(result, TableFileError) and "第4行的列数超过 100 列" in str(result)
    assert peak < WIDE_PEAK_BOUND, f"peak {peak / 1024 / 1024:.0f} MB"


def _with_sheet_xml(content: bytes, change) -> bytes:
    import zipfile

    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            new.writestr(member, data)
    return target.getvalue()


def test_an_xlsx_row_of_repeated_cells_is_refused_after_a_hundred_of_them():
    # No column is out of range, but the row element holds 90,000 cells (all called A2; under 1 MB, so not a zip bomb).
    content = _with_sheet_xml(_saved(_roster_workbook()),
                              lambda xml: xml.replace('<row r="2"', '<row r="2"><c r="A2"/></row><row r="2"', 1)
                              .replace('<row r="2"><c r="A2"/>', '<row r="2">' + '<c r="A2"/>' * 90_000, 1))
    result, peak = peak_bytes(lambda: read_roster(content, "r.xlsx"))
    assert isinstance(result, TableFileError) and "第2行的列数超过 100 列" in str(result)
    assert peak < WIDE_PEAK_BOUND, f"peak {peak / 1024 / 1024:.0f} MB"


def test_a_declared_huge_dimension_is_ignored_and_the_rows_are_read():
    import time

    content = _with_sheet_xml(_saved(_roster_workbook()),
                              lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml))
    started = time.monotonic()
    rows, errors = read_roster(content, "r.xlsx")
    assert errors == [] and [r.name for r in rows] == ["职工1", "职工2"]
    assert time.monotonic() - started < 5
