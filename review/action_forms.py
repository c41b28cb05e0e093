"""The forms of the review tasks' actions in the Wagtail admin (``ReviewTask.get_form_for_action``).

The final approval (区残联终审) cannot be undone by a later step: as on the portal's review pages
(``review.selectors.approval_needs_confirmation``), the admin asks the reviewer to confirm it first.
"""

from __future__ import annotations

from django import forms
from wagtail.forms import TaskStateCommentForm

FINAL_APPROVAL_CONFIRM = "我已核对，确认终审通过（通过后即为最终审核结果，不能再退回）"
FINAL_APPROVAL_UNCONFIRMED = "终审通过前请勾选“我已核对，确认终审通过”。这一次没有审核通过。"


class FinalApprovalForm(TaskStateCommentForm):
    """The comment (optional) and the reviewer's confirmation (required) of a final approval."""

    confirm = forms.BooleanField(label=FINAL_APPROVAL_CONFIRM, required=True,
                                 error_messages={"required": FINAL_APPROVAL_UNCONFIRMED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = "审核意见（可不填）"
