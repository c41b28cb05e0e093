"""The CMS app's rules for the admin gate (``employment.admin_access``): the page chooser's views that
name pages (a provider browses its own subtree and the live pages outside other providers'), and the
district's read-only listing of enrolments."""

from __future__ import annotations

from employment.admin_access import DISTRICT, EDITORS, ids_in, pages_in, rule, snippet_rules


def _choosable(user):
    from .admin_scoping import pages_choosable

    return pages_choosable(user)


RULES = {
    "wagtailadmin_choose_page_child": rule(EDITORS, check=pages_in(_choosable)),
    "wagtailadmin_choose_page_chosen_multiple": rule(EDITORS, check=ids_in(_choosable)),
    **snippet_rules("cms.enrolment", {DISTRICT}),
}
