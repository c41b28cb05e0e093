"""Phones first (issue 16): every page a visitor, a job seeker or an employer reaches works at 375 × 740.

On each page: no horizontal scrolling, the page's <h1> on the first screen, axe-clean (WCAG 2.1 A/AA)
at that width, controls at least 44 px high, and every stacked table (table.stack) shown as cards
whose values follow their column's name. The header's 「无障碍设置」 and 「菜单」 buttons open and close
by keyboard (Enter, Escape). The Haishu demo (``seed_demo``) is loaded once for the module and served by
one live server; one browser context per role signs in once (the module's time matters).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest

WIDTH, HEIGHT = 375, 740

# The pages, by role: keys of the paths demo_site resolves (STATIC_PATHS and the demo's records).
PAGES = {
    "visitor": [
        "home", "job-list", "job-detail", "publicity", "training-index", "training-course", "policy-index",
        "policy", "news-index", "news", "search", "login", "signup",
    ],
    "seeker": [
        "work-queue", "seeker-home", "seeker-jobs", "seeker-applications", "seeker-assessment",
        "seeker-settings", "notifications", "notification-settings", "enrolments", "subsidies",
        "startup-apply", "job-detail", "job-apply",
    ],
    "employer": [
        "work-queue", "employer-home", "employer-applications", "employer-application", "candidates",
        "job-create", "company", "declarations", "declaration", "declaration-approved", "declaration-entry",
        "roster-upload", "declaration-submit", "declaration-revisions", "declaration-revision", "colleagues",
        "subsidies", "subsidy", "subsidy-evidence", "notifications", "password-change",
    ],
}
CASES = [(role, name) for role, names in PAGES.items() for name in names]

STATIC_PATHS = {
    "home": "/", "job-list": "/jobs/", "publicity": "/publicity/2024/", "search": "/search/?q=客服",
    "login": "/accounts/login/", "signup": "/signup/", "work-queue": "/portal/todo/", "seeker-home": "/seeker/",
    "seeker-jobs": "/seeker/jobs/", "seeker-applications": "/seeker/applications/",
    "seeker-assessment": "/seeker/assessment/", "seeker-settings": "/seeker/settings/",
    "notifications": "/notifications/", "enrolments": "/training/enrolments/", "subsidies": "/subsidies/",
    "employer-home": "/employer/", "employer-applications": "/employer/jobs/applications/?show=all",
    "declarations": "/employer/declarations/", "colleagues": "/employer/colleagues/",
    "notification-settings": "/notifications/settings/", "startup-apply": "/subsidies/startup/apply/",
    "job-create": "/employer/jobs/new/", "company": "/employer/jobs/company/",
    "password-change": "/accounts/password/change/",
}

# Pages where a stacked table must be on show with the demo data (the test fails if it is not, so a
# page that loses its data or its class="stack" is noticed).
STACKED = {
    "visitor": {"publicity", "training-index", "policy-index"},
    "seeker": {"seeker-applications"},
    "employer": {"employer-home", "employer-applications", "candidates", "declarations", "declaration",
                 "declaration-approved", "declaration-revisions", "declaration-revision", "subsidies", "subsidy"},
}


@dataclass
class DemoSite:
    url: str
    paths: dict[str, str]
    passwords: dict[str, str]


def _declarations_add() -> None:
    """Give the demo employer an approved 2024 declaration (on the 公示 page, with its result and review
    history) and a 2025 draft with a roster it can still edit (the demo's own draft of the working
    year, data/demo/declarations.toml, when that is 2025: its basics and roster are replaced)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from employment.models import Account, Role
    from quota import publicity_services, services
    from quota.models import PolicyYear
    from quota.policy_seed import policy_years_seed
    from subsidies.services import social_insurance
    from tests.factories import make_user
    from tests.quota.conftest import CONTACT, roster_csv, roster_row
    from tests.subsidies.conftest import roster_entry_id

    policy_years_seed()
    PolicyYear.objects.update(review_window_start=None, review_window_end=None)  # no late filing (补报)
    account = Account.objects.select_related("employer", "user").get(user__username="employer")
    employer, user = account.employer, account.user
    town = Account.objects.filter(role=Role.TOWN, town=employer.town).first()
    town_user = town.user if town else make_user(Role.TOWN, username="mobile_town", town=employer.town)
    district = Account.objects.filter(role=Role.DISTRICT, user__username="district").get().user
    rows = [roster_row(n, **{"姓名": name}) for n, name in enumerate(("王晓明", "李秀英", "陈建国"), start=1)]
    for year in (2024, 2025):
        declaration = services.declaration_start(employer=employer, year=year, user=user)
        services.declaration_update_basics(declaration=declaration, monthly_headcounts=[120] * 12,
                                           wage_bill=Decimal("9600000"), user=user)
        services.declaration_roster_import(declaration=declaration, content=roster_csv(rows), filename="名册.csv",
                                           user=user)
        if year == 2024:
            services.declaration_submit(declaration=declaration, user=user)
            services.declaration_review(declaration=declaration, user=town_user, action="approve")
            services.declaration_review(declaration=declaration, user=district, action="approve", comment="同意")
            # On the 公示 page: a published batch (the district's), open for objections this week.
            today = timezone.localdate()
            batch = publicity_services.batch_create(
                user=district, year=year, declaration_ids=[declaration.pk],
                document_no=publicity_services.document_no_next(year), start_date=today,
                end_date=today + timedelta(days=6), **CONTACT)
            publicity_services.batch_publish(batch=batch, user=district)
            # A social-insurance subsidy application on the approved roster (its lines, changes and versions).
            application = social_insurance.si_application_start(employer=employer, year=year, user=user)
            for name in ("王晓明", "李秀英"):
                social_insurance.si_line_save(application=application, roster_entry_id=roster_entry_id(application, name),
                                              name=name, months=list(range(1, 13)), contribution=Decimal("850"),
                                              user=user)


def _demo_paths() -> dict[str, str]:
    """The paths of the demo records the pages show (the job with most applications, the employer's
    declarations, one page of each CMS kind)."""
    from django.db.models import Count

    from cms.models import (
        NewsIndexPage,
        NewsPage,
        PolicyIndexPage,
        PolicyPage,
        TrainingCoursePage,
        TrainingIndexPage,
    )
    from employment.models import Account, JobPost, JobStatus
    from quota.models import Declaration
    from subsidies.models import SubsidyApplication

    def page_url(model) -> str:
        return model.objects.live().order_by("pk").first().url

    employer = Account.objects.get(user__username="employer").employer
    declarations = Declaration.objects.filter(employer=employer)
    approved, editable = declarations.get(year=2024), declarations.get(year=2025)
    busiest = JobPost.objects.filter(employer=employer).annotate(n=Count("applications")).order_by("-n", "pk").first()
    return {
        **STATIC_PATHS,
        "job-detail": f"/jobs/{JobPost.objects.filter(status=JobStatus.PUBLISHED).order_by('pk').first().pk}/",
        "training-index": page_url(TrainingIndexPage), "training-course": page_url(TrainingCoursePage),
        "policy-index": page_url(PolicyIndexPage), "policy": page_url(PolicyPage),
        "news-index": page_url(NewsIndexPage), "news": page_url(NewsPage),
        "job-apply": f"/jobs/{JobPost.objects.filter(status=JobStatus.PUBLISHED).order_by('pk').first().pk}/apply/",
        "candidates": f"/employer/jobs/{busiest.pk}/candidates/",
        "employer-application": f"/employer/jobs/applications/{busiest.applications.order_by('pk').first().pk}/",
        "declaration-submit": f"/employer/declarations/{editable.pk}/submit/",
        "subsidy": f"/subsidies/{SubsidyApplication.objects.get(employer=employer).pk}/",
        "subsidy-evidence": f"/subsidies/{SubsidyApplication.objects.get(employer=employer).pk}/evidence/",
        "declaration": f"/employer/declarations/{editable.pk}/",
        "declaration-approved": f"/employer/declarations/{approved.pk}/",
        "declaration-entry": f"/employer/declarations/{editable.pk}/entries/new/",
        "roster-upload": f"/employer/declarations/{editable.pk}/upload/",
        "declaration-revisions": f"/employer/declarations/{approved.pk}/revisions/",
        "declaration-revision": f"/declarations/{approved.pk}/revisions/{approved.revisions.order_by('-pk').first().pk}/",
    }


@pytest.fixture(scope="module")
def demo_site(request, django_db_blocker):
    """The seeded demo behind one live server for the whole module; afterwards the database holds the
    migrations' rows again (as tests/conftest.py leaves it for the next test)."""
    from django.core.management import call_command
    from pytest_django.fixtures import _get_databases_for_setup
    from pytest_django.live_server_helper import LiveServer

    from demo.builder import DEMO_ACCOUNTS
    from matching import selectors
    from tests.conftest import _has_migration_data, _migration_data_restore

    if not _get_databases_for_setup(request.session.items)[0]:
        pytest.fail("pytest-django sets up the test database only for a run with a test marked for it: "
                    "keep test_every_stacked_table_labels_every_cell in the selection (-k '... or every_stacked')")
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        if not _has_migration_data():  # a transactional test before this module emptied the database
            _migration_data_restore()
        try:
            selectors.forget_cached()
            call_command("seed_demo", stdout=StringIO())
            _declarations_add()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield DemoSite(server.url, _demo_paths(), {a["username"]: a["password"] for a in DEMO_ACCOUNTS})
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            _migration_data_restore()
            selectors.forget_cached()


@pytest.fixture(scope="module")
def phone(browser, demo_site):
    """One 375 × 740 page per role, signed in once through the login form (``phone("seeker")``)."""
    pages, contexts = {}, []

    def for_role(role: str):
        if role not in pages:
            context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT})
            contexts.append(context)
            page = context.new_page()
            if role != "visitor":
                page.goto(f"{demo_site.url}/accounts/login/")
                page.get_by_label("用户名").fill(role)
                page.get_by_label("密码").fill(demo_site.passwords[role])
                with page.expect_navigation():
                    page.get_by_label("密码").press("Enter")
                assert page.url.endswith("/portal/todo/"), f"{role} did not sign in: {page.url}"
            pages[role] = page
        return pages[role]

    yield for_role
    for context in contexts:
        context.close()


# Controls that must be at least 44 px high on a phone (links inside running text are exempt).
TOUCH_TARGETS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, .button, '
    + '.nav a, .pagination a, table.stack td a, .queue-link, .form button + a, .form .button + a, '
    + '.form p > input[type=checkbox]:first-child + label, .form label:has(> input[type=radio]), '
    + '.form label:has(> input[type=checkbox])')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
                && !el.closest('.visually-hidden, .skip-link'))
  .filter(el => el.getBoundingClientRect().height < 43.5)
  .map(el => el.outerHTML.slice(0, 120))"""

# Every visible stacked table's cells: the label shown before the value and the label expected.
STACK_LABELS = """() => [...document.querySelectorAll('table.stack td')]
  .filter(td => td.getClientRects().length)
  .map(td => [getComputedStyle(td, '::before').content, td.dataset.label || '',
              getComputedStyle(td).display, getComputedStyle(td.closest('table').tHead || td).position])"""


@pytest.mark.parametrize(("role", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_page_fits_a_phone(phone, demo_site, check_a11y, role, name):
    page = phone(role)
    response = page.goto(demo_site.url + demo_site.paths[name])
    assert response.ok, f"{name}: HTTP {response.status}"

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))
            .slice(0, 8)""")
        pytest.fail(f"{name} scrolls sideways by {overflow} px at {WIDTH} px: {wide}")

    heading = page.locator("h1")
    assert heading.count() == 1
    box = heading.bounding_box()
    assert box and box["y"] + box["height"] <= HEIGHT, f"{name}: the <h1> ends at {box} (below the first screen)"

    small = page.evaluate(TOUCH_TARGETS)
    assert not small, f"{name}: controls under 44 px high: {small}"

    cells = page.evaluate(STACK_LABELS)
    if name in STACKED[role]:
        assert cells, f"{name}: no stacked table on show"
    for before, label, display, thead_position in cells:
        assert label, f"{name}: a stacked cell without data-label"
        assert label in before and display == "block", f"{name}: cell labelled {label!r} shows {before!r} ({display})"
        assert thead_position == "absolute", f"{name}: the header row of a stacked table is still shown"

    check_a11y(page, f"mobile-{role}-{name}")


@pytest.mark.parametrize("role", ["visitor", "employer"])
def test_toolbar_and_menus_open_and_close_by_keyboard(phone, demo_site, check_a11y, role):
    page = phone(role)
    page.goto(demo_site.url + ("/employer/" if role == "employer" else "/"))
    toggles = [("无障碍设置", "a11y-options", "高对比度"), ("菜单", "site-menu", "找工作")]
    if role == "employer":
        toggles.append(("工作台菜单", "workspace-menu", "求职申请"))
    for label, panel_id, inside in toggles:
        button = page.get_by_role("button", name=label, exact=True)
        assert button.get_attribute("aria-controls") == panel_id
        assert button.get_attribute("aria-expanded") == "false"
        panel = page.locator(f"#{panel_id}")
        assert not panel.is_visible()

        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true" and panel.is_visible()
        check_a11y(page, f"mobile-{role}-{panel_id}-open")
        # The panel follows its button: the next Tab reaches the first control inside it.
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.getElementById('{panel_id}').contains(document.activeElement)")
        assert panel.get_by_text(inside).first.is_visible()
        # Escape closes it and gives the focus back to the button.
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and not panel.is_visible()
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == panel_id
        # Space opens it again, Enter closes it.
        page.keyboard.press("Space")
        assert panel.is_visible()
        page.keyboard.press("Enter")
        assert not panel.is_visible()

    if role == "visitor":
        # The toolbar still works from its button: high contrast on, the open menu axe-clean, then reset.
        page.get_by_role("button", name="无障碍设置").press("Enter")
        page.get_by_role("button", name="高对比度").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "a11y-high-contrast" in page.evaluate("document.documentElement.className")
        page.get_by_role("button", name="菜单", exact=True).press("Enter")
        check_a11y(page, "mobile-visitor-high-contrast-menu")
        page.get_by_role("button", name="无障碍设置").press("Enter")
        with page.expect_navigation():
            page.get_by_role("button", name="恢复默认").press("Enter")
        assert "a11y-high-contrast" not in page.evaluate("document.documentElement.className")


def test_a_lone_checkbox_has_its_label_beside_it(phone, demo_site):
    """A checkbox followed by its label (the job list's filters; every BooleanField through
    form_field.html) keeps the label on the box's row, not on the next line as a block label."""
    page = phone("visitor")
    page.goto(demo_site.url + "/jobs/")
    for field in ("town_only", "remote"):
        box = page.locator(f"#{field}").bounding_box()
        label = page.locator(f"label[for={field}]").bounding_box()
        assert label["x"] >= box["x"] + box["width"], f"{field}: the label starts left of the box's right edge"
        assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"], \
            f"{field}: the label is not on the box's row ({box} / {label})"
        assert label["height"] >= 43.5


def test_a_course_page_says_its_summary_once(phone, demo_site):
    """The demo's course pages had their summary copied into the body too: a screen reader read the
    same paragraph twice, and a phone showed it twice."""
    page = phone("visitor")
    page.goto(demo_site.url + demo_site.paths["training-course"])
    lead = page.locator("main p.lead").inner_text()
    assert lead and page.locator("main").inner_text().count(lead) == 1


def test_without_javascript_nothing_is_collapsed(browser, demo_site):
    """Progressive enhancement: without a11y.js the toolbar and the menu are simply open."""
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site.url + "/")
        assert page.get_by_role("button", name="高对比度").is_visible()
        assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="找工作").is_visible()
        assert page.get_by_role("button", name="菜单", exact=True).count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_the_wide_layout_keeps_its_header(browser, demo_site):
    """Above 640 px nothing collapses: no disclosure buttons, the toolbar and the menu as before."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(demo_site.url + "/publicity/")
        assert not page.get_by_role("button", name="菜单", exact=True).is_visible()
        assert page.get_by_role("button", name="高对比度").is_visible()
        assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="找工作").is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('table.stack thead')).position") == "static"
    finally:
        context.close()



# The only test here that is marked for the database: it reads none, but the mark makes pytest-django
# set up the test database when this module runs alone (the other tests reach the database only
# through demo_site's live server, so they carry no mark: a test transaction held open on SQLite would
# lock the server's writes out).
@pytest.mark.django_db
def test_every_stacked_table_labels_every_cell():
    """Source check of the convention (docs/frontend.md): in every <table class="stack"> each <td>
    has a data-label naming one of the table's column headers."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tables = 0
    for path in sorted(root.glob("*/templates/**/*.html")) + sorted(root.glob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for table in re.finditer(r"<table[^>]*\bclass=\"[^\"]*\bstack\b[^>]*>(.*?)</table>", text, re.S):
            tables += 1
            head = re.search(r"<thead>(.*?)</thead>", table.group(1), re.S)
            assert head, f"{path}: a stacked table without <thead>"
            names = {re.sub(r"<[^>]+>|\{%.*?%\}", "", th).strip()
                     for th in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), re.S)}
            for td in re.findall(r"<td(?=[\s>])[^>]*>", table.group(1)):
                label = re.search(r'data-label="([^"]*)"', td)
                assert label and label.group(1), f"{path}: {td} has no data-label"
                assert label.group(1) in names or "{%" in label.group(1), f"{path}: {label.group(1)!r} is no header"
    assert tables >= 20


# Staff lists read on a phone (a town worker out on a visit): cards too, not cramped tables.
STAFF_LISTS = [
    "quota/templates/declarations/review_list.html", "subsidies/templates/subsidies/review_list.html",
    "households/templates/households/list.html", "employment/templates/employment/staff_seeker_list.html",
    "casework/templates/casework/follow_ups_due.html",
    # and the staff tables after them (and the employer's evidence list).
    "employment/templates/employment/accounts/list.html", "employment/templates/privacy/access_log.html",
    "households/templates/households/detail.html", "households/templates/households/import.html",
    "quota/templates/declarations/letter_archives.html", "quota/templates/declarations/review_detail.html",
    "quota/templates/declarations/includes/comparison.html", "cms/templates/cms/course_roster.html",
    "employer_portal/templates/employer_portal/_evidence_rows.html",
    "subsidies/templates/subsidies/payment_list_confirm.html",
    # The employer register too: on a phone the name, contact phone and filed state stay together.
    "quota/templates/register/list.html",
    "casework/templates/casework/seeker_sections.html", "employment/templates/employment/accounts/import_done.html",
    "employment/templates/employment/staff_password_reset_code.html",
    "employment/templates/employment/staff_activation_code.html",
]


def test_staff_lists_are_stacked_tables():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for rel in STAFF_LISTS:
        text = (root / rel).read_text(encoding="utf-8")
        tables = re.findall(r"<table[^>]*>", text)
        assert tables and all('class="stack"' in t for t in tables), rel


def test_stacked_cells_write_no_bare_dash():
    """An empty value in a stacked table is written ``{{ value|or_none }}`` (docs/frontend.md): a dash to
    the eye and "无" to a screen reader. A bare "—" is read out as a symbol, or not at all."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/templates/**/*.html")) + sorted(root.glob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for table in re.finditer(r"<table[^>]*\bclass=\"[^\"]*\bstack\b[^>]*>(.*?)</table>", text, re.S):
            assert "—" not in table.group(1), f"{path}: a bare dash in a stacked table; write |or_none"
