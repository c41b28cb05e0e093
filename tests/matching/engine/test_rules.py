"""Hard rules: each rule, the remote exception, and hour boundaries."""

from __future__ import annotations

import pytest

from matching.engine.profiles import JobProfile, SeekerProfile
from matching.engine.rules import block_reason, block_reasons, is_allowed, missing_needs


def job(**kw) -> JobProfile:
    return JobProfile(id="J", title="岗位", **kw)


def seeker(**kw) -> SeekerProfile:
    return SeekerProfile(id="S", **kw)


def test_demand_meeting_limitation_blocks_with_chinese_label():
    reason = block_reason(seeker(limitations=frozenset({"stand_long"})), job(demands=frozenset({"stand_long", "phone"})))
    assert reason is not None
    assert "久站" in reason
    assert "电话沟通" not in reason


def test_demands_outside_limitations_are_allowed():
    assert is_allowed(seeker(limitations=frozenset({"drive"})), job(demands=frozenset({"stand_long"})))


def test_need_not_offered_blocks():
    reason = block_reason(seeker(needs=frozenset({"sign_language"})), job(accessibility=frozenset({"step_free"})))
    assert reason is not None and "手语支持" in reason


@pytest.mark.parametrize("need", ["step_free", "accessible_toilet", "transport"])
def test_on_site_needs_are_moot_for_a_remote_job(need):
    s = seeker(needs=frozenset({need}))
    assert is_allowed(s, job(remote=True))
    assert not is_allowed(s, job(remote=False))


@pytest.mark.parametrize("need", ["sign_language", "screen_reader", "flexible_hours", "job_coach", "quiet_env", "dorm"])
def test_other_needs_still_apply_to_a_remote_job(need):
    assert missing_needs(seeker(needs=frozenset({need})), job(remote=True)) == {need}


@pytest.mark.parametrize(
    ("job_hours", "max_hours", "allowed"),
    [(6, 6, True), (6.5, 6, False), (4, 6, True), (None, 6, True), (8, None, True)],
)
def test_hours_over_the_maximum_block(job_hours, max_hours, allowed):
    s = seeker(max_hours_per_day=max_hours)
    j = job(hours_per_day=job_hours)
    assert is_allowed(s, j) is allowed
    if not allowed:
        assert "超过求职者每天最多6小时" in block_reason(s, j)


def test_all_broken_rules_are_reported():
    s = seeker(limitations=frozenset({"night_shift"}), needs=frozenset({"job_coach"}), max_hours_per_day=4)
    j = job(demands=frozenset({"night_shift"}), hours_per_day=8)
    assert len(block_reasons(s, j)) == 3
