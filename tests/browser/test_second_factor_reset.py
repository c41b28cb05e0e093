"""重置两步验证 in Chromium: the district opens the list in the Wagtail admin, opens the confirmation
for a town account, is told the reason is required, gives it and confirms; every page axe-clean."""

from __future__ import annotations

import pytest

from employment.models import AuthenticatorDevice, PersonalDataAccess

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def test_district_resets_a_second_factor(page, live_server, login_page, check_a11y, world):
    town_x = world.users["town_x"]
    AuthenticatorDevice.objects.create(user=town_x, name="验证器应用", confirmed=True)
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/admin/second-factor/")
    check_a11y(page, "second-factor-staff")
    page.locator(f'a[href="/admin/second-factor/{town_x.pk}/reset/"]').click()
    page.wait_for_load_state()
    check_a11y(page, "second-factor-reset")
    page.get_by_role("button", name="确定重置").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().startswith("请填写重置的事由")
    check_a11y(page, "second-factor-reset-error")
    page.get_by_label("重置事由").fill("手机丢失，已电话核实是本人")
    page.get_by_role("button", name="确定重置").click()
    page.wait_for_load_state()
    assert "/admin/second-factor/" in page.url and "已重置“town_x”的两步验证" in page.content()
    assert not AuthenticatorDevice.objects.filter(user=town_x).exists()
    assert PersonalDataAccess.objects.filter(action="reset_2fa", user=world.users["district"]).count() == 1
