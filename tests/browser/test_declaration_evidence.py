"""Declaration evidence (申报证明材料) end to end in Chromium: under a year that asks for new people's
disability certificates, the employer is told which row lacks one, uploads a PDF to that roster row
and submits; the town reviewer sees the file beside the row, downloads it and approves with a
comment; the district sees that comment and the file, and approves. Every page is axe-clean (WCAG
2.1 A/AA) and every action is taken by keyboard (the file is chosen with Playwright's file chooser);
the upload page is also checked at 375 px wide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.keyboard import logout, press
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_employer_attaches_evidence_town_and_district_see_it(page, live_server, login_page, check_a11y, world,
                                                             policy, start_declaration, settings, tmp_path):  # noqa: F811
    from employment.models import PersonalDataAccess
    from quota.models import PolicyYear

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
    assert "审核通过" in page.locator(".status").first.inner_text()
