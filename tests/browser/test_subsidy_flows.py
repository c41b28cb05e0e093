"""Rewards and subsidies end to end in Chromium, one test per programme: the applicant applies, the
town reviewer and then the district reviewer approve, and the district puts the application on a
payment list, approves the list and records it paid (date and voucher number). Every page is axe-clean (WCAG 2.1 A/AA) and every action is taken by keyboard (files
are chosen with Playwright's file chooser). The start-up applicant uploads supporting documents —
a disguised program is refused, one file is deleted after confirmation — and the town reviewer
downloads one; the employer claiming the social-insurance subsidy uploads its 社保缴费证明."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from employment.formats import cn_money
from tests.browser.keyboard import logout, press
from tests.quota.conftest import cert, policy, roster_row, start_declaration  # noqa: F401
from tests.subsidies.conftest import PDF_BYTES, PNG_BYTES, approved_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"






def _fill_bank(page, account_name: str) -> None:
    page.get_by_label("开户名称").fill(account_name)
    page.get_by_label("开户银行").fill("中国工商银行宁波海曙支行")
    page.get_by_label("银行账号").fill("6222020000000001")


def _review_and_pay(page, live_server, login_page, check_a11y, *, town: str, link: str, programme: str, name: str):
    """Town approves, district approves, district makes the payment list; returns its page text."""
    applicant, programme_label = link.split("的", 1)
    link = re.compile(rf"{applicant}\s*的{programme_label}")  # the visually hidden part may add a space
    login_page(town, PASSWORD)
    page.goto(f"{live_server.url}/review/subsidies/")
    check_a11y(page, f"subsidy-review-list-{name}")
    press(page, page.get_by_role("link", name=link))
    check_a11y(page, f"subsidy-review-town-{name}")
    press(page, page.get_by_role("button", name="审核通过"))
    press(page, page.get_by_role("button", name="确认初审通过"))
    assert "区残联终审中" in page.locator(".status").first.inner_text()
    logout(page)

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/subsidies/")
    press(page, page.get_by_role("link", name=link))
    check_a11y(page, f"subsidy-review-district-{name}")
    press(page, page.get_by_role("button", name="审核通过"))
    assert "确认审核通过" in page.locator("h1").inner_text()  # the final approval is confirmed first
    check_a11y(page, f"subsidy-approve-confirm-{name}")
    press(page, page.get_by_role("button", name="确认审核通过"))
    assert "审核通过" in page.locator(".status").first.inner_text()

    page.goto(f"{live_server.url}/review/payment-lists/")
    check_a11y(page, f"payment-lists-{name}")
    page.get_by_label("项目").select_option(programme)
    page.get_by_label("年度").fill("2025")
    press(page, page.get_by_role("button", name="下一步：核对名单"))
    check_a11y(page, f"payment-list-confirm-{name}")
    assert "生成后不能撤销" in page.content()
    press(page, page.get_by_role("button", name="确认生成拨付名单"))
    assert "已生成" in page.get_by_role("status").inner_text()
    press(page, page.get_by_role("link", name="2025年度", exact=False).first)
    check_a11y(page, f"payment-list-detail-{name}")
    text = page.get_by_role("table").inner_text()
    # The list to paid: approve on its confirmation page, then the paid date and voucher number.
    press(page, page.get_by_role("link", name="审核名单"))
    check_a11y(page, f"payment-list-approve-{name}")
    press(page, page.get_by_role("button", name="确认审核"))
    assert "已审核" in page.get_by_role("status").inner_text()
    press(page, page.get_by_role("link", name="登记拨付"))
    check_a11y(page, f"payment-list-paid-{name}")
    page.get_by_label("拨付日期").fill(timezone.localdate().isoformat())
    page.get_by_label("凭证号").fill("记-2026-0042")
    press(page, page.get_by_role("button", name="确认登记拨付"))
    assert "已登记拨付" in page.get_by_role("status").inner_text()
    assert "记-2026-0042" in page.content() and "已拨付" in page.content()
    check_a11y(page, f"payment-list-paid-detail-{name}")
    # A second list for the same programme and year has nothing left to take.
    page.goto(f"{live_server.url}/review/payment-lists/")
    page.get_by_label("项目").select_option(programme)
    page.get_by_label("年度").fill("2025")
    press(page, page.get_by_role("button", name="下一步：核对名单"))
    assert "没有尚未列入拨付名单" in page.get_by_role("alert").inner_text()
    check_a11y(page, f"payment-lists-none-left-{name}")
    return text


def test_over_quota_reward_flow(page, live_server, login_page, check_a11y, world, policy, approved_declaration):  # noqa: F811
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(n) for n in range(1, 5)])
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/")
    check_a11y(page, "subsidy-home-employer")
    press(page, page.get_by_role("link", name="申请2025年度超比例奖励"))
    check_a11y(page, "reward-apply")
    assert "2 人" in page.locator(".facts").inner_text()
    _fill_bank(page, "甲公司")
    press(page, page.get_by_role("button", name="确认银行账户并提交申请"))
    assert "镇街初审中" in page.locator(".status").first.inner_text()
    check_a11y(page, "reward-detail-submitted")
    logout(page)

    text = _review_and_pay(page, live_server, login_page, check_a11y, town="town_x", link="甲公司的超比例奖励申请",
                           programme="reward", name="reward")
    assert "甲公司" in text and cn_money(2 * policy.reward_per_person) in text


def test_reward_form_prefilled_from_last_years_approved_reward(page, live_server, login_page, check_a11y, world,
                                                                policy, approved_declaration):  # noqa: F811
    """The second year: the form comes with last year's payee name and bank, the saved account shown
    only masked; left empty, the saved account is the one paid."""
    from subsidies import services
    from subsidies.models import Programme, SubsidyApplication, SubsidyStatus

    user = world.users["employer_a"]
    rows = [roster_row(n) for n in range(1, 5)]
    earlier = services.reward_application_create(
        declaration=approved_declaration(world.employer_a, user, rows, year=2024),
        bank={"bank_account_name": "甲公司", "bank_name": "宁波银行海曙支行", "bank_account": "6222020000000042"},
        user=user)
    for reviewer in ("town_x", "district"):
        services.subsidy_review(application=earlier, user=world.users[reviewer], action="approve")
    assert SubsidyApplication.objects.get(pk=earlier.pk).status == SubsidyStatus.APPROVED
    approved_declaration(world.employer_a, user, rows)

    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/")
    press(page, page.get_by_role("link", name="申请2025年度超比例奖励"))
    assert "收款信息已按本单位2024年度审核通过的超比例奖励申请填好" in page.locator("main").inner_text()
    assert page.get_by_label("开户银行").input_value() == "宁波银行海曙支行"
    assert page.get_by_label("银行账号").input_value() == "" and "6222020000000042" not in page.content()
    check_a11y(page, "reward-apply-prefilled")
    press(page, page.get_by_role("button", name="确认银行账户并提交申请"))
    assert "镇街初审中" in page.locator(".status").first.inner_text()
    reward = SubsidyApplication.objects.get(programme=Programme.REWARD, declaration__year=2025)
    assert reward.bank_account == "6222020000000042"


def test_social_insurance_subsidy_flow(page, live_server, login_page, check_a11y, world, policy, approved_declaration,  # noqa: F811
                                      settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(1), roster_row(2)])
    login_page("employer_b", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/")
    page.get_by_label("残疾人就业岗位社保补贴：年度").select_option("2025")
    press(page, page.get_by_role("button", name="开始申请社保补贴"))
    check_a11y(page, "si-detail-empty")
    # The person is chosen from the approved roster (name and masked number): nothing to retype. A
    # name that is not the chosen person's is refused with the reason.
    from quota.models import RosterEntry

    entry = RosterEntry.objects.get(declaration__employer=world.employer_b, name="职工1")
    page.get_by_label("残疾职工").select_option(label=f"职工1（{entry.cert_masked}）")
    assert cert(1) not in page.content()
    page.get_by_label("姓名").fill("王某")
    page.get_by_label("单位缴费月份").fill("1-12")
    page.get_by_label("每月单位缴费额（元）").fill("800")
    press(page, page.get_by_role("button", name="添加到明细"))
    assert "姓名与所选职工" in page.get_by_role("alert").inner_text()
    check_a11y(page, "si-line-refused")
    page.get_by_label("姓名").fill("职工1")
    press(page, page.get_by_role("button", name="添加到明细"))
    assert "已添加 职工1" in page.get_by_role("status").inner_text()
    _fill_bank(page, "乙公司")
    press(page, page.get_by_role("button", name="保存银行账户"))
    check_a11y(page, "si-detail-lines")
    # The claim is submitted with the agency's 社保缴费证明, uploaded on the evidence page (the first
    # kind offered, already chosen).
    press(page, page.get_by_role("link", name="上传或删除证明材料"))
    assert "上传至少一份社保缴费证明后，才能提交审核" in page.locator("main").inner_text()
    check_a11y(page, "si-evidence-empty")
    assert page.get_by_label("社保缴费证明").is_checked()
    _choose_file(page, "乙公司社保缴费证明.pdf", "application/pdf", PDF_BYTES)
    press(page, page.get_by_role("button", name="上传", exact=True))
    assert "已上传“乙公司社保缴费证明.pdf”（社保缴费证明）" in page.get_by_role("status").inner_text()
    check_a11y(page, "si-evidence-one-file")
    press(page, page.get_by_role("button", name="提交审核"))
    assert "镇街初审中" in page.locator(".status").first.inner_text()
    assert "乙公司社保缴费证明.pdf" in page.locator("#evidence + table").inner_text()
    logout(page)

    expected = 12 * min(800 * policy.si_subsidy_share, policy.si_subsidy_monthly_cap)
    text = _review_and_pay(page, live_server, login_page, check_a11y, town="town_y",
                           link="乙公司的残疾人就业岗位社保补贴申请", programme="social_insurance", name="si")
    assert "乙公司" in text and cn_money(expected) in text


def _choose_file(page, name: str, mime: str, content: bytes) -> None:
    page.get_by_label("选择文件").set_input_files({"name": name, "mimeType": mime, "buffer": content})


def test_startup_subsidy_flow(page, live_server, login_page, check_a11y, world, policy, settings, tmp_path):  # noqa: F811
    from domain import identity

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    login_page("seeker_a", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/")
    check_a11y(page, "subsidy-home-seeker")
    press(page, page.get_by_role("link", name="申请一次性创业补贴"))
    # The year is chosen first: the tiers below are redrawn with that year's amounts.
    page.get_by_label("申请年度").select_option("2025")
    press(page, page.get_by_role("button", name="显示该年度的补贴档次"))
    assert "申请年度：2025年度。" in page.locator("#year-shown").inner_text()
    check_a11y(page, "startup-form-year-chosen")
    page.get_by_label("经营主体名称").fill("小甲网店")
    page.get_by_label("统一社会信用代码").fill("91330203MA2AB1C2D0")  # wrong check character
    page.get_by_label("注册登记日期").fill("2025-03-01")
    page.get_by_label("补贴档次").select_option("C")
    # The choice says what the tier requires, not only its amount (what a screen reader says with it).
    assert page.get_by_label("补贴档次").locator("option:checked").inner_text() == "C档：正常经营满1年 — 5,000 元"
    page.get_by_label("档次证明材料说明").fill("带动就业2人")
    _fill_bank(page, "张甲")
    code = identity.make_credit_code("91330203MA2AB1C2D")
    if code.endswith("0"):
        page.get_by_label("统一社会信用代码").fill("91330203MA2AB1C2D1")
    press(page, page.get_by_role("button", name="保存并上传证明材料"))
    assert "统一社会信用代码" in page.get_by_role("alert").inner_text()
    check_a11y(page, "startup-form-error")
    page.get_by_label("统一社会信用代码").fill(code)
    press(page, page.get_by_role("button", name="保存并上传证明材料"))

    # The upload page: nothing to submit yet; a program renamed .pdf is refused, naming the file.
    assert "还没有提交" in page.get_by_role("status").inner_text()
    assert "上传至少一份证明材料后，才能提交审核" in page.locator("main").inner_text()
    check_a11y(page, "startup-evidence-empty")
    _choose_file(page, "营业执照.pdf", "application/pdf", b"MZ\x90\x00" + b"\x00" * 60)
    press(page, page.get_by_role("button", name="上传", exact=True))
    alert = page.get_by_role("alert").inner_text()
    assert "营业执照.pdf" in alert and "Windows 程序" in alert
    check_a11y(page, "startup-evidence-refused")
    _choose_file(page, "营业执照.pdf", "application/pdf", PDF_BYTES)
    press(page, page.get_by_role("button", name="上传", exact=True))
    page.get_by_label("其他").check()
    page.get_by_label("说明").fill("多拍的一张")
    _choose_file(page, "多余照片.png", "image/png", PNG_BYTES)
    press(page, page.get_by_role("button", name="上传", exact=True))
    assert "已上传“多余照片.png”" in page.get_by_role("status").inner_text()
    check_a11y(page, "startup-evidence-two-files")
    # Deleting asks first.
    press(page, page.get_by_role("link", name=re.compile(r"删除\s*“多余照片\.png”")))
    assert "确定要删除" in page.locator("main").inner_text()
    check_a11y(page, "startup-evidence-delete-confirm")
    press(page, page.get_by_role("button", name="确定删除"))
    assert "已删除证明材料“多余照片.png”" in page.get_by_role("status").inner_text()
    assert "多余照片.png" not in page.get_by_role("table").inner_text()
    press(page, page.get_by_role("button", name="提交审核"))
    assert "镇街初审中" in page.locator(".status").first.inner_text()
    assert "营业执照.pdf" in page.get_by_role("table").first.inner_text()
    assert "C档：正常经营满1年" in page.locator("dl.facts").inner_text()
    check_a11y(page, "startup-detail")
    logout(page)

    # The town reviewer downloads the licence from the application's page.
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/review/subsidies/")
    press(page, page.get_by_role("link", name=re.compile(r"张甲\s*的一次性创业补贴申请")))
    with page.expect_download() as download:
        page.get_by_role("link", name="营业执照.pdf").click()
    assert download.value.suggested_filename == "营业执照.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    logout(page)

    text = _review_and_pay(page, live_server, login_page, check_a11y, town="town_x", link="张甲的一次性创业补贴申请",
                           programme="startup", name="startup")
    assert "张甲" in text and cn_money(policy.startup_subsidy_tiers["C"]) in text

    # The seeker sees the result and was notified.
    login_page("seeker_a", PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    assert "已审核通过" in page.locator("main").inner_text()
    check_a11y(page, "notifications")
