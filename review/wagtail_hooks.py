"""The admin never deletes a filing that has entered the review (security test after issue 13), and
its edit view offers no workflow button (issue 15: one way to change a declaration) and labels the last
step's approve 终审通过, not Wagtail's 终审通过并发布.

A declaration or subsidy application that was ever submitted carries the applicant's record, the
reviewers' decisions, payment-details changes and perhaps a place on a payment list: deleting it
would erase all of that with no trace. Wagtail deletes snippets from two places — the object's
delete view and the bulk delete (``/admin/bulk/<app>/<model>/delete/?id=…``) — and runs the
``before_delete_snippet`` hook in both, so the refusal lives here, for everyone, superusers included.
The admin gate also keeps non-superusers away from both views (no bulk roles for these models).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from wagtail import hooks

from .admin_views import HIDDEN_MENU_ITEMS
from .models import ReviewedSnippet, ReviewStatus


def never_submitted(obj: ReviewedSnippet) -> bool:
    return obj.status == ReviewStatus.DRAFT and obj.submitted_at is None


@hooks.register("before_delete_snippet")
def refuse_deleting_filings(request, instances):
    filings = [obj for obj in instances if isinstance(obj, ReviewedSnippet)]
    kept = [obj for obj in filings if not never_submitted(obj)]
    if not kept:
        return None
    names = "、".join(str(obj) for obj in kept[:5]) + (f" 等 {len(kept)} 项" if len(kept) > 5 else "")
    messages.error(
        request,
        f"不能删除已经提交过审核的材料：{names}。它们保存着申请人的记录和审核意见；"
        "如需作废，请在审核中“退回修改”并写明原因。",
    )
    return redirect(type(kept[0]).snippet_viewset.get_url_name("list"))


@hooks.register("construct_snippet_action_menu")
def reviewed_action_menu(menu_items, request, context):
    """The edit view of a reviewed object offers no workflow button (submit, restart, cancel: the
    applicant submits on the portal, reviewers use the task's actions), and nothing at all once it is
    approved (``review.admin_views`` refuses the same posts)."""
    instance = context.get("instance")
    if not isinstance(instance, ReviewedSnippet):
        return
    approved = instance.status == ReviewStatus.APPROVED
    menu_items[:] = [item for item in menu_items
                     if not approved and item.name not in HIDDEN_MENU_ITEMS]
    for item in menu_items:
        if item.name == "approve":
            item.label = _without_publish(str(item.label))


def _without_publish(label: str) -> str:
    """The approve label as the task gives it: at the last step Wagtail appends "并发布" (its "and
    Publish", meant for pages going live), but a filing approved is decided, not published."""
    before, _, after = gettext("%(label)s and Publish").partition("%(label)s")
    if after and label.startswith(before) and label.endswith(after):
        return label[len(before):-len(after)]
    return label
