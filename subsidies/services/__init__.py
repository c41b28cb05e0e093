"""Writes of rewards and subsidies, one module per responsibility, re-exported here:

- ``reward``, ``social_insurance``, ``startup``: start and edit the three kinds of application;
- ``evidence``: the supporting documents of the programmes that take them (start-up, social insurance);
- ``amounts``: the amounts, from the pure rules in ``subsidies.rules`` with the year's ``PolicyYear``;
- ``payment_details``: the payee details and who changed them (separation of duties, issue 13);
- ``submit``: submit and review (town → district through ``review.services``), the applicant told;
- ``payments``: payment lists and their status (草稿 → 已审核 → 已拨付).

Every write is one transaction and leaves a Wagtail revision. Errors an applicant can cause are
``ValidationError`` in Chinese (upload errors name row and column) and change nothing.
"""

from ..models import FILED
from .amounts import reward_compute, startup_received_before
from .common import subsidy_params
from .evidence import evidence_add, evidence_delete, evidence_download_record
from .payment_details import (
    FIELD_LABELS,
    PAYMENT_CHANGE_LOG_ACTION,
    STARTUP_FIELDS,
    mask_payment_value,
    subsidy_bank_update,
)
from .payments import (
    payment_list_approval_refusal,
    payment_list_approve,
    payment_list_create,
    payment_list_export_record,
    payment_list_mark_paid,
    payment_list_preview,
    payment_list_step_back,
    payment_paid_refusals,
)
from .reward import reward_application_create
from .social_insurance import (
    ContributionImportError,
    approved_roster,
    si_application_start,
    si_line_delete,
    si_line_save,
    si_lines_import,
    si_roster_entries,
)
from .startup import startup_application_create, startup_application_update
from .submit import subsidy_review, subsidy_submit, subsidy_workflow_ensure

__all__ = [
    "FIELD_LABELS",
    "FILED",
    "PAYMENT_CHANGE_LOG_ACTION",
    "STARTUP_FIELDS",
    "ContributionImportError",
    "approved_roster",
    "evidence_add",
    "evidence_delete",
    "evidence_download_record",
    "mask_payment_value",
    "payment_list_approval_refusal",
    "payment_list_approve",
    "payment_list_create",
    "payment_list_export_record",
    "payment_list_mark_paid",
    "payment_paid_refusals",
    "payment_list_preview",
    "payment_list_step_back",
    "reward_application_create",
    "reward_compute",
    "si_application_start",
    "si_line_delete",
    "si_line_save",
    "si_lines_import",
    "si_roster_entries",
    "startup_application_create",
    "startup_application_update",
    "startup_received_before",
    "subsidy_bank_update",
    "subsidy_params",
    "subsidy_review",
    "subsidy_submit",
    "subsidy_workflow_ensure",
]
