"""Demo content for the public site, from the files under ``data/demo/cms/``: every incubation
programme (whom it is for, what it offers, how to join, a photo drawn by ``demo.cms_images``) with a
few projects or artisan studios, policies, news, a 公示, and a page with courses for each training
provider. ``seed_content()`` is idempotent: pages are found by slug under their parent and only
created when missing (a programme page seeded before its joining details existed gets them)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
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
    StudioPage,
    TrainingCoursePage,
    TrainingProviderPage,
)
from employment.models import TrainingProvider

from .cms_images import photo_block
from .files import load


def _text(*paragraphs: str) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]


PROGRAMME_FIELDS = ("audience", "offer", "how_to_join", "contact_name", "contact_phone")


def _programme_fields(spec: dict) -> dict:
    return {
        **{name: spec[name].strip() for name in PROGRAMME_FIELDS},
        "photos": [photo_block(spec["photo"])],
        "body": _text(*spec["paragraphs"]),
    }


def _programmes(home) -> None:
    for spec in load("cms/programmes")["programmes"]:
        programme = Programme(spec["programme"])
        page = IncubationProgramPage.objects.filter(programme=programme).first()
        if page is None:
            page = services.child_page_ensure(home, IncubationProgramPage, slug=spec["slug"], title=spec["title"],
                                              programme=programme, intro=spec["intro"], **_programme_fields(spec))
        elif not page.audience:
            # Seeded before programmes said whom they are for (and repeated the intro as the body).
            for name, value in _programme_fields(spec).items():
                setattr(page, name, value)
            services.page_publish(page)
        for project in spec.get("projects", []):
            fields = {**project, "annual_sales": Decimal(project["annual_sales"]) or None}  # 0: not reported
            # No body: the summary is the page's lead line, and a body repeating it was read out twice.
            created = services.child_page_ensure(page, IncubationProjectPage, **fields)
            if [str(block.value) for block in created.body] == [str(_text(created.summary)[0][1])]:
                created.body = []
                services.page_publish(created)
        for studio in spec.get("studios", []):
            fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in studio.items() if k != "photo"}
            services.child_page_ensure(page, StudioPage, **fields, photos=[photo_block(studio["photo"])])


def _policies(home) -> None:
    data = load("cms/policies")
    index = services.child_page_ensure(home, PolicyIndexPage, **data["index"])
    # Pages of documents that do not exist, made by earlier demo data, go.
    for page in PolicyPage.objects.child_of(index).filter(slug__in=data["retired"]):
        page.delete()
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


# The providers that get a page and courses (the 公示 of training providers names the same ones).
PROVIDERS_WITH_PAGES = 3


def _providers_with_pages() -> list[TrainingProvider]:
    return list(TrainingProvider.objects.order_by("pk")[:PROVIDERS_WITH_PAGES])


def _provider_names_html() -> str:
    """The names of the providers the 公示 lists, each linked to its page on the site where it has one
    (a Wagtail page link, so the link follows the page if it moves)."""
    pages = {page.provider_id: page for page in TrainingProviderPage.objects.all()}
    names = []
    for provider in _providers_with_pages():
        name = escape(provider.name)
        page = pages.get(provider.pk)
        names.append(f'<a linktype="page" id="{page.pk}">{name}</a>' if page else name)
    return "、".join(names)


def _announcements(home) -> None:
    data = load("cms/announcements")
    index = services.child_page_ensure(home, AnnouncementIndexPage, **data["index"])
    providers = _provider_names_html()
    plain = "、".join(p.name for p in _providers_with_pages())
    for spec in data["announcements"]:
        fields = {k: v for k, v in spec.items() if k not in {"paragraphs", "open_days"}}
        body = _text(*(p.format(providers=providers) for p in spec["paragraphs"]))
        # Open to the end of the last day: the page shows the period as dates.
        last_day = timezone.localdate() + timedelta(days=spec["open_days"])
        page = services.child_page_ensure(
            index, AnnouncementPage, **fields,
            expire_at=timezone.make_aware(datetime.combine(last_day, time(23, 59, 59))), body=body,
        )
        # Seeded before the names were linked to the providers' pages: the plain names get their links.
        unlinked = _text(*(p.format(providers=plain) for p in spec["paragraphs"]))
        if providers != plain and _same_text(page.body, unlinked):
            page.body = body
            services.page_publish(page)


def _same_text(stream, paragraphs: list[tuple[str, RichText]]) -> bool:
    return [str(block.value.source) for block in stream] == [text.source for _, text in paragraphs]


def _teacher(name: str, providers: list[TrainingProvider]) -> TrainingProvider | None:
    """The provider teaching a course: the one called ``name``, else the one in the same position in
    data/demo/providers.toml (the tests' providers have other names); None if there is none."""
    by_name = {p.name: p for p in providers}
    if name in by_name:
        return by_name[name]
    names = [p["name"] for p in load("providers")["providers"]]
    position = names.index(name)
    return providers[position] if position < len(providers) else None


def _training(home) -> None:
    data = load("cms/courses")
    services.training_index_ensure()
    today = timezone.localdate()
    providers = _providers_with_pages()
    pages = {
        provider.pk: services.provider_page_ensure(
            provider, intro=data["provider_page"]["intro"].format(provider=provider.name))
        for provider in providers
    }
    for j, spec in enumerate(data["courses"]):
        teacher = _teacher(spec["provider"], providers)
        if teacher is None:
            continue
        course = {k: v for k, v in spec.items() if k != "provider"}
        start = today + timedelta(days=21 + 7 * j)
        services.child_page_ensure(
            pages[teacher.pk], TrainingCoursePage, **{**course, "fee": Decimal(course["fee"])}, start_date=start,
            end_date=start + timedelta(days=60), enrolment_opens=today - timedelta(days=7),
            enrolment_closes=start - timedelta(days=3),
        )


@transaction.atomic
def seed_content() -> None:
    """Create the demo pages that are missing (safe to run again)."""
    home = services.homepage_ensure()
    services.district_content_permissions_ensure()
    _programmes(home)
    _policies(home)
    _news(home)
    _training(home)
    _announcements(home)  # after the providers' pages: the 公示 links to them
