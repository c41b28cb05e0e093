"""Payment lists to paid (issue 15, item 6): 草稿 → 已审核 → 已拨付 with the paid date and voucher
number, each step on a confirmation page and kept in the list's record; a step back only with a
reason; the bank-transfer file (户名, 开户行, 账号, 金额, 用途, total row) and the list's total row and
signature lines; full account numbers for the district only, each export logged."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from employment.models import Notification, PersonalDataAccess
from employment.table_export import HEADER_ROW, read_sheet
from subsidies import exports, services
from subsidies.models import PaymentDetailsChange, PaymentListEvent, PaymentListStatus, Programme

from .conftest import BANK, YEAR, startup_filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment_list(world, policy, approve):
    approve(startup_filed(world))
    return services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])


def _paid(payment_list, user, **kwargs):
    services.payment_list_approve(payment_list=payment_list, user=user)
    return services.payment_list_mark_paid(payment_list=payment_list, user=user,
                                           paid_on=kwargs.get("paid_on", timezone.localdate()),
                                           voucher_no=kwargs.get("voucher_no", "记-2026-0042"))


# ---- services ----------------------------------------------------------------------------------


def test_a_new_list_is_a_draft_and_goes_to_paid_with_every_step_recorded(world, payment_list):
    district = world.users["district"]
    assert payment_list.status == PaymentListStatus.DRAFT
    paid = _paid(payment_list, district)
    assert paid.status == PaymentListStatus.PAID
    assert paid.paid_on == timezone.localdate() and paid.voucher_no == "记-2026-0042"
    assert paid.approved_by == district and paid.paid_by == district
    steps = list(PaymentListEvent.objects.filter(payment_list=paid).order_by("id").values_list(
        "from_status", "to_status"))
    assert steps == [("draft", "approved"), ("approved", "paid")]
    # The applicant is told, with the amount and the account's last digits only.
    told = Notification.objects.get(user=world.users["seeker_a"], subject__endswith="已拨付")
    item = paid.items.get()
    assert str(item.amount) in told.body and item.bank_account_masked in told.body
    assert item.bank_account not in told.body


def test_steps_out_of_order_are_refused(world, payment_list):
    district = world.users["district"]
    with pytest.raises(ValidationError, match="审核后才能登记拨付"):
        services.payment_list_mark_paid(payment_list=payment_list, user=district, paid_on=timezone.localdate(),
                                        voucher_no="1")
    services.payment_list_approve(payment_list=payment_list, user=district)
    with pytest.raises(ValidationError, match="只有草稿状态的名单可以审核"):
        services.payment_list_approve(payment_list=payment_list, user=district)


@pytest.mark.parametrize(("days", "voucher", "message"), [
    (1, "V1", "不能晚于今天"),
    (0, "  ", "请填写财务凭证号"),
])
def test_paid_needs_a_past_date_and_a_voucher_number(world, payment_list, days, voucher, message):
    district = world.users["district"]
    services.payment_list_approve(payment_list=payment_list, user=district)
    with pytest.raises(ValidationError, match=message):
        services.payment_list_mark_paid(payment_list=payment_list, user=district,
                                        paid_on=timezone.localdate() + timedelta(days=days), voucher_no=voucher)
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentListStatus.APPROVED and payment_list.voucher_no == ""


def test_a_paid_date_before_the_approval_is_refused(world, payment_list):
    district = world.users["district"]
    services.payment_list_approve(payment_list=payment_list, user=district)
    with pytest.raises(ValidationError, match="不能早于名单审核日期"):
        services.payment_list_mark_paid(payment_list=payment_list, user=district,
                                        paid_on=timezone.localdate() - timedelta(days=1), voucher_no="V1")


def test_a_step_back_needs_a_reason_and_keeps_the_old_voucher_in_the_record(world, payment_list):
    district = world.users["district"]
    paid = _paid(payment_list, district, voucher_no="记-错号")
    with pytest.raises(ValidationError, match="请填写退回的原因"):
        services.payment_list_step_back(payment_list=paid, user=district, reason=" ")
    back = services.payment_list_step_back(payment_list=paid, user=district, reason="凭证号填错")
    assert back.status == PaymentListStatus.APPROVED and back.voucher_no == "" and back.paid_on is None
    event = PaymentListEvent.objects.filter(payment_list=back).first()  # newest first
    assert (event.from_status, event.to_status) == ("paid", "approved")
    assert "凭证号填错" in event.reason and "记-错号" in event.reason
    draft = services.payment_list_step_back(payment_list=back, user=district, reason="金额需复核")
    assert draft.status == PaymentListStatus.DRAFT and draft.approved_at is None
    with pytest.raises(ValidationError, match="没有可以退回的上一步"):
        services.payment_list_step_back(payment_list=draft, user=district, reason="再退")


def test_who_changed_an_items_payment_details_may_not_approve_the_list(world, policy, approve):
    application = approve(startup_filed(world))
    district = world.users["district"]
    # Another district user makes the list; the district user who changed the payee details may not
    # approve it (issue 13, separation of duties).
    from employment.models import Role
    from tests.factories import make_user

    other = make_user(Role.DISTRICT, username="district_2")
    payment_list = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=other)
    PaymentDetailsChange.objects.create(
        application=application, changed_by=district, changed_by_label="区残联", fields=["bank_account"])
    with pytest.raises(ValidationError, match="不能由您审核"):
        services.payment_list_approve(payment_list=payment_list, user=district)
    assert services.payment_list_approve(payment_list=payment_list, user=other).status == PaymentListStatus.APPROVED


# ---- exports -----------------------------------------------------------------------------------


def test_bank_transfer_file_has_the_banks_columns_full_account_and_a_total_row(world, payment_list):
    content = exports.bank_transfer_xlsx(payment_list, exported_by="区残联（district）")
    rows = read_sheet(content, "银行转账", total=True, dtype={"账号": str})
    assert list(rows.columns) == ["序号", "户名", "开户行", "账号", "金额（元）", "用途"]
    item = payment_list.items.get()
    assert rows["户名"][0] == item.bank_account_name and rows["开户行"][0] == item.bank_name
    assert rows["账号"][0] == item.bank_account  # in full: the bank needs it, and kept as text
    assert rows["用途"][0] == f"{YEAR}年度一次性创业补贴"
    assert rows["序号"].iloc[-1] == "合计"
    assert Decimal(str(rows["金额（元）"].iloc[-1])) == payment_list.total


def test_the_list_export_has_a_title_total_row_and_signature_lines(world, payment_list):
    content = exports.payment_list_xlsx(payment_list, exported_by="区残联（district）")
    sheet = load_workbook(io.BytesIO(content))["拨付明细"]
    assert str(payment_list) in sheet["A1"].value and "全区" in sheet["A1"].value
    assert sheet["A2"].value.startswith("数据截至：") and "北京时间" in sheet["A2"].value
    assert sheet["A3"].value == "导出人：区残联（district）"
    assert sheet.cell(row=HEADER_ROW, column=1).value == "序号"
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "合计" in texts
    assert {"制表：", "审核：", "负责人："} <= set(texts)
    assert any(t.startswith("名单状态：草稿") for t in texts)
    assert exports.payment_list_filename(payment_list).endswith(f"{YEAR}年度-全区.xlsx")
    assert "一次性创业补贴拨付名单第1批" in exports.payment_list_filename(payment_list)


# ---- pages -------------------------------------------------------------------------------------


def test_the_district_takes_a_list_to_paid_through_confirmation_pages(world, client_for, payment_list):
    client = client_for(world.users["district"])
    detail = reverse("subsidy-payment-list-detail", args=[payment_list.pk])
    page = client.get(detail).content.decode()
    assert "草稿" in page and "制表" in page and "负责人" in page and "合计" in page
    assert BANK["bank_account"] not in page  # the page shows the masked number only
    approve_url = reverse("subsidy-payment-list-approve", args=[payment_list.pk])
    confirm = client.get(approve_url)
    assert confirm.status_code == 200 and "确认审核" in confirm.content.decode()
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentListStatus.DRAFT  # a GET changes nothing
    assert client.post(approve_url).status_code == 302
    paid_url = reverse("subsidy-payment-list-paid", args=[payment_list.pk])
    refused = client.post(paid_url, {"paid_on": "", "voucher_no": ""})
    assert refused.status_code == 400 and "请填写拨付日期" in refused.content.decode()
    # Walk A, item 8: a future date and no voucher number — both refusals in one round, not one by one.
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post(paid_url, {"paid_on": tomorrow, "voucher_no": ""}).content.decode()
    assert "请填写财务凭证号" in refused and "拨付日期不能晚于今天" in refused
    done = client.post(paid_url, {"paid_on": timezone.localdate().isoformat(), "voucher_no": "记-0042"})
    assert done.status_code == 302
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentListStatus.PAID and payment_list.voucher_no == "记-0042"
    page = client.get(detail).content.decode()
    assert "已拨付" in page and "记-0042" in page
    back_url = reverse("subsidy-payment-list-step-back", args=[payment_list.pk])
    assert client.post(back_url, {"reason": ""}).status_code == 400
    assert client.post(back_url, {"reason": "凭证号填错"}).status_code == 302
    assert "凭证号填错" in client.get(detail).content.decode()


def test_the_bank_file_is_for_an_approved_list_and_each_download_is_logged(world, client_for, payment_list):
    client = client_for(world.users["district"])
    url = reverse("subsidy-payment-list-bank-file", args=[payment_list.pk])
    response = client.get(url)
    assert response.status_code == 302 and not PersonalDataAccess.objects.exists()  # a draft: not yet
    services.payment_list_approve(payment_list=payment_list, user=world.users["district"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # a Chinese file name
    logged = PersonalDataAccess.objects.get()
    assert logged.user == world.users["district"] and logged.action == PersonalDataAccess.Action.EXPORT
    assert "银行转账文件" in logged.detail
    client.get(reverse("subsidy-payment-list-export", args=[payment_list.pk]))
    assert PersonalDataAccess.objects.count() == 2


@pytest.mark.parametrize("name", ["subsidy-payment-list-detail", "subsidy-payment-list-approve",
                                  "subsidy-payment-list-paid", "subsidy-payment-list-step-back",
                                  "subsidy-payment-list-export", "subsidy-payment-list-bank-file"])
def test_payment_list_pages_are_for_the_district_only(world, client_for, payment_list, name):
    url = reverse(name, args=[payment_list.pk])
    for other in ("town_x", "town_y", "employer_a", "seeker_a"):
        assert client_for(world.users[other]).get(url).status_code == 403, other
        assert client_for(world.users[other]).post(url, {"reason": "x", "voucher_no": "1",
                                                         "paid_on": date.today().isoformat()}).status_code == 403
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentListStatus.DRAFT
    assert not PersonalDataAccess.objects.exists()
    missing = reverse(name, args=[payment_list.pk + 1000])
    assert client_for(world.users["district"]).get(missing).status_code == 404
