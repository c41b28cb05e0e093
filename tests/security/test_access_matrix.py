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

The Wagtail admin, document serving and Wagtail's restriction views (``admin/``, ``documents/``,
``_util/``) have their own walk below (``test_admin_access_matrix``, URLs filled by
``tests/security/admin_urls.py``) with the same layers plus one: side A's names must not appear in
any response to side B. Files under MEDIA_ROOT are served by the web server to anyone, so instead of
a walk the last tests check that nothing personal is stored there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.security.admin_urls import ADMIN_PREFIXES, admin_probes
from tests.security.conftest import SIDE_A_MARKERS, Side

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "seeker_a", "seeker_b", "employer_a", "employer_b", "provider_a", "provider_b",
         "town_x", "town_y", "district"]
SIDE_B = {"seeker_b", "employer_b", "provider_b", "town_y"}
SIGNED_IN = set(ROLES) - {"anonymous"}
STAFF_A = {"town_x", "district"}
MISSING_ID = 999_999
# The Wagtail admin, document serving and Wagtail's page-restriction views: the admin matrix below.
SKIP_PREFIXES = ADMIN_PREFIXES

PUBLIC = {"wagtail_serve", "seeker-signup", "job-list", "job-detail", "declaration-publicity",
          "declaration-publicity-latest", "login", "a11y-preferences", "wagtailcore_login", "logout",
          "public-summary",  # 全区就业概况: aggregates only, small cells suppressed
          # Sign-up step 2 (SMS code / activation code): answers only the browser that started step 1.
          "seeker-signup-verify", "seeker-signup-activate",
          "seeker-signup-resend",  # a new code for that browser's pending sign-up (none: 验证码已失效)
          "site-search",  # searches the published (public) pages only (and published jobs)
          "favicon",  # a redirect to the static icon
          # Getting back in: the e-mail reset (the same answer for any address) and the town's code.
          "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
          "password-reset-code",
          # 项目报名: anyone may apply to join a programme from its public page (visitors with a name
          # and phone, limited per address); a GET shows the form.
          "programme-apply"}

EXPECTED_OK = {
    "portal-home": SIGNED_IN,
    "work-queue": SIGNED_IN,  # 我的待办: every role's own counts, no object in the URL
    "employer-applications": {"employer_a", "employer_b"},
    "notification-settings": SIGNED_IN,  # one's own channels; a provider's page says there is nothing to set
    "notification-read-all": SIGNED_IN,  # POST-only: marks one's own notifications read
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
    "seeker-verify": STAFF_A,
    "seeker-password-reset-code": STAFF_A,  # a GET shows the page; a code is made only by a POST
    "password_change": SIGNED_IN,  # seeker A is verified: the page says so (a GET changes nothing)
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
    # 年审催报: each town its own non-filers, the district all; an empty POST goes back to the list.
    "review-non-filers": {"town_x", "town_y", "district"},
    "review-non-filers-remind": {"town_x", "town_y", "district"},
    # 受理补报, district only; the empty POST is refused by the form and goes back to the declaration.
    "review-declaration-accept-late": {"district"},
    "declaration-letter": set(),  # a draft has no result letter yet (404 for everyone)
    "declaration-letter-pdf": set(),  # … nor its PDF, nor a payment notice (tests/quota/test_letters.py: approved)
    "declaration-payment-notice": set(),
    "declaration-payment-notice-pdf": set(),
    # 认定书打包: each town zips its own town's letters, the district all; town X's zip (with its file)
    # is seen by town X's reviewers and the district only.
    "review-letter-archives": {"town_x", "town_y", "district"},
    "review-letter-archive": STAFF_A,
    "review-letter-archive-download": STAFF_A,
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
    "employer-declaration-delete": {"employer_a"},  # a GET asks for confirmation; nothing is deleted
    "employer-declaration-revisions": {"employer_a"},
    # Supporting documents (申报证明材料): the employer's list and upload page, a delete that a GET only
    # asks to confirm, and the shared download (employer A, its town X and the district; logged).
    "employer-declaration-evidence": {"employer_a"},
    "employer-declaration-evidence-delete": {"employer_a"},
    "declaration-evidence-download": {"employer_a", "town_x", "district"},
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
    "two-factor-codes": {"provider_a", "provider_b", "town_x", "town_y", "district"},  # nothing to show → recovery-codes
    # Town X's dashboard report, requested by its reviewer: the district and town X only (its file too).
    "dashboard-report": STAFF_A,
    "dashboard-report-download": STAFF_A,
    # The population extract (the employment rate's base): aggregate figures, loaded by the district only.
    "dashboard-population": {"district"},
    "dashboard-population-template": {"district"},
    # Accounts (issue 14): the district manages every account; the activation link's token is "x"
    # here (no such link: 404 for everyone); an employer's page of its own accounts.
    "account-list": {"district"},
    "account-create": {"district"},
    "account-import": {"district"},
    "account-import-template": {"district"},
    "account-edit": {"district"},  # town X's reviewer's account
    "account-active": {"district"},  # POST reactivates the (active) account: nothing changes
    "account-link": {"district"},  # POST issues a new activation link for it
    "account-activate": set(),
    "employer-colleagues": {"employer_a", "employer_b"},
    # Employer A's own account (not an administrator): seen, but refused with a message (redirect).
    "employer-colleague-active": {"employer_a"},
    # The district takes or reassigns a town step; side A's declaration is a draft, so the district is
    # sent back with a message; town X's reviewer is refused (403), town Y's sees nothing (404).
    "review-town-step": {"district"},
    # The employer register (用人单位名录): each town reads its own town's employers (employer A is in
    # town X), the district changes it; the import's confirmation without a pending file sends the
    # district back to the upload page.
    "employer-register-list": {"town_x", "town_y", "district"},
    "employer-register-export": {"town_x", "town_y", "district"},
    "employer-register-detail": {"town_x", "district"},
    "employer-register-create": {"district"},
    "employer-register-import": {"district"},
    "employer-register-import-confirm": {"district"},
    "employer-register-import-template": {"district"},
    # 公示 (issue 15): batches are the district's; objections are read by the town of the employer and
    # handled by the district; employer A objects to its own entry (batch A is in its 公示 period).
    "publicity-batch-list": {"district"},
    "publicity-batch-create": {"district"},
    "publicity-batch-detail": {"district"},
    "publicity-batch-publish": {"district"},  # batch A is published already: back with a message
    "publicity-batch-discard": {"district"},  # ... and cannot be deleted: back with a message
    "publicity-entry-withdraw": {"district"},  # a GET shows the form; nothing is withdrawn
    "publicity-entry-republish": {"district"},  # a GET shows the form; nothing is republished
    "publicity-objection-list": {"town_x", "town_y", "district"},
    "publicity-objection-create": {"town_x", "town_y", "district"},  # each lists its own towns' entries
    "publicity-objection-detail": STAFF_A,
    "publicity-objection-reopen": {"district"},  # a GET shows the form; nothing is reopened
    "employer-publicity-objection": {"employer_a"},
    # Training rosters (issue 15): side A's course and its learner's enrolment — provider A and the
    # district; marking completion asks for confirmation first (a GET changes nothing); the
    # correction of a completion is the district's alone.
    "course-roster": {"provider_a", "district"},
    "course-completion": {"provider_a", "district"},
    "course-completion-correct": {"district"},
    # Applications to join a programme (项目报名): each seeker their own list; the queue for staff (a town
    # its own town's seekers); seeker A's application: seeker A, town X and the district.
    "programme-my-applications": {"seeker_a", "seeker_b"},
    "programme-application-list": {"town_x", "town_y", "district"},
    "programme-application-detail": {"seeker_a", "town_x", "district"},
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
    ("review/publicity/entries/<id:pk>", {"pk": "publicity_entry"}),
    ("review/publicity/objections/<id:pk>", {"pk": "publicity_objection"}),
    ("review/publicity/<id:pk>", {"pk": "publicity_batch"}),
    ("employer/publicity/<id:pk>", {"pk": "publicity_entry"}),
    ("training/provider/enrolments/<id:pk>", {"pk": "enrolment"}),
    ("training/provider/courses/<id:pk>", {"pk": "course"}),
    ("programmes/<id:pk>/apply", {"pk": "programme_page"}),
    ("programmes/applications/<id:pk>", {"pk": "programme_application"}),
    ("staff/accounts/<id:pk>", {"pk": "staff_account"}),
    ("staff/employers/<id:pk>", {"pk": "register_employer"}),
    ("employer/colleagues/<id:pk>", {"pk": "employer_account"}),
    ("/town-step/", {"pk": "declaration"}),
    ("dashboard/reports/<id:pk>", {"pk": "report"}),
    ("review/letters/<id:pk>", {"pk": "letter_archive"}),
    ("subsidies/<id:pk>/evidence/<id:evidence_id>", {"pk": "startup_application", "evidence_id": "evidence"}),
    ("subsidies/<id:pk>", {"pk": "startup_application"}),
    ("households/<id:pk>/members/<id:seeker_pk>", {"pk": "household", "seeker_pk": "seeker"}),
    ("households/<id:pk>", {"pk": "household"}),
    ("declarations/<id:pk>/entries/<id:entry_id>", {"pk": "declaration", "entry_id": "entry"}),
    ("declarations/<id:pk>/revisions/<id:revision_id>", {"pk": "declaration", "revision_id": "revision"}),
    ("declarations/<id:pk>/evidence/<id:evidence_id>", {"pk": "declaration", "evidence_id": "declaration_evidence"}),
    ("declarations/<id:pk>", {"pk": "declaration"}),
    ("jobs/applications/<id:pk>", {"pk": "application"}),
    ("jobs/<id:pk>/invite/<id:seeker_pk>", {"pk": "job", "seeker_pk": "seeker"}),
    ("jobs/<id:pk>", {"pk": "job"}),
    ("seekers/<id:pk>", {"pk": "seeker"}),
    ("follow-ups/<id:pk>", {"pk": "follow_up"}),
    ("placements/<id:pk>", {"pk": "placement"}),
    ("seeker/applications/<id:pk>", {"pk": "open_application"}),
    ("applications/<id:pk>", {"pk": "application"}),
]
# Keyword names that say what they point at, for patterns added later.
KWARG_HINTS = {"seeker": "seeker", "job": "job", "application": "application", "placement": "placement",
               "declaration": "declaration", "entry": "entry", "revision": "revision", "household": "household",
               "evidence": "evidence"}
FIXED = {"year": "2025", "kind": "levy", "fmt": "xlsx", "reviewed": "declaration"}


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
        if converter in ("int", "id"):
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
POST_DATA = {"employer-job-status": {"action": "publish"}, "account-active": {"active": "1"},
             "employer-colleague-active": {"active": "1"}}


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
    staff_account: object = None  # the side's town reviewer's account (town X / town Y)
    employer_account: object = None  # the side's employer user's account
    register_employer: object = None  # the side's employer, on the employer register
    declaration_evidence: object = None  # a file uploaded to the side's declaration, on its roster row
    letter_archive: object = None  # a finished zip of the side's town's letters, requested by its reviewer
    publicity_batch: object = None  # a published 公示 batch (the year before) with the side's approved result
    publicity_entry: object = None  # its entry
    publicity_objection: object = None  # the side's employer's objection to it
    course: object = None  # the side's provider's live course
    enrolment: object = None  # the side's seeker's place on it
    programme_page: object = None  # an incubation programme page (public; both sides share it)
    programme_application: object = None  # the side's seeker's application to join it (pending)


@pytest.fixture
def matrix_sides(world, sides, policy, settings, tmp_path):  # noqa: F811
    """Each side plus its family (零就业残疾人家庭) with the side's seeker as a member, an interview
    invitation to the side's seeker that is still open, and the seeker's draft start-up subsidy
    application with one evidence file, a finished dashboard report of the side's town, a disability
    certificate uploaded to the side's declaration row and a finished zip of its town's letters (all
    stored in a temporary private folder), a course of the side's provider with the side's seeker
    enrolled, and the seeker's pending application to join a programme."""
    from django.core.files.base import ContentFile

    from cms import programme_services
    from cms import services as cms
    from cms.models import IncubationProgramPage, Programme
    from dashboard import services as dashboard
    from dashboard.models import ReportJob
    from employment import applications
    from households import services as households
    from quota import evidence as declaration_evidence
    from quota.models import LetterArchive, LetterArchiveStatus
    from subsidies import services as subsidies
    from tests.cms.conftest import make_course
    from tests.factories import JobPostFactory
    from tests.subsidies.conftest import PDF_BYTES, startup_filed

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    programme = cms.child_page_ensure(
        cms.homepage_ensure(), IncubationProgramPage, slug="dianshang", title="电商添翼",
        programme=Programme.ECOMMERCE, intro="帮助残疾人做网店客服。")
    built = {}
    for key, town in (("a", world.town_x), ("b", world.town_y)):
        side = sides[key]
        household = households.household_create(user=world.users["district"], code=f"HS-{key.upper()}-0001",
                                                 town=town)
        households.household_member_add(user=world.users["district"], household=household,
                                        cert_no=side.seeker.cert_no)
        invitation = applications.application_invite(seeker=side.seeker, job=JobPostFactory(employer=side.job.employer))
        seeker_user = world.users[f"seeker_{key}"]
        startup = startup_filed(world, seeker=side.seeker, user=seeker_user, evidence=False)
        evidence = subsidies.evidence_add(application=startup, kind="licence", filename="营业执照.pdf",
                                          content=PDF_BYTES, user=seeker_user)
        report = ReportJob.objects.create(user=world.users[f"town_{'x' if key == 'a' else 'y'}"],
                                          year=timezone.localdate().year, town=town)
        report = dashboard.report_job_build(job_id=report.pk)
        declaration_file = declaration_evidence.evidence_add(
            declaration=side.declaration, entry=side.entry, kind="disability_cert", filename="残疾证.pdf",
            content=PDF_BYTES, user=world.users[f"employer_{key}"])
        letter_archive = LetterArchive.objects.create(user=world.users[f"town_{'x' if key == 'a' else 'y'}"],
                                                      year=2025, town=town, status=LetterArchiveStatus.DONE,
                                                      progress=100, letter_count=1)
        letter_archive.file.save("letters.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
        batch, entry, objection = _publicity_of(world, key)
        course = make_course(cms.provider_page_ensure(getattr(world, f"provider_{key}")), slug=f"matrix-{key}")
        enrolment = cms.enrolment_create(course=course, seeker=side.seeker)
        built[key] = MatrixSide(**{f.name: getattr(side, f.name) for f in fields(Side)}, household=household,
                                publicity_batch=batch, publicity_entry=entry, publicity_objection=objection,
                                open_application=invitation, startup_application=startup, evidence=evidence,
                                report=report,
                                staff_account=world.users[f"town_{'x' if key == 'a' else 'y'}"].account,
                                employer_account=world.users[f"employer_{key}"].account,
                                register_employer=getattr(world, f"employer_{key}"),
                                declaration_evidence=declaration_file,
                                letter_archive=letter_archive,
                                course=course, enrolment=enrolment, programme_page=programme,
                                programme_application=programme_services.programme_application_create(
                                    page=programme, seeker=side.seeker))
    return built


def _publicity_of(world, key: str):
    """Employer A's (or B's) declaration of the year before, approved and published in a batch of its
    own, with the employer's objection to it."""
    from datetime import timedelta
    from decimal import Decimal

    from quota import publicity_services, services

    employer, user = getattr(world, f"employer_{key}"), world.users[f"employer_{key}"]
    year = 2024
    declaration = services.declaration_start(employer=employer, year=year, user=user)
    services.declaration_update_basics(declaration=declaration, monthly_headcounts=[20] * 12,
                                       wage_bill=Decimal("1000000"), user=user)
    services.declaration_submit(declaration=declaration, user=user)
    town = world.users[f"town_{'x' if key == 'a' else 'y'}"]
    services.declaration_review(declaration=declaration, user=town, action="approve")
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    today = timezone.localdate()
    batch = publicity_services.batch_create(
        user=world.users["district"], year=year, declaration_ids=[declaration.pk],
        document_no=f"海残联公示〔{year}〕{key}号", start_date=today, end_date=today + timedelta(days=6),
        contact_name="王老师", contact_phone="0574-87000000", contact_address="海曙区残联")
    publicity_services.batch_publish(batch=batch, user=world.users["district"])
    entry = batch.entries.get()
    objection = publicity_services.objection_register(entry=entry, user=user, text="安排人数有误")
    return batch, entry, objection


def role_client(world, role: str):
    """One client per role for the whole walk (logging in once per role, not once per request)."""
    from django.test import Client

    client = Client(raise_request_exception=False)  # a crashing view is a finding, not a test error
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def still_signed_in(client, world, role: str) -> None:
    """A view that signs the user out would make every later probe of the role look denied."""
    if role != "anonymous" and "_auth_user_id" not in client.session:
        client.force_login(world.users[role])


@pytest.fixture
def matrix(world, matrix_sides, client):
    from tests.factories import make_seeker

    post_data = {**POST_DATA, "staff-household-member-add": {
        "cert_no": make_seeker(town=world.town_x, name="张甲二").cert_no}}
    results = {}
    patterns = url_patterns()
    for role in ROLES:
        c = role_client(world, role)
        for route, name in patterns:
            if name == "logout":
                continue
            path, real = build_path(route, matrix_sides["a"])
            outcome, status = probe(c, path, name, post_data)
            still_signed_in(c, world, role)
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


# ---- the Wagtail admin, document serving and Wagtail's restriction views ------------------------
#
# Every pattern under admin/, documents/ and _util/ (tests/security/admin_urls.py fills their many
# keyword arguments with side A's objects: its draft course page, enrolment, declaration, subsidy
# application and their revisions and workflow states, its image and document in a collection only
# provider A's group may use, seeker A's account). Outcomes as for the portal, except that a 405 on
# the GET counts as *reached* (the gate let the role through to a POST-only view; nothing is posted,
# so the walk changes nothing) and Wagtail's "no permission" redirect to the admin home is *denied*.

ADMIN_USERS = {"provider_a", "provider_b", "town_x", "town_y", "district"}
ADMIN_EDITORS = {"provider_a", "provider_b", "district"}
ADMIN_REVIEWERS = {"town_x", "town_y", "district"}
# The login, logout and password-reset pages, their scripts and icons; Wagtail's own login page for
# restricted pages and documents, and its password form (a missing restriction id here).
ADMIN_PUBLIC = {"wagtailadmin_login", "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
                "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete",
                "wagtailadmin_javascript_catalog", "wagtailadmin_sprite", "wagtailcore_login"}
SKIPPED_ADMIN = {"wagtailadmin_logout"}  # a GET signs the user out (Wagtail's behaviour)


def _snippet_expected(ns: str, chooser: str, views: dict[str, set[str]]) -> dict[str, set[str]]:
    return {(f"{chooser}:{view.removeprefix('chooser:')}" if view.startswith("chooser:") else f"{ns}:{view}"): roles
            for view, roles in views.items()}


_REVIEWED = {  # declaration A and start-up application A, both in town X's review step
    "list": ADMIN_REVIEWERS, "list_results": ADMIN_REVIEWERS, "chooser:choose": ADMIN_REVIEWERS,
    "chooser:choose_results": ADMIN_REVIEWERS, "chooser:chosen": STAFF_A, "chooser:chosen_multiple": STAFF_A,
    "edit": STAFF_A, "confirm_workflow_cancellation": STAFF_A,
    # reverting to an earlier revision, unpublishing, unscheduling: superusers only (review.admin_views)
    "revisions_revert": set(), "revisions_unschedule": set(), "unpublish": set(),
    # acting on the review step is for the reviewer of that step (town X), nobody else
    "workflow_action": {"town_x"}, "collect_workflow_action_data": {"town_x"}, "lock": {"town_x"},
    "unlock": set(),  # nothing is locked
    # Wagtail shows history, usage and revisions to those who may change the object: the district
    **dict.fromkeys(("delete", "history", "history_results", "revisions_compare", "usage", "workflow_history",
                     "workflow_history_detail"), {"district"}),
    "add": set(), "copy": set(), "chooser:create": set(),  # filed by employers and seekers in the portal
}
_PAGE_A = {"provider_a", "district"}  # provider A's own draft course: provider A and the district

ADMIN_EXPECTED: dict[str, set[str]] = {
    # 登录锁定: district only. The unlock page probed without a locked username or address is a 404 for
    # everyone; tests/security/test_login_throttle.py covers it with a real lockout.
    "login-lockouts": {"district"}, "login-lockout-unlock": set(),
    # 重置两步验证: district only; the reset page probed with a missing user is a 404 for the district
    # (tests/security/test_second_factor_reset.py covers it with real accounts).
    "second-factor-staff": {"district"}, "second-factor-reset": set(),
    "wagtailadmin_home": ADMIN_USERS, "wagtailadmin_account": ADMIN_USERS, "wagtailadmin_dismissibles": ADMIN_USERS,
    "wagtailadmin_editing_sessions:ping": STAFF_A,  # about declaration A
    "wagtailadmin_editing_sessions:release": ADMIN_USERS,  # releases only the user's own session
    # pages
    "wagtailadmin_explore_root": ADMIN_EDITORS, "wagtailadmin_pages:search": ADMIN_EDITORS,
    "wagtailadmin_pages:search_results": ADMIN_EDITORS, "wagtailadmin_pages:choose_parent": ADMIN_EDITORS,
    **dict.fromkeys(("wagtailadmin_explore", "wagtailadmin_explore_results"), _PAGE_A),
    **{f"wagtailadmin_pages:{view}": _PAGE_A for view in (
        "edit", "preview_on_edit", "view_draft", "copy", "history", "history_results", "revisions_index",
        "revisions_view", "revisions_revert", "revisions_compare", "usage", "workflow_history",
        "workflow_history_detail", "confirm_workflow_cancellation", "move_confirm", "lock", "unlock",
        "set_page_position")},
    # providers add and edit; publishing, moving, deleting, privacy and moderation are the district's
    **{f"wagtailadmin_pages:{view}": {"district"} for view in (
        "delete", "move", "set_privacy", "unpublish", "revisions_unschedule", "workflow_action",
        "collect_workflow_action_data", "workflow_preview", "type_use", "type_use_results")},
    **{f"wagtailadmin_pages:{view}": set() for view in ("add", "add_subpage", "preview_on_add", "convert_alias")},
    "wagtailadmin_api:pages:listing": _PAGE_A, "wagtailadmin_api:pages:detail": _PAGE_A,
    "wagtailadmin_api:pages:find": set(), "wagtailadmin_api:pages:action": {"district"},
    "wagtailadmin_choose_page": ADMIN_EDITORS, "wagtailadmin_choose_page_search": ADMIN_EDITORS,
    "wagtailadmin_choose_page_child": _PAGE_A, "wagtailadmin_choose_page_chosen_multiple": _PAGE_A,
    **{f"wagtailadmin_choose_page_{kind}_link": ADMIN_EDITORS for kind in ("external", "email", "phone", "anchor")},
    "wagtailadmin_tag_autocomplete": ADMIN_EDITORS, "wagtailadmin_tag_model_autocomplete": set(),
    "wagtailadmin_block_preview": set(),  # needs a block type
    # images and documents: collection permissions — provider A's group on its own collection, the district
    # on its own (区残联网站资料, cms 0009): both list and add; side A's image and document are provider A's
    **{f"wagtailimages:{view}": {"provider_a", "district"} for view in (
        "index", "index_results", "add", "add_multiple")},
    **{f"wagtailimages:{view}": {"provider_a"} for view in (
        "edit", "delete", "image_usage", "preview", "edit_multiple", "delete_multiple")},
    **{f"wagtailimages_chooser:{view}": {"provider_a"} for view in ("chosen", "chosen_multiple", "select_format")},
    "wagtailimages_chooser:create": {"provider_a", "district"},
    **{f"wagtaildocs:{view}": {"provider_a", "district"} for view in (
        "index", "index_results", "add", "add_multiple")},
    **{f"wagtaildocs:{view}": {"provider_a"} for view in (
        "edit", "delete", "document_usage", "edit_multiple", "delete_multiple")},
    **{f"wagtaildocs_chooser:{view}": {"provider_a"} for view in ("chosen", "chosen_multiple")},
    "wagtaildocs_chooser:create": {"provider_a", "district"},
    **{f"{chooser}:{view}": ADMIN_EDITORS for chooser in ("wagtailimages_chooser", "wagtaildocs_chooser")
       for view in ("choose", "choose_results")},  # each sees the collections it has permissions on
    "wagtaildocs_serve": {"provider_a"},  # the collection's view restriction: provider A's group
    # snippets
    **_snippet_expected("wagtailsnippets_quota_declaration", "wagtailsnippetchoosers_quota_declaration",
                        _REVIEWED),
    **_snippet_expected("wagtailsnippets_subsidies_subsidyapplication",
                        "wagtailsnippetchoosers_subsidies_subsidyapplication", _REVIEWED),
    **_snippet_expected("wagtailsnippets_quota_policyyear", "wagtailsnippetchoosers_quota_policyyear", {
        **dict.fromkeys(("list", "list_results", "chooser:choose", "chooser:choose_results", "chooser:chosen",
                         "chooser:chosen_multiple"), ADMIN_REVIEWERS),
        **dict.fromkeys(("add", "copy", "edit", "delete", "history", "history_results", "usage",
                         "chooser:create"), {"district"})}),
    **_snippet_expected("wagtailsnippets_cms_enrolment", "wagtailsnippetchoosers_cms_enrolment", {
        **dict.fromkeys(("list", "list_results", "inspect", "chooser:choose", "chooser:choose_results",
                         "chooser:chosen", "chooser:chosen_multiple"), {"district"}),
        # read-only in the admin; the provider's roster views are where enrolments change
        **dict.fromkeys(("add", "copy", "edit", "delete", "history", "history_results", "usage",
                         "chooser:create"), set())}),
    "wagtailsnippets:index": {"district"},
    # bulk actions: the district on pages (filings are never deleted in bulk); images and documents by
    # collection permission; nobody on enrolments, policy years (no id given) or accounts
    **{f"wagtail_bulk_action[wagtailcore.page.{a}]": {"district"} for a in ("delete", "move", "publish", "unpublish")},
    "wagtail_bulk_action[quota.declaration.delete]": set(),  # a filing is never deleted in bulk
    "wagtail_bulk_action[subsidies.subsidyapplication.delete]": set(),
    "wagtail_bulk_action[quota.policyyear.delete]": set(),
    "wagtail_bulk_action[cms.enrolment.delete]": set(),
    **{f"wagtail_bulk_action[{m}.{a}]": {"provider_a"} for m in ("wagtailimages.image", "wagtaildocs.document")
       for a in ("delete", "add_tags", "add_to_collection")},
    **{f"wagtail_bulk_action[auth.user.{a}]": set() for a in ("delete", "assign_role", "set_active_state")},
    # reports list pages, workflows and log entries of the whole site: the district only
    **{f"wagtailadmin_reports:{r}{s}": {"district"} for r in (
        "locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages", "page_types_usage")
       for s in ("", "_results")},
}
# Superusers only: account, group, site, collection, workflow and redirect management, the
# images/documents API (not scoped by collection) and Wagtail's test pages.
ADMIN_SUPERUSER_ONLY_PREFIXES = (
    "wagtailusers_", "wagtailsites:", "wagtailadmin_collections:", "wagtailadmin_workflows:", "wagtailredirects:",
    "wagtailadmin_api:images:", "wagtailadmin_api:documents:",
    "wagtailadmin_error_test", "admin/",
)


def classify_admin(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"].split("?")[0]
        if location.endswith(("/login/", "/accounts/login/")):
            return "login"
        return "denied" if location == "/admin/" else "ok"  # Wagtail answers "no permission" so
    if response.status_code == 405:
        return "ok"
    return classify(response)


def response_text(response) -> str:
    """The body as text, JSON unescaped (the choosers answer JSON with \\u-escaped Chinese)."""
    import json

    if response.status_code != 200:
        return ""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


@pytest.fixture
def admin_matrix(world, admin_sides, policy):
    """(role, key) -> (path, real, outcome, status, side-A markers in the body) for every admin probe."""
    from wagtail.models import Site, Task, Workflow

    shared = {"policy": policy, "workflow": Workflow.objects.order_by("pk").first(),
              "task": Task.objects.order_by("pk").first(), "site": Site.objects.get(is_default_site=True)}
    probes = [p for p in admin_probes(admin_sides["a"], shared) if p.key not in SKIPPED_ADMIN]
    results = {}
    for role in ROLES:
        c = role_client(world, role)
        for p in probes:
            response = c.get(p.path)
            still_signed_in(c, world, role)
            body = response_text(response)
            results[(role, p.key)] = (p.path, p.real, classify_admin(response), response.status_code,
                                      [m for m in SIDE_A_MARKERS if m in body])
    return results


def test_admin_access_matrix(admin_matrix):
    keys = {key for _, key in admin_matrix}
    assert len(keys) >= 250 and "wagtailsnippetchoosers_cms_enrolment:chosen" in keys
    assert set(ADMIN_EXPECTED) <= keys, f"stale entries: {set(ADMIN_EXPECTED) - keys}"
    # The name check below can see names: the district finds side A's on the listings and choosers.
    for key in ("wagtailsnippets_quota_declaration:list", "wagtailsnippetchoosers_cms_enrolment:choose",
                "wagtailadmin_choose_page_child", "wagtailimages_chooser:chosen"):
        role = "provider_a" if key.startswith("wagtailimages") else "district"
        assert admin_matrix[(role, key)][4], (role, key)
    failures = {}
    # 1. Never a server error.
    failures["server errors"] = [(role, key, path, status) for (role, key), (path, _, outcome, status, _)
                                 in admin_matrix.items() if outcome not in ("ok", "login", "denied")]
    # 2. Anonymous users reach only the login and password-reset pages.
    failures["anonymous leaks"] = [(key, path) for (role, key), (path, _, outcome, _, _) in admin_matrix.items()
                                   if role == "anonymous" and key not in ADMIN_PUBLIC and outcome == "ok"]
    # 3. Seekers and employers never use the admin, whatever is added to it later.
    failures["portal roles in the admin"] = [
        (role, key, path) for (role, key), (path, _, outcome, _, _) in admin_matrix.items()
        if role in {"seeker_a", "seeker_b", "employer_a", "employer_b"} and path.startswith("/admin/")
        and key not in ADMIN_PUBLIC and outcome == "ok"]
    # 4. Known pages: exactly the expected roles; superuser-only pages: nobody here.
    failures["known pages"] = [
        (key, role, path, status) for (role, key), (path, _, outcome, status, _) in admin_matrix.items()
        if key in ADMIN_EXPECTED and (role in ADMIN_EXPECTED[key]) != (outcome == "ok")]
    failures["superuser-only pages"] = [
        (key, role, path) for (role, key), (path, _, outcome, _, _) in admin_matrix.items()
        if key.startswith(ADMIN_SUPERUSER_ONLY_PREFIXES) and outcome == "ok"]
    # 5. Side B never reaches a side-A object (also on admin pages added after this test) ...
    failures["side B reaches side A"] = [
        (key, role, path) for (role, key), (path, real, outcome, _, _) in admin_matrix.items()
        if real and role in SIDE_B and outcome == "ok" and key not in ADMIN_PUBLIC]
    # 6. ... nor sees one named on any page, listing, chooser, report or confirmation page.
    failures["side-A names shown to side B"] = [
        (key, role, path, markers) for (role, key), (path, _, _, _, markers) in admin_matrix.items()
        if role in SIDE_B | {"anonymous", "seeker_b", "employer_b"} and markers]
    failures = {k: v for k, v in failures.items() if v}
    assert failures == {}, "\n".join(f"{k}: {item}" for k, items in failures.items() for item in items)


# ---- media: nothing personal under MEDIA_ROOT ---------------------------------------------------
#
# /media/ is served by Django in DEBUG only; in production the web server serves MEDIA_ROOT to anyone
# who has a file's URL, whatever the admin or the portal would say. So the matrix cannot test access
# to it per role: instead nothing personal may be written there. Allowed under MEDIA_ROOT: the public
# site's images (and their renditions) and documents, which staff upload for public pages. Documents
# are linked through /documents/<id>/<name> (Wagtail's serve view, which applies collection view
# restrictions) — the web server must not serve MEDIA_ROOT/documents/ itself (README).

# Wagtail images, their renditions and documents; uploaded_files holds them during a multiple upload.
PUBLIC_MEDIA_FIELDS = {"wagtailimages.image.file", "wagtailimages.rendition.file", "wagtaildocs.document.file",
                       "wagtailcore.uploadedfile.file"}
PUBLIC_MEDIA_DIRS = {"original_images", "images", "documents", "uploaded_files"}
# Wagtail keeps the optional profile picture of a staff member under MEDIA_ROOT/avatar_images/ (its
# model field; no setting moves it): the account page offers no upload instead (employment.wagtail_hooks),
# tested below.
UPLOAD_DISABLED = {"wagtailusers.userprofile.avatar"}


def file_field_labels() -> list[str]:
    from django.apps import apps
    from django.db.models import FileField

    return sorted(f"{m._meta.app_label}.{m._meta.model_name}.{f.name}" for m in apps.get_models()
                  for f in m._meta.get_fields() if isinstance(f, FileField))


@pytest.mark.parametrize("label", [label for label in file_field_labels()
                                   if label not in PUBLIC_MEDIA_FIELDS | UPLOAD_DISABLED])
def test_personal_files_are_stored_outside_media_root(label, media_root):
    from pathlib import Path

    from django.apps import apps

    app_label, model_name, field_name = label.split(".")
    storage = apps.get_model(app_label, model_name)._meta.get_field(field_name).storage
    location = getattr(storage, "location", None)
    assert location is not None, f"{label}: a storage without a local location may be served by URL"
    assert not Path(location).resolve().is_relative_to(Path(media_root).resolve()), label


def test_every_file_field_is_known():
    """A new FileField is either public content (add it to PUBLIC_MEDIA_FIELDS on purpose) or is
    checked by the test above automatically."""
    assert len(file_field_labels()) >= 5 and PUBLIC_MEDIA_FIELDS <= set(file_field_labels())


def test_nothing_personal_is_written_under_media_root(world, admin_sides, media_root, settings):
    """Upload everything the platform stores (start-up evidence for both seekers in ``admin_sides``, an
    image and a document, a dashboard report), then look at what is on disk under MEDIA_ROOT."""
    from pathlib import Path

    from dashboard.models import ReportJob
    from dashboard.services import report_job_build

    report_job_build(job_id=ReportJob.objects.create(user=world.users["district"], year=2025).pk)
    written = {p.relative_to(media_root).parts[0] for p in Path(media_root).rglob("*") if p.is_file()}
    assert {"original_images", "documents"} <= written  # the walk did write the public files
    assert written - PUBLIC_MEDIA_DIRS == set()
    assert list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")), "the evidence files went to private storage"
    assert not admin_sides["a"].document.url.startswith(settings.MEDIA_URL)  # served through the view


@pytest.mark.parametrize("role", ["provider_a", "town_x", "district"])
def test_staff_cannot_upload_a_profile_picture(world, role, media_root):
    """Wagtail would store it under MEDIA_ROOT/avatar_images/ (served to anyone with the URL)."""
    import io
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from PIL import Image

    client = Client()
    client.force_login(world.users[role])
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200 and 'name="avatar-avatar"' not in page.content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    client.post(reverse("wagtailadmin_account"), {
        "name_email-first_name": "张", "name_email-last_name": "三", "name_email-email": "z@example.org",
        "avatar-avatar": SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png"),
    })
    assert not list(Path(media_root).rglob("*.png"))
