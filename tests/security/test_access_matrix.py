"""Access matrix: every URL pattern (walked from the resolver at test time) for every role.

Objects in URLs belong to side A (town X, employer A, seeker A). For each pattern and role the
response is classified as *ok* (200, or a redirect that is not to the login page), *login* (sent
to log in) or *denied* (403/404/405). Three layers:

1. Every role on every pattern: never a server error.
2. Anonymous users reach only the public pages listed in ``PUBLIC``; everything else sends them
   to log in or is denied. A new public page must be added here on purpose.
3. Known pages: exactly the roles in ``EXPECTED_OK`` get through with side-A objects. For pages this
   file does not know yet (added after it was written), users of side B — seeker B, employer B,
   provider B, the town Y reviewer — must never reach a side-A object ("change the id" attacks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.security.conftest import Side

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "seeker_a", "seeker_b", "employer_a", "employer_b", "provider_a", "provider_b",
         "town_x", "town_y", "district"]
SIDE_B = {"seeker_b", "employer_b", "provider_b", "town_y"}
SIGNED_IN = set(ROLES) - {"anonymous"}
STAFF_A = {"town_x", "district"}
MISSING_ID = 999_999
# Wagtail's own admin and document serving have their own permission system, tested separately below.
SKIP_PREFIXES = ("admin/", "documents/", "_util/")

PUBLIC = {"wagtail_serve", "seeker-signup", "job-list", "job-detail", "declaration-publicity",
          "declaration-publicity-latest", "login", "a11y-preferences", "wagtailcore_login", "logout",
          "public-summary",  # 全区就业概况: aggregates only, small cells suppressed
          # Sign-up step 2 (SMS code / activation code): answers only the browser that started step 1.
          "seeker-signup-verify", "seeker-signup-activate",
          "site-search"}  # searches the published (public) pages only

EXPECTED_OK = {
    "portal-home": SIGNED_IN,
    "seeker-home": {"seeker_a", "seeker_b"},
    "seeker-assessment": {"seeker_a", "seeker_b"},
    "seeker-settings": {"seeker_a", "seeker_b"},
    "seeker-jobs": {"seeker_a", "seeker_b"},
    "seeker-applications": {"seeker_a", "seeker_b"},
    "subsidy-evidence": {"seeker_a", "town_x", "district"},  # the draft's files and the upload form
    "subsidy-evidence-delete": {"seeker_a", "town_x", "district"},  # a GET asks for confirmation
    "subsidy-evidence-download": {"seeker_a", "town_x", "district"},
    "seeker-application-withdraw": {"seeker_a"},  # a GET asks for confirmation; nothing is withdrawn
    "seeker-application-reply": {"seeker_a"},  # a GET shows the invitation and the two answers
    "staff-seeker-list": {"town_x", "town_y", "district"},
    "staff-seeker-create": {"town_x", "town_y", "district"},
    "staff-seeker-assessment": STAFF_A,
    # Seeker A has an account: the page says no code is needed (a GET generates nothing).
    "seeker-activation-code": STAFF_A,
    "seeker-verify": STAFF_A,  # seeker A is verified: the page says so (a GET changes nothing)
    # Employer A sees seeker A because seeker A applied to its job (applying shares the profile).
    "seeker-detail": STAFF_A | {"seeker_a", "employer_a"},
    "employer-home": {"employer_a", "employer_b"},
    "employer-company": {"employer_a", "employer_b"},
    "employer-job-create": {"employer_a", "employer_b"},
    "employer-job-edit": {"employer_a"},
    "employer-job-status": {"employer_a"},
    "employer-job-candidates": {"employer_a"},
    # Seeker A has not agreed to be visible to employers: nobody may invite them.
    "employer-job-invite": set(),
    "employer-application": {"employer_a"},
    "job-apply": {"seeker_a", "seeker_b"},
    "casework-follow-ups-due": {"town_x", "town_y", "district"},
    "casework-follow-up-record": STAFF_A,
    "casework-coach-note-add": STAFF_A,
    "casework-placement-create": STAFF_A,  # a hire staff arranged for seeker A (a GET shows the form)
    "casework-placement-end": STAFF_A,  # a GET asks for the date; placement A is not ended
    "review-declaration-list": {"town_x", "town_y", "district"},
    "review-declaration-detail": STAFF_A,
    "review-declaration-revisions": STAFF_A,
    # The declaration is a draft: adjusting months is for the reviewer of the current review step.
    "review-entry-adjust": set(),
    "review-conflict-resolve": set(),  # no conflict exists: the id is missing for everyone
    "review-export": {"town_x", "town_y", "district"},
    "declaration-letter": set(),  # a draft has no result letter yet (404 for everyone)
    "declaration-revision": STAFF_A | {"employer_a"},
    "employer-declaration-list": {"employer_a", "employer_b"},
    "employer-declaration-start": {"employer_a", "employer_b"},
    "employer-roster-template": {"employer_a", "employer_b"},
    "employer-declaration-detail": {"employer_a"},
    "employer-entry-add": {"employer_a"},
    "employer-entry-edit": {"employer_a"},
    "employer-entry-delete": {"employer_a"},
    "employer-roster-upload": {"employer_a"},
    "employer-roster-export": {"employer_a"},
    "employer-declaration-submit": {"employer_a"},
    "employer-declaration-revisions": {"employer_a"},
    "privacy-access-log": {"district"},
    "privacy-identity-reveal": STAFF_A,
    # The family register (家庭台账): town reviewers keep their own town's families, the district all.
    "staff-household-list": {"town_x", "town_y", "district"},
    "staff-household-create": {"town_x", "town_y", "district"},
    "staff-household-import": {"town_x", "town_y", "district"},
    "staff-household-template": {"town_x", "town_y", "district"},
    "staff-household-detail": STAFF_A,
    "staff-household-edit": STAFF_A,
    # POST-only: adds seeker A2 (town X, no family yet) to family A; the second time it changes nothing.
    "staff-household-member-add": STAFF_A,
    "staff-household-member-remove": STAFF_A,  # a GET asks for confirmation; nothing is removed
    # The staff second factor (employment/signin/): staff only; seekers and employers do not use it.
    "two-factor-setup": {"provider_a", "provider_b", "town_x", "town_y", "district"},
    "two-factor-verify": {"provider_a", "provider_b", "town_x", "town_y", "district"},  # → setup
    "two-factor-recovery-codes": {"provider_a", "provider_b", "town_x", "town_y", "district"},  # → setup
    # Town X's dashboard report, requested by its reviewer: the district and town X only (its file too).
    "dashboard-report": STAFF_A,
    "dashboard-report-download": STAFF_A,
}

# Pages where side-B users may legitimately use a side-A object (public or shared things).
CROSS_SIDE_OK = {"job-detail", "job-apply"}


def url_patterns():
    """(route, name, pattern) for every pattern outside the skipped prefixes, resolved now."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.name

    return [(route, name) for route, name in walk(get_resolver().url_patterns)
            if not route.startswith(SKIP_PREFIXES)]


# route fragment → {kwarg: side attribute}; the first fragment found in the route wins.
OBJECT_RULES = [
    ("dashboard/reports/<int:pk>", {"pk": "report"}),
    ("subsidies/<int:pk>/evidence/<int:evidence_id>", {"pk": "startup_application", "evidence_id": "evidence"}),
    ("subsidies/<int:pk>", {"pk": "startup_application"}),
    ("households/<int:pk>/members/<int:seeker_pk>", {"pk": "household", "seeker_pk": "seeker"}),
    ("households/<int:pk>", {"pk": "household"}),
    ("declarations/<int:pk>/entries/<int:entry_id>", {"pk": "declaration", "entry_id": "entry"}),
    ("declarations/<int:pk>/revisions/<int:revision_id>", {"pk": "declaration", "revision_id": "revision"}),
    ("declarations/<int:pk>", {"pk": "declaration"}),
    ("jobs/applications/<int:pk>", {"pk": "application"}),
    ("jobs/<int:pk>/invite/<int:seeker_pk>", {"pk": "job", "seeker_pk": "seeker"}),
    ("jobs/<int:pk>", {"pk": "job"}),
    ("seekers/<int:pk>", {"pk": "seeker"}),
    ("follow-ups/<int:pk>", {"pk": "follow_up"}),
    ("placements/<int:pk>", {"pk": "placement"}),
    ("seeker/applications/<int:pk>", {"pk": "open_application"}),
    ("applications/<int:pk>", {"pk": "application"}),
]
# Keyword names that say what they point at, for patterns added later.
KWARG_HINTS = {"seeker": "seeker", "job": "job", "application": "application", "placement": "placement",
               "declaration": "declaration", "entry": "entry", "revision": "revision", "household": "household",
               "evidence": "evidence"}
FIXED = {"year": "2025", "kind": "levy", "fmt": "xlsx"}


def build_path(route: str, side) -> tuple[str, bool]:
    """Fill the route's parameters; returns the path and whether it points at a real side object."""
    mapping = next((m for fragment, m in OBJECT_RULES if fragment in route), {})
    real = False

    def fill(match: re.Match) -> str:
        nonlocal real
        converter, name = match.group(1) or "str", match.group(2)
        if name in FIXED:
            return FIXED[name]
        attr = mapping.get(name) or next((a for hint, a in KWARG_HINTS.items() if name.startswith(hint)), None)
        if converter == "int":
            obj = getattr(side, attr, None) if attr else None
            if obj is not None:
                real = True
                return str(obj.pk)
            return str(MISSING_ID)
        return "x"

    if route.startswith("^"):  # a regex pattern (only Wagtail's page catch-all is left): the site root
        return "/", True
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route), real


def classify(response) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code in (301, 302, 303):
        return "login" if "/accounts/login/" in response["Location"] else "ok"
    if response.status_code in (200, 201, 204):
        return "ok"
    if response.status_code in (400, 403, 404, 405, 410, 429):
        return "denied"
    return f"unexpected {response.status_code}"


# Valid POST bodies for POST-only views whose empty POST is refused for everyone.
POST_DATA = {"employer-job-status": {"action": "publish"}}


def probe(client, path: str, name: str, post_data: dict) -> tuple[str, int]:
    response = client.get(path)
    if response.status_code == 405:  # POST-only view: try a POST
        response = client.post(path, post_data.get(name, {}))
    return classify(response), response.status_code


@dataclass
class MatrixSide(Side):
    """A side with the objects of pages added after ``Side`` was written."""

    household: object = None
    open_application: object = None  # an invitation still open (the side's other application is hired)
    startup_application: object = None  # the seeker's start-up subsidy application, a draft
    evidence: object = None  # a file uploaded to it
    report: object = None  # a finished dashboard report of the side's town, requested by its reviewer


@pytest.fixture
def matrix_sides(world, sides, policy, settings, tmp_path):  # noqa: F811
    """Each side plus its family (零就业残疾人家庭) with the side's seeker as a member, an interview
    invitation to the side's seeker that is still open, and the seeker's draft start-up subsidy
    application with one evidence file, and a finished dashboard report of the side's town (both
    stored in a temporary private folder)."""
    from dashboard import services as dashboard
    from dashboard.models import ReportJob
    from employment import services
    from employment.households import services as households
    from employment.subsidies import services as subsidies
    from tests.employment.subsidies_django.conftest import PDF_BYTES, startup_filed
    from tests.factories import JobPostFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    built = {}
    for key, town in (("a", world.town_x), ("b", world.town_y)):
        side = sides[key]
        household = households.household_create(user=world.users["district"], code=f"HS-{key.upper()}-0001",
                                                 town=town)
        households.household_member_add(user=world.users["district"], household=household,
                                        cert_no=side.seeker.cert_no)
        invitation = services.application_invite(seeker=side.seeker, job=JobPostFactory(employer=side.job.employer))
        seeker_user = world.users[f"seeker_{key}"]
        startup = startup_filed(world, seeker=side.seeker, user=seeker_user, evidence=False)
        evidence = subsidies.evidence_add(application=startup, kind="licence", filename="营业执照.pdf",
                                          content=PDF_BYTES, user=seeker_user)
        report = ReportJob.objects.create(user=world.users[f"town_{'x' if key == 'a' else 'y'}"],
                                          year=timezone.localdate().year, town=town)
        report = dashboard.report_job_build(job_id=report.pk)
        built[key] = MatrixSide(**{f.name: getattr(side, f.name) for f in fields(Side)}, household=household,
                                open_application=invitation, startup_application=startup, evidence=evidence,
                                report=report)
    return built


@pytest.fixture
def matrix(world, matrix_sides, client):
    from django.test import Client

    from tests.factories import make_seeker

    post_data = {**POST_DATA, "staff-household-member-add": {
        "cert_no": make_seeker(town=world.town_x, name="张甲二").cert_no}}
    results = {}
    patterns = url_patterns()
    for role in ROLES:
        for route, name in patterns:
            if name == "logout":
                continue
            c = Client(raise_request_exception=False)  # a crashing view is a finding, not a test error
            if role != "anonymous":
                c.force_login(world.users[role])
            path, real = build_path(route, matrix_sides["a"])
            outcome, status = probe(c, path, name, post_data)
            results[(role, name or route)] = (path, real, outcome, status)
    return results


def test_access_matrix(matrix):
    names = {name for _, name in matrix}
    assert {"job-detail", "employer-declaration-detail", "privacy-access-log"} <= names
    assert len(names) >= 40
    failures = {}

    # 1. Never a server error.
    failures["server errors"] = [(role, name, path, outcome) for (role, name), (path, _, outcome, _) in matrix.items()
                                 if outcome not in ("ok", "login", "denied")]
    # 2. Anonymous users reach only public pages.
    failures["anonymous leaks"] = [(name, path, outcome) for (role, name), (path, _, outcome, _) in matrix.items()
                                   if role == "anonymous" and name not in PUBLIC and outcome == "ok"]
    # 3. Known pages: exactly the expected roles.
    failures["known pages"] = [(name, role, path, outcome) for (role, name), (path, _, outcome, _) in matrix.items()
                               if name in EXPECTED_OK and (role in EXPECTED_OK[name]) != (outcome == "ok")]
    # 4. Changing the id in any URL (including pages added after this test) reveals nothing across sides.
    failures["side B reaches side A"] = [
        (name, role, path) for (role, name), (path, real, outcome, _) in matrix.items()
        if real and role in SIDE_B and outcome == "ok" and name not in CROSS_SIDE_OK | PUBLIC
    ]
    # 5. An id that does not exist is never served as a page (a redirect back with a message is fine).
    failures["missing ids served"] = [(name, role, path) for (role, name), (path, _, _, status) in matrix.items()
                                      if str(MISSING_ID) in path and status == 200]
    failures = {k: v for k, v in failures.items() if v}
    assert failures == {}, "\n".join(f"{k}: {item}" for k, items in failures.items() for item in items)


@pytest.mark.parametrize("role", ["seeker_a", "employer_a"])
def test_portal_roles_cannot_use_the_wagtail_admin(world, client, role):
    client.force_login(world.users[role])
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" not in response["Location"] or "login" in response["Location"]


def test_anonymous_is_sent_to_login_from_the_admin(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "login" in response["Location"]
