"""Shared fixtures: a small world with two of everything, so every access test can try the other one."""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

# pytest-xdist (`make test` runs `pytest -n auto`, with `--dist loadgroup` from pyproject.toml): tests
# with one of these markers run one after another on a single worker, the rest are spread over all.
# - browser: Chromium and a live server per test, too heavy to run two at a time on two cores;
# - services: real Celery workers and beat on the shared Redis databases (the broker's default queue,
#   the result backend, fixed log files under var/); two at once would take each other's messages.
# Under xdist each group is handed out first, longest first (the browser group takes about a third of
# the suite's time on its worker): a long group handed out last leaves the other workers idle while it
# runs. See _LongGroupsFirst and _put_migration_data_back.
SERIAL_GROUPS = ("browser", "services")


BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_configure(config):
    """With -n, one thread per worker for torch (OpenMP) and numpy (BLAS): the workers already fill the
    cores, and thread pools sized to every core in every worker oversubscribe them (OpenMP threads spin
    while they wait). Set in the controller before it starts the workers, which inherit it."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
    if getattr(config.option, "loadgroup", False):
        config.pluginmanager.register(_LongGroupsFirst(), "shuguang-long-groups-first")


@pytest.fixture(scope="session", autouse=True)
def _private_media_emptied():
    """The worker's private-files folder (config/settings/test.py) starts each session empty."""
    from django.conf import settings

    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


class _LongGroupsFirst:
    """Under xdist, put the serial groups' tests at the head of the collection, in SERIAL_GROUPS order.

    pytest-xdist hands out work in collection order (--no-loadscope-reorder), one group as one unit, so
    the workers start on the long groups while the rest is spread behind them. Runs after pytest-django
    has ordered the tests (database tests, then transactional ones, then the rest) and keeps that order
    for everything else; the migration data a transactional test flushes away is put back before the
    next database test (_put_migration_data_back)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        rank = {group: i for i, group in enumerate(SERIAL_GROUPS)}
        items.sort(key=lambda item: rank.get(_group_name(item), len(rank)))  # stable: the rest keep order


def _group_name(item) -> str | None:
    names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
    return "_".join(sorted(names)) if names else None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        in_browser_dir = BROWSER_DIR in Path(str(item.fspath)).parents  # marked there, maybe later
        for group in SERIAL_GROUPS:
            if item.get_closest_marker(group) is not None or (group == "browser" and in_browser_dir):
                item.add_marker(pytest.mark.xdist_group(group))
                break
    # pytest-xdist 3.8 groups a test by renaming it ``<id>@<group>`` through ``item._nodeid``, which
    # pytest ≥ 9.2 no longer reads (the id is ``item._id``): there the worker renames it here, alike.
    if getattr(config.option, "loadgroup", False):
        from _pytest.nodeid import coerce_node_id

        for item in items:
            group = _group_name(item)
            if group and not hasattr(item, "_nodeid") and hasattr(item, "_id"):
                item._id = coerce_node_id(f"{item.nodeid}@{group}")


def _has_migration_data() -> bool:
    """False once a transactional test has flushed the database (the data migrations' rows are gone)."""
    from wagtail.models import Page

    return Page.objects.filter(depth=1).exists()


def _db_use(item) -> str | None:
    """"transactional", "db" or None: how the test uses the database, as pytest-django orders them."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = bool(marker and any(validate_django_db(marker)[:2]))
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return "transactional"
    return "db" if marker or "db" in fixtures else None


# The rows the migrations created, saved after set-up; "flushed" once a transactional test has emptied
# the database and they have not been put back yet.
_MIGRATION_DATA: dict = {"saved": None, "flushed": False}


def _migration_data_restore() -> None:
    from django.db import connection

    from tests.db_state import database_restore

    if connection.in_atomic_block:
        raise RuntimeError("putting the migration data back inside an open transaction would empty it: "
                           "a module-wide fixture (_world_module …) is still open")

    database_restore(_MIGRATION_DATA["saved"])
    _MIGRATION_DATA["flushed"] = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """_put_migration_data_back: after a transactional test (which flushes the database when it ends),
    the next plain database test finds the migration data again (Wagtail's root page and collection,
    the review workflows, the role groups …), as it would had it run before every transactional test."""
    yield
    # Only once this worker's database is set up: a transactional test skipped before it (no Redis, no
    # Chromium) flushed nothing, and a flag set then would put the data back in the middle of a later
    # module that shares one world in an open transaction (_world_module), wiping it.
    if _db_use(item) == "transactional" and _MIGRATION_DATA["saved"] is not None:
        _MIGRATION_DATA["flushed"] = True
    if (_MIGRATION_DATA["flushed"] and _MIGRATION_DATA["saved"] is not None and nextitem is not None
            and _db_use(nextitem) == "db"):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _migration_data_restore()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Save the rows the data migrations created, to put them back after transactional tests.

    Transactional tests (browser, workers, migrations) empty the database when they end, taking the
    rows the data migrations created (Wagtail's root page and collection, the review workflows …). The
    next plain database test gets them back (pytest_runtest_teardown above), and with --reuse-db the
    kept database is left as the migrations made it for the next run.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if not _has_migration_data():
            # A run interrupted after a transactional test left the kept database empty: build it
            # afresh, as --create-db would (a worker that stopped the run instead would show up only as
            # an INTERNALERROR under pytest-xdist).
            import sys

            sys.stderr.write("The kept test database had lost its migration data (an interrupted run?): "
                             "creating it again.\n")
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
        _MIGRATION_DATA["saved"] = connection.creation.serialize_db_to_string()
    yield
    if request.config.getvalue("reuse_db"):
        with django_db_blocker.unblock():
            if not _has_migration_data():
                _migration_data_restore()


@dataclass
class World:
    town_x: object
    town_y: object
    employer_a: object
    employer_b: object
    provider_a: object
    provider_b: object
    seeker_a: object
    seeker_b: object
    users: dict
    job_a: object
    job_b: object

    def fresh(self) -> World:
        """The same world read back from the database: new instances, with the same related objects
        already loaded as the built ones had (so a test counting queries counts the same), and no
        other cached state."""

        def again(obj):
            return type(obj)._default_manager.select_related(*_loaded_relations(obj)).get(pk=obj.pk)

        return World(
            *(again(getattr(self, name)) for name in ("town_x", "town_y", "employer_a", "employer_b", "provider_a",
                                                      "provider_b", "seeker_a", "seeker_b")),
            users={key: again(user) for key, user in self.users.items()},
            job_a=again(self.job_a), job_b=again(self.job_b),
        )

    def copy(self) -> World:
        """New instances of this world's objects, with the same related objects loaded, made in memory:
        for a world already read back with ``fresh()``, the same as reading it back again (the rows do
        not change between tests; each test's changes are rolled back), without nineteen queries."""
        return copy.deepcopy(self)


def _loaded_relations(obj, prefix: str = "", depth: int = 2) -> list[str]:
    """The select_related paths of the relations already loaded on ``obj`` (two levels deep)."""
    paths = []
    for name, value in obj._state.fields_cache.items():
        paths.append(prefix + name)
        if value is not None and depth > 1:
            paths += _loaded_relations(value, f"{prefix}{name}__", depth - 1)
    return paths


@pytest.fixture
def world(_world_module, db):
    """Two towns, employers, providers and seekers, a job each, and an account for every role.

    Built once per test module (``_world_module``) when the module has no transactional test, read
    back from the database once, and handed to each test as a copy of those instances, so what one
    test changes in memory or in the database (its savepoint is rolled back) the next does not see.
    A module with a transactional test (browser, workers, migrations) builds it for each test, as
    those flush the database when they end."""
    if _world_module is None:
        return build_world()
    return _world_module.copy()


def _module_has_transactional_test(request) -> bool:
    """Whether the module ``request`` is scoped to has a transactional test (read once per session)."""
    session = request.session
    if not hasattr(session, "_shuguang_transactional_modules"):
        session._shuguang_transactional_modules = {
            item.module for item in session.items if _db_use(item) == "transactional"}
    return request.node.obj in session._shuguang_transactional_modules


def _inside_a_test(django_db_blocker) -> bool:
    """Whether a test's own transaction is open: a module-wide fixture first asked for in the middle of
    a test (``request.getfixturevalue``) would open its transaction inside the test's, which the test's
    rollback then ends under it; such a fixture falls back to building for each test."""
    from django.db import connection

    with django_db_blocker.unblock():
        return any(block._from_testcase for block in connection.atomic_blocks)


@pytest.fixture(scope="module")
def _world_module(request, django_db_setup, django_db_blocker):
    """The world, built once for a module inside a transaction rolled back after its last test (None in
    a module with a transactional test, or one marked ``world_per_test``). Each test still runs in its
    own savepoint within it (the ``db`` fixture). Other database tests of the module run inside the same
    transaction and so see the world's rows too."""
    if (request.node.get_closest_marker("world_per_test") or _module_has_transactional_test(request)
            or _inside_a_test(django_db_blocker)):
        yield None
        return
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world().fresh()  # as a test would read it: the rows' own types, no state of the build
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _policy_module(_world_module, django_db_blocker):
    """The seeded policy years (``policy`` in tests/quota/conftest.py), created once for a module
    inside the module's world transaction (see ``_world_module``; rolled back after its last test).
    False where the world is built per test (a module with a transactional test, or marked
    ``world_per_test``), or when first asked for in the middle of a test: there each test seeds them."""
    if _world_module is None or _inside_a_test(django_db_blocker):
        yield False
        return
    from django.db import transaction

    from tests.quota.conftest import policy_seed

    with django_db_blocker.unblock(), transaction.atomic():
        policy_seed()
        yield True
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _content_world_module(_world_module, django_db_blocker):
    """The world and the demo's public-site content (``demo.cms_content.seed_content``, ~3 s) built once
    for a module, inside a transaction rolled back after its last test. Each test still runs in its
    own savepoint within it (the ``db`` fixture), so what one test changes the next does not see.
    Modules that use it put their tests in one xdist_group, so one worker seeds them once."""
    from django.db import transaction

    from demo import cms_content

    assert _world_module is not None, "content_world is for modules without transactional tests"
    with django_db_blocker.unblock(), transaction.atomic():
        cms_content.seed_content()
        yield _world_module.fresh()  # the world as the seeded content left it
        transaction.set_rollback(True)


@pytest.fixture
def content_world(_content_world_module, db):
    """``world`` with the demo's public-site content already seeded (see _content_world_module)."""
    return _content_world_module.copy()


def build_world() -> World:
    from employment.models import Role
    from tests.factories import (
        EmployerFactory,
        JobPostFactory,
        ProviderFactory,
        TownFactory,
        make_seeker,
        make_user,
    )

    town_x = TownFactory(code="330203005", name="鼓楼街道")
    town_y = TownFactory(code="330203009", name="石碶街道")
    employer_a = EmployerFactory(name="甲公司", town=town_x)
    employer_b = EmployerFactory(name="乙公司", town=town_y)
    provider_a = ProviderFactory(name="甲培训学校", town=town_x)
    provider_b = ProviderFactory(name="乙培训学校", town=town_y)
    users = {
        "seeker_a": make_user(Role.SEEKER, username="seeker_a"),
        "seeker_b": make_user(Role.SEEKER, username="seeker_b"),
        "employer_a": make_user(Role.EMPLOYER, username="employer_a", employer=employer_a),
        "employer_b": make_user(Role.EMPLOYER, username="employer_b", employer=employer_b),
        "provider_a": make_user(Role.PROVIDER, username="provider_a", provider=provider_a),
        "provider_b": make_user(Role.PROVIDER, username="provider_b", provider=provider_b),
        "town_x": make_user(Role.TOWN, username="town_x", town=town_x),
        "town_y": make_user(Role.TOWN, username="town_y", town=town_y),
        "district": make_user(Role.DISTRICT, username="district"),
    }
    seeker_a = make_seeker(town=town_x, name="张甲", user=users["seeker_a"], visible_to_employers=False)
    seeker_b = make_seeker(town=town_y, name="李乙", user=users["seeker_b"], visible_to_employers=False)
    job_a = JobPostFactory(employer=employer_a, title="网店文字客服")
    job_b = JobPostFactory(employer=employer_b, title="数据标注员")
    return World(town_x, town_y, employer_a, employer_b, provider_a, provider_b, seeker_a, seeker_b, users, job_a, job_b)


@pytest.fixture
def signup_state_clean():
    """Sign-up tests start and end with no rate-limit counters (the cache) and no texted codes."""
    from django.core.cache import cache

    from employment import sms

    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()
    sms.outbox.clear()


@pytest.fixture
def client_for(client):
    """Log the test client in as one of the world's users: ``client_for(world.users['town_x'])``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _site_sections_fresh():
    """The site header's section links are cached (cms.templatetags.cms_nav) in the process-wide test
    cache; a test's rolled-back pages send no signal, so each test starts with them forgotten."""
    from cms.templatetags.cms_nav import sections_changed

    sections_changed()


@pytest.fixture(autouse=True)
def _encoder_for_the_test(request):
    """Tests marked ``real_encoder`` get the project's real encoder (USE-multilingual v3 from its PyPI
    package); every other test runs with the test settings' fast hashing encoder. Processes a test
    starts inherit the choice through MATCHING_EMBEDDING_MODEL."""
    if request.node.get_closest_marker("real_encoder") is None:
        yield
        return
    settings = request.getfixturevalue("settings")
    monkeypatch = request.getfixturevalue("monkeypatch")
    settings.MATCHING_EMBEDDING_MODEL = ""
    monkeypatch.setenv("MATCHING_EMBEDDING_MODEL", "")
    yield
