"""Browser tests: Debian's Chromium driven by Playwright, axe-core (bundled with axe-playwright-python)
injected with page.evaluate so a strict CSP cannot block it, screenshots under artifacts/.

Without Chromium the browser tests are skipped on a laptop; CI sets SHUGUANG_REQUIRE_BROWSER=1 and
installs Chromium, so there they run or fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    has_browser = Path(CHROMIUM).exists()
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not has_browser:
                if os.environ.get("SHUGUANG_REQUIRE_BROWSER"):
                    pytest.fail("SHUGUANG_REQUIRE_BROWSER is set but Chromium is not installed", pytrace=False)
                item.add_marker(pytest.mark.skip(reason="Chromium not installed (CI installs it)"))


@pytest.fixture(autouse=True)
def _home_page(request):
    """Transactional tests flush the database, taking the migration-created HomePage with it."""
    if request.node.get_closest_marker("django_db"):
        from cms.services import homepage_ensure

        homepage_ensure()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def check_a11y(axe_source):
    """Run axe-core (WCAG 2.1 A/AA) on the current page, once its animations have ended, and fail on any
    violation, with a screenshot of the failing page under artifacts/ (only then: a full-page
    screenshot of each of the ~120 pages checked cost a fifth of the checks' time).
    SHUGUANG_SCREENSHOTS=1 keeps one of every page."""

    def check(page, name: str) -> None:
        # Finite CSS animations and transitions end first (the admin's messages and modals fade in):
        # axe would measure the contrast of text still half-faded.
        page.evaluate("Promise.all(document.getAnimations()"
                      ".filter(a => a.effect.getComputedTiming().endTime !== Infinity).map(a => a.finished))"
                      ".then(() => null)")
        if os.environ.get("SHUGUANG_SCREENSHOTS"):
            _screenshot(page, name)
        # Chromium exposes an empty required select, radio, checkbox, file or date input as invalid
        # from the moment the page loads (a screen reader says 无效 before any input); only an explicit
        # aria-invalid (employment/form_renderer.py) keeps it quiet. Text fields are spared by Chromium.
        unmarked = page.evaluate(
            "() => Array.from(document.querySelectorAll('select, input, textarea'))"
            ".filter(el => el.matches(':invalid') && !el.hasAttribute('aria-invalid') && el.tagName !== 'TEXTAREA'"
            " && !['text', 'email', 'password', 'search', 'tel', 'url', 'number'].includes(el.type))"
            ".map(el => el.name || el.id)"
        )
        assert not unmarked, f"controls announced as invalid on arrival on {name} ({page.url}): {unmarked}"
        page.evaluate(axe_source)
        # resultTypes: axe still runs every rule but details only the violations (faster on long pages).
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
        ]
        if problems:
            _screenshot(page, name)
        assert not problems, f"axe violations on {name} ({page.url}):\n" + "\n".join(problems)

    return check


@pytest.fixture
def login_page(page, live_server):
    """Sign in through the real login form, by keyboard."""

    def login(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_label("密码").press("Enter")
        page.wait_for_load_state()
        return page

    return login
