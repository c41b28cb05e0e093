"""Quota's rules for the admin gate (``employment.admin_access``): declarations for their reviewers
(own town; the district all; reverting, unpublishing and unscheduling for superusers only), policy
years readable by reviewers and changed by the district (never deleted in bulk)."""

from __future__ import annotations

from employment.admin_access import DISTRICT, REVIEWED_SUPERUSER_ONLY, REVIEWERS, snippet_rules

RULES = {
    **snippet_rules("quota.declaration", REVIEWERS, superuser_only=REVIEWED_SUPERUSER_ONLY),
    **snippet_rules("quota.policyyear", REVIEWERS, change_roles={DISTRICT}, add_roles={DISTRICT}),
}
# No bulk action on declarations or policy years: the only one is delete; a filing is never deleted,
# and a year is deleted (if no declaration uses it) one at a time, after its confirmation page.
BULK_ROLES: dict = {}
