"""The seeded demo through the pages (issue 16): the deaf demo seeker sees the two remote text jobs,
a job the rules keep from her says why in plain words, and the job list, the job's page and the
candidates page give the same reasons for one pair. Hashing encoder: the rules and reasons do not
depend on the encoder."""

from __future__ import annotations

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from domain.vocab import ACCESSIBILITY, DEMANDS
from employment.models import JobPost, JobSeeker, JobStatus, Role
from matching import selectors
from tests.factories import make_user

pytestmark = pytest.mark.xdist_group("seed_demo")

REMOTE_TEXT_JOBS = ("短视频剪辑（可居家）", "字幕校对员")


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    """``seed_demo`` once for the module, rolled back after its last test (as tests/demo does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        selectors.forget_cached()
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    selectors.forget_cached()


@pytest.fixture
def deaf_seeker(_seeded_module, db) -> JobSeeker:
    seeker = JobSeeker.objects.select_related("user").get(user__username="seeker2")
    assessment = seeker.current_assessment
    assert "sign_language" in assessment.needs and {"phone", "verbal"} <= set(assessment.limitations)
    return seeker


def _video_job(title: str) -> JobPost:
    return JobPost.objects.get(title=title, status=JobStatus.PUBLISHED, employer__name="宁波数创视觉设计有限公司")


def _all_listed(client, url: str, item: re.Pattern) -> dict[str, str]:
    """Every card of a paginated list: the card's HTML by the key ``item`` finds in it."""
    cards: dict[str, str] = {}
    for page in range(1, 20):
        body = client.get(url, {"page": page}).content.decode()
        for card in body.split('<li class="card">')[1:]:
            found = item.search(card)
            if found:
                cards[found.group(1)] = card
        if "下一页" not in body:
            break
    return cards


def _link(name: str) -> re.Pattern:
    """The first link to a ``name`` page in a card, capturing its id."""
    return re.compile(re.escape(reverse(name, args=[987654321])).replace("987654321", r"(\d+)"))


def _reasons(fragment: str) -> list[str]:
    """The reasons listed after the heading 推荐理由 / 为什么推荐给您 in a card or a page."""
    match = re.search(r"(?:推荐理由：</strong></p>|为什么推荐给您</h2>)\s*<ul>(.*?)</ul>", fragment, re.S)
    assert match, fragment
    return [html.unescape(r) for r in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]


def test_the_deaf_seeker_sees_the_remote_text_jobs(deaf_seeker, client):
    listed: set[int] = set()
    page = 1
    while True:
        result = selectors.jobs_for_seeker(deaf_seeker, page=page)
        assert result.personalised
        listed |= {m.job.pk for m in result.items}
        if not result.has_next:
            break
        page += 1
    for title in REMOTE_TEXT_JOBS:
        job = _video_job(title)
        assert job.remote and "sign_language" not in job.accessibility  # no on-site signing offered
        assert job.pk in listed, title
    client.force_login(deaf_seeker.user)
    cards = _all_listed(client, reverse("seeker-jobs"), _link("job-detail"))
    for title in REMOTE_TEXT_JOBS:
        card = cards[str(_video_job(title).pk)]
        assert title in card and "可远程工作（无需手语支持）" in _reasons(card)


def test_a_job_the_rules_exclude_says_why_in_plain_words(deaf_seeker, client):
    job = next(
        j for j in JobPost.objects.filter(status=JobStatus.PUBLISHED, remote=False).order_by("pk")
        if "phone" in j.demands and "sign_language" not in j.accessibility
    )
    client.force_login(deaf_seeker.user)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "根据您的职业评估，这个岗位可能不适合您" in page
    assert "为什么推荐给您" not in page
    why = html.unescape(re.search(r'id="why-not-title".*?<ul>(.*?)</ul>', page, re.S).group(1))
    assert "这个岗位需要电话沟通" in why and "您在职业评估中记录了这些做不了" in why
    assert "这个岗位没有提供您需要的手语支持" in why
    assert not any(re.search(rf"\b{code}\b", why) for code in [*ACCESSIBILITY, *DEMANDS])


def test_the_three_pages_give_the_same_reasons_for_one_pair(deaf_seeker, client):
    job = _video_job("短视频剪辑（可居家）")
    client.force_login(deaf_seeker.user)
    cards = _all_listed(client, reverse("seeker-jobs"), _link("job-detail"))
    on_list = _reasons(cards[str(job.pk)])
    on_page = _reasons(client.get(reverse("job-detail", args=[job.pk])).content.decode())

    employer_user = make_user(Role.EMPLOYER, employer=job.employer)
    client.force_login(employer_user)
    candidates = _all_listed(
        client, reverse("employer-job-candidates", args=[job.pk]), _link("seeker-detail")
    )
    on_candidates = _reasons(candidates[str(deaf_seeker.pk)])

    assert on_list == on_page
    assert on_candidates == [r.replace("您", "求职者") for r in on_list]  # the same reasons, about her
    skills = next((r for r in on_list if r.startswith("用得上您的技能")), "")
    assert "手语" not in skills  # the job does not sign
    terms = skills.removeprefix("用得上您的技能：").split("、") if skills else []
    assert len({t.casefold() for t in terms}) == len(terms)  # no skill twice


def test_no_signing_skill_nor_repeated_skill_anywhere_in_her_list(deaf_seeker, client):
    client.force_login(deaf_seeker.user)
    cards = _all_listed(client, reverse("seeker-jobs"), _link("job-detail"))
    jobs = JobPost.objects.in_bulk([int(pk) for pk in cards])
    for pk, card in cards.items():
        job = jobs[int(pk)]
        for reason in _reasons(card) if "推荐理由" in card else []:
            if reason.startswith("用得上您的技能"):
                terms = reason.removeprefix("用得上您的技能：").split("、")
                assert len({t.casefold() for t in terms}) == len(terms), reason
                if "手语" in terms:
                    assert "手语" in job.title, (job.title, reason)
