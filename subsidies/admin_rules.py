"""The subsidy applications' rules for the admin gate (``employment.admin_access``): their reviewers
(own town; the district all)."""

from __future__ import annotations

from employment.admin_access import DISTRICT, REVIEWERS, snippet_rules

RULES = snippet_rules("subsidies.subsidyapplication", REVIEWERS)
BULK_ROLES = {"subsidies.subsidyapplication": {DISTRICT}}
