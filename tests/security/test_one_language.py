"""One language (issue 16 item 11): every page is Chinese whatever the browser asks for — an English or
a French browser, with a language cookie too — including Django's own messages and the error pages;
and no template of the project hard-codes an English UI string ("Skip to main content").

The check reads what a person meets: text, and the attributes a screen reader speaks or a browser
shows (title, aria-label, alt, placeholder, button values). A word of Latin letters is English unless
it is one of the few names and formats the pages name on purpose (Excel, CSV …) or data of the test
(a username)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BROWSERS = {
    "en": "en-US,en;q=0.9",
    "fr": "fr-FR,fr;q=0.9,en;q=0.8",
}
# Names and formats a page may name in Latin letters: file formats and encodings, the authenticator
# apps the second-factor page suggests, a browser's "Cookie".
ALLOWED_WORDS = {
    "excel", "csv", "xlsx", "utf", "gbk", "cookie", "microsoft", "authenticator", "freeotp", "pdf",
}
SPOKEN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "aria-description"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


class _VisibleText(HTMLParser):
    """Text nodes outside <script>/<style>, the spoken attributes, the labels of buttons; and every
    ``lang`` attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.langs: list[tuple[str, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if "lang" in attrs:
            self.langs.append((tag, attrs["lang"] or ""))
        self.parts.extend(v for k, v in attrs.items() if k in SPOKEN_ATTRIBUTES and v)
        if tag == "input" and (attrs.get("type") or "").lower() in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def english_words(html: str, *, data: tuple[str, ...] = ()) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in data:  # the test's own data (a username), not UI
        text = text.replace(value, " ")
    return [w for w in LATIN_WORD.findall(text) if w.lower() not in ALLOWED_WORDS]


def _langs(html: str) -> list[tuple[str, str]]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.langs


def assert_one_language(response, status: int, *, data: tuple[str, ...] = ()) -> str:
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:500])
    page = html
    for value in data:  # a username marked lang="en" for screen readers is data, not the page's language
        page = re.sub(rf'<(\w+) lang="en">{re.escape(value)}</\1>', value, page)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert _langs(page)[0] == ("html", "zh-Hans")
    assert not [lang for _, lang in _langs(page) if not lang.lower().startswith("zh")], _langs(page)
    assert not english_words(page, data=data), english_words(page, data=data)
    assert "en" not in response.get("Content-Language", "")
    return html


@pytest.fixture(params=sorted(BROWSERS))
def foreign_client(request):
    """A client whose browser prefers another language, and says so in a language cookie too."""

    def make(**kwargs) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=BROWSERS[request.param], raise_request_exception=False, **kwargs)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
        return client

    return make


def test_the_checker_finds_english():
    """The check itself: it would catch the fragments the issue names, and not the allowed names."""
    assert english_words('<a class="skip-link">跳到主要内容 <span lang="en">Skip to main content</span></a>')
    assert english_words("<h1>403 Forbidden</h1>") == ["Forbidden"]
    assert english_words('<button aria-label="Close">×</button>') == ["Close"]
    assert english_words('<input type="submit" value="Log in">') == ["Log", "in"]
    assert not english_words("<p>下载模板（Excel）或 CSV</p><script>var skip = 'Skip';</script>")
    assert english_words("<p>退出登录（seeker_a）</p>", data=("seeker_a",)) == []


def test_home_page(foreign_client, world):
    assert_one_language(foreign_client().get("/"), 200)


def test_wagtails_sign_in_and_password_pages_are_on_the_sites_layout(foreign_client, world):
    from wagtail.models import PageViewRestriction, Site

    client = foreign_client()
    html = assert_one_language(client.get("/_util/login/"), 200)
    assert "登录" in html and 'class="skip-link"' in html  # the site's layout, not Wagtail's bare page
    home = Site.objects.get(is_default_site=True).root_page
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.PASSWORD, password="mima-2026")
    html = assert_one_language(client.get("/"), 200)
    assert "需要密码" in html and 'name="password"' in html and 'class="skip-link"' in html


def test_public_job_list_and_job_page(foreign_client, world):
    client = foreign_client()
    assert_one_language(client.get(reverse("job-list")), 200)
    assert_one_language(client.get(reverse("job-list"), {"page": "99"}), 200)


def test_login_with_a_wrong_password(foreign_client, world):
    client = foreign_client()
    assert_one_language(client.get(reverse("login")), 200)
    html = assert_one_language(
        client.post(reverse("login"), {"username": "seeker_a", "password": "wrong-password"}), 200,
        data=("seeker_a",),
    )
    assert "用户名或密码不正确" in html


@pytest.mark.parametrize(("password", "message"), [
    ("Ab3-x", "密码太短"),
    ("", "请填写密码"),
    ("12345678901234", "密码不能全是数字。请加上字母或符号。"),
])
def test_signup_with_a_bad_password(foreign_client, world, password, message):
    response = foreign_client().post(reverse("seeker-signup"), {
        "name": "王小明", "username": "wangxiaoming", "password1": password, "password2": password,
    })
    html = assert_one_language(response, 200, data=("wangxiaoming",))
    assert message in html


def test_a_missing_page_is_a_chinese_404(foreign_client, world):
    client = foreign_client()
    html = assert_one_language(client.get("/no-such-page/"), 404)
    assert "未找到页面" in html
    assert_one_language(client.get(reverse("job-detail", args=[999_999])), 404)


def test_a_refusal_is_a_chinese_403(foreign_client, world):
    client = foreign_client()
    client.force_login(world.users["seeker_a"])
    html = assert_one_language(client.get(reverse("staff-seeker-list")), 403, data=("seeker_a",))
    assert "无权访问" in html


def test_a_stale_form_is_a_chinese_csrf_page(foreign_client, world):
    html = assert_one_language(
        foreign_client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"}), 403,
    )
    assert "页面已过期" in html


def test_opening_a_form_target_is_a_chinese_405(foreign_client, world):
    """A bookmarked 退出登录 link: Django answers an empty 405; the page says what to do instead."""
    client = foreign_client()
    client.force_login(world.users["seeker_a"])
    response = client.get(reverse("logout"))
    html = assert_one_language(response, 405, data=("seeker_a",))
    assert "不能这样打开这个页面" in html and "POST" in response["Allow"]


def test_a_bad_request_is_a_chinese_400(foreign_client, world):
    assert_one_language(foreign_client(HTTP_HOST="attacker.example").get(reverse("job-list")), 400)


def test_a_seekers_pages_with_filters(foreign_client, world):
    client = foreign_client()
    client.force_login(world.users["seeker_a"])
    for url, params in ((reverse("seeker-jobs"), {}), (reverse("seeker-home"), {}), (reverse("seeker-settings"), {})):
        assert_one_language(client.get(url, params), 200, data=("seeker_a",))
    # The field's message, in Chinese (the project's, which says what to type, not Django's 输入一个数字).
    html = assert_one_language(client.get(reverse("seeker-jobs"), {"min_pay": "abc", "page": "9"}), 200,
                               data=("seeker_a",))
    assert "月薪至少请填整数（元），例如 3000。" in html


def test_a_new_staff_user_gets_the_wagtail_admin_in_chinese(foreign_client, world):
    """No Wagtail profile yet, an English or French browser and cookie: the admin is Chinese."""
    from wagtail.users.models import UserProfile

    from employment.models import Role
    from tests.factories import make_user

    user = make_user(Role.DISTRICT, username="new-district-clerk")
    assert not UserProfile.objects.filter(user=user).exists()
    client = foreign_client()
    login = client.get("/admin/login/").content.decode()
    assert 'lang="zh-hans"' in login and "登录" in login
    client.force_login(user)
    admin = client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in admin
    for english in ("Dashboard", "Log out", "Sign in", "Pages", "Search", "Settings", "Help"):
        assert f">{english}<" not in admin, english


# ---- the templates themselves ------------------------------------------------------------------------

# Comments, translated blocks (their words go through the catalogue: locale/ and Wagtail's), tags, variables.
TEMPLATE_SYNTAX = re.compile(
    r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}",
    re.S,
)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _project_templates() -> list[Path]:
    root = Path(settings.BASE_DIR).resolve()
    folders = [root / "templates"] + [p for p in root.glob("*/templates") if p.is_dir()]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".html", ".txt"))


def test_no_template_hard_codes_an_english_ui_string():
    templates = _project_templates()
    assert len(templates) > 100  # the walk found the project's templates
    found = {}
    for path in templates:
        source = HTML_COMMENT.sub(" ", TEMPLATE_SYNTAX.sub(" ", path.read_text(encoding="utf-8")))
        if path.suffix == ".txt":  # e-mails and texts: every word is read
            words = [w for w in LATIN_WORD.findall(source) if w.lower() not in ALLOWED_WORDS]
        else:
            words = english_words(source)
        if words:
            found[str(path.relative_to(settings.BASE_DIR))] = words
    assert not found, found


ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/workflows/list/", "/admin/snippets/quota/declaration/",
               "/admin/sites/", "/admin/collections/", "/admin/groups/", "/admin/users/", "/admin/workflows/tasks/index/",
               "/admin/reports/site-history/", "/admin/reports/aging-pages/", "/admin/reports/locked/",
               "/admin/reports/workflow/", "/admin/snippets/", "/admin/images/", "/admin/documents/",
               "/admin/redirects/", "/admin/workflows/add/", "/admin/reports/page-types-usage/"]


def test_the_admin_pages_a_superuser_opens_are_chinese(foreign_client, world):
    """The dashboard (no "new version" banner in English), the page tree's root (Wagtail's explanation),
    the review workflows (how many kinds of snippet each is used for), the declarations (补报 in
    words, not True/False), the page tree's root (全部站点, not Wagtail's "Root"), the lists of sites
    (端口号, not "Port"), collections, groups, users, tasks, reports (系统 for a publisher no one signed
    in as, apps by name), images, documents and redirects —
    whatever the browser asks for."""
    from django.contrib.auth import get_user_model

    from quota.models import Declaration

    Declaration.objects.create(employer=world.employer_a, year=2025, status="town_review", late=True)
    Declaration.objects.create(employer=world.employer_b, year=2025, status="town_review", late=False)
    # A page published by no signed-in user (a script, the demo's seeding): 较早的页面 names its
    # publisher 系统, not "None".
    from wagtail.models import Page

    Page.objects.get(depth=2).specific.save_revision().publish()
    client = foreign_client()
    client.force_login(get_user_model().objects.create_superuser("root-admin", "root@example.com", "x"))
    # The test's own data: the site's host name, the accounts' names and addresses (longest first, so
    # an address goes before the name inside it).
    users = get_user_model().objects.all()
    data = sorted({"JavaScript", "localhost", *users.values_list("username", flat=True),
                   *users.exclude(email="").values_list("email", flat=True)}, key=len, reverse=True)
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not english_words(html, data=tuple(data)), (url, english_words(html, data=tuple(data)))
    assert "系统" in client.get("/admin/reports/aging-pages/").content.decode()
    declarations = client.get("/admin/snippets/quota/declaration/").content.decode()
    assert re.search(r"<td[^>]*>\s*是\s*</td>", declarations) and re.search(r"<td[^>]*>\s*否\s*</td>", declarations)
