"""Uploading over a roster that has people asks for confirmation: the checkbox is labelled, its error is
announced, it is reached and ticked by keyboard, and the page is axe-clean with and without the error."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import press, tab_to
from tests.quota.conftest import policy, roster_csv, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def test_upload_over_a_roster_asks_to_confirm(page, live_server, login_page, check_a11y, world, start_declaration,  # noqa: F811
                                              tmp_path):
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/declarations/{declaration.pk}/")
    press(page, page.get_by_role("link", name="上传名册文件（Excel 或 CSV）"))
    check_a11y(page, "roster-upload-confirm")
    upload = tmp_path / "名册.csv"
    upload.write_bytes(roster_csv([roster_row(2), roster_row(3)]))
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(upload))
    press(page, page.get_by_role("button", name="上传并检查"))
    assert "请勾选确认替换后再上传" in page.get_by_role("alert").inner_text()
    check_a11y(page, "roster-upload-confirm-error")
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(upload))
    box = page.get_by_label("我确认用上传的文件替换当前名册中的 1 人")
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()
    press(page, page.get_by_role("button", name="上传并检查"))
    assert "名册已导入，共 2 人" in page.get_by_role("status").inner_text()
