"""The hiring what-if (录用测算): how hiring one more disabled person would change an employer's quota
result — how many persons the hire counts for, the levy before and after, and the change in the
over-quota reward. Plain Python; no Django.

The hire is assumed employed and insured all year at ``wage`` on an open-ended contract, and the
staff headcount and the wage bill are raised to match. Only the person's grade changes the answer,
so ``HiringForecast`` computes the employer's result without the hire once and each grade's result
at most once, however many candidates a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .compute import (
    DeclarationInput,
    PolicyParams,
    QuotaError,
    QuotaResult,
    RosterEntry,
    count_str,
    quota_compute,
)

ALL_YEAR = frozenset(range(1, 13))


@dataclass(frozen=True)
class HireEffect:
    """What one hire of a given grade changes."""

    year: int
    wage: Decimal
    persons: str  # the count the hire adds, as the engine formats counts ("1", "2")
    levy_before: Decimal
    levy_after: Decimal
    reward_change: Decimal

    def sentence(self) -> str:
        """The one line the employer reads (Chinese)."""
        parts = [
            f"按本单位{self.year}年度申报测算（全年在岗、足额缴纳社保、月薪{self.wage:,.0f}元）：录用后计为 {self.persons} 人"
        ]
        levy_change = self.levy_after - self.levy_before
        if levy_change:
            word = "减少" if levy_change < 0 else "增加"
            parts.append(
                f"应缴保障金由 {self.levy_before:,.2f} 元变为 {self.levy_after:,.2f} 元（{word} {abs(levy_change):,.2f} 元）"
            )
        else:
            parts.append(f"应缴保障金不变（{self.levy_after:,.2f} 元）")
        if self.reward_change:
            parts.append(f"超比例奖励增加 {self.reward_change:,.2f} 元")
        return "；".join(parts) + "。"


def hire_effect(basis: DeclarationInput, params: PolicyParams, *, grade: int, wage: Decimal,
                before: QuotaResult | None = None) -> HireEffect:
    """The effect of hiring one person of ``grade`` at ``wage`` a month into the declaration ``basis``
    (``before``: its result, if already computed). Raises ``QuotaError`` as ``quota_compute`` does."""
    before = before if before is not None else quota_compute(basis, params)
    hire = RosterEntry(
        cert_type="disability", cert_no="", grade=grade, months=ALL_YEAR, insured_months=ALL_YEAR,
        monthly_wage=dict.fromkeys(ALL_YEAR, wage), contract_months=None,
    )
    after = quota_compute(
        replace(
            basis,
            monthly_headcount=tuple(n + 1 for n in basis.monthly_headcount),
            wage_bill=basis.wage_bill + wage * 12,
            roster=(*basis.roster, hire),
        ),
        params,
    )
    return HireEffect(
        year=basis.year, wage=wage, persons=count_str(after.persons[-1].counted),
        levy_before=before.levy_payable, levy_after=after.levy_payable, reward_change=after.reward - before.reward,
    )


@dataclass
class HiringForecast:
    """The what-if for every candidate of one page: the result without the hire is computed once, and
    each grade's effect once (a page of candidates has at most four grades)."""

    basis: DeclarationInput
    params: PolicyParams
    wage: Decimal
    _before: QuotaResult | None = field(default=None, init=False, repr=False)
    _by_grade: dict[int, str] = field(default_factory=dict, init=False, repr=False)

    def sentence(self, grade: int) -> str:
        """The line for a hire of ``grade``; empty when the declaration cannot be computed."""
        if grade not in self._by_grade:
            try:
                if self._before is None:
                    self._before = quota_compute(self.basis, self.params)
                effect = hire_effect(self.basis, self.params, grade=grade, wage=self.wage, before=self._before)
            except QuotaError:
                self._by_grade[grade] = ""
            else:
                self._by_grade[grade] = effect.sentence()
        return self._by_grade[grade]
