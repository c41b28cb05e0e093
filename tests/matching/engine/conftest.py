"""Fixtures for the engine tests: a small deterministic encoder and a few profiles.

The hashing encoder (``matching.encoder.hashing``, also the Django tests' default) only exercises the
engine's mechanics (indexes, fusion, filtering); it knows nothing about meaning. Quality is measured
with the real encoder in bench/match_quality.py.
"""

from __future__ import annotations

import pytest

from matching.encoder.hashing import HashingEncoder
from matching.engine.profiles import JobProfile, SeekerProfile


@pytest.fixture
def encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture
def jobs() -> list[JobProfile]:
    return [
        JobProfile(
            id="J1", title="电商平台在线客服专员", description="用文字回复网店买家咨询，处理退换货",
            requirements="会打字，熟悉电脑", town="望春街道", hours_per_day=8, remote=True,
            accessibility=frozenset({"flexible_hours"}),
        ),
        JobProfile(
            id="J2", title="电话客服", description="接听客户电话，解答问题", requirements="普通话标准",
            town="江厦街道", hours_per_day=8, demands=frozenset({"phone", "verbal"}),
            accessibility=frozenset({"step_free", "accessible_toilet"}),
        ),
        JobProfile(
            id="J3", title="保健推拿师", description="为顾客做颈肩推拿按摩", requirements="有按摩证书",
            town="月湖街道", hours_per_day=8, accessibility=frozenset({"step_free", "quiet_env"}),
            demands=frozenset({"stand_long"}),
        ),
        JobProfile(
            id="J4", title="仓库拣货打包员", description="按订单拣货打包", requirements="能搬运",
            town="高桥镇", hours_per_day=9, demands=frozenset({"lift_heavy", "walk_much"}),
        ),
        JobProfile(
            id="J5", title="网店售后客服（居家）", description="在家用旺旺回复买家消息，处理售后",
            requirements="会打字", town="鼓楼街道", hours_per_day=6, remote=True,
            accessibility=frozenset({"flexible_hours"}), salary_min=None, salary_max=None,
        ),
    ]


@pytest.fixture
def online_seeker() -> SeekerProfile:
    return SeekerProfile(
        id="S1", town="望春街道", skills=("打字",), experience="在网店做过售后，说话不清楚但打字很快",
        desired_jobs=("网店客服",), max_hours_per_day=8, needs=frozenset({"step_free"}),
        limitations=frozenset({"phone", "verbal"}),
    )
