"""Security-test fixtures: a world with one of every object on each side (A and B)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.matching.index_helpers import index_dir  # noqa: F401
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401


@dataclass
class Side:
    """Objects belonging to one side (A: town X / employer A / seeker A; B: town Y / ...)."""

    seeker: object
    job: object
    application: object
    placement: object
    follow_up: object
    declaration: object
    entry: object
    revision: object


@pytest.fixture
def sides(world, start_declaration):  # noqa: F811
    from casework.models import FollowUp
    from employment import applications, services

    built = {}
    for key in ("a", "b"):
        seeker = getattr(world, f"seeker_{key}")
        job = getattr(world, f"job_{key}")
        employer = getattr(world, f"employer_{key}")
        application = applications.application_submit(seeker=seeker, job=job, message="我想应聘")
        placement = services.placement_record(
            seeker=seeker, employer=employer, contract_start=date(2025, 1, 1), monthly_wage=Decimal("3500"),
            job=job, application=application,
        )
        follow_up = FollowUp.objects.filter(placement=placement).order_by("months").first()
        declaration = start_declaration(
            employer, world.users[f"employer_{key}"], rows=[roster_row(10 if key == "a" else 20)]
        )
        built[key] = Side(
            seeker=seeker, job=job, application=application, placement=placement, follow_up=follow_up,
            declaration=declaration, entry=declaration.roster.first(), revision=declaration.revisions.first(),
        )
    return built


@dataclass
class AdminSide:
    """Objects of one side as the Wagtail admin shows them: the provider's draft course page (in
    moderation), an enrolment on the provider's course, a submitted declaration and a submitted
    start-up subsidy application (each with its revision and workflow state), and — side A only —
    an image and a document in a collection that only the side's provider group may use in the
    admin and download (a collection view restriction)."""

    provider_page: object  # the root of the provider's subtree (live, public)
    course: object  # the provider's live course, which the enrolment is on
    draft_course: object  # a draft course page submitted for moderation; its title is in DRAFT_TITLES
    page_revision: object
    page_workflow_state: object
    page_task_state: object
    enrolment: object
    declaration: object
    declaration_revision: object
    declaration_workflow_state: object
    declaration_task_state: object
    subsidy: object
    subsidy_revision: object
    subsidy_workflow_state: object
    subsidy_task_state: object
    user: object  # the side's seeker's account
    group: object  # the side's provider group
    collection: object = None
    image: object = None
    document: object = None


DRAFT_TITLES = {"a": "甲校未公开草稿课程 DraftA", "b": "乙校未公开草稿课程 DraftB"}
# Strings that name side A's records in a response: the seeker's name (enrolment, start-up
# application), the declaration's title, the draft course title and the restricted image and document.
# (The employer's name and the live course title are public: they are on the job and course pages.)
SIDE_A_MARKERS = ("张甲", "甲公司 2025年度申报", DRAFT_TITLES["a"], "甲方内部")


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files on disk in a temporary MEDIA_ROOT (FileSystemStorage, as in production), and
    private files in a temporary PRIVATE_MEDIA_ROOT beside it."""
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_sides(world, sides, policy, media_root):  # noqa: F811
    """Side A and B objects for the Wagtail admin (see ``AdminSide``); declarations of ``sides`` are
    submitted for review here."""
    import io

    from django.contrib.auth.models import Permission
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

    from cms import services as cms
    from domain import identity
    from quota import services as declarations
    from tests.cms.conftest import make_course
    from tests.subsidies.conftest import startup_filed

    cms.training_index_ensure()
    built = {}
    for key in ("a", "b"):
        provider = getattr(world, f"provider_{key}")
        provider_user = world.users[f"provider_{key}"]
        provider_page = cms.provider_page_ensure(provider)
        course = make_course(provider_page, slug=f"course-{key}", title="甲校电商培训" if key == "a" else "乙校竹编培训")
        draft = make_course(provider_page, slug=f"draft-{key}", title=DRAFT_TITLES[key], publish=False)
        revision = draft.save_revision(user=provider_user, log_action=True)
        page_state = draft.get_workflow().start(draft, provider_user)
        enrolment = cms.enrolment_create(course=course, seeker=getattr(world, f"seeker_{key}"))
        declaration = declarations.declaration_submit(declaration=sides[key].declaration,
                                                      user=world.users[f"employer_{key}"])
        subsidy = startup_filed(world, seeker=getattr(world, f"seeker_{key}"), user=world.users[f"seeker_{key}"],
                                code=identity.make_credit_code(f"91330203MA2AB1C{key.upper()}{key.upper()}"))
        decl_state, subsidy_state = declaration.current_workflow_state, subsidy.current_workflow_state
        built[key] = AdminSide(
            provider_page=provider_page, course=course, draft_course=draft, page_revision=revision, page_workflow_state=page_state,
            page_task_state=page_state.current_task_state, enrolment=enrolment, declaration=declaration,
            declaration_revision=declaration.latest_revision, declaration_workflow_state=decl_state,
            declaration_task_state=decl_state.current_task_state, subsidy=subsidy,
            subsidy_revision=subsidy.latest_revision, subsidy_workflow_state=subsidy_state,
            subsidy_task_state=subsidy_state.current_task_state, user=world.users[f"seeker_{key}"],
            group=cms.provider_access_ensure(provider),
        )
    side_a = built["a"]
    side_a.collection = Collection.get_first_root_node().add_child(name="甲方内部资料")
    for codename in ("add_image", "change_image", "choose_image", "add_document", "change_document",
                     "choose_document"):
        GroupCollectionPermission.objects.create(group=side_a.group, collection=side_a.collection,
                                                 permission=Permission.objects.get(codename=codename))
    restriction = CollectionViewRestriction.objects.create(
        collection=side_a.collection, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(side_a.group)
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "orange").save(buffer, "PNG")
    side_a.image = Image.objects.create(title="甲方内部图片", file=ImageFile(buffer, name="a.png"),
                                        collection=side_a.collection)
    side_a.document = Document.objects.create(title="甲方内部文件", file=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
                                              collection=side_a.collection)
    return built


@pytest.fixture
def limits(settings):
    """Small login-failure limits (3 per username and address, 6 per address), no proxy header."""
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.TRUSTED_PROXY_HEADER = ""
    return settings
