"""The district's final approval of a declaration in the Wagtail admin, in Chromium, each control
focused and operated by keyboard: the edit page offers 终审通过 in its action menu; the modal asks
for the confirmation, says so when it is left out and approves nothing; ticked, the declaration is
approved. The edit page and the modal are checked with axe-core (WCAG 2.1 A/AA), the modal at 375 px too."""

from __future__ import annotations

import pytest

from quota import services as quota
from quota.models import Declaration
from review.action_forms import FINAL_APPROVAL_UNCONFIRMED
from review.models import ReviewStatus
from tests.browser.keyboard import open_action_menu
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def test_the_district_confirms_a_final_approval_in_the_admin(page, live_server, login_page, check_a11y, world,
                                                              start_declaration):  # noqa: F811
    employer = world.users["employer_a"]
    declaration = quota.declaration_submit(
        declaration=start_declaration(world.employer_a, employer, rows=[roster_row(1)]), user=employer)
    quota.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/admin/snippets/quota/declaration/edit/{declaration.pk}/")
    check_a11y(page, "admin-declaration-final-step")
    approve = page.locator("button[data-workflow-action-name='approve']").first
    assert approve.inner_text().strip() == "终审通过"  # not Wagtail's 终审通过并发布
    open_action_menu(page, approve)
    approve.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    confirm = dialog.get_by_label("我已核对，确认终审通过（通过后即为最终审核结果，不能再退回）")
    confirm.wait_for(state="visible")
    check_a11y(page, "admin-declaration-final-approval-modal")

    dialog.get_by_label("审核意见（可不填）").focus()
    page.keyboard.type("材料齐全，同意。")
    dialog.locator("button[type='submit']").focus()
    page.keyboard.press("Enter")
    dialog.get_by_text(FINAL_APPROVAL_UNCONFIRMED).wait_for(state="visible")
    assert Declaration.objects.get(pk=declaration.pk).status == ReviewStatus.DISTRICT_REVIEW
    check_a11y(page, "admin-declaration-final-approval-unconfirmed")
    # On a phone (375 px) the modal, its error and its controls fit the screen, nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.get_by_role("dialog").locator("button[type='submit']").is_visible()
    check_a11y(page, "admin-declaration-final-approval-modal-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    confirm = page.get_by_role("dialog").get_by_label("我已核对，确认终审通过（通过后即为最终审核结果，不能再退回）")
    confirm.focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.get_by_role("dialog").locator("button[type='submit']").focus()
        page.keyboard.press("Enter")
    approved = Declaration.objects.get(pk=declaration.pk)
    assert approved.status == ReviewStatus.APPROVED and approved.reviewer_comment == "材料齐全，同意。"
