"""Dashboard pages over the database: exact figures from the selectors, town reviewers kept to their
own town (also by URL parameter and in exports and reports), xlsx exports, the report job, and the
public page's small-cell suppression."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404

from dashboard import selectors
from dashboard.models import ReportJob, ReportStatus
from dashboard.tasks import report_build
from employment.table_export import HEADER_ROW
from tests.dashboard.conftest import YEAR


def _cells(response):
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for ws in wb.worksheets for row in ws.iter_rows(min_row=HEADER_ROW, values_only=True)]


def test_district_figures_are_exact(figures):
    user = figures.users["district"]
    scope = selectors.dashboard_scope(user, year=YEAR, town_id=None)
    tables = selectors.dashboard_data(user, scope)
    emp = {r["town"]: (r["residents"], r["employed"]) for r in tables["employment"]["rows"]}
    assert emp["鼓楼街道"] == (3, 2) and emp["石碶街道"] == (1, 0)
    assert tables["employment"]["total"]["rate"] == Decimal("0.5000")
    assert tables["placements_month"]["rows"][0]["placements"] == 2
    assert tables["graduates"]["total"] == {"town": "合计", "seeking": 1, "employed": 1, "rate": Decimal("1.0000")}
    quota = tables["quota"]["total"]
    assert (quota["filed"], quota["approved"], quota["met"]) == (2, 2, 1)
    assert quota["levy_payable"] == Decimal("12345.67") and quota["reward_amount"] == Decimal("800.00")
    assert [r["count"] for r in tables["funnel"]["rows"]] == [2, 2, 1, 1]
    subsidies = {r["programme"]: (r["filed"], r["approved"], r["amount"]) for r in tables["subsidies"]["rows"]}
    assert subsidies["残疾人就业岗位社保补贴"] == (2, 2, Decimal("6150.50"))
    assert subsidies["一次性创业补贴"] == (1, 0, Decimal("0.00"))
    assert tables["training"]["total"] == {"town": "合计", "enrolled": 2, "completed": 1, "employed": 1,
                                           "rate": Decimal("1.0000")}
    assert tables["families"]["total"] == {"town": "合计", "families": 3, "employed": 1, "without": 2,
                                           "rate": Decimal("0.3333")}


def test_town_reviewer_sees_only_its_town(figures, client_for):
    client = client_for(figures.users["town_x"])
    page = client.get(f"/dashboard/?year={YEAR}").content.decode()
    assert "鼓楼街道" in page and "石碶街道" not in page
    assert "12345.67" in page and "800.00" not in page  # the other town's reward
    scope = selectors.dashboard_scope(figures.users["town_x"], year=YEAR, town_id=None)
    tables = selectors.dashboard_data(figures.users["town_x"], scope)
    assert tables["employment"]["total"]["residents"] == 3
    assert [r["count"] for r in tables["funnel"]["rows"]] == [1, 1, 1, 1]
    assert tables["subsidies"]["total"]["amount"] == Decimal("4100.00")
    # training figures of the town's own residents (individual enrolments stay the district's)
    assert tables["training"]["total"] == {"town": "合计", "enrolled": 1, "completed": 1, "employed": 1,
                                           "rate": Decimal("1.0000")}
    assert tables["families"]["total"] == {"town": "合计", "families": 2, "employed": 1, "without": 1,
                                           "rate": Decimal("0.5000")}


@pytest.mark.parametrize("url", ["/dashboard/?year={year}&town={y}", "/dashboard/export/quota.xlsx?town={y}",
                                 "/dashboard/?town=abc"])
def test_town_reviewer_cannot_ask_for_another_town(figures, client_for, url):
    client = client_for(figures.users["town_x"])
    assert client.get(url.format(y=figures.town_y.pk, year=YEAR)).status_code == 404
    assert client.post("/dashboard/reports/", {"year": YEAR, "town": figures.town_y.pk}).status_code == 404


def test_district_can_filter_by_town(figures, client_for):
    page = client_for(figures.users["district"]).get(f"/dashboard/?year={YEAR}&town={figures.town_y.pk}").content.decode()
    assert "800.00" in page and "12345.67" not in page


@pytest.mark.parametrize("user, status", [("employer_a", 403), ("seeker_a", 403), ("provider_a", 403)])
def test_other_roles_are_refused(figures, client_for, user, status):
    assert client_for(figures.users[user]).get("/dashboard/").status_code == status


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/dashboard/").status_code == 302


def test_page_is_readable_with_charts_hidden(figures, client_for):
    client = client_for(figures.users["district"])
    with_charts = client.get(f"/dashboard/?year={YEAR}").content.decode()
    without = client.get(f"/dashboard/?year={YEAR}&charts=0").content.decode()
    assert with_charts.count("<svg") == 9 and "<svg" not in without
    for text in ("就业率50.0%", "<caption>", "尚有2户无人就业"):
        assert text in without
    assert 'style="' not in with_charts


def test_table_export_is_xlsx_with_the_page_figures(figures, client_for):
    response = client_for(figures.users["district"]).get(f"/dashboard/export/quota.xlsx?year={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _cells(response)
    assert rows[0][0] == "镇街" and rows[-1][0] == "合计"
    assert rows[-1][5] == pytest.approx(12345.67) and rows[-1][7] == pytest.approx(800.0)
    assert client_for(figures.users["district"]).get("/dashboard/export/nope.xlsx").status_code == 404


def test_table_export_names_the_year_once(figures, client_for):
    """Walk A, item 12: 数据看板-2025年度按比例就业年审-2025年度-全区.xlsx named the year twice."""
    from urllib.parse import unquote

    response = client_for(figures.users["district"]).get(f"/dashboard/export/quota.xlsx?year={YEAR}")
    name = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert name == f"数据看板-{YEAR}年度按比例就业年审-全区.xlsx"


def test_export_neutralises_formula_like_names(figures, client_for):
    figures.town_x.name = "=HYPERLINK(\"x\")"
    figures.town_x.save()
    rows = _cells(client_for(figures.users["district"]).get(f"/dashboard/export/employment.xlsx?year={YEAR}"))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"


def test_report_job_runs_on_commit_and_twice_is_harmless(figures, client_for, django_capture_on_commit_callbacks):
    client = client_for(figures.users["town_x"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/reports/", {"year": YEAR})
    job = ReportJob.objects.get()
    assert response.url == f"/dashboard/reports/{job.pk}/"
    assert (job.status, job.progress, job.town_id) == (ReportStatus.DONE, 100, figures.town_x.pk)
    name = job.file.name
    report_build(job.pk)  # again: nothing changes
    job.refresh_from_db()
    assert job.file.name == name
    page = client.get(f"/dashboard/reports/{job.pk}/").content.decode()
    assert "下载报表" in page
    download = client.get(f"/dashboard/reports/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert len(wb.worksheets) == 9  # every dashboard table, one sheet each
    flat = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "鼓楼街道" in flat and "石碶街道" not in flat
    # the other town's reviewer does not find it; the district does (its scope covers every town)
    assert client_for(figures.users["town_y"]).get(f"/dashboard/reports/{job.pk}/").status_code == 404
    assert client_for(figures.users["district"]).get(f"/dashboard/reports/{job.pk}/").status_code == 200


def test_report_job_queued_but_not_run_shows_progress(figures, client_for):
    client = client_for(figures.users["district"])
    response = client.post("/dashboard/reports/", {"year": YEAR})  # on_commit never fires in a test transaction
    job = ReportJob.objects.get()
    assert job.status == ReportStatus.QUEUED
    page = client.get(response.url).content.decode()
    assert "排队中" in page and "<progress" in page and "下载报表" not in page
    assert client.get(f"/dashboard/reports/{job.pk}/download/").status_code == 404


def test_public_summary_suppresses_small_cells(figures, client):
    page = client.get(f"/data/?year={YEAR}").content.decode()
    # 鼓楼 3 residents, 石碶 1: no town is listed, and the district (4) is small too
    assert "登记的劳动年龄持证残疾人少于5人" in page and "各镇街的数字较小，不单独列出" in page
    assert "零就业残疾人家庭" in page and "在册零就业残疾人家庭少于5户" in page  # 3 families
    assert "<table" not in page
    for name in ("张甲", "李乙", "王丙"):
        assert name not in page


def test_report_job_for_a_town_its_owner_may_not_see_fails_without_a_file(figures):
    # e.g. the reviewer moved to another town between asking and the worker picking the job up
    job = ReportJob.objects.create(user=figures.users["town_x"], year=YEAR, town=figures.town_y)
    with pytest.raises(Http404):
        report_build(job.pk)
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED and not job.file and job.error


def test_every_data_table_scrolls_inside_its_own_region(figures, client_for, client):
    """The tables are wider than a 375 px phone (the quota table has seven columns): each sits in a
    keyboard-focusable scrolling region, so the page itself never scrolls sideways."""
    import re

    pages = [client_for(figures.users["district"]).get(f"/dashboard/?year={YEAR}").content.decode(),
             client.get("/data/").content.decode()]  # small figures: /data/ may list no table
    for html in pages:
        tables = html.count('<table class="data-table">')
        wrapped = len(re.findall(r'<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*'
                                 r'<table class="data-table">', html))
        assert wrapped == tables
    assert pages[0].count('<table class="data-table">') >= 5


def _toc_and_ids(html: str) -> tuple[list[str], set[str], str]:
    import re

    nav = re.search(r'<nav aria-label="目录" id="toc"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no table of contents"
    targets = re.findall(r'<a href="#([^"]+)">', nav.group(1))
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return targets, ids, nav.group(1)


def test_dashboard_has_a_table_of_contents_whose_links_resolve(figures, client_for):
    """Issue 18: the long page opens with 目录 — one jump link per indicator section, each to the id
    of that section's heading — and every section ends with 「返回目录」."""
    import re

    response = client_for(figures.users["district"]).get(f"/dashboard/?year={YEAR}")
    html = response.content.decode()
    targets, ids, nav = _toc_and_ids(html)
    sections = response.context["sections"]
    assert targets == [f"h-{s['table']['key']}" for s in sections] and len(targets) >= 5
    assert set(targets) <= ids
    for s in sections:  # the link text is the heading it jumps to
        key, title = s["table"]["key"], s["table"]["title"]
        assert f'<h2 id="h-{key}">{title}</h2>' in html and f'<a href="#h-{key}">{title}</a>' in nav
    assert html.count('<a href="#toc">返回目录</a>') == len(sections) and "toc" in ids
    # Each 返回目录 sits in its own section.
    assert all('<a href="#toc">返回目录</a>' in part for part in re.split(r'<section class="dashboard-section"', html)[1:])


def test_public_summary_has_a_table_of_contents_whose_links_resolve(figures, client):
    html = client.get(f"/data/?year={YEAR}").content.decode()
    targets, ids, _ = _toc_and_ids(html)
    assert targets and set(targets) <= ids and html.count('<a href="#toc">返回目录</a>') == len(targets)


def test_dashboard_summaries_write_dates_like_every_page(figures, client_for):
    """Issue 18: one date format — the summaries' reference date reads like 数据截至 (2026年3月5日)."""
    from employment.formats import cn_date

    response = client_for(figures.users["district"]).get(f"/dashboard/?year={YEAR}")
    html = response.content.decode()
    day = cn_date(response.context["scope"].on)
    assert f"数据截至 {day}" in html and f"{day}，在册零就业残疾人家庭" in html
    assert f"{day}，在本平台登记的劳动年龄持证残疾人" in html
