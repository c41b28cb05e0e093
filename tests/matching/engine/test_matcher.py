"""Matching in both directions: rules applied, allowed ids respected, explanations, empty profiles."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from matching.engine.matcher import (
    JobCorpus,
    JobFilters,
    SeekerCorpus,
    allowed_jobs,
    blocked_jobs,
    match_seekers_for_job,
    rank_jobs_for_seeker,
)
from matching.engine.profiles import JobProfile, SeekerProfile, job_text, profile_text, seeker_text
from matching.engine.rules import is_allowed


def job_corpus(jobs, encoder, kind="flat"):
    return JobCorpus.build(jobs, encoder.encode([job_text(j) for j in jobs]), index_kind=kind)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_jobs_for_seeker_never_shows_a_blocked_job(jobs, online_seeker, encoder, kind):
    corpus = job_corpus(jobs, encoder, kind)
    matches = rank_jobs_for_seeker(online_seeker, corpus, 10, encoder=encoder).matches
    ids = [m.job_id for m in matches]
    # J2 demands phone/verbal (limitations); J4 lacks the step-free access the seeker needs on site.
    assert set(ids) == {"J1", "J3", "J5"}
    assert all(is_allowed(online_seeker, corpus.get(i)) for i in ids)
    blocked = dict(blocked_jobs(online_seeker, corpus))
    assert set(blocked) == {"J2", "J4"}
    assert "电话沟通" in blocked["J2"] and "无障碍通道/电梯" in blocked["J4"]


def test_best_job_is_the_wanted_one_and_confident(jobs, online_seeker, encoder):
    matches = rank_jobs_for_seeker(online_seeker, job_corpus(jobs, encoder), 5, encoder=encoder).matches
    assert matches[0].confident
    assert matches[0].score >= matches[-1].score
    assert set(matches[0].components) == {"semantic", "lexical", "desire", "skills", "distance", "hours", "pay"}
    assert matches[0].components["pay"] is None  # expected pay unknown: neutral, never a bonus


def test_explanation_names_wishes_skills_accommodations_and_practical_fit(jobs, online_seeker, encoder):
    matches = rank_jobs_for_seeker(online_seeker, job_corpus(jobs, encoder), 5, encoder=encoder).matches
    j1 = next(m for m in matches if m.job_id == "J1")
    text = j1.explanation
    assert "用得上您的技能：打字" in text
    assert "可远程工作（无需无障碍通道/电梯）" in text
    assert "每天8小时，不超过您的8小时" in text
    assert "薪资" not in text  # J1 has no salary recorded


def test_explanation_for_on_site_job(encoder):
    seeker = SeekerProfile(
        id="S", town="白云街道", desired_jobs=("面包烘焙",), max_hours_per_day=7,
        needs=frozenset({"job_coach", "step_free"}),
    )
    bakery = JobProfile(
        id="B", title="爱心烘焙坊面包学徒", town="望春街道", hours_per_day=6,
        accessibility=frozenset({"job_coach", "step_free", "dorm"}),
        salary_min=Decimal("2300"), salary_max=Decimal("3000"),
    )
    same_town = JobProfile(id="C", title="面包烘焙师", town="白云街道", accessibility=frozenset({"job_coach", "step_free"}))
    matches = rank_jobs_for_seeker(seeker, job_corpus([bakery, same_town], encoder), 5, encoder=encoder).matches
    by_id = {m.job_id: m.explanation for m in matches}
    assert "符合您想做的「面包烘焙」" in by_id["B"]
    assert "提供您需要的无障碍通道/电梯、就业辅导员" in by_id["B"]
    assert "提供住宿" not in by_id["B"]  # only accommodations that meet a recorded need are named
    assert "在相邻的望春街道" in by_id["B"]
    assert "每天6小时，不超过您的7小时" in by_id["B"]
    assert "薪资2300–3000元/月" in by_id["B"]
    assert "与您同一街道（白云街道）" in by_id["C"]


def test_empty_profile_gets_no_confident_match(jobs, encoder):
    empty = SeekerProfile(id="E")
    assert profile_text(empty) == ""
    matches = rank_jobs_for_seeker(empty, job_corpus(jobs, encoder), 10, encoder=encoder).matches
    assert matches, "the plain allowed list is still returned"
    assert not any(m.confident for m in matches)
    assert all(m.components["semantic"] is None and m.components["desire"] is None for m in matches)


def test_lexical_only_corpus_still_matches(jobs, online_seeker):
    corpus = JobCorpus.build(jobs)  # no vectors
    matches = rank_jobs_for_seeker(online_seeker, corpus, 5).matches
    assert {m.job_id for m in matches} == {"J1", "J3", "J5"}
    assert matches[-1].job_id == "J3"  # shares no words with the seeker
    assert all(m.components["semantic"] is None for m in matches)


def test_filters(jobs, encoder):
    seeker = SeekerProfile(id="S", town="高桥镇", desired_jobs=("客服",))
    corpus = job_corpus(jobs, encoder)
    remote = rank_jobs_for_seeker(seeker, corpus, 10, JobFilters(remote_only=True), encoder=encoder).matches
    assert {m.job_id for m in remote} == {"J1", "J5"}
    towns = rank_jobs_for_seeker(seeker, corpus, 10, JobFilters(towns=frozenset({"江厦"})), encoder=encoder).matches
    assert {m.job_id for m in towns} == {"J1", "J2", "J5"}  # remote jobs are not bound to a town
    only = rank_jobs_for_seeker(seeker, corpus, 10, JobFilters(allowed_ids=frozenset({"J3"})), encoder=encoder).matches
    assert [m.job_id for m in only] == ["J3"]
    assert [j.id for j in allowed_jobs(seeker, corpus, JobFilters(max_distance_km=3))] == ["J1", "J4", "J5"]


def test_seekers_for_job_respects_allowed_ids_and_rules(jobs, encoder):
    seekers = [
        SeekerProfile(id="A", desired_jobs=("网店客服",), skills=("打字",)),
        SeekerProfile(id="B", desired_jobs=("网上客服",), experience="做过淘宝售后"),
        # A job coach, not sign language: J1 is remote and text-based, so signing is moot (issue 16).
        SeekerProfile(id="C", desired_jobs=("网店客服",), needs=frozenset({"job_coach"})),
        SeekerProfile(id="D", desired_jobs=("推拿",)),
    ]
    corpus = SeekerCorpus.build(seekers, encoder.encode([seeker_text(s) for s in seekers]))
    job = jobs[0]
    all_allowed = match_seekers_for_job(job, corpus, 10, encoder=encoder)
    assert "C" not in {m.seeker_id for m in all_allowed}  # J1 offers no job coach
    assert all_allowed[0].seeker_id == "A"
    assert "求职者" in all_allowed[0].explanation and "您" not in all_allowed[0].explanation
    consenting = match_seekers_for_job(job, corpus, 10, allowed_ids={"B", "C", "D"}, encoder=encoder)
    assert {m.seeker_id for m in consenting} <= {"B", "D"}
    assert consenting[0].seeker_id == "B"
    assert match_seekers_for_job(job, corpus, 10, allowed_ids=set(), encoder=encoder) == []


def test_stored_vectors_and_encoder_give_the_same_ranking(jobs, online_seeker, encoder):
    corpus = job_corpus(jobs, encoder)
    with_encoder = rank_jobs_for_seeker(online_seeker, corpus, 5, encoder=encoder).matches
    vector = encoder.encode([seeker_text(online_seeker)])[0]
    with_vector = rank_jobs_for_seeker(online_seeker, corpus, 5, seeker_vector=vector).matches
    assert [m.job_id for m in with_encoder] == [m.job_id for m in with_vector]
    assert with_encoder[0].components["semantic"] == with_vector[0].components["semantic"]


def test_duplicate_ids_rejected(jobs):
    with pytest.raises(ValueError, match="duplicate"):
        JobCorpus.build([jobs[0], jobs[0]])


def test_pages_continue_each_other_however_many_results_are_asked_for(encoder):
    """More jobs than one retrieval round: the first n results are the same for every top_k, so a
    job is never shown on two pages or skipped between them (pages ask for page × size + 1). With
    the retrieval pool growing with top_k (before tiers), top_k=11 here was not a prefix of 141."""
    rng = random.Random(1)
    words = ["客服", "打字", "电商", "包装", "分拣", "编织", "推拿", "保洁", "数据录入", "仓库", "花卉", "烘焙",
             "手工", "质检", "收银", "配送", "文员", "设计", "摄影", "剪辑"]
    jobs = [JobProfile(id=f"J{n}", title="".join(rng.sample(words, 2)),
                       description="、".join(rng.sample(words, rng.randint(1, 6))), remote=True) for n in range(150)]
    corpus = JobCorpus.build(jobs, encoder.encode([job_text(j) for j in jobs]))
    seeker = SeekerProfile(id="S", town="鼓楼街道", skills=("打字", "电商"), desired_jobs=("客服",))
    longest = [m.job_id for m in rank_jobs_for_seeker(seeker, corpus, 141, encoder=encoder).matches]
    assert len(longest) == len(set(longest)) == 141
    for top_k in (11, 21, 31, 41, 51, 61, 101):
        assert [m.job_id for m in rank_jobs_for_seeker(seeker, corpus, top_k, encoder=encoder).matches] == longest[:top_k]
