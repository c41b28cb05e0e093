"""Exports: levy list in the official form's columns 4–12, reward list, per-town summary, formula
neutralisation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from employment import table_export
from quota import exports, services
from quota.models import Declaration

from .conftest import roster_row


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx"])
def test_formula_cells_are_neutralised(value):
    assert table_export.neutralise(value) == "'" + value
    assert table_export.neutralise("甲公司") == "甲公司" and table_export.neutralise(-2) == -2


def _approved(world, employer_key, start_declaration, rows, headcount=100):
    user = world.users[employer_key]
    employer = world.employer_a if employer_key == "employer_a" else world.employer_b
    d = start_declaration(employer, user, rows=rows, headcount=headcount)
    services.declaration_submit(declaration=d, user=user)
    services.declaration_review(declaration=d, user=world.users["town_x" if employer_key == "employer_a" else "town_y"], action="approve")
    services.declaration_review(declaration=d, user=world.users["district"], action="approve")
    return Declaration.objects.select_related("employer__town").get(pk=d.pk)


def test_levy_reward_and_town_exports(world, start_declaration):
    world.employer_a.name = "=HYPERLINK(\"x\")甲公司"
    world.employer_a.save()
    levy = _approved(world, "employer_a", start_declaration, [roster_row(1)])
    reward = _approved(world, "employer_b", start_declaration, [roster_row(n) for n in range(2, 6)], headcount=40)
    both = [levy, reward]

    frame = table_export.read_sheet(exports.levy_xlsx(both, exported_by="区残联（district）"), dtype=object)
    assert list(frame.columns) == exports.LEVY_COLUMNS
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["单位名称"].startswith("'=")
    # (9) = (5×6−7)×8: 100 × 1.5% − 1 = 0.5 person × average wage 100,000 (below the cap) = 50,000
    assert row["(9) 本期应纳费额（元）"] == 50000
    assert row["(12) 本期应补（退）费额（元）"] == float(levy.levy_payable)
    assert row["(9) 本期应纳费额（元）"] - row["(10) 本期减免费额（元）"] == float(levy.levy_payable)

    frame = table_export.read_sheet(exports.reward_xlsx(both, exported_by="区残联（district）"), dtype=object)
    assert list(frame["单位名称"]) == ["乙公司"]
    assert frame.iloc[0]["奖励金额（元）"] == float(reward.reward_amount) > 0

    frame = table_export.read_sheet(exports.town_summary_xlsx(both, exported_by="区残联（district）"), dtype=object)
    assert set(frame["镇街"]) == {"鼓楼街道", "石碶街道"}
    assert frame["应缴保障金合计（元）"].sum() == float(levy.levy_payable)
    assert levy.levy_payable == Decimal("25000.00")  # actual ratio 1/100 = 1% → the 50% tier


def test_levy_tier_matches_policy(world, start_declaration):
    d = _approved(world, "employer_a", start_declaration, [roster_row(1)])
    # actual ratio 1% exactly → 50% tier in 2025
    assert d.result["summary"]["tier"] == "reduced_50"


def test_levy_export_columns_are_wide_enough_for_long_names(world, start_declaration):
    """Walk A, item 12: the 单位名称 column was 12 characters wide and long company names were cut off;
    a column is now as wide as its longest text (a CJK character counts two)."""
    import io

    from openpyxl import load_workbook

    world.employer_a.name = "宁波海曙恒达电子元件有限公司"
    world.employer_a.save()
    levy = _approved(world, "employer_a", start_declaration, [roster_row(1)])
    ws = load_workbook(io.BytesIO(exports.levy_xlsx([levy], exported_by="x")))["保障金征收名单"]
    assert ws.column_dimensions["A"].width >= 2 * len(world.employer_a.name)
