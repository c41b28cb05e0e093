"""The annual review end to end in Chromium, by keyboard, as a district runs it (issue 15's acceptance
flow): under a year that asks for new people's disability certificates, the employer is told which row
lacks one, uploads a PDF to that roster row and submits; the town reviewer sees the file beside the
row, downloads it and approves with a comment; the district sees that comment and the file, and
approves. The district then makes a 公示 batch of the approved result and publishes it (with its
confirmation step); the public page lists it; the employer registers an objection online; the district
opens it from its work queue and reopens the declaration, which the public page then shows as 更正中;
the employer corrects it and the reviewers approve it again (service calls: those pages were walked
above); the district republishes the entry with a note, which the public page shows.

Every page is axe-clean (WCAG 2.1 A/AA) and every action is taken by keyboard (the file is chosen with
Playwright's file chooser); the upload page, the public page and the objection pages are also checked
at 375 px wide without sideways scrolling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quota.models import EntryStatus, PublicityEntry, PublicityObjection
from tests.browser.keyboard import logout, press
from tests.quota.conftest import YEAR, approve, policy, roster_csv, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits_375(page, check_a11y, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _next_and_confirm(page, check_a11y, name: str, button: str) -> None:
    press(page, page.get_by_role("button", name="下一步：确认"))
    assert page.locator("h1").inner_text().startswith("请确认")
    check_a11y(page, f"{name}-confirm")
    press(page, page.get_by_role("button", name=button))


def test_evidence_review_publish_object_reopen_and_republish(page, live_server, login_page, check_a11y, world,
                                                              policy, start_declaration, settings, tmp_path):  # noqa: F811
    from employment.models import PersonalDataAccess
    from quota import services
    from quota.models import PolicyYear
    from quota.roster_import import read_roster

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    PolicyYear.objects.filter(year=2025).update(evidence_required_for_new_people=True)
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    detail_url = f"{live_server.url}/employer/declarations/{declaration.pk}/"

    # -- employer: told which row lacks its certificate, uploads it to the row, submits ------------
    login_page("employer_a", PASSWORD)
    page.goto(detail_url)
    press(page, page.get_by_role("link", name="检查并提交审核"))
    alert = page.get_by_role("alert").inner_text()
    assert "第1行 职*1" in alert and "残疾证" in alert
    check_a11y(page, "declaration-evidence-submit-refused")
    press(page, page.get_by_role("link", name="返回申报修改"))
    press(page, page.get_by_role("link", name=re.compile(r"上传\s*职工1的\s*材料")))
    check_a11y(page, "declaration-evidence-upload")
    assert page.get_by_label("材料属于").input_value() == str(declaration.roster.get().pk)
    assert page.get_by_label("残疾证", exact=True).is_checked()
    page.get_by_label("选择文件").set_input_files({"name": "职工1残疾证.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF_BYTES})
    press(page, page.get_by_role("button", name="上传", exact=True))
    assert "已上传职工1的“职工1残疾证.pdf”" in page.get_by_role("status").inner_text()
    assert "#" not in page.url and page.evaluate("document.activeElement.closest('.messages') !== null")
    assert page.get_by_role("status").get_by_role("link", name="查看已上传的材料").is_visible()
    assert "职工1残疾证.pdf" in page.get_by_role("table").inner_text()
    check_a11y(page, "declaration-evidence-uploaded")
    page.set_viewport_size({"width": 375, "height": 800})
    check_a11y(page, "declaration-evidence-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(detail_url)
    assert "职工1残疾证.pdf" in page.get_by_role("table", name="名册：证件号码已脱敏显示").inner_text()
    press(page, page.get_by_role("link", name="检查并提交审核"))
    press(page, page.get_by_role("button", name="确认提交审核"))
    assert "镇街初审中" in page.locator(".status").first.inner_text()
    logout(page)

    # -- town reviewer: the file beside the row, downloaded; approves with a comment ---------------
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/")
    press(page, page.get_by_role("link", name="甲公司"))
    check_a11y(page, "declaration-evidence-review-town")
    row = page.get_by_role("row").filter(has_text="职工1").filter(has=page.get_by_role("link"))
    link = row.get_by_role("link", name=re.compile(r"残疾证：职工1残疾证\.pdf"))
    with page.expect_download() as download:
        link.focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "职工1残疾证.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    assert PersonalDataAccess.objects.filter(user=world.users["town_x"], field="申报证明材料").count() == 1
    page.get_by_label("审核意见").fill("残疾证已核对，同意")
    press(page, page.get_by_role("button", name="审核通过"))
    # The town's approval is confirmed first: it cannot take it back.
    assert "确认初审通过" in page.locator("h1").inner_text()
    assert "通过后将报区残联终审" in page.locator("main").inner_text()
    check_a11y(page, "review-town-approve-confirm")
    press(page, page.get_by_role("button", name="确认初审通过"))
    assert "初审已通过，已报区残联终审。" in page.get_by_role("status").first.inner_text()
    assert "区残联终审中" in page.locator(".status").first.inner_text()
    logout(page)

    # -- district: sees the town's comment and the file, approves ----------------------------------
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/")
    press(page, page.get_by_role("link", name="甲公司"))
    check_a11y(page, "declaration-evidence-review-district")
    assert "残疾证已核对，同意" in page.locator("main").inner_text()
    row = page.get_by_role("row").filter(has_text="职工1").filter(has=page.get_by_role("link"))
    assert row.get_by_role("link", name=re.compile(r"残疾证：职工1残疾证\.pdf")).count() == 1
    press(page, page.get_by_role("button", name="审核通过"))
    assert "确认审核通过" in page.locator("h1").inner_text()
    press(page, page.get_by_role("button", name="确认审核通过"))
    assert "审核通过" in page.locator(".status").first.inner_text()
    logout(page)
    public = f"{live_server.url}/publicity/{YEAR}/"

    # -- the district makes a batch and publishes it -------------------------------------------------
    login_page("district", PASSWORD)
    press(page, page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="年审结果公示"))
    assert page.locator("h1").inner_text() == "年审结果公示"
    check_a11y(page, "publicity-batches-empty")
    press(page, page.get_by_role("link", name="编制公示批次"))
    assert page.locator("h1").inner_text() == f"编制{YEAR}年度公示批次"
    assert page.get_by_label("甲公司").is_checked()
    page.get_by_label("异议受理联系人").fill("王老师")
    page.get_by_label("异议受理电话").fill("0574-87000000")
    page.get_by_label("异议受理地址").fill("海曙区残联就业服务科")
    check_a11y(page, "publicity-batch-form")
    press(page, page.get_by_role("button", name="保存为草稿"))
    assert "公示批次 海残联公示〔2025〕1号" in page.locator("h1").inner_text()
    check_a11y(page, "publicity-batch-draft")
    press(page, page.get_by_role("link", name="发布公示"))
    assert page.locator("h1").inner_text() == "请确认：发布公示批次"
    check_a11y(page, "publicity-batch-publish-confirm")
    press(page, page.get_by_role("button", name="确认发布"))
    assert "已发布" in page.locator("main").inner_text()
    check_a11y(page, "publicity-batch-published")
    logout(page)

    page.goto(public)
    table = page.get_by_role("table")
    assert "甲公司" in table.inner_text() and "公示中" in table.inner_text() and "职工1" not in page.content()
    assert "王老师" in page.locator("main").inner_text()
    check_a11y(page, "publicity-public")
    _fits_375(page, check_a11y, "publicity-public")

    # -- the employer objects online --------------------------------------------------------------------
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/declarations/{declaration.pk}/")
    press(page, page.get_by_role("link", name="查看公示或对公示结果提出异议"))
    check_a11y(page, "publicity-objection-employer")
    _fits_375(page, check_a11y, "publicity-objection-employer")
    page.get_by_label("异议内容").fill("本单位还有一名残疾职工没有计入，安排人数少算了一人。")
    _next_and_confirm(page, check_a11y, "publicity-objection-employer", "确认提出异议")
    assert "已提出异议" in page.locator("main").inner_text()
    assert "待处理" in page.locator("main").inner_text()
    logout(page)

    # -- the district reopens the declaration from its work queue ---------------------------------------
    login_page("district", PASSWORD)
    press(page, page.get_by_role("link", name="待处理的公示异议"))
    check_a11y(page, "publicity-objections")
    _fits_375(page, check_a11y, "publicity-objections")
    press(page, page.get_by_role("table").get_by_role("link").first)
    assert "少算了一人" in page.locator("main").inner_text()
    check_a11y(page, "publicity-objection-detail")
    press(page, page.get_by_role("link", name="重新打开申报并退回单位"))
    page.get_by_label("退回意见").fill("请把漏报的残疾职工补入名册后重新提交。")
    _next_and_confirm(page, check_a11y, "publicity-reopen", "确认重新打开并退回单位")
    assert "已重新打开申报" in page.locator("main").inner_text()
    entry = PublicityEntry.objects.get()
    assert entry.status == EntryStatus.CORRECTING
    page.goto(public)
    assert "更正中" in page.get_by_role("table").inner_text()

    # -- corrected and approved again (the declaration's own pages are tested elsewhere) -----------------
    rows, errors = read_roster(roster_csv([roster_row(2)]), "r.csv")
    assert not errors
    services.roster_entry_save(declaration=declaration, row=rows[0], user=world.users["employer_a"])
    # The year asks for a new person's 残疾证 (set above): the added row gets its file before submitting.
    from quota import evidence
    evidence.evidence_add(declaration=declaration, entry=declaration.roster.get(name="职工2"), kind="disability_cert",
                          filename="职工2残疾证.pdf", content=PDF_BYTES, user=world.users["employer_a"])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    approve(world, declaration)

    # -- the district republishes the entry with a note ----------------------------------------------------
    page.goto(f"{live_server.url}/review/publicity/{entry.batch_id}/")
    press(page, page.get_by_role("table").get_by_role("link", name="重新公示"))
    check_a11y(page, "publicity-republish")
    page.get_by_label("更正说明").fill("经核实，补计残疾职工一名，安排人数更正为2人。")
    _next_and_confirm(page, check_a11y, "publicity-republish", "确认重新公示")
    assert "已重新公示" in page.locator("main").inner_text()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CORRECTED and entry.figures["counted"] == "2"
    assert PublicityObjection.objects.get().status == "handling"
    logout(page)
    page.goto(public)
    table = page.get_by_role("table").inner_text()
    assert "已更正" in table and "安排人数更正为2人" in table
    check_a11y(page, "publicity-public-corrected")
