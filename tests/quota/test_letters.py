"""The documents a district sends (quota/letters.py, quota/letter_views.py): the result letter and the
payment notice rendered as PDF on the server and read back with pdftotext (amounts in figures and in
大写, the deadline, the channel, the late fee, the rights of appeal), who may fetch them, and the
letter numbers.

WeasyPrint (with Debian's Pango) and pdftotext (poppler-utils) must be present: without them these
tests fail under CI or SHUGUANG_REQUIRE_BROWSER, and are skipped only on a laptop without them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from quota.engine.amounts import rmb_upper
from tests.quota.conftest import roster_row
from tests.subsidies.conftest import approved_declaration, town_user  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
REQUIRED = bool(os.environ.get("CI") or os.environ.get("SHUGUANG_REQUIRE_BROWSER"))


def _pdf_tools_missing() -> str:
    """Why the PDF tests cannot run here ('' when they can)."""
    if shutil.which("pdftotext") is None:
        return "pdftotext (Debian poppler-utils) is not installed"
    try:
        import weasyprint  # noqa: F401 - loads Pango
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot load: {exc}"
    return ""


@pytest.fixture
def pdf_tools():
    missing = _pdf_tools_missing()
    if missing:
        if REQUIRED:
            pytest.fail(f"CI/SHUGUANG_REQUIRE_BROWSER is set but {missing}", pytrace=False)
        pytest.skip(missing)


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text by pdftotext, with every space and line break taken out (lines wrap anywhere)."""
    assert content.startswith(b"%PDF-")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return re.sub(r"\s+", "", text)


def pdf_fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def with_levy(world, policy, approved_declaration):  # noqa: F811
    """Employer A (town X): 100 staff, one disabled employee — short of 1.5, so a levy is due. The
    year's payment deadline is set 60 days ahead (the seeded date depends on today)."""
    policy.payment_deadline = timezone.localdate() + timedelta(days=60)
    policy.save()
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    assert declaration.levy_payable > 0
    return declaration


def cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_letter_pdf_says_the_amounts_deadline_channel_late_fee_and_appeal_rights(
        world, client, with_levy, policy, pdf_tools, tmp_path):
    client.force_login(world.users["employer_a"])
    response = client.get(reverse("declaration-letter-pdf", args=[with_levy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]  # the Chinese name kept (employment.formats)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(content, tmp_path)
    levy = with_levy.levy_payable
    assert "审核认定书" in text
    assert re.fullmatch(r"海残联审〔2025〕第\d{4}号", with_levy.letter_no)
    assert with_levy.letter_no in text
    assert f"{levy:,.2f}元" in text
    assert f"大写：人民币{rmb_upper(levy)}" in text
    assert cn(policy.payment_deadline) in text
    assert re.sub(r"\s+", "", policy.payment_channel) in text
    assert "按日加收万分之五的滞纳金" in text
    assert f"60日内向{policy.reconsideration_body}申请行政复议" in text
    assert "6个月内依法向人民法院提起行政诉讼" in text
    # Tagged for screen readers, with the document's title.
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+审核认定书 {with_levy.letter_no}$", info, re.M)
    # The CJK font is embedded (a subset), not left to the reader's machine.
    fonts = pdf_fonts(content, tmp_path)
    line = next(line for line in fonts.splitlines() if "WenQuanYi" in line)
    assert " yes yes " in line  # emb, sub


def test_the_payment_notice_pdf_says_what_to_pay_by_when_and_where(
        world, client, with_levy, policy, pdf_tools, tmp_path):
    client.force_login(world.users["town_x"])
    response = client.get(reverse("declaration-payment-notice-pdf", args=[with_levy.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    levy = with_levy.levy_payable
    assert "残疾人就业保障金缴款通知书" in text
    assert with_levy.letter_no in text
    assert f"本次应缴金额{levy:,.2f}元（大写：人民币{rmb_upper(levy)}）" in text
    assert f"请于{cn(policy.payment_deadline)}前缴纳" in text
    assert "国家税务总局宁波市海曙区税务局" in text
    assert "逾期未缴纳的，自滞纳之日起按日加收万分之五的滞纳金" in text
    assert "60日内" in text and "行政复议" in text
    assert "6个月内" in text and "行政诉讼" in text


def test_what_was_already_paid_is_taken_off_the_notice(world, client, policy, start_declaration, pdf_tools,
                                                        tmp_path):
    from quota import services

    employer, user = world.employer_a, world.users["employer_a"]
    declaration = start_declaration(employer, user, rows=[roster_row(1)])
    services.declaration_update_basics(declaration=declaration, monthly_headcounts=[100] * 12,
                                       wage_bill=Decimal("10000000"), levy_already_paid=Decimal("1000.05"), user=user)
    services.declaration_submit(declaration=declaration, user=user)
    services.declaration_review(declaration=declaration, user=town_user(world, employer), action="approve")
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    declaration.refresh_from_db()
    due = declaration.levy_payable - Decimal("1000.05")
    client.force_login(user)
    text = pdf_text(client.get(reverse("declaration-payment-notice-pdf", args=[declaration.pk])).content, tmp_path)
    assert "已缴纳保障金1,000.05元（大写：人民币壹仟元零伍分）" in text
    assert f"本次应缴金额{due:,.2f}元（大写：人民币{rmb_upper(due)}）" in text


def test_no_payment_notice_without_a_levy(world, client, policy, approved_declaration):  # noqa: F811
    met = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1), roster_row(2)])
    assert met.levy_payable == 0
    client.force_login(world.users["employer_a"])
    assert client.get(reverse("declaration-payment-notice", args=[met.pk])).status_code == 404
    assert client.get(reverse("declaration-payment-notice-pdf", args=[met.pk])).status_code == 404
    page = client.get(reverse("declaration-letter", args=[met.pk])).content.decode()
    assert "缴款通知书" not in page and "滞纳金" not in page
    assert "申请行政复议" in page  # the rights of appeal are on every letter


def test_the_letter_page_and_the_notice_page_come_from_the_same_templates(world, client, with_levy, policy):
    client.force_login(world.users["district"])
    page = client.get(reverse("declaration-letter", args=[with_levy.pk])).content.decode()
    assert f"大写：人民币{rmb_upper(with_levy.levy_payable)}" in page
    assert 'href="/static/css/print.css" media="print"' in page
    assert reverse("declaration-letter-pdf", args=[with_levy.pk]) in page
    notice = client.get(reverse("declaration-payment-notice", args=[with_levy.pk])).content.decode()
    assert "按日加收万分之五的滞纳金" in notice


@pytest.mark.parametrize("role", ["employer_b", "town_y", "seeker_a", "provider_a"])
def test_others_get_404_for_every_document(world, client, with_levy, role):
    client.force_login(world.users[role])
    for name in ("declaration-letter", "declaration-letter-pdf", "declaration-payment-notice",
                 "declaration-payment-notice-pdf"):
        assert client.get(reverse(name, args=[with_levy.pk])).status_code == 404, name


@pytest.mark.parametrize("role", ["employer_a", "town_x", "district"])
def test_the_employer_its_town_and_the_district_get_the_documents(world, client, with_levy, role, pdf_tools):
    client.force_login(world.users[role])
    for name in ("declaration-letter", "declaration-letter-pdf", "declaration-payment-notice",
                 "declaration-payment-notice-pdf"):
        assert client.get(reverse(name, args=[with_levy.pk])).status_code == 200, name


def test_letter_numbers_run_per_year_and_stay(world, policy, approved_declaration):  # noqa: F811
    first = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    second = approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(2)])
    assert (first.letter_no, second.letter_no) == ("海残联审〔2025〕第0001号", "海残联审〔2025〕第0002号")
    assert (first.letter_seq, second.letter_seq) == (1, 2)
    # Approved again (after a correction): the number it was issued with stays.
    fields = first.review_fields_approved(None, now=timezone.now(), comment="")
    assert "letter_no" not in fields and "letter_seq" not in fields


def test_the_deadline_is_the_years_unless_the_letter_comes_too_late():
    from datetime import date

    from quota.models import PolicyYear

    def deadline(year_deadline, days_min, issued):
        terms = PolicyYear(payment_deadline=year_deadline, payment_days_min=days_min).letter_terms(issued=issued)
        return date.fromisoformat(terms["deadline"])

    year_deadline = date(2026, 12, 31)
    assert deadline(year_deadline, 15, date(2026, 6, 1)) == year_deadline
    assert deadline(year_deadline, 15, date(2026, 12, 16)) == year_deadline
    # A 补报 approved late: 15 days from the letter, not a date already past.
    assert deadline(year_deadline, 15, date(2026, 12, 20)) == date(2027, 1, 4)
    assert deadline(None, 30, date(2026, 6, 1)) == date(2026, 7, 1)


def test_a_letter_says_what_it_said_when_issued(world, client, with_levy, policy):
    """The terms are fixed at the final approval: a later change of the year's parameters shows on
    letters issued afterwards, not on this one downloaded again."""
    deadline, channel = policy.payment_deadline, policy.payment_channel
    assert with_levy.letter_terms["deadline"] == deadline.isoformat()
    policy.payment_deadline = deadline + timedelta(days=30)
    policy.payment_channel = "另一个缴款渠道"
    policy.late_fee_rate = Decimal("0.001")
    policy.reconsideration_days = 90
    policy.save()
    client.force_login(world.users["employer_a"])
    page = client.get(reverse("declaration-payment-notice", args=[with_levy.pk])).content.decode()
    assert cn(deadline) in page and channel in page and "万分之五" in page and "60日内" in page
    assert cn(policy.payment_deadline) not in page and "另一个缴款渠道" not in page and "90日" not in page


def test_the_pdf_fetches_nothing_but_the_sites_static_files():
    from quota.letters_pdf import BASE_URL, RefusedURL, static_file_bytes

    content, content_type = static_file_bytes(f"{BASE_URL}static/css/letters.css")
    assert b"@page" in content and content_type == "text/css"
    for url in ("https://example.org/x.css", "http://letters.invalid/static/css/letters.css",
                f"{BASE_URL}static/../config/settings/base.py", f"{BASE_URL}media/x.png", "file:///etc/passwd"):
        with pytest.raises(RefusedURL):
            static_file_bytes(url)


def test_a_letter_linking_elsewhere_is_not_rendered(pdf_tools):
    from weasyprint.urls import FatalURLFetchingError

    from quota.letters_pdf import html_to_pdf

    with pytest.raises(FatalURLFetchingError):
        html_to_pdf('<html><head><link rel="stylesheet" href="https://example.org/x.css"></head><body>x</body></html>')


def test_the_letter_names_the_district_when_it_took_the_town_step(world, client, policy, start_declaration):
    """Walked in Chromium: the district took a town's 初审 (the town had no reviewer), yet the letter said
    经月湖街道残联初审 — a legal document naming an office that never reviewed it."""
    from employment.models import Role
    from quota import services
    from review import services as review
    from tests.factories import make_user

    colleague = make_user(Role.DISTRICT, username="district_colleague")
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    review.town_step_take(obj=declaration, user=colleague, reason="no_reviewer")
    declaration.refresh_from_db()
    services.declaration_review(declaration=declaration, user=colleague, action="approve")
    declaration.refresh_from_db()
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    client.force_login(world.users["district"])
    page = client.get(reverse("declaration-letter", args=[declaration.pk])).content.decode()
    town = world.employer_a.town.name
    assert f"经海曙区残疾人联合会代为{town}残联初审、海曙区残疾人联合会终审" in page


def test_the_letter_names_the_town_that_did_its_step(world, client, with_levy):
    client.force_login(world.users["district"])
    page = client.get(reverse("declaration-letter", args=[with_levy.pk])).content.decode()
    assert f"经{world.employer_a.town.name}残联初审、海曙区残疾人联合会终审" in page
