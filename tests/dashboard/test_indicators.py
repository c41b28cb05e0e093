"""Each indicator on a small hand-built dataset with exact expected numbers. Pure: no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import indicators as ind
from dashboard import public_figures as pub
from dashboard.indicators import ApplicationGroup, DeclarationGroup, JobPostGroup, PlacementRow, SeekerRow

TOWNS = {1: "鼓楼街道", 2: "石碶街道"}
ON = date(2025, 12, 31)


def seeker(i, town, birth=date(1990, 6, 1), category="physical", graduating=False):
    return SeekerRow(i, town, birth, category, graduating)


def placement(i, town, start, end=None, ended=None, category="physical"):
    return PlacementRow(i, town, category, start, end, ended)


SEEKERS = [
    seeker(1, 1), seeker(2, 1), seeker(3, 1), seeker(4, 1),
    seeker(5, 1, birth=date(2010, 1, 1)),  # 15 on the reference date: not working age
    seeker(6, 1, birth=date(1966, 1, 1)),  # 59: working age
    seeker(7, 1, birth=date(1965, 12, 31)),  # 60 on 2025-12-31: not working age
    seeker(8, 2), seeker(9, 2, graduating=True), seeker(10, 2, graduating=True, category="vision"),
]
PLACEMENTS = [
    placement(1, 1, date(2025, 3, 1)),  # active
    placement(2, 1, date(2024, 3, 1), end=date(2025, 6, 30)),  # contract over
    placement(3, 1, date(2025, 3, 10), ended=date(2025, 9, 1)),  # left
    placement(4, 1, date(2025, 11, 1), end=date(2026, 10, 31)),  # active
    placement(6, 1, date(2023, 1, 1)),  # active
    placement(7, 1, date(2025, 5, 1)),  # active but not working age
    placement(9, 2, date(2025, 3, 20), category="hearing"),  # active, graduate
    placement(9, 2, date(2025, 1, 5), ended=date(2025, 2, 1), category="hearing"),  # earlier job of the same person
]


def test_employment_rate_per_town_and_total():
    table = ind.employment_rate(TOWNS, SEEKERS, PLACEMENTS, ON)
    gulou, shiqi = table["rows"]
    assert (gulou["residents"], gulou["employed"], gulou["rate"]) == (5, 3, Decimal("0.6000"))
    assert gulou["meets_target"] is False  # the target is *above* 60%
    assert (shiqi["residents"], shiqi["employed"], shiqi["rate"]) == (3, 1, Decimal("0.3333"))
    total = table["total"]
    assert (total["residents"], total["employed"], total["rate"]) == (8, 4, Decimal("0.5000"))
    assert "就业率50.0%" in table["summary"] and "2个镇街低于目标" in table["summary"]
    # Without an extract the table says it counts platform registrants only.
    assert table["base"] == "platform" and "不是全区就业率" in table["summary"]
    assert "不是全区（镇街）全部持证残疾人" in table["base_note"] and table["title"].startswith("平台登记")
    assert {r["base"] for r in table["rows"]} == {"平台登记人数"}


def test_employment_rate_over_the_population_extract():
    table = ind.employment_rate(TOWNS, SEEKERS, PLACEMENTS, ON, {1: 10, 2: 4}, 2025)
    gulou, shiqi = table["rows"]
    assert (gulou["residents"], gulou["employed"], gulou["rate"]) == (10, 3, Decimal("0.3000"))
    assert (shiqi["residents"], shiqi["employed"], shiqi["rate"]) == (4, 1, Decimal("0.2500"))
    assert (table["total"]["residents"], table["total"]["rate"]) == (14, Decimal("0.2857"))
    assert table["base"] == "extract" and "人口基础数据库2025年" in table["base_note"]
    assert gulou["base"] == "人口库2025年数据" and "残疾人人口基础数据库" in table["title"]


def test_a_partial_extract_is_not_mixed_with_registrants():
    table = ind.employment_rate(TOWNS, SEEKERS, PLACEMENTS, ON, {1: 10}, 2025)
    assert table["base"] == "platform" and [r["residents"] for r in table["rows"]] == [5, 3]
    assert "缺少石碶街道" in table["base_note"]
    one_town = ind.employment_rate({1: "鼓楼街道"}, SEEKERS, PLACEMENTS, ON, {1: 10}, 2025)
    assert one_town["base"] == "extract"  # a town reviewer's scope: its own town is loaded


def test_employment_on_an_earlier_date_counts_placements_active_then():
    table = ind.employment_rate(TOWNS, SEEKERS, PLACEMENTS, date(2025, 6, 1))
    # 鼓楼: 1, 2 (contract to 30 June), 3 (left 1 September), 6, and 7 (still 59 on 1 June); 石碶: 9
    assert [r["employed"] for r in table["rows"]] == [5, 1]
    assert [r["residents"] for r in table["rows"]] == [6, 3]


def test_empty_town_has_no_rate():
    table = ind.employment_rate({1: "鼓楼街道", 3: "龙观乡"}, SEEKERS[:1], [], ON)
    assert table["rows"][1]["rate"] is None and table["rows"][1]["meets_target"] is None
    assert ind.pct(None) == "—"


def test_placements_by_month_and_category():
    months = ind.placements_by_month(PLACEMENTS, 2025)
    assert [r["placements"] for r in months["rows"]] == [1, 0, 3, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    assert months["total"]["placements"] == 6
    assert "3月最多（3人）" in months["summary"]
    cats = {r["category"]: r["placements"] for r in ind.placements_by_category(PLACEMENTS, 2025)["rows"]}
    assert cats["肢体"] == 4 and cats["听力"] == 2 and cats["视力"] == 0
    assert ind.placements_by_month(PLACEMENTS, 2022)["total"]["placements"] == 0


def test_graduates_seeking_and_employed():
    table = ind.graduates(TOWNS, SEEKERS, PLACEMENTS, ON)
    assert table["rows"][0] == {"town": "鼓楼街道", "seeking": 0, "employed": 0, "rate": None}
    assert table["rows"][1] == {"town": "石碶街道", "seeking": 2, "employed": 1, "rate": Decimal("0.5000")}
    assert "尚有1人未就业" in table["summary"]


def test_quota_review_counts_and_money():
    groups = [
        DeclarationGroup(1, "town_review", "levy", 2, Decimal("9999"), Decimal("0")),  # not approved: no money
        DeclarationGroup(1, "approved", "levy", 3, Decimal("12000.50"), Decimal("0")),
        DeclarationGroup(1, "approved", "met", 5, Decimal("0"), Decimal("0")),
        DeclarationGroup(2, "approved", "reward", 2, Decimal("0"), Decimal("3000.00")),
        DeclarationGroup(2, "approved", "exempt", 1, Decimal("0"), Decimal("0")),
        DeclarationGroup(2, "rejected", "levy", 1, Decimal("500"), Decimal("0")),
    ]
    table = ind.quota_review(TOWNS, groups, 2025)
    gulou, shiqi = table["rows"]
    assert (gulou["filed"], gulou["approved"], gulou["met"], gulou["levy_count"]) == (10, 8, 5, 3)
    assert gulou["levy_payable"] == Decimal("12000.50") and gulou["reward_amount"] == Decimal("0.00")
    assert (shiqi["filed"], shiqi["approved"], shiqi["met"], shiqi["reward_count"]) == (4, 3, 2, 2)
    assert shiqi["reward_amount"] == Decimal("3000.00")
    total = table["total"]
    assert (total["filed"], total["approved"], total["met"]) == (14, 11, 7)
    assert total["levy_payable"] == Decimal("12000.50") and total["reward_amount"] == Decimal("3000.00")


def test_hiring_funnel_and_conversion():
    apps = [
        ApplicationGroup(1, "applied", 10, 0),
        ApplicationGroup(1, "invited", 2, 2),  # interview time recorded
        ApplicationGroup(1, "interviewed", 3, 0),
        ApplicationGroup(2, "rejected", 3, 1),  # one of them was interviewed
        ApplicationGroup(2, "hired", 4, 4),
        ApplicationGroup(2, "withdrawn", 3, 0),
    ]
    table = ind.hiring_funnel([JobPostGroup(1, 6), JobPostGroup(2, 2)], apps, 2025)
    assert [r["count"] for r in table["rows"]] == [8, 25, 10, 4]
    assert table["conversion"] == Decimal("0.1600")
    assert "转化率16.0%" in table["summary"]


def test_merge_small_towns_keeps_safe_towns_and_merges_the_rest():
    rows = [{"town": "甲", "n": 12, "m": 7}, {"town": "乙", "n": 3, "m": 9}, {"town": "丙", "n": 6, "m": 6},
            {"town": "丁", "n": 0, "m": 0}]
    shown, merged = pub.merge_small_towns(rows, ["n", "m"])
    # 乙 (3) and 丁 (0 — a zero tells about everyone in it) merge into 3 / 9: still small, so the
    # smallest shown town, 丙, joins them.
    assert shown == [{"town": "甲", "n": 12, "m": 7}, {"town": "其余3个镇街合计", "n": 9, "m": 15}]
    assert merged == ["乙", "丙", "丁"]
    assert rows[1] == {"town": "乙", "n": 3, "m": 9}  # the input is not changed
    # a derived count (n − m) counts as well
    shown, merged = pub.merge_small_towns([{"town": "甲", "n": 9, "m": 6}, {"town": "乙", "n": 20, "m": 5}],
                                          ["n", "m"], derived=(lambda r: r["n"] - r["m"],))
    assert merged == ["甲", "乙"] and shown == []  # 甲 leaves 3 not employed; only the district total is left
    assert pub.merge_small_towns([{"town": "甲", "n": 2}], ["n"]) == ([], ["甲"])
    assert pub.publishable({"n": 29, "m": 11}, ["n", "m"]) and not pub.publishable({"n": 4}, ["n"])


def test_public_summary_never_shows_a_count_below_five():
    towns = {**TOWNS, 3: "龙观乡"}
    seekers = ([seeker(i, 1) for i in range(1, 13)] + [seeker(i, 2) for i in range(13, 16)]
               + [seeker(i, 3) for i in range(16, 26)])
    placements = ([placement(i, 1, date(2025, 2, 1)) for i in range(1, 7)] + [placement(13, 2, date(2024, 2, 1))]
                  + [placement(i, 3, date(2025, 4, 1)) for i in range(16, 21)])
    table = pub.public_summary(towns, seekers, placements, ON, 2025)
    # 鼓楼 12 residents, 6 employed, 6 not: shown. 石碶 3 / 1: merged, and with it the smallest
    # shown town (龙观 10 / 5), since 石碶 alone would be small.
    assert [(r["town"], r["residents"], r["employed"], r["rate"]) for r in table["rows"]] == [
        ("鼓楼街道", 12, 6, Decimal("0.5000")), ("其余2个镇街合计", 13, 6, Decimal("0.4615"))]
    assert table["merged"] == ["石碶街道", "龙观乡"]
    assert table["total"] == {"town": "合计", "residents": 25, "employed": 12, "rate": Decimal("0.4800")}
    assert "不是全区的残疾人就业率" in table["summary"] and "平台上登记" in table["base_note"]
    assert "2025年通过平台就业11人" in table["summary"]
    alone = pub.public_summary({2: "石碶街道"}, seekers[12:15], placements[6:7], ON, 2025)
    assert alone["rows"] == [] and alone["total"]["residents"] == pub.SMALL
    assert "登记的劳动年龄持证残疾人少于5人" in alone["summary"] and "通过平台就业少于5人" in alone["summary"]
    with_base = pub.public_summary(towns, seekers, placements, ON, 2025, {1: 300, 2: 80, 3: 120})
    assert with_base["total"]["residents"] == 500 and "人口基础数据库2025年" in with_base["summary"]
    assert with_base["rows"][0] == {"town": "鼓楼街道", "residents": 300, "employed": 6, "rate": Decimal("0.0200")}


def test_subsidies_by_programme():
    programmes = {"reward": "超比例奖励", "social_insurance": "社保补贴", "startup": "一次性创业补贴"}
    groups = [
        ind.SubsidyGroup(1, "reward", "approved", 2, Decimal("1600.00")),
        ind.SubsidyGroup(1, "social_insurance", "draft", 3, Decimal("900.00")),  # not filed
        ind.SubsidyGroup(2, "social_insurance", "town_review", 1, Decimal("300.00")),
        ind.SubsidyGroup(2, "social_insurance", "approved", 4, Decimal("4920.50")),
        ind.SubsidyGroup(2, "unknown", "approved", 9, Decimal("1")),  # a programme no longer offered
    ]
    table = ind.subsidies_by_programme(programmes, groups, 2025)
    rows = {r["programme"]: (r["filed"], r["approved"], r["amount"]) for r in table["rows"]}
    assert rows == {"超比例奖励": (2, 2, Decimal("1600.00")), "社保补贴": (5, 4, Decimal("4920.50")),
                    "一次性创业补贴": (0, 0, Decimal("0.00"))}
    assert table["total"] == {"programme": "合计", "filed": 7, "approved": 6, "amount": Decimal("6520.50")}


def test_training_enrolment_completion_and_employment():
    E = ind.EnrolmentRow
    enrolments = [
        E(1, 1, "completed", date(2025, 3, 1), date(2025, 4, 30)),  # placement 1 starts 2025-03-01: before finishing
        E(4, 1, "completed", date(2025, 9, 1), date(2025, 10, 15)),  # placement 4 starts 2025-11-01: counts
        E(2, 1, "enrolled", date(2025, 9, 1), date(2025, 10, 15)),
        E(3, 1, "waitlisted", date(2025, 9, 1), date(2025, 10, 15)),  # not a place on the course
        E(5, 1, "cancelled", date(2025, 9, 1), date(2025, 10, 15)),
        E(9, 2, "completed", date(2025, 1, 2), date(2025, 3, 1)),  # placement 9 starts 2025-03-20: counts
        E(8, 2, "completed", date(2024, 6, 1), date(2024, 7, 1)),  # a 2024 course
    ]
    table = ind.training_outcomes(TOWNS, enrolments, PLACEMENTS, 2025, ON)
    gulou, shiqi = table["rows"]
    assert (gulou["enrolled"], gulou["completed"], gulou["employed"], gulou["rate"]) == (3, 2, 1, Decimal("0.5000"))
    assert (shiqi["enrolled"], shiqi["completed"], shiqi["employed"]) == (1, 1, 1)
    assert table["total"] == {"town": "合计", "enrolled": 4, "completed": 3, "employed": 2, "rate": Decimal("0.6667")}
    # on an earlier date the placement of seeker 4 has not started yet
    assert ind.training_outcomes(TOWNS, enrolments, PLACEMENTS, 2025, date(2025, 10, 31))["total"]["employed"] == 1


def family(i, town, identified, members=(), other_from=None, other_until=None, exited=None):
    return ind.HouseholdRow(i, town, identified, other_from, other_until, exited, tuple(members))


FAMILIES = [
    family(1, 1, date(2024, 5, 1), members=(1, 2)),  # seeker 1 employed on ON
    family(2, 1, date(2025, 2, 1), members=(2, 3)),  # both left their jobs before ON
    family(3, 1, date(2025, 3, 1), members=(3,), other_from=date(2025, 6, 1)),  # another member works
    family(4, 1, date(2025, 3, 1), other_from=date(2024, 1, 1), other_until=date(2025, 6, 30)),  # that job ended
    family(5, 1, date(2026, 1, 5)),  # identified after ON
    family(6, 1, date(2024, 1, 1), exited=date(2025, 10, 1)),  # left the register before ON
    family(7, 1, None, members=(4,)),  # an ordinary family: not on the register
    family(8, 2, date(2025, 1, 1), members=(9, 8)),  # seeker 9 employed
    family(9, 2, date(2025, 1, 1), members=(10,)),
    family(10, 2, date(2025, 1, 1), members=(8,), exited=date(2026, 3, 1)),  # leaves after ON: counted
]


def test_zero_employment_families_and_how_many_now_have_someone_employed():
    table = ind.zero_employment_families(TOWNS, FAMILIES, PLACEMENTS, ON)
    gulou, shiqi = table["rows"]
    assert gulou == {"town": "鼓楼街道", "families": 4, "employed": 2, "without": 2, "rate": Decimal("0.5000")}
    assert shiqi == {"town": "石碶街道", "families": 3, "employed": 1, "without": 2, "rate": Decimal("0.3333")}
    assert table["total"] == {"town": "合计", "families": 7, "employed": 3, "without": 4, "rate": Decimal("0.4286")}
    assert "在册零就业残疾人家庭7户，其中已有家庭成员就业3户，尚有4户无人就业" in table["summary"]


def test_zero_employment_families_on_an_earlier_date():
    # 1 June 2025: seekers 2 and 3 still work, the other member of family 4 too, family 6 is on the register
    table = ind.zero_employment_families(TOWNS, FAMILIES, PLACEMENTS, date(2025, 6, 1))
    assert [(r["families"], r["employed"]) for r in table["rows"]] == [(5, 4), (3, 1)]


def test_public_families_merge_towns_with_a_small_count():
    towns = {1: "鼓楼街道", 2: "石碶街道", 3: "龙观乡"}
    working = date(2025, 1, 1)
    families = ([family(i, 1, working, other_from=working) for i in range(6)]  # 鼓楼: 11 families, 6 with work
                + [family(i, 1, working) for i in range(6, 11)]
                + [family(i, 2, working, other_from=working) for i in range(11, 18)]  # 石碶: 10, 7 with work
                + [family(i, 2, working) for i in range(18, 21)]
                + [family(21, 3, working)])  # 龙观: 1 family, nobody employed
    table = pub.public_families(towns, families, [], ON)
    # 石碶 (3 without work) and 龙观 (1 family) are small; together 11 / 7 / 4 still are, so 鼓楼 joins
    # and no town is listed; the district's 22 / 13 / 9 are published as the total only.
    assert table["rows"] == [] and table["merged"] == ["鼓楼街道", "石碶街道", "龙观乡"]
    assert table["total"] == {"town": "合计", "families": 22, "employed": 13, "without": 9, "rate": Decimal("0.5909")}
    bigger = families + [family(i, 1, working, other_from=working) for i in range(30, 40)]  # 鼓楼: 21 / 16 / 5
    bigger += [family(i, 2, working) for i in range(40, 43)]  # 石碶: 13 / 7 / 6
    table = pub.public_families(towns, bigger, [], ON)
    assert [(r["town"], r["families"], r["employed"], r["without"]) for r in table["rows"]] == [
        ("鼓楼街道", 21, 16, 5), ("其余2个镇街合计", 14, 7, 7)]
    assert table["merged"] == ["石碶街道", "龙观乡"]
    few = pub.public_families(towns, families[-1:], [], ON)
    assert few["rows"] == [] and few["total"]["families"] == pub.SMALL and "少于5户" in few["summary"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=17))
def test_public_families_never_publish_a_small_or_derivable_count(counts):
    """Random registers: every published row has at least 5 in each count, the rows add up to the
    total, and no town is both shown and merged (so nothing small can be subtracted out)."""
    towns = {t: f"镇{t}" for t in range(len(counts))}
    working, families, n = date(2025, 1, 1), [], 0
    for t, (employed, without) in enumerate(counts):
        for _ in range(employed):
            families.append(family(n := n + 1, t, working, other_from=working))
        for _ in range(without):
            families.append(family(n := n + 1, t, working))
    table = pub.public_families(towns, families, [], ON)
    keys = ("families", "employed", "without")
    for row in table["rows"]:
        assert all(row[k] >= pub.PUBLIC_MIN_CELL for k in keys)
    if table["rows"]:
        assert all(sum(r[k] for r in table["rows"]) == table["total"][k] for k in keys)
        shown = {r["town"] for r in table["rows"]}
        assert not shown & set(table["merged"]) and len(table["merged"]) != 1
    total = table["total"]
    assert total["families"] == pub.SMALL or all(total[k] >= pub.PUBLIC_MIN_CELL for k in keys)
