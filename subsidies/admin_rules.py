"""The subsidy applications' rules for the admin gate (``employment.admin_access``): their reviewers
(own town; the district all); reverting, unpublishing and unscheduling superusers only."""

from __future__ import annotations

from employment.admin_access import REVIEWED_SUPERUSER_ONLY, REVIEWERS, snippet_rules

RULES = snippet_rules("subsidies.subsidyapplication", REVIEWERS, superuser_only=REVIEWED_SUPERUSER_ONLY)
# No bulk action on applications: the only one is delete, and a filing is never deleted in bulk.
BULK_ROLES: dict[str, set[str]] = {}
