"""The Wagtail admin goes through the access rules (issue 13): provider B and the town Y reviewer
never read side A's enrolments, subsidy applications, declarations, draft course pages, images or
documents through Wagtail's generic admin views — choosers (list, ``?q=``, ``chosen/<id>/``,
``chosen-multiple/?id=``), bulk-action confirmation pages, history, usage, workflow history, reports,
the page chooser, explorer, search and the admin API — and cannot act on another object's workflow
task. Both layers are tested: the gate in front of ``/admin/`` (``employment.admin_access``) and, with
the gate taken out of ``MIDDLEWARE``, the scoped views behind it (``employment.admin_scoping``)."""

from __future__ import annotations

import pytest

from tests.security.conftest import DRAFT_TITLES, SIDE_A_MARKERS
from tests.security.test_access_matrix import classify_admin, response_text

pytestmark = pytest.mark.django_db

SIDE_B_ADMIN = ["provider_b", "town_y"]
GATE = "employment.admin_access.AdminAccessMiddleware"
SNIPPETS = {"enrolment": "cms/enrolment", "subsidy": "subsidies/subsidyapplication",
            "declaration": "quota/declaration"}


@pytest.fixture(params=["gate", "scoped views only"])
def layer(request, settings):
    """Run a test once with everything and once with the gate taken out of MIDDLEWARE."""
    if request.param != "gate":
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != GATE]
    return request.param


def markers(response) -> list[str]:
    text = response_text(response)
    return [m for m in SIDE_A_MARKERS if m in text]


def signed_in(client, world, role):
    client.force_login(world.users[role])
    return client


# ---- snippet choosers ------------------------------------------------------------------------------


def test_snippet_choosers_do_not_show_side_a(world, admin_sides, client, layer):
    """Provider B and town Y, on the enrolment, subsidy application and declaration choosers."""
    found = {}
    for role in SIDE_B_ADMIN:
        signed_in(client, world, role)
        for attr, model in SNIPPETS.items():
            pk, base = getattr(admin_sides["a"], attr).pk, f"/admin/snippets/choose/{model}/"
            for path in (base, f"{base}results/", f"{base}?q=张甲", f"{base}results/?q=甲公司", f"{base}chosen/{pk}/",
                         f"{base}chosen-multiple/?id={pk}", f"{base}chosen-multiple/?id={pk}&multiple=1"):
                response = client.get(path)
                if markers(response):
                    found[(role, path)] = markers(response)
                # a single chosen object is refused; several (without the gate) come back as an empty choice
                if ("/chosen/" in path or ("chosen" in path and layer == "gate")) and classify_admin(response) != "denied":
                    found[(role, path)] = response.status_code
    assert found == {}


def test_snippet_choosers_list_what_the_reviewer_may_see(world, admin_sides, client, layer):
    a, b = admin_sides["a"], admin_sides["b"]
    signed_in(client, world, "town_x")
    listing = response_text(client.get("/admin/snippets/choose/quota/declaration/"))
    assert str(a.declaration) in listing and str(b.declaration) not in listing
    chosen = client.get(f"/admin/snippets/choose/subsidies/subsidyapplication/chosen/{a.subsidy.pk}/")
    assert chosen.status_code == 200 and "张甲" in response_text(chosen)
    signed_in(client, world, "district")
    listing = response_text(client.get("/admin/snippets/choose/cms/enrolment/"))
    assert "张甲" in listing and "李乙" in listing


# ---- bulk actions ----------------------------------------------------------------------------------

BULK = [("quota/declaration/delete", "declaration"), ("subsidies/subsidyapplication/delete", "subsidy"),
        ("cms/enrolment/delete", "enrolment"), ("wagtailcore/page/delete", "draft_course"),
        ("wagtailcore/page/publish", "draft_course"), ("wagtailcore/page/unpublish", "draft_course"),
        ("wagtailcore/page/move", "draft_course"), ("wagtailimages/image/delete", "image"),
        ("wagtaildocs/document/delete", "document")]


def test_bulk_action_confirmation_pages_do_not_name_side_a(world, admin_sides, client, layer):
    found = {}
    for role in SIDE_B_ADMIN:
        signed_in(client, world, role)
        for action, attr in BULK:
            pk = getattr(admin_sides["a"], attr).pk
            for query in (f"id={pk}", "id=all"):
                response = client.get(f"/admin/bulk/{action}/?{query}")
                if markers(response):
                    found[(role, action, query)] = markers(response)
            if classify_admin(client.get(f"/admin/bulk/{action}/?id={pk}")) != "denied":
                found[(role, action)] = "reached"
    assert found == {}


def test_not_even_the_district_bulk_deletes_filings(world, admin_sides, client, layer):
    """Filings are never deleted in bulk (the only snippet bulk action is delete): the district, which
    could before, is refused by the gate; without the gate the delete hook still keeps them
    (tests/review/test_admin_edit_guard.py has the superuser side)."""
    a, b = admin_sides["a"], admin_sides["b"]
    signed_in(client, world, "district")
    for path, objs in (("quota/declaration", (a.declaration, b.declaration)),
                       ("subsidies/subsidyapplication", (a.subsidy, b.subsidy))):
        url = f"/admin/bulk/{path}/delete/?" + "&".join(f"id={obj.pk}" for obj in objs)
        response = client.get(url)
        if layer == "gate":
            assert response.status_code in (403, 404)
            assert not any(str(obj) in response_text(response) for obj in objs)
            assert client.post(url).status_code in (403, 404)
        else:  # the views alone: the before_delete_snippet hook (review/wagtail_hooks.py) refuses
            assert client.post(url, follow=True).status_code == 200
        assert all(type(obj).objects.filter(pk=obj.pk).exists() for obj in objs)


# ---- history, usage, workflow history, reports -----------------------------------------------------


def _object_pages(side) -> list[str]:
    pages = []
    for attr, path in (("declaration", "quota/declaration"), ("subsidy", "subsidies/subsidyapplication")):
        obj, state = getattr(side, attr), getattr(side, f"{attr}_workflow_state")
        base = f"/admin/snippets/{path}"
        pages += [f"{base}/history/{obj.pk}/", f"{base}/history-results/{obj.pk}/", f"{base}/usage/{obj.pk}/",
                  f"{base}/workflow_history/{obj.pk}/", f"{base}/workflow_history/{obj.pk}/detail/{state.pk}/",
                  f"{base}/history/{obj.pk}/revisions/compare/earliest...latest/", f"{base}/edit/{obj.pk}/"]
    enrolment = side.enrolment.pk
    pages += [f"/admin/snippets/cms/enrolment/{view}/{enrolment}/" for view in ("history", "usage", "inspect", "edit")]
    page = side.draft_course.pk
    pages += [f"/admin/pages/{page}/{view}/" for view in ("history", "usage", "workflow_history", "edit", "view_draft")]
    pages += [f"/admin/pages/{page}/workflow_history/detail/{side.page_workflow_state.pk}/",
              f"/admin/pages/{page}/revisions/compare/earliest...latest/", f"/admin/pages/{page}/move/{page}/confirm/"]
    return pages


REPORTS = ["/admin/reports/site-history/", "/admin/reports/site-history/results/", "/admin/reports/workflow/",
           "/admin/reports/workflow/results/", "/admin/reports/workflow_tasks/", "/admin/reports/locked/",
           "/admin/reports/aging-pages/", "/admin/reports/page-types-usage/", "/admin/pages/usage/cms/trainingcoursepage/",
           "/admin/snippets/"]


def test_history_usage_workflow_history_and_reports_hide_side_a(world, admin_sides, client, layer):
    from wagtail.models import Page

    Page.objects.filter(pk=admin_sides["a"].draft_course.pk).update(locked=True, locked_by=world.users["district"])
    for role in SIDE_B_ADMIN:
        signed_in(client, world, role)
        paths = [*_object_pages(admin_sides["a"]), *REPORTS]
        shown = {path: found for path in paths if (found := markers(client.get(path)))}
        assert shown == {}, role
        if layer == "gate":  # the reports list the whole site: the district's only
            reached = [path for path in REPORTS if classify_admin(client.get(path)) == "ok"]
            assert reached == [], role


def test_the_district_keeps_its_reports_and_histories(world, admin_sides, client):
    signed_in(client, world, "district")
    a = admin_sides["a"]
    for path in [*REPORTS, *_object_pages(a)[:5]]:
        assert classify_admin(client.get(path)) == "ok", path
    assert DRAFT_TITLES["a"] in response_text(client.get("/admin/reports/workflow/"))


# ---- pages: chooser, explorer, search, admin API ---------------------------------------------------


def _page_views(side) -> list[str]:
    root, draft = side.provider_page.pk, side.draft_course.pk
    return [f"/admin/choose-page/{root}/", f"/admin/choose-page/{draft}/", "/admin/choose-page/search/?q=DraftA",
            f"/admin/choose-page/chosen-multiple/?id={draft}", "/admin/pages/search/?q=DraftA",
            "/admin/pages/search/results/?q=DraftA", f"/admin/pages/{root}/", f"/admin/pages/{root}/?q=DraftA",
            f"/admin/api/main/pages/?child_of={root}", f"/admin/api/main/pages/{draft}/",
            "/admin/api/main/pages/?search=DraftA", f"/admin/choose-page/{side.provider_page.get_parent().pk}/"]


def test_provider_b_never_sees_provider_a_drafts(world, admin_sides, client, layer):
    signed_in(client, world, "provider_b")
    paths = _page_views(admin_sides["a"])
    if layer != "gate":
        # Wagtail's page chooser names the parent page of its URL, and its chosen-multiple view the
        # pages of ?id=, with no hook to narrow them (construct_page_chooser_queryset narrows the
        # children only): for these two only the gate checks the ids.
        paths = [p for p in paths if not p.startswith(("/admin/choose-page/chosen-multiple/",
                                                       f"/admin/choose-page/{admin_sides['a'].draft_course.pk}/"))]
    shown = {path: found for path in paths if (found := markers(client.get(path)))}
    assert shown == {}


def test_a_provider_finds_its_own_drafts(world, admin_sides, client, layer):
    signed_in(client, world, "provider_a")
    for path in _page_views(admin_sides["a"])[:5]:
        assert DRAFT_TITLES["a"] in response_text(client.get(path)), path


# ---- workflow task action URLs ---------------------------------------------------------------------


def test_a_reviewer_cannot_act_on_another_towns_task_through_its_own_object(world, admin_sides, client, layer):
    """Wagtail checks the user's actions on the object in the URL but acts on the task state in the
    URL: town X approving its own declaration's URL with town Y's task state must change nothing."""
    from wagtail.models import TaskState

    a, b = admin_sides["a"], admin_sides["b"]
    signed_in(client, world, "town_x")
    for model in ("declaration", "subsidy"):
        path, foreign = SNIPPETS[model], getattr(b, f"{model}_task_state")
        url = f"/admin/snippets/{path}/workflow/action/{getattr(a, model).pk}/approve/{foreign.pk}/"
        assert client.post(url, {"comment": "同意"}).status_code == 404, model
        assert TaskState.objects.get(pk=foreign.pk).status == TaskState.STATUS_IN_PROGRESS, model
        own = getattr(a, f"{model}_task_state")
        assert client.get(f"/admin/snippets/{path}/workflow/action/{getattr(a, model).pk}/approve/{own.pk}/"
                          ).status_code == 200, model  # its own step still works


def test_a_review_task_acts_only_for_the_reviewers_of_its_own_object(world, admin_sides):
    """The same rule on the task itself, whichever view or service calls it."""
    from django.core.exceptions import PermissionDenied
    from wagtail.models import TaskState

    foreign = admin_sides["b"].declaration_task_state
    with pytest.raises(PermissionDenied):
        foreign.task.specific.on_action(foreign, world.users["town_x"], "approve")
    assert TaskState.objects.get(pk=foreign.pk).status == TaskState.STATUS_IN_PROGRESS


# ---- images and documents --------------------------------------------------------------------------


def test_images_and_documents_of_a_restricted_collection(world, admin_sides, client):
    a = admin_sides["a"]
    image, document = a.image.pk, a.document.pk
    paths = [f"/admin/images/chooser/chosen/{image}/", f"/admin/images/chooser/{image}/select_format/",
             f"/admin/images/chooser/chosen-multiple/?id={image}", f"/admin/images/{image}/",
             f"/admin/images/{image}/preview/max-165x165/", f"/admin/images/usage/{image}/",
             "/admin/images/chooser/", "/admin/images/", f"/admin/api/main/images/{image}/", "/admin/api/main/images/",
             f"/admin/documents/chooser/chosen/{document}/", f"/admin/documents/chooser/chosen-multiple/?id={document}",
             f"/admin/documents/edit/{document}/", "/admin/documents/chooser/", "/admin/documents/",
             f"/admin/api/main/documents/{document}/", "/admin/api/main/documents/", a.document.url]
    for role in ("provider_b", "town_y", "district"):
        signed_in(client, world, role)
        shown = {path: found for path in paths if (found := markers(client.get(path)))}
        assert shown == {}, role


def test_the_collections_group_uses_its_images_and_documents(world, admin_sides, client):
    a = admin_sides["a"]
    signed_in(client, world, "provider_a")
    assert "甲方内部图片" in response_text(client.get(f"/admin/images/chooser/chosen/{a.image.pk}/"))
    assert "甲方内部文件" in response_text(client.get(f"/admin/documents/chooser/chosen/{a.document.pk}/"))
    assert client.get(a.document.url).status_code == 200


# ---- the gate itself -------------------------------------------------------------------------------


def test_every_rule_names_an_existing_admin_url():
    """No typo in ADMIN_RULES. The one exception: the rules of a snippet viewset cover every view a
    snippet can have (inspect, preview …), so switching such a feature on needs no new rule."""
    from employment import admin_access
    from tests.security.admin_urls import admin_routes

    names = {name for _, name, _, _ in admin_routes() if name}
    namespaces = {name.split(":")[0] for name in names if name.startswith("wagtailsnippets_")}
    feature_views = {f"{ns}:{view}" for ns in namespaces for view in admin_access.SNIPPET_OBJECT_VIEWS}
    assert set(admin_access.ADMIN_RULES) - names - feature_views == set()
    assert set(admin_access.PUBLIC) - names == set()


def test_an_admin_url_without_a_rule_is_denied_to_everyone_but_superusers(world, client, monkeypatch, admin_sides):
    from django.contrib.auth import get_user_model

    from employment import admin_access

    path = "/admin/reports/site-history/"
    signed_in(client, world, "district")
    assert client.get(path).status_code == 200
    monkeypatch.delitem(admin_access.ADMIN_RULES, "wagtailadmin_reports:site_history")
    response = client.get(path)
    assert response.status_code == 403 and "无权访问" in response.content.decode()
    admin = get_user_model().objects.create_superuser("root", password="Root-password-123")
    client.force_login(admin)
    assert client.get(path).status_code == 200
    assert client.get("/admin/users/").status_code == 200  # superuser-only pages: Wagtail decides


def test_declaring_a_rule_is_one_line(world, client, monkeypatch, admin_sides):
    """How another admin view is opened to a role: one entry in ADMIN_RULES."""
    from employment import admin_access

    path = "/admin/users/"
    signed_in(client, world, "district")
    assert client.get(path).status_code == 403
    monkeypatch.setitem(admin_access.ADMIN_RULES, "wagtailusers_users:index", admin_access.rule(admin_access.DISTRICT))
    assert client.get(path).status_code != 403  # now Wagtail's own permission check decides


def test_anonymous_users_are_sent_to_the_admin_login(client, db):
    for path in ("/admin/reports/site-history/", "/admin/snippets/choose/cms/enrolment/chosen/1/", "/admin/nowhere/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
    assert client.get("/admin/login/").status_code == 200


def test_menus_offer_only_what_the_gate_allows(world, admin_sides, client):
    signed_in(client, world, "provider_a")
    home = client.get("/admin/").content.decode()
    assert "/admin/reports/" not in home and "/admin/snippets/" not in home
    signed_in(client, world, "district")
    home = client.get("/admin/").content.decode()
    assert "/admin/reports/site-history/" in home


@pytest.mark.parametrize("role", ["seeker_a", "employer_a"])
def test_portal_roles_get_a_chinese_403_in_the_admin(world, client, role):
    signed_in(client, world, role)
    for path in ("/admin/", "/admin/snippets/choose/cms/enrolment/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 403 and "无权访问" in response.content.decode(), path


def test_the_gate_cannot_be_dropped_silently(settings):
    from employment.admin_access import admin_gate_installed

    assert admin_gate_installed() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != GATE]
    settings.WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS = False
    assert {e.id for e in admin_gate_installed()} == {"employment.A001", "employment.A002"}
