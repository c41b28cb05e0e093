"""The Wagtail admin in Chinese: the federation's roles instead of Wagtail's English groups and default
workflow (cms 0004), admin page search that finds Chinese words (within what each user may see), page
slugs in pinyin, and Chinese for the admin strings Wagtail leaves in English."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Task, Workflow, WorkflowPage

from cms import services
from cms.models import NewsIndexPage, NewsPage
from cms.slugs import pinyin_slug
from tests.cms.conftest import make_course

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0004_wagtail_defaults_to_federation_roles")


def _english_names() -> list[str]:
    names = [*Group.objects.values_list("name", flat=True), *Workflow.objects.values_list("name", flat=True),
             *Task.objects.values_list("name", flat=True)]
    return [n for n in names if n in ("Moderators", "Editors") or "approval" in n.casefold()]


def test_after_migrate_no_english_group_or_workflow_is_left():
    assert _english_names() == []
    workflow = Workflow.objects.get(name=migration.WORKFLOW_NAME)
    assert WorkflowPage.objects.filter(workflow=workflow, page__depth=1).exists()  # still the whole site's
    task = GroupApprovalTask.objects.get(name=migration.TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == ["区残联"]


def test_the_migration_renames_a_site_that_still_has_wagtails_defaults(world):
    """An existing site: both English groups, one of them with a member, and the default workflow."""
    Workflow.objects.filter(name=migration.WORKFLOW_NAME).update(name=migration.DEFAULT_NAME)
    Task.objects.filter(name=migration.TASK_NAME).update(name=migration.DEFAULT_NAME)
    moderators = Group.objects.create(name="Moderators")
    editors = Group.objects.create(name="Editors")
    GroupPagePermission.objects.create(group=editors, page=Page.get_first_root_node(), permission_type="change")
    GroupApprovalTask.objects.get(name=migration.DEFAULT_NAME).groups.set([moderators])
    world.users["town_x"].groups.add(moderators)

    migration.wagtail_defaults_to_federation_roles(django_apps, None)

    assert _english_names() == []
    assert Workflow.objects.filter(name=migration.WORKFLOW_NAME).exists()
    task = GroupApprovalTask.objects.get(name=migration.TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == ["区残联"]
    assert not Group.objects.filter(pk=editors.pk).exists()  # empty: gone, with its rights on the root
    assert not GroupPagePermission.objects.filter(group_id=editors.pk).exists()
    moderators.refresh_from_db()  # someone was in it: kept, in Chinese
    assert moderators.name == migration.GROUP_NAMES["Moderators"]
    assert world.users["town_x"].groups.filter(pk=moderators.pk).exists()


def test_public_pages_go_to_the_district_and_courses_keep_their_own_workflow(world, training):
    home = services.homepage_ensure()
    news_index = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态")
    news = news_index.add_child(instance=NewsPage(title="助残活动", slug="zhucan", body=[]))
    news.save_revision(user=world.users["district"])
    workflow = news.get_workflow()
    assert workflow is not None and workflow.name == migration.WORKFLOW_NAME
    state = workflow.start(news, world.users["district"])
    task = state.current_task_state.task.specific
    assert task.get_actions(news, world.users["district"])  # the district can approve it
    assert task.get_actions(news, world.users["provider_a"]) == []

    course = make_course(training.page_a, slug="new-course", title="新课程", publish=False)
    assert course.get_workflow().name == services.COURSE_WORKFLOW_NAME


# ---- admin page search --------------------------------------------------------------------------


def _admin_search(client, query: str) -> str:
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_admin_page_search_finds_a_chinese_word_inside_a_title(world, training, client_for):
    make_course(training.page_b, slug="zhangshui", title="章水竹编工坊招收学员")
    district = client_for(world.users["district"])
    html = _admin_search(district, "竹编")
    assert "章水竹编工坊招收学员" in html and "乙校竹编培训" in html
    assert "甲校电商培训" not in html
    # A query of several words, typed without spaces, is segmented the same way.
    assert "章水竹编工坊招收学员" in _admin_search(district, "竹编工坊")
    assert "甲校电商培训" in _admin_search(district, "电商培训")


def test_admin_page_search_shows_a_provider_only_its_own_pages(world, training, client_for):
    html = _admin_search(client_for(world.users["provider_a"]), "培训")
    assert "甲校电商培训" in html and "乙校竹编培训" not in html
    html = _admin_search(client_for(world.users["provider_b"]), "竹编")
    assert "乙校竹编培训" in html


def test_page_chooser_search_finds_chinese_words_within_the_providers_scope(world, training, client_for):
    client = client_for(world.users["provider_a"])
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "电商"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲校电商培训" in html
    other = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "竹编"}).content.decode()
    assert "乙校竹编培训" not in other  # another provider's course is live, but in its private subtree


# ---- slugs ----------------------------------------------------------------------------------------


def test_pinyin_slug_is_readable_ascii():
    assert pinyin_slug("竹编技艺培训班") == "zhubian-jiyi-peixunban"
    assert pinyin_slug("Wagtail 入门") == "wagtail-rumen"
    assert pinyin_slug("！？") == ""
    long = pinyin_slug("关于公布二〇二五年度按比例安排残疾人就业年审结果和超比例奖励名单的公示" * 3)
    assert long.isascii() and len(long) <= 60 and not long.endswith("-")


def test_a_chinese_titled_page_gets_a_pinyin_slug_unique_among_its_siblings():
    home = services.homepage_ensure()
    index = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态")
    # The admin fills the slug from the title as the editor types: Chinese, as Wagtail would leave it.
    first = index.add_child(instance=NewsPage(title="竹编技艺培训班开班", slug="竹编技艺培训班开班", body=[]))
    second = index.add_child(instance=NewsPage(title="竹编技艺培训班开班", slug="", body=[]))
    assert first.slug == "zhubian-jiyi-peixunban-kaiban"
    assert second.slug == "zhubian-jiyi-peixunban-kaiban-2"
    assert first.url.isascii() and first.url.endswith("/news/zhubian-jiyi-peixunban-kaiban/")
    kept = index.add_child(instance=NewsPage(title="竹编", slug="bamboo", body=[]))
    assert kept.slug == "bamboo"  # an ASCII slug the editor typed is kept


# ---- Chinese for Wagtail's own English ------------------------------------------------------------


def test_the_admin_dashboard_and_shortcuts_dialog_are_in_chinese(world, training, client_for):
    html = client_for(world.users["district"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Privacy and access" not in html
    assert "Show keyboard shortcuts" not in html and "显示键盘快捷键" in html
    edit = client_for(world.users["provider_a"]).get(
        reverse("wagtailadmin_pages:edit", args=[training.course_a.pk])).content.decode()
    assert "网址和搜索" in edit and ">Promote<" not in edit
    # The slug's example fits every page type, not only news (a course's address is not under /news/).
    assert "网址的最后一段" in edit and "/news/[网址名称]" not in edit


def _news_added_in_the_admin(client, title: str, *, follow: bool = False):
    """District staff add a news page in the admin, typing the title as its slug (the news index made
    first): (the index, the add form's response)."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    home = services.homepage_ensure()
    index = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态")
    services.district_content_permissions_ensure()
    data = nested_form_data({
        "title": title, "slug": title, "date": "2026-05-01", "intro": "",
        "body": streamfield([("paragraph", rich_text("<p>招聘会现场。</p>"))]),
    })
    return index, client.post(reverse("wagtailadmin_pages:add", args=["cms", "newspage", index.pk]), data,
                               follow=follow)


def test_a_page_added_in_the_admin_with_the_chinese_slug_the_editor_sees_gets_pinyin(world, client_for):
    index, response = _news_added_in_the_admin(client_for(world.users["district"]), "助残招聘会在鼓楼举行")
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.child_of(index).get(title="助残招聘会在鼓楼举行")
    assert page.slug.isascii() and page.slug.startswith("zhucan-zhaopinhui")


def test_the_admin_is_the_platforms_and_leaves_out_wagtails_english_help_links(world, training, client_for):
    html = client_for(world.users["provider_a"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "<title>控制面板 - 曙光管理后台</title>" in html and "- Wagtail</title>" not in html
    assert 'href="/static/favicon.svg"' in html
    # The help menu's release notes and English editor guide (with their 「新」 badges), and the
    # dashboard's link to that guide.
    assert "whats-new-in-wagtail" not in html and "editor-guide" not in html
    assert "guide.wagtail.org" not in html
    assert "keyboard-shortcuts-trigger" in html  # the help menu keeps the shortcuts


def test_admin_page_search_counts_results_without_printing_none(world, training, client_for):
    html = _admin_search(client_for(world.users["district"]), "培训")
    assert "个None" not in html and "项None" not in html
    assert re.search(r"共 \d+ 项，当前第 1–\d+ 项", html), html[html.find("w-table"):][:1500]


def test_wagtails_javascript_strings_left_in_english_are_chinese(world, client_for):
    from django.utils import translation

    client = client_for(world.users["district"])
    with translation.override("zh-hans"):
        catalog = client.get(reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    js = catalog.content.decode()

    def has(text: str) -> bool:  # the catalogue may write Chinese as \\u escapes
        return text in js or json.dumps(text)[1:-1] in js

    assert has("插入内容块")
    assert has("（新）") and has("此菜单有")


def test_the_message_after_saving_quotes_the_title_in_chinese(world, client_for):
    client = client_for(world.users["district"])
    index, response = _news_added_in_the_admin(client, "助残招聘会", follow=True)
    html = response.content.decode()
    assert "页面“助残招聘会”已创建。" in html and "'助残招聘会'" not in html
    # The header's actions are labelled in Chinese for screen readers (Wagtail writes "Actions").
    explorer = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert 'aria-label="Actions"' not in explorer and 'aria-label="操作"' in explorer


def test_workflow_words_and_yes_no_icons_in_chinese(world, training, client_for, django_user_model):
    root = client_for(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    users = root.get(reverse("wagtailusers_users:index")).content.decode()
    i = users.find("True")
    assert i == -1, users[i - 300:i + 50]
    assert re.search(r">\s*是\s*</span>", users)
    workflows = root.get(reverse("wagtailadmin_workflows:index")).content.decode()
    assert "步进数" not in workflows and "第 1 步" in workflows
    tasks = root.get(reverse("wagtailadmin_workflows:task_index")).content.decode()
    assert "审核步骤" in tasks and "工作流任务" not in tasks
