"""Quota's rules for the admin gate (``employment.admin_access``): declarations for their reviewers
(own town; the district all; reverting, unpublishing and unscheduling for superusers only), policy
years readable by reviewers and changed by the district."""

from __future__ import annotations

from employment.admin_access import DISTRICT, REVIEWED_SUPERUSER_ONLY, REVIEWERS, snippet_rules

RULES = {
    **snippet_rules("quota.declaration", REVIEWERS, superuser_only=REVIEWED_SUPERUSER_ONLY),
    **snippet_rules("quota.policyyear", REVIEWERS, change_roles={DISTRICT}, add_roles={DISTRICT}),
}
# No bulk action on declarations: the only one is delete, and a filing is never deleted in bulk.
BULK_ROLES = {"quota.policyyear": {DISTRICT}}
