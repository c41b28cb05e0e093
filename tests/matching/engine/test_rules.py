"""Hard rules: each rule, the remote exception, and hour boundaries."""

from __future__ import annotations

import pytest

from matching.engine.profiles import JobProfile, SeekerProfile
from matching.engine.rules import block_reason, block_reasons, is_allowed, missing_needs
from tests.source_tree import project_files


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


@pytest.mark.parametrize("need", ["screen_reader", "flexible_hours", "job_coach", "quiet_env"])
def test_other_needs_still_apply_to_a_remote_job(need):
    assert missing_needs(seeker(needs=frozenset({need})), job(remote=True)) == {need}


def test_accommodation_is_moot_for_a_remote_job():
    # Issue 16: working from home needs no housing near the workplace (was: still applied).
    s = seeker(needs=frozenset({"dorm"}))
    assert is_allowed(s, job(remote=True))
    assert not is_allowed(s, job(remote=False))


@pytest.mark.parametrize(
    ("remote", "demands", "allowed"),
    [
        (True, frozenset(), True),  # remote and text-based: nobody on site has to sign
        (True, frozenset({"read_print", "fine_motor"}), True),  # written work is still text-based
        (True, frozenset({"verbal"}), False),  # spoken work over video: an interpreter is still needed
        (True, frozenset({"phone"}), False),
        (False, frozenset(), False),  # on site the support must be there
    ],
)
def test_sign_language_is_moot_only_for_a_remote_text_based_job(remote, demands, allowed):
    s = seeker(needs=frozenset({"sign_language"}))
    j = job(remote=remote, demands=demands)
    assert is_allowed(s, j) is allowed
    assert (missing_needs(s, j) == frozenset()) is allowed


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


# --- one implementation (issue 17): the pieces, and every caller agreeing with them --------------

def test_met_moot_and_missing_needs_partition_the_needs():
    from matching.engine.rules import exceeds_hours, met_needs, moot_needs

    s = seeker(needs=frozenset({"step_free", "sign_language", "quiet_env"}), max_hours_per_day=6)
    # A spoken remote job (issue 16: a text-based one would make sign language moot too).
    remote = job(remote=True, accessibility=frozenset({"step_free", "quiet_env"}), hours_per_day=6,
                 demands=frozenset({"verbal"}))
    assert moot_needs(s, remote) == {"step_free"}  # on-site only: neither met nor missing
    text_based = job(remote=True, accessibility=frozenset({"step_free", "quiet_env"}), hours_per_day=6)
    assert moot_needs(s, text_based) == {"step_free", "sign_language"}
    assert missing_needs(s, text_based) == frozenset()
    assert met_needs(s, remote) == {"quiet_env"}
    assert missing_needs(s, remote) == {"sign_language"}
    on_site = job(accessibility=frozenset({"step_free"}), hours_per_day=6.5)
    assert moot_needs(s, on_site) == frozenset()
    assert met_needs(s, on_site) == {"step_free"}
    assert missing_needs(s, on_site) == {"sign_language", "quiet_env"}
    assert not exceeds_hours(s, remote) and exceeds_hours(s, on_site)
    assert not exceeds_hours(seeker(), on_site)  # unknown maximum: not a block


def _grid():
    """Every combination of a need (on-site or not), a limitation, remote and hours around the limit."""
    for need in (None, "step_free", "sign_language"):
        for offered in (frozenset(), frozenset({"step_free"}), frozenset({"sign_language"})):
            for conflict in (False, True):
                for remote in (False, True):
                    for hours in (5, 6, 7):
                        yield need, offered, conflict, remote, hours


def test_demo_builder_uses_the_hard_rules():
    from demo.builder import JobRecord, SeekerRecord, compatible

    for need, offered, conflict, remote, hours in _grid():
        s = seeker(needs=frozenset({need} - {None}), limitations=frozenset({"drive"}), max_hours_per_day=6)
        j = job(accessibility=offered, demands=frozenset({"drive"} if conflict else ()), remote=remote,
                hours_per_day=hours)
        seeker_record = SeekerRecord.__new__(SeekerRecord)
        seeker_record.__dict__.update(key="S", needs=sorted(s.needs), limitations=sorted(s.limitations),
                                      max_hours_per_day=6)
        job_record = JobRecord.__new__(JobRecord)
        job_record.__dict__.update(key="J", title="岗位", accessibility=sorted(offered), demands=sorted(j.demands),
                                   remote=remote, hours_per_day=hours)
        assert compatible(seeker_record, job_record) == is_allowed(s, j), (need, offered, conflict, remote, hours)


def test_the_rules_are_written_only_in_rules_py():
    """No application module re-derives the remote exception or the needs/demands comparison."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    offenders = []
    for _, path in project_files(".py"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".venv/", "tests/", "bench/")) or "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        if rel != "matching/engine/rules.py" and "ON_SITE_ONLY" in text and "ON_SITE_ONLY: frozenset" not in text:
            offenders.append(rel)
    assert offenders == []
