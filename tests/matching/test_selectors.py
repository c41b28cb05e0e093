"""Reads for the web pages: consent and scope for candidates, the plain list when personalisation is
off, disability category never scored."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from employment.models import JobSeeker
from matching import index, selectors
from tests.factories import make_seeker
from tests.matching.index_helpers import index_dir, office_job, typist_assessment, warehouse_job

__all__ = ["index_dir"]  # the fixture, imported for the tests below


def _consent(seeker, visible=True):
    JobSeeker.objects.filter(pk=seeker.pk).update(visible_to_employers=visible)
    seeker.refresh_from_db()


@pytest.mark.django_db
def test_candidates_are_only_consenting_seekers_the_user_may_see(world, index_dir):
    typist_assessment(world.seeker_a)
    typist_assessment(world.seeker_b)
    job = office_job(world.employer_a, title="文员")
    index.rebuild()

    # Nobody consented yet: no candidates at all, even for the district.
    assert selectors.candidates_for_job(job, world.users["employer_a"]).items == []
    assert selectors.candidates_for_job(job, world.users["district"]).items == []

    _consent(world.seeker_b)
    ids = [c.seeker.pk for c in selectors.candidates_for_job(job, world.users["employer_a"]).items]
    assert ids == [world.seeker_b.pk]
    result = selectors.candidates_for_job(job, world.users["employer_a"]).items[0]
    assert result.score is not None and result.reasons
    assert all("您" not in r for r in result.reasons)  # written for the employer, not to the seeker

    # A town counsellor sees only the town's consenting seekers.
    assert selectors.candidates_for_job(job, world.users["town_x"]).items == []
    assert [c.seeker.pk for c in selectors.candidates_for_job(job, world.users["town_y"]).items] == [
        world.seeker_b.pk
    ]
    # Another employer's job, a seeker or a provider: refused.
    with pytest.raises(Http404):
        selectors.candidates_for_job(job, world.users["employer_b"])
    for name in ("seeker_b", "provider_a"):
        with pytest.raises(PermissionDenied):
            selectors.candidates_for_job(job, world.users[name])

    # Withdrawing consent takes effect on the next request.
    _consent(world.seeker_b, visible=False)
    assert selectors.candidates_for_job(job, world.users["employer_a"]).items == []


@pytest.mark.django_db
def test_candidates_never_include_a_seeker_the_job_would_harm(world, index_dir):
    typist_assessment(world.seeker_a)  # cannot lift or stand long
    typist_assessment(world.seeker_b, limitations=[], needs=[], max_hours_per_day=None)
    _consent(world.seeker_a)
    _consent(world.seeker_b)
    job = warehouse_job(world.employer_a)
    index.rebuild()
    ids = [c.seeker.pk for c in selectors.candidates_for_job(job, world.users["employer_a"]).items]
    assert ids == [world.seeker_b.pk]


@pytest.mark.django_db
def test_personalised_matching_off_gives_a_plain_filtered_list(world, index_dir):
    typist_assessment(world.seeker_a)
    office = office_job(world.employer_a)
    chef = office_job(world.employer_b, title="中餐厨师", description="负责炒菜、切配和厨房卫生。")
    warehouse = warehouse_job(world.employer_b)
    index.rebuild()

    ranked = selectors.jobs_for_seeker(world.seeker_a)
    assert ranked.personalised
    assert [r.job.pk for r in ranked.items][0] == office.pk
    assert all(r.score is not None for r in ranked.items)

    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=False)
    world.seeker_a.refresh_from_db()
    plain = selectors.jobs_for_seeker(world.seeker_a)
    assert not plain.personalised and "关闭个性化推荐" in plain.notice
    assert all(r.score is None and r.reasons == [] for r in plain.items)
    ids = [r.job.pk for r in plain.items]
    # Newest first, not by fit; off means off: the seeker's recorded limitations filter nothing ...
    assert ids == sorted(ids, reverse=True) and chef.pk in ids and warehouse.pk in ids
    assert ids[0] == warehouse.pk
    # ... until the seeker ticks 只看适合我的无障碍条件的岗位: then the hard rules keep unsafe jobs out.
    fit = selectors.jobs_for_seeker(world.seeker_a, filters=selectors.JobSearch(fit_only=True))
    fit_ids = [r.job.pk for r in fit.items]
    assert warehouse.pk not in fit_ids and chef.pk in fit_ids and fit_ids == sorted(fit_ids, reverse=True)
    assert all(r.score is None and r.reasons == [] for r in fit.items) and "已排除" in fit.notice

    # Filters apply to the plain list too.
    only_chef = selectors.jobs_for_seeker(world.seeker_a, filters=selectors.JobSearch(keyword="厨师"))
    assert [r.job.pk for r in only_chef.items] == [chef.pk]


@pytest.mark.django_db
def test_personalised_matching_off_reads_no_vector_and_no_assessment(world, index_dir, monkeypatch):
    """With personalisation off the list uses none of the seeker's profile: no vector, no corpus, no
    assessment profile (unless the seeker ticks the accessibility filter)."""
    typist_assessment(world.seeker_a)
    office_job(world.employer_a)
    index.rebuild()
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=False)
    world.seeker_a.refresh_from_db()

    def refuse(*args, **kwargs):
        raise AssertionError("the seeker's profile or a vector was read with personalised matching off")

    for name in ("_seeker_vector", "job_corpus", "_encoder"):
        monkeypatch.setattr(selectors, name, refuse)
    monkeypatch.setattr(selectors.profiles, "seeker_profile", refuse)
    page = selectors.jobs_for_seeker(world.seeker_a)
    assert page.total == 3 and not page.personalised
    # Ticking the filter is the one way the recorded profile is read (for the hard rules only).
    with pytest.raises(AssertionError):
        selectors.jobs_for_seeker(world.seeker_a, filters=selectors.JobSearch(fit_only=True))


@pytest.mark.django_db
def test_disability_category_and_grade_never_change_a_score(world, index_dir):
    vision = make_seeker(town=world.town_x, name="视障甲", category=1, grade=1)
    physical = make_seeker(town=world.town_x, name="肢体乙", category=4, grade=4)
    typist_assessment(vision)
    typist_assessment(physical)
    office_job(world.employer_a)
    warehouse_job(world.employer_a)
    index.rebuild()

    def fingerprint(seeker):
        return [(r.job.pk, r.score, r.reasons) for r in selectors.jobs_for_seeker(seeker).items]

    assert fingerprint(vision) == fingerprint(physical)
    assert fingerprint(vision)


@pytest.mark.django_db
def test_a_seeker_without_assessment_gets_a_plain_list_and_no_inference(world, index_dir):
    page = selectors.jobs_for_seeker(world.seeker_b)
    assert not page.personalised and "职业评估" in page.notice
    assert {r.job.pk for r in page.items} == {world.job_a.pk, world.job_b.pk}


@pytest.mark.django_db
def test_pages_do_not_overlap(world, index_dir):
    typist_assessment(world.seeker_a)
    for n in range(12):
        office_job(world.employer_a, title=f"客服专员{n}")
    index.rebuild()
    first = selectors.jobs_for_seeker(world.seeker_a, page=1)
    second = selectors.jobs_for_seeker(world.seeker_a, page=2)
    assert len(first.items) == selectors.PAGE_SIZE and first.has_next
    assert second.items and not second.has_next
    assert not {r.job.pk for r in first.items} & {r.job.pk for r in second.items}
    assert len(first.items) + len(second.items) == 14  # 12 + the world's two jobs
