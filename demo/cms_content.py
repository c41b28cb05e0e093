"""Demo content for the public site, from the files under ``data/demo/cms/``: every incubation
programme with a few projects, policies, news, a 公示, and a page with courses for each training
provider. ``seed_content()`` is idempotent: pages are found by slug under their parent and only
created when missing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from cms import services
from cms.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    IncubationProgramPage,
    IncubationProjectPage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    Programme,
    TrainingCoursePage,
)
from employment.models import TrainingProvider

from .files import load


def _text(*paragraphs: str) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]


def _programmes(home) -> None:
    for spec in load("cms/programmes")["programmes"]:
        programme = Programme(spec["programme"])
        page = IncubationProgramPage.objects.filter(programme=programme).first()
        if page is None:
            page = services.child_page_ensure(home, IncubationProgramPage, slug=spec["slug"], title=spec["title"],
                                              programme=programme, intro=spec["intro"], body=_text(spec["intro"]))
        for project in spec["projects"]:
            fields = {**project, "annual_sales": Decimal(project["annual_sales"]) or None}  # 0: not reported
            services.child_page_ensure(page, IncubationProjectPage, **fields, body=_text(project["summary"]))


def _policies(home) -> None:
    data = load("cms/policies")
    index = services.child_page_ensure(home, PolicyIndexPage, **data["index"])
    for spec in data["policies"]:
        fields = {k: v for k, v in spec.items() if k != "paragraphs"}
        services.child_page_ensure(
            index, PolicyPage, **{"expiry_date": None, **fields}, body=_text(*spec["paragraphs"])
        )


def _news(home) -> None:
    data = load("cms/news")
    index = services.child_page_ensure(home, NewsIndexPage, **data["index"])
    for spec in data["news"]:
        fields = {k: v for k, v in spec.items() if k != "paragraphs"}
        services.child_page_ensure(index, NewsPage, **fields, body=_text(*spec["paragraphs"]))


def _announcements(home) -> None:
    data = load("cms/announcements")
    index = services.child_page_ensure(home, AnnouncementIndexPage, **data["index"])
    for spec in data["announcements"]:
        fields = {k: v for k, v in spec.items() if k not in {"paragraphs", "open_days"}}
        services.child_page_ensure(
            index, AnnouncementPage, **fields, expire_at=timezone.now() + timedelta(days=spec["open_days"]),
            body=_text(*spec["paragraphs"]),
        )


def _training(home) -> None:
    data = load("cms/courses")
    services.training_index_ensure()
    today = timezone.localdate()
    providers = list(TrainingProvider.objects.order_by("pk")[:3])
    for i, provider in enumerate(providers):
        page = services.provider_page_ensure(provider, intro=data["provider_page"]["intro"].format(provider=provider.name))
        for j, course in enumerate(data["courses"]):
            if (i + j) % 3 == 2:
                continue  # two courses per provider, different ones
            start = today + timedelta(days=21 + 7 * j)
            services.child_page_ensure(
                page, TrainingCoursePage, **{**course, "fee": Decimal(course["fee"])}, start_date=start,
                end_date=start + timedelta(days=60), enrolment_opens=today - timedelta(days=7),
                enrolment_closes=start - timedelta(days=3), body=_text(course["summary"]),
            )


@transaction.atomic
def seed_content() -> None:
    """Create the demo pages that are missing (safe to run again)."""
    home = services.homepage_ensure()
    services.district_content_permissions_ensure()
    _programmes(home)
    _policies(home)
    _news(home)
    _announcements(home)
    _training(home)
