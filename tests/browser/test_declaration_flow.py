"""The annual declaration end to end in Chromium: an employer uploads a roster with a bad row, sees
the row error, fixes it and submits; the town reviewer and then the district reviewer approve; the
公示 page lists the employer once the district has published it in a batch. Every page is axe-clean (WCAG 2.1 A/AA) and driven by keyboard where
a user acts."""

from __future__ import annotations

import pytest

from quota.models import Declaration
from tests.browser.keyboard import logout, press
from tests.quota.conftest import policy, roster_csv, roster_row  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"






def test_declaration_upload_submit_review_and_publicity(page, live_server, login_page, check_a11y, world, policy, tmp_path):  # noqa: F811
    # -- employer: start the 2025 declaration -------------------------------------------------
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/declarations/")
    check_a11y(page, "declaration-list")
    page.get_by_label("就业年度").select_option("2025")
    press(page, page.get_by_role("button", name="开始申报"))
    assert "2025年度按比例就业申报" in page.locator("h1").inner_text()
    check_a11y(page, "declaration-detail-empty")

    for month in range(1, 13):
        page.get_by_label(f"{month}月在职职工人数", exact=True).fill("100")
    page.get_by_label("在职职工工资总额（元）").fill("10000000")
    press(page, page.get_by_role("button", name="预览计算结果"))
    assert "计算结果预览" in page.content()
    check_a11y(page, "declaration-preview")
    press(page, page.get_by_role("button", name="保存", exact=True))
    assert "已保存" in page.get_by_role("status").inner_text()

    # -- upload with one bad row: the error names row and column, nothing is imported ----------
    press(page, page.get_by_role("link", name="上传名册文件（Excel 或 CSV）"))
    check_a11y(page, "roster-upload")
    bad = tmp_path / "名册.csv"
    bad.write_bytes(roster_csv([roster_row(1), roster_row(2, **{"在岗月份": "13"})]))
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(bad))
    press(page, page.get_by_role("button", name="上传并检查"))
    alert = page.get_by_role("alert")
    assert "1 处错误" in alert.inner_text()
    # The alert is one sentence and a link; the rows are listed below the upload form.
    rows = page.get_by_role("region", name="逐行错误")
    assert "第3行" in rows.inner_text() and "在岗月份" in rows.inner_text()
    check_a11y(page, "roster-upload-error")
    good = tmp_path / "名册-改正.csv"
    good.write_bytes(roster_csv([roster_row(1), roster_row(2, **{"在岗月份": "1-12"})], "gbk"))
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(good))
    press(page, page.get_by_role("button", name="上传并检查"))
    assert "名册已导入，共 2 人" in page.get_by_role("status").inner_text()
    check_a11y(page, "declaration-detail-roster")

    # -- submit ---------------------------------------------------------------------------------
    press(page, page.get_by_role("link", name="检查并提交审核"))
    check_a11y(page, "declaration-submit")
    press(page, page.get_by_role("button", name="确认提交审核"))
    assert "镇街初审中" in page.content()
    declaration_url = page.url
    logout(page)

    # -- town reviewer (the employer's own town) -------------------------------------------------
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/")
    check_a11y(page, "review-list-town")
    press(page, page.get_by_role("link", name="甲公司"))
    check_a11y(page, "review-detail-town")
    press(page, page.get_by_role("button", name="审核通过"))
    press(page, page.get_by_role("button", name="确认初审通过"))
    assert "区残联终审中" in page.content()
    logout(page)

    # -- district reviewer ------------------------------------------------------------------------
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/")
    press(page, page.get_by_role("link", name="甲公司"))
    check_a11y(page, "review-detail-district")
    press(page, page.get_by_role("button", name="审核通过"))
    # The final approval is confirmed first: it says the result and that a letter number is issued.
    assert "确认审核通过" in page.locator("h1").inner_text()
    assert "编发审核认定书编号" in page.locator("main").inner_text()
    check_a11y(page, "review-approve-confirm")
    # Going back keeps the comment as typed (and decides nothing); approving again asks again.
    page.get_by_label("审核意见").focus()
    page.keyboard.type("材料齐全。")
    press(page, page.get_by_role("button", name="返回，不审核通过"))
    assert page.get_by_label("审核意见").input_value() == "材料齐全。"
    assert "区残联终审中" in page.content()
    press(page, page.get_by_role("button", name="审核通过"))
    assert "确认审核通过" in page.locator("h1").inner_text()
    press(page, page.get_by_role("button", name="确认审核通过"))
    assert "审核通过" in page.locator(".status").first.inner_text()
    assert Declaration.objects.get(employer=world.employer_a).reviewer_comment == "材料齐全。"
    press(page, page.get_by_role("link", name="查看审核认定书"))
    assert "审核认定书" in page.locator("h1").inner_text()
    check_a11y(page, "result-letter")
    logout(page)

    # -- the employer sees the result; the public sees the 公示 list --------------------------------
    login_page("employer_a", PASSWORD)
    page.goto(declaration_url)
    assert "审核通过" in page.content()
    check_a11y(page, "declaration-detail-approved")
    logout(page)
    page.goto(f"{live_server.url}/publicity/2025/")
    assert "本年度尚未发布公示" in page.locator("main").inner_text()  # approval alone publishes nothing
    from tests.quota.conftest import make_batch

    make_batch(world, list(Declaration.objects.filter(employer=world.employer_a)))  # its pages: test_annual_review_flow
    page.reload()
    table = page.get_by_role("table")
    assert "甲公司" in table.inner_text() and "职工1" not in page.content()
    check_a11y(page, "publicity")


def test_other_employer_cannot_open_the_declaration_in_the_browser(page, live_server, login_page, world, policy):  # noqa: F811
    from quota import services

    declaration = services.declaration_start(employer=world.employer_a, year=2025, user=world.users["employer_a"])
    login_page("employer_b", PASSWORD)
    response = page.goto(f"{live_server.url}/employer/declarations/{declaration.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/employer/declarations/")
    assert "甲公司" not in page.content() and "2025年度" not in page.locator("table").all_inner_texts().__str__()
