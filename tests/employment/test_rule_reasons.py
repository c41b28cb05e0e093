"""The reasons on a job's page come from the hard rules (issue 17: one implementation in
matching.engine.rules) and the engine's one explanation (issue 16), for every combination of need,
limitation, remote and hours: why it suits the seeker when allowed, why not when blocked."""

from __future__ import annotations

from decimal import Decimal

from employment.models import JobPost, JobSeeker, VocationalAssessment
from matching.engine.rules import is_allowed, met_needs
from matching.pages import pair_reasons
from matching.profiles import job_profile, seeker_profile


def _pair(needs, offered, demands, remote, hours):
    seeker = JobSeeker(name="甲")
    assessment = VocationalAssessment(seeker=seeker, needs=needs, limitations=["drive"],
                                      max_hours_per_day=Decimal("6"))
    job = JobPost(title="岗位", accessibility=offered, demands=demands, remote=remote, hours_per_day=Decimal(hours))
    return assessment, job


def test_rule_reasons_agree_with_the_hard_rules():
    for needs in ([], ["step_free"], ["quiet_env", "step_free"], ["sign_language"]):
        for offered in ([], ["step_free", "quiet_env"], ["sign_language"]):
            for demands in ([], ["drive"]):
                for remote in (False, True):
                    for hours in ("5.5", "6", "6.5"):
                        assessment, job = _pair(needs, offered, demands, remote, hours)
                        s, j = seeker_profile(assessment), job_profile(job)
                        pair = pair_reasons(assessment, job)
                        assert pair.allowed == is_allowed(s, j)
                        assert bool(pair.why_not) == (not pair.allowed)  # a blocked job says why
                        assert not (pair.reasons and pair.why_not)
                        if pair.allowed and met_needs(s, j):
                            assert any(r.startswith("提供您需要的") for r in pair.reasons)


def test_a_remote_job_does_not_claim_to_meet_on_site_needs():
    # Step-free access is moot for a remote job: not listed as met; the quiet office is.
    assessment, job = _pair(["step_free", "quiet_env"], ["step_free", "quiet_env"], [], True, "6")
    assert pair_reasons(assessment, job).reasons[0] == "提供您需要的安静环境"
    assessment, job = _pair(["step_free", "quiet_env"], ["step_free", "quiet_env"], [], False, "6")
    assert pair_reasons(assessment, job).reasons[0] == "提供您需要的无障碍通道/电梯、安静环境"
