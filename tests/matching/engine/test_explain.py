"""The one explanation of a pair (issue 16): reasons from the two profiles only, vocabulary labels and
shared words instead of free-text fragments, each skill once, no skill the job does not use, and the
plain why-not of a blocked pair. No database, no encoder."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.vocab import ACCESSIBILITY, DEMANDS
from matching.engine.explain import match_reasons, why_not
from matching.engine.overlap import shared_runs, skill_terms
from matching.engine.profiles import JobProfile, SeekerProfile
from matching.engine.rules import is_allowed
from matching.engine.scoring import score_pair

DEAF = SeekerProfile(
    id="S2", town="石碶街道", skills=("手语", "Photoshop", "剪映剪辑", "电脑打字"),
    desired_jobs=("平面设计", "视频剪辑", "数据标注也可以"), max_hours_per_day=8,
    needs=frozenset({"sign_language"}), limitations=frozenset({"phone", "verbal", "hearing_signals"}),
)


def _skills_reason(reasons: list[str]) -> str:
    return next((r for r in reasons if r.startswith(("用得上您的技能", "用得上求职者的技能"))), "")


def test_a_skill_is_named_once_whatever_its_case_or_wording():
    seeker = SeekerProfile(id="S", skills=("Photoshop", "会一点 photoshop", "PHOTOSHOP 修图"))
    job = JobProfile(id="J", title="网店美工", description="用 Photoshop 修图，做商品主图")
    terms = skill_terms(seeker, job)
    assert [t.casefold() for t in terms].count("photoshop") == 1
    reason = _skills_reason(match_reasons(seeker, job))
    assert reason.count("hotoshop") == 1 and "Photoshop、Photoshop" not in reason


def test_signing_is_not_a_used_skill_of_a_job_without_signing():
    # The bakery's manager signs and the job offers sign-language support: the seeker's signing is not
    # a skill the job uses (the support is named as support instead).
    bakery = JobProfile(
        id="B", title="西点裱花学徒", description="裱花、装饰蛋糕，店长会基本手语。", requirements="手巧，有耐心",
        town="段塘街道", hours_per_day=8, accessibility=frozenset({"sign_language", "job_coach"}),
        demands=frozenset({"stand_long", "fine_motor"}),
    )
    reasons = match_reasons(DEAF, bakery)
    assert "手语" not in _skills_reason(reasons)
    assert "提供您需要的手语支持" in reasons
    interpreter = JobProfile(id="I", title="手语翻译", description="为听障群众做手语翻译")
    assert "手语" in _skills_reason(match_reasons(DEAF, interpreter))


def test_a_phone_skill_does_not_count_for_a_job_needing_no_phone():
    seeker = SeekerProfile(id="S", skills=("电话沟通", "电脑打字"))
    job = JobProfile(
        id="J", title="网店文字客服", description="用文字回复顾客，无需接打电话", requirements="会电脑打字",
        remote=True,
    )
    reason = _skills_reason(match_reasons(seeker, job))
    assert "电话" not in reason and "电脑打字" in reason
    # With the demand recorded, the same skill is one the job uses.
    hotline = JobProfile(id="H", title="热线话务员", description="接听电话，电话沟通解答咨询",
                         demands=frozenset({"phone", "verbal"}))
    assert "电话沟通" in _skills_reason(match_reasons(seeker, hotline))
    # The score counts the same skills the reason names.
    assert score_pair(seeker, job, cosine=None, bm25=None).components["skills"] == 0.5


def test_reasons_quote_shared_words_not_free_text_fragments():
    seeker = SeekerProfile(
        id="S", skills=("电脑打字很快", "淘宝千牛和抖店后台"), desired_jobs=("数据标注也可以",),
    )
    job = JobProfile(id="J", title="数据标注员（居家）", description="在千牛、抖店后台整理商品，电脑打字录入",
                     remote=True)
    reasons = match_reasons(seeker, job)
    assert "符合您想做的「数据标注」" in reasons
    assert "用得上您的技能：电脑打字、千牛、抖店后台" in reasons
    assert not any("也可以" in r or "很快" in r or "淘宝" in r for r in reasons)
    assert shared_runs("面包烘焙", "爱心烘焙坊面包学徒") == ["面包烘焙"]


def test_the_explanation_depends_on_the_profiles_only():
    job = JobProfile(id="V", title="短视频剪辑（可居家）", description="剪辑短视频，添加字幕",
                     requirements="会剪映", remote=True, hours_per_day=6, demands=frozenset({"read_print"}),
                     accessibility=frozenset({"flexible_hours", "quiet_env"}), salary_min=Decimal(3500))
    listed = score_pair(DEAF, job, cosine=0.9, bm25=12.0, desire_cosines=[0.1, 0.9, 0.2]).reasons
    other = score_pair(DEAF, job, cosine=None, bm25=None, dense_available=False).reasons
    assert listed == other == match_reasons(DEAF, job)
    employer = score_pair(DEAF, job, cosine=0.9, bm25=3.0, perspective="employer").reasons
    assert employer == [r.replace("您", "求职者") for r in listed]
    assert "可远程工作（无需手语支持）" in listed
    # The same job offering sign-language support all the same (for its meetings): named as offered.
    signing = replace(job, accessibility=job.accessibility | {"sign_language"})
    reasons = match_reasons(DEAF, signing)
    assert "提供您需要的手语支持" in reasons and "可远程工作" in reasons
    assert not any("无需手语支持" in r for r in reasons)


def test_why_not_names_the_missing_support_and_the_conflicting_demand_in_plain_words():
    hotline = JobProfile(id="H", title="视频客服（居家）", remote=True, hours_per_day=9,
                         demands=frozenset({"phone", "verbal"}))
    assert not is_allowed(DEAF, hotline)
    reasons = why_not(DEAF, hotline)
    assert reasons == [
        "这个岗位需要电话沟通、大量口头沟通，您在职业评估中记录了这些做不了",
        "这个岗位没有提供您需要的手语支持",  # a spoken remote job: signing is not moot
        "这个岗位每天工作9小时，超过您每天最多能工作的8小时",
    ]
    text = "".join(reasons)
    assert not any(code in text for code in [*ACCESSIBILITY, *DEMANDS])


@pytest.mark.parametrize("remote", [True, False])
def test_why_not_is_empty_exactly_when_the_pair_is_allowed(remote):
    video = JobProfile(id="V", title="字幕校对员", remote=remote, hours_per_day=8,
                       accessibility=frozenset({"flexible_hours", "quiet_env"}), demands=frozenset({"read_print"}))
    assert (why_not(DEAF, video) == []) is is_allowed(DEAF, video) is remote


def test_a_shared_term_is_made_of_the_seekers_whole_words_never_a_piece_of_one():
    # 抖店后台 shares 店后台 with 网店后台: the seeker wrote 网店后台, and 店后台 is nobody's word.
    assert shared_runs("网店后台", "通过淘宝千牛、抖店后台用文字回复顾客") == ["网店后台"]
    # 淘宝|店|后台: a one-character word at the edge is dropped rather than quoted as 店后台.
    assert shared_runs("淘宝店后台操作", "在网店后台用文字回复顾客咨询") == ["后台"]
    seeker = SeekerProfile(id="S", skills=("网店后台",))
    job = JobProfile(id="J", title="电商文字客服", description="通过淘宝千牛、抖店后台用文字回复顾客咨询")
    assert "用得上您的技能：网店后台" in match_reasons(seeker, job)
