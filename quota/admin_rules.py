"""Quota's rules for the admin gate (``employment.admin_access``): declarations for their reviewers
(own town; the district all), policy years readable by reviewers and changed by the district."""

from __future__ import annotations

from employment.admin_access import DISTRICT, REVIEWERS, snippet_rules

RULES = {
    **snippet_rules("quota.declaration", REVIEWERS),
    **snippet_rules("quota.policyyear", REVIEWERS, change_roles={DISTRICT}, add_roles={DISTRICT}),
}
BULK_ROLES = {"quota.declaration": {DISTRICT}, "quota.policyyear": {DISTRICT}}
