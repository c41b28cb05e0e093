"""The admin URL filler of the access matrix: every URL pattern under ``admin/``, ``documents/`` and
``_util/`` (walked from the resolver at test time) turned into concrete paths that point at one
side's objects (``tests.security.conftest.AdminSide``).

Admin URLs carry many keyword arguments whose meaning depends on the view's namespace: ``pk`` is a
declaration under ``wagtailsnippets_quota_declaration:``, a user under ``wagtailusers_users:``,
a page under ``wagtailadmin_pages:``; ``revision_id`` / ``task_state_id`` / ``workflow_state_id`` belong
to that object. ``fill`` knows them. A keyword it does not know gets a missing id (or ``x``), so a
pattern added later is still requested, and the matrix's side-B and marker rules still apply to
whatever it shows. The one bulk-action pattern becomes one path per registered (model, action),
with ``?id=`` of the side's object; ``chosen-multiple`` views get ``?id=`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_PREFIXES = ("admin/", "documents/", "_util/")
MISSING_ID = 999_999
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Probe:
    key: str  # the view name (namespace:name); bulk actions: wagtail_bulk_action[app.model.action]
    view_name: str | None
    path: str
    real: bool  # the path names one of the side's own objects (not a shared or a missing one)


def admin_routes() -> list[tuple[str, str | None, list[str], int]]:
    """(route, view name, keyword names, count of unnamed groups) under the admin prefixes."""

    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                names = [a or b for a, b in _PARAM.findall(route)]
                yield route, (ns + p.name) if p.name else None, names, 0 if names else p.pattern.regex.groups

    return [r for r in walk(get_resolver().url_patterns) if r[0].startswith(ADMIN_PREFIXES)]


# Snippet viewsets and their choosers: wagtailsnippets_<app>_<model>:, wagtailsnippetchoosers_<app>_<model>:
_SNIPPET_NS = re.compile(r"^wagtailsnippet(?:s|choosers)_(\w+?)_(\w+):")
# Side attribute of each snippet model; its revision / workflow_state / task_state are <attr>_revision …
SNIPPET_ATTRS = {"quota.declaration": "declaration", "subsidies.subsidyapplication": "subsidy",
                 "cms.enrolment": "enrolment"}
SHARED_SNIPPETS = {"quota.policyyear": "policy"}  # one set of rows for everybody, not a side's
# Namespace prefix → side attribute its ``pk`` (or ``chosen/<pk>``) names.
PK_BY_NAMESPACE = {
    "wagtailusers_users:": "user", "wagtailusers_groups:": "group", "wagtailadmin_collections:": "collection",
    "wagtailadmin_api:pages:": "draft_course", "wagtailadmin_api:images:": "image",
    "wagtailadmin_api:documents:": "document", "wagtailimages_chooser:": "image", "wagtaildocs_chooser:": "document",
    "wagtailadmin_pages:": "draft_course", "wagtailadmin_choose_page": "draft_course",
}
# Namespace prefix → shared object its ``pk`` names (workflows and tasks serve every side).
SHARED_BY_NAMESPACE = {"wagtailadmin_workflows:edit_task": "task", "wagtailadmin_workflows:disable_task": "task",
                       "wagtailadmin_workflows:enable_task": "task", "wagtailadmin_workflows:task_chosen": "task",
                       "wagtailadmin_workflows:": "workflow", "wagtailsites:": "site"}
PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "destination_id"}
ID_KWARGS = {"image_id": "image", "doc_id": "document", "document_id": "document", "collection_id": "collection",
             "task_id": None}
FIXED = {
    "action_name": "approve", "revision_id_a": "earliest", "revision_id_b": "latest", "filter_spec": "max-165x165",
    "content_type_app_name": "cms", "content_type_model_name": "trainingcoursepage", "uidb64": "x", "token": "x",
}
# (app_label, model_name) a model-naming URL is about, by namespace; the default is the course page.
MODEL_BY_NAMESPACE = {"wagtailadmin_editing_sessions:": ("quota", "declaration"),
                      "wagtailadmin_workflows:": ("review", "townreviewtask"),
                      "wagtailadmin_tag_model_autocomplete": ("wagtailimages", "image")}


def _snippet(view_name: str) -> tuple[str | None, str | None]:
    """(side attribute, shared key) of the snippet model a view name is about."""
    match = _SNIPPET_NS.match(view_name)
    if not match:
        return None, None
    label = f"{match.group(1)}.{match.group(2)}"
    return SNIPPET_ATTRS.get(label), SHARED_SNIPPETS.get(label)


def _first(mapping: dict, view_name: str):
    return next((value for prefix, value in mapping.items() if view_name.startswith(prefix)), None)


def subject_attr(view_name: str) -> str | None:
    """The side attribute of the object a view is about (for ``pk``, ``?id=``, revisions …)."""
    snippet, _ = _snippet(view_name)
    if snippet:
        return snippet
    if view_name.startswith("wagtailadmin_editing_sessions:"):
        return "declaration"
    return _first(PK_BY_NAMESPACE, view_name)


def fill(view_name: str, names: list[str], side, shared: dict) -> tuple[dict, bool]:
    """Keyword arguments for one pattern, and whether one of them names a side object."""
    attr = subject_attr(view_name)
    _, shared_snippet = _snippet(view_name)
    page_view = view_name.startswith(("wagtailadmin_pages:", "wagtailadmin_workflows:remove"))
    kwargs, real = {}, False

    def side_pk(name):
        nonlocal real
        obj = getattr(side, name, None) if name else None
        if obj is None:
            return MISSING_ID
        real = True
        return obj.pk

    for name in names:
        if name in FIXED:
            value = FIXED[name]
        elif name in PAGE_KWARGS:
            value = side_pk("draft_course")
        elif name in ID_KWARGS:
            value = side_pk(ID_KWARGS[name]) if ID_KWARGS[name] else (
                side.page_task_state.task_id if page_view else shared["task"].pk)
        elif name in ("pk", "object_id"):
            shared_key = shared_snippet or _first(SHARED_BY_NAMESPACE, view_name)
            value = shared[shared_key].pk if shared_key and not attr else side_pk(attr)
        elif name in ("revision_id", "workflow_state_id", "task_state_id"):
            prefix = "page" if page_view else attr
            value = side_pk(f"{prefix}_{name.removesuffix('_id')}" if prefix else None)
        elif name == "workflow_pk":
            value = shared["workflow"].pk
        elif name in ("app_label", "model_name", "app_name"):
            app_label, model_name = _first(MODEL_BY_NAMESPACE, view_name) or ("cms", "trainingcoursepage")
            value = model_name if name == "model_name" else app_label
        elif name.endswith("id"):
            value = MISSING_ID
        else:
            value = "x"
        kwargs[name] = value
    return kwargs, real


def bulk_targets() -> list[tuple[str, str, str]]:
    """(app_label, model_name, action) of every registered bulk action."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    return [(app_label, model_name, action)
            for app_label, models in bulk_action_registry.actions.items()
            for model_name, actions in models.items() for action in actions]


BULK_ATTRS = {"wagtailcore.page": "draft_course", "wagtailimages.image": "image", "wagtaildocs.document": "document",
              "auth.user": "user", **SNIPPET_ATTRS}


def admin_probes(side, shared: dict) -> list[Probe]:
    """One probe per admin pattern (bulk actions: per model and action), filled with ``side``'s objects."""
    probes: list[Probe] = []
    seen: dict[str, int] = {}

    def add(key, view_name, path, real):
        seen[key] = seen.get(key, 0) + 1
        probes.append(Probe(key if seen[key] == 1 else f"{key}#{seen[key]}", view_name, path, real))

    for route, view_name, names, unnamed in admin_routes():
        if view_name is None:  # the admin's catch-all 404 and its test page
            add(route, None, "/" + route.replace("^.*/$", "no-such-admin-page/"), False)
        elif view_name == "wagtail_bulk_action":
            for app_label, model_name, action in bulk_targets():
                obj = getattr(side, BULK_ATTRS.get(f"{app_label}.{model_name}", ""), None)
                path = reverse(view_name, kwargs={"app_label": app_label, "model_name": model_name, "action": action})
                add(f"{view_name}[{app_label}.{model_name}.{action}]", view_name,
                    f"{path}?id={obj.pk if obj is not None else MISSING_ID}", obj is not None)
        elif unnamed:  # documents/<id>/<filename>
            document = getattr(side, "document", None)
            args = (document.pk, document.filename) if document else (MISSING_ID, "x.pdf")
            add(view_name, view_name, reverse(view_name, args=args), document is not None)
        else:
            kwargs, real = fill(view_name, names, side, shared)
            path = reverse(view_name, kwargs=kwargs)
            if view_name.endswith("chosen_multiple"):
                attr = subject_attr(view_name)
                obj = getattr(side, attr, None) if attr else None
                _, shared_snippet = _snippet(view_name)
                obj = shared[shared_snippet] if shared_snippet else obj
                path += f"?id={obj.pk if obj is not None else MISSING_ID}"
                real = real or (obj is not None and not shared_snippet)
            elif view_name == "wagtailadmin_api:pages:listing":
                path += f"?child_of={side.provider_page.pk}"  # the side's subtree, with its draft course
                real = True
            add(view_name, view_name, path, real)
    return probes
