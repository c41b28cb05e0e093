"""The population extract (issue 14, item 9): district staff load each town's certified working-age
population for a year; a bad row saves nothing; every employment rate says which base it uses."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard import selectors, services
from dashboard.models import TownPopulation
from dashboard.population import HEADERS
from tests.dashboard.conftest import YEAR

pytestmark = pytest.mark.django_db


def extract_xlsx(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    return buffer.getvalue()


def _upload(client, content: bytes, *, year=YEAR, name="人口库导出.xlsx"):
    return client.post(reverse("dashboard-population"), {
        "year": year, "file": SimpleUploadedFile(name, content)})


def test_district_loads_an_extract_and_the_rate_uses_it(figures, client_for):
    client = client_for(figures.users["district"])
    assert client.get(reverse("dashboard-population")).status_code == 200
    response = _upload(client, extract_xlsx([["鼓楼街道", 40, "2026-01-05导出"], ["330203009", "10", ""]]))
    assert response.status_code == 302
    assert dict(TownPopulation.objects.filter(year=YEAR).values_list("town__name", "working_age_certified")) == {
        "鼓楼街道": 40, "石碶街道": 10}
    page = client.get(reverse("dashboard-population")).content.decode()
    assert "人口库导出.xlsx" in page and "50" in page

    scope = selectors.dashboard_scope(figures.users["district"], year=YEAR, town_id=None)
    table = selectors.dashboard_data(figures.users["district"], scope)["employment"]
    assert table["base"] == "extract"
    assert [(r["town"], r["residents"], r["employed"]) for r in table["rows"]] == [("鼓楼街道", 40, 2), ("石碶街道", 10, 0)]
    html = client.get(f"{reverse('dashboard')}?year={YEAR}&charts=0").content.decode()
    assert "残疾人人口基础数据库" in html and f"人口基础数据库{YEAR}年" in html
    # A new file for the same year replaces the year.
    assert _upload(client, extract_xlsx([["鼓楼街道", 41, ""]])).status_code == 302
    assert list(TownPopulation.objects.filter(year=YEAR).values_list("working_age_certified", flat=True)) == [41]


def test_a_bad_row_saves_nothing_and_names_row_and_column(figures, client_for):
    client = client_for(figures.users["district"])
    _upload(client, extract_xlsx([["鼓楼街道", 40, ""], ["石碶街道", 10, ""]]))
    before = list(TownPopulation.objects.values_list("town_id", "year", "working_age_certified"))
    response = _upload(client, extract_xlsx([["鼓楼街道", 99, ""], ["不存在镇", 5, ""], ["石碶街道", "十二", ""],
                                             ["330203005", 3, ""]]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "第3行" in html and "不存在镇" in html
    assert "第4行" in html and "不是整数" in html
    assert "第5行" in html and "重复" in html  # 鼓楼 again, by its code
    assert "整个文件都不会导入" in html
    assert list(TownPopulation.objects.values_list("town_id", "year", "working_age_certified")) == before


def test_a_file_that_is_not_a_table_is_refused(figures, client_for):
    response = _upload(client_for(figures.users["district"]), b"not a spreadsheet", name="x.xlsx")
    assert response.status_code == 400 and not TownPopulation.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("town_x", 403), ("employer_a", 403), ("seeker_a", 403)])
def test_only_the_district_loads_the_extract(figures, client_for, role, status):
    client = client_for(figures.users[role])
    assert client.get(reverse("dashboard-population")).status_code == status
    assert _upload(client, extract_xlsx([["鼓楼街道", 40, ""]])).status_code == status
    assert client.get(reverse("dashboard-population-template", args=["xlsx"])).status_code == status
    assert not TownPopulation.objects.exists()


def test_templates_download(figures, client_for):
    client = client_for(figures.users["district"])
    xlsx = client.get(reverse("dashboard-population-template", args=["xlsx"]))
    assert xlsx.status_code == 200 and list(pd.read_excel(io.BytesIO(xlsx.content)).columns) == HEADERS
    csv = client.get(reverse("dashboard-population-template", args=["csv"]))
    assert csv.content.decode("utf-8-sig").strip() == ",".join(HEADERS)


def test_without_an_extract_pages_say_they_count_registrants_only(figures, client_for, client):
    html = client_for(figures.users["district"]).get(f"{reverse('dashboard')}?year={YEAR}&charts=0").content.decode()
    assert "这不是全区的残疾人就业率" in html and "平台登记的劳动年龄持证残疾人就业率" in html
    public = client.get(f"{reverse('public-summary')}?year={YEAR}").content.decode()
    assert "这不是全区的残疾人就业率" in public


def test_town_reviewer_sees_its_own_town_over_the_extract(figures, client_for):
    services.population_import(user=figures.users["district"], year=YEAR,
                               content=extract_xlsx([["鼓楼街道", 40, ""]]), filename="a.xlsx")
    scope = selectors.dashboard_scope(figures.users["town_x"], year=YEAR, town_id=None)
    table = selectors.dashboard_data(figures.users["town_x"], scope)["employment"]
    assert table["base"] == "extract" and table["total"]["residents"] == 40
    # The district's view: 石碶 has no figure, so the whole table stays on registrants and says why.
    scope = selectors.dashboard_scope(figures.users["district"], year=YEAR, town_id=None)
    table = selectors.dashboard_data(figures.users["district"], scope)["employment"]
    assert table["base"] == "platform" and "缺少石碶街道" in table["base_note"]
