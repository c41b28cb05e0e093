"""Walk A, item 1: reopening an approved declaration (a founded 公示 objection) withdraws the letter and
payment notice its approval issued — they stay viewable, to exactly those who saw them, marked 已撤回
(banner on the page, banner and watermark in the PDF); the employer is told the notice is withdrawn
and not to pay it; the levy list no longer counts it; after the corrected declaration is approved
again, a new letter under the same number replaces it and the withdrawn one stays on record."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from employment.models import Notification
from employment.table_export import read_sheet
from quota import exports, letter_services, services
from quota.models import Declaration, DeclarationStatus, LetterWithdrawal
from tests.quota.conftest import approve, roster_row
from tests.quota.test_letters import pdf_text, pdf_tools, with_levy  # noqa: F401 - fixtures
from tests.subsidies.conftest import approved_declaration  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

DOCUMENTS = ("declaration-letter", "declaration-letter-pdf", "declaration-payment-notice",
             "declaration-payment-notice-pdf")
WITHDRAWN = ("declaration-withdrawn-letter", "declaration-withdrawn-letter-pdf", "declaration-withdrawn-notice",
             "declaration-withdrawn-notice-pdf")
WATERMARK = "本认定书因申报重新审核已撤回，以重新审核后的认定书为准"


@pytest.fixture
def reopened(world, with_levy):  # noqa: F811
    letter_no = with_levy.letter_no
    letter_services.declaration_reopen(declaration=with_levy, user=world.users["district"], comment="请补充职工2")
    declaration = Declaration.objects.get(pk=with_levy.pk)
    assert declaration.status == DeclarationStatus.REJECTED
    return declaration, letter_no


@pytest.mark.parametrize("role", ["employer_a", "town_x", "district"])
def test_a_reopened_declarations_documents_stay_viewable_marked_withdrawn(world, client, reopened, role, pdf_tools,  # noqa: F811
                                                                         tmp_path):
    declaration, letter_no = reopened
    withdrawal = LetterWithdrawal.objects.get(declaration=declaration)
    client.force_login(world.users[role])
    for name, target in zip(DOCUMENTS, WITHDRAWN, strict=True):
        response = client.get(reverse(name, args=[declaration.pk]))
        assert response.status_code == 302, name  # the letter's own address leads to the withdrawn letter
        assert response.url == reverse(target, args=[declaration.pk, withdrawal.pk])
    page = client.get(reverse("declaration-withdrawn-letter", args=[declaration.pk, withdrawal.pk])).content.decode()
    assert "已撤回" in page and WATERMARK in page and letter_no in page and "暂停执行" in page
    notice = client.get(reverse("declaration-withdrawn-notice", args=[declaration.pk, withdrawal.pk])).content.decode()
    assert "请勿按本通知书缴款" in notice
    pdf = client.get(reverse("declaration-withdrawn-letter-pdf", args=[declaration.pk, withdrawal.pk]))
    assert "已撤回" in pdf["Content-Disposition"] or "%E5%B7%B2%E6%92%A4%E5%9B%9E" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content, tmp_path)
    assert WATERMARK in text and letter_no in text
    notice_text = pdf_text(client.get(reverse("declaration-withdrawn-notice-pdf",
                                              args=[declaration.pk, withdrawal.pk])).content, tmp_path)
    assert "本缴款通知书因申报重新审核已撤回" in notice_text


@pytest.mark.parametrize("role", ["employer_b", "town_y", "seeker_a", "provider_a"])
def test_others_still_get_404_for_a_withdrawn_letter(world, client, reopened, role):
    declaration, _ = reopened
    withdrawal = LetterWithdrawal.objects.get(declaration=declaration)
    client.force_login(world.users[role])
    for name in DOCUMENTS:
        assert client.get(reverse(name, args=[declaration.pk])).status_code == 404, name
    for name in WITHDRAWN:
        assert client.get(reverse(name, args=[declaration.pk, withdrawal.pk])).status_code == 404, name


def test_the_employer_is_told_the_notice_is_withdrawn_and_not_to_pay_it(world, reopened):
    declaration, letter_no = reopened
    told = Notification.objects.filter(event="declaration.returned", user=world.users["employer_a"]).latest("id")
    assert letter_no in told.body and "已撤回" in told.body and "请不要按这份缴款通知书缴纳" in told.body
    assert "已经按这份缴款通知书缴纳" in told.body and "区残联会与贵单位联系" in told.body
    assert "原审核认定书已撤回" in told.subject
    amount = LetterWithdrawal.objects.get(declaration=declaration).amount_due
    assert f"{amount:,.2f}" in told.body


def test_a_withdrawn_notice_is_not_payable_on_the_levy_list(world, reopened):
    declaration, letter_no = reopened
    declaration = Declaration.objects.select_related("employer__town").get(pk=declaration.pk)
    content = exports.levy_xlsx([declaration], exported_by="x", year=declaration.year)
    assert len(read_sheet(content)) == 0  # nothing payable
    withdrawn = read_sheet(content, "已撤回的缴款通知书", dtype=object)
    assert list(withdrawn["认定书编号"]) == [letter_no]
    assert "已撤回的缴款通知书" in load_workbook(io.BytesIO(content)).sheetnames


def test_approved_again_the_letter_is_reissued_under_its_number_and_replaces_the_withdrawn_one(
        world, client, reopened):
    declaration, letter_no = reopened
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    declaration = approve(world, declaration)
    assert declaration.letter_no == letter_no  # docs/policy.md, "The letters": the number stays
    withdrawal = LetterWithdrawal.objects.get(declaration=declaration)
    client.force_login(world.users["employer_a"])
    letter = client.get(reverse("declaration-letter", args=[declaration.pk])).content.decode()
    assert "替代" in letter and "已撤回的同号认定书" in letter and WATERMARK not in letter
    old = client.get(reverse("declaration-withdrawn-letter", args=[declaration.pk, withdrawal.pk])).content.decode()
    assert WATERMARK in old and "重新审核后的审核认定书已于" in old
    told = Notification.objects.filter(event="declaration.approved", user=world.users["employer_a"]).latest("id")
    assert "审核认定书" in told.body and "审核结果告知书" not in told.body and "替代此前撤回的同号认定书" in told.body
    detail = client.get(reverse("employer-declaration-detail", args=[declaration.pk])).content.decode()
    assert "已撤回的审核认定书" in detail
    assert "已撤回的缴款通知书" not in load_workbook(io.BytesIO(exports.levy_xlsx(
        [Declaration.objects.select_related("employer__town").get(pk=declaration.pk)], exported_by="x"))).sheetnames


def test_the_reopen_confirmation_page_says_what_happens_to_the_issued_documents(world, client, with_levy):  # noqa: F811
    from quota import publicity_services
    from tests.quota.conftest import make_batch

    entry = make_batch(world, [with_levy]).entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人")
    client.force_login(world.users["district"])
    page = client.post(reverse("publicity-objection-reopen", args=[objection.pk]),
                       {"comment": "请补充职工2"}).content.decode()
    assert "已出具的文书" in page and with_levy.letter_no in page and "将撤回" in page and "不要按它缴款" in page


def test_the_received_notification_writes_the_date_the_house_way(world, start_declaration):
    """Walk A, item 10: "2026年12月06日 02:42" (zero-padded) where every page writes 2026年12月6日."""
    import re

    from employment.formats import cn_datetime

    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    d.refresh_from_db()
    told = Notification.objects.filter(event="declaration.received", user=world.users["employer_a"]).latest("id")
    assert cn_datetime(d.submitted_at) in told.body
    assert not re.search(r"年0\d月|月0\d日", told.body)
