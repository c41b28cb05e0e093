"""The family register in Chromium: a town reviewer goes from the list to a family, adds a member by
残疾人证号 and is asked before taking one out; the list, family, form (with errors) and import (with
errors) pages are axe-clean (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re

import pytest

from employment.models import JobSeeker
from tests.households.conftest import families, register_csv, register_row  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def test_town_reviewer_adds_a_member_from_the_list(page, live_server, login_page, check_a11y, world, families):  # noqa: F811
    login_page("town_x", PASSWORD)
    page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="家庭台账").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "零就业残疾人家庭台账"
    table = page.get_by_role("table", name="共 1 户")
    assert "HS-GL-0001" in table.inner_text() and "HS-SQ-0001" not in page.locator("main").inner_text()
    assert "无人就业" in table.inner_text()
    check_a11y(page, "households-list")

    page.get_by_role("link", name="HS-GL-0001").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "家庭 HS-GL-0001"
    check_a11y(page, "households-detail")

    # A wrong number first: the error is announced, linked to the field and the page stays axe-clean.
    page.get_by_label("残疾人证号").fill("3302031990")
    page.get_by_role("button", name="添加成员").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").count() == 1
    assert page.get_by_label("残疾人证号").get_attribute("aria-invalid") == "true"
    check_a11y(page, "households-detail-member-error")

    page.get_by_label("残疾人证号").fill(families.spare_x.cert_no)
    page.get_by_role("button", name="添加成员").click()
    page.wait_for_load_state()
    members = page.get_by_role("table", name="共 2 人").inner_text()
    assert "王丙" in members and families.spare_x.cert_no_masked in members
    assert families.spare_x.cert_no not in page.content()
    assert JobSeeker.objects.get(pk=families.spare_x.pk).household_id == families.x.pk

    page.get_by_role("link", name=re.compile(r"移出家庭\s*：王丙")).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="确定移出").count() == 1
    check_a11y(page, "households-member-remove")
    page.get_by_role("link", name="取消，返回家庭 HS-GL-0001").click()
    page.wait_for_load_state()
    assert JobSeeker.objects.get(pk=families.spare_x.pk).household_id == families.x.pk

    page.get_by_role("link", name="修改家庭信息").click()
    page.wait_for_load_state()
    page.get_by_label("其他家庭成员就业结束日期").fill("2025-05-01")
    page.get_by_role("button", name="保存修改").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").count() == 1
    check_a11y(page, "households-form-error")


def test_create_and_import_pages_are_accessible(page, live_server, login_page, check_a11y, world, families, tmp_path):  # noqa: F811
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/staff/households/new/")
    check_a11y(page, "households-create")

    page.goto(f"{live_server.url}/staff/households/import/")
    check_a11y(page, "households-import")
    upload = tmp_path / "台账.csv"
    upload.write_bytes(register_csv([register_row("HS-GL-0002", "石碶街道")]))
    page.get_by_label("家庭台账文件（.xlsx 或 .csv）").set_input_files(str(upload))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state()
    errors = page.get_by_role("table", name="文件中的错误（共 1 处；表头为第1行）").inner_text()
    assert "第2行" in errors and "所属镇街" in errors
    check_a11y(page, "households-import-errors")
