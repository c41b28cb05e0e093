"""What the district sends after a declaration's final approval (docs/policy.md, "The letters"): the
result letter (审核认定书) and, where a levy is still due, the payment notice (缴款通知书).

``letter_context`` gathers what both say — the amounts in figures and in 人民币大写
(``quota.engine.amounts``), the payment deadline and channel, the late fee and the rights of appeal
with their time limits, from the year's ``PolicyYear`` as it was at the final approval
(``Declaration.letter_terms``). One template per document renders both
the page and the PDF: it extends ``letter_base`` — the site's ``base.html`` on the page,
``declarations/pdf_base.html`` in the PDF (``quota.letters_pdf``). Reads only; the letter archives'
writes are in ``quota.letter_services``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from employment.formats import cn_date, cn_money

from . import bridge
from .engine.amounts import rate_words, rmb_upper
from .letters_pdf import html_to_pdf
from .models import Declaration, DeclarationStatus, PolicyYear

PAGE_BASE = "base.html"
PDF_BASE = "declarations/pdf_base.html"
TEMPLATES = {"letter": "declarations/letter.html", "notice": "declarations/payment_notice.html"}
TITLES = {"letter": "审核认定书", "notice": "缴款通知书"}
ZERO = Decimal("0.00")


def amount_due(declaration: Declaration) -> Decimal:
    """本次应缴: the approved levy less what the employer already paid for the year (never below zero)."""
    payable = declaration.levy_payable or ZERO
    paid = declaration.levy_already_paid or ZERO
    return max(payable - paid, ZERO)


def notice_due(declaration: Declaration) -> bool:
    """A payment notice exists for an approved declaration with a levy still to pay."""
    return declaration.status == DeclarationStatus.APPROVED and amount_due(declaration) > 0


def figures(amount: Decimal | None) -> str:
    """An amount in figures as the letters (and every page) write it: 12,345.67 (``cn_money``)."""
    return cn_money(amount or ZERO)


def letter_terms(declaration: Declaration) -> dict:
    """The payment and appeal terms the letter was issued with (fixed at its final approval); for a
    declaration approved before they were kept, the year's parameters as they are now."""
    if declaration.letter_terms:
        return declaration.letter_terms
    issued = timezone.localdate(declaration.approved_at) if declaration.approved_at else timezone.localdate()
    return PolicyYear.objects.get(year=declaration.year).letter_terms(issued=issued)


def first_review_by(declaration: Declaration) -> str:
    """Who did the town step (初审) of the approved submission, as the letter names it: the town's
    federation, or the district when it took the step itself or reassigned it (``TownStepDelegation``)."""
    from review.models import TownStepDelegation

    town = f"{declaration.employer.town.name}残联"
    state = declaration.workflow_states.order_by("-created_at", "-id").first()
    if state is not None and TownStepDelegation.objects.filter(workflow_state=state).exists():
        return f"海曙区残疾人联合会代为{town}"
    return town


def letter_context(declaration: Declaration, *, withdrawal=None) -> dict:
    """Everything the letter and the payment notice say, for an approved declaration — or, with
    ``withdrawal`` (a ``LetterWithdrawal``), for the declaration as that withdrawn letter was issued
    (``withdrawal.as_issued()``), which the documents then mark 已撤回. A letter issued again after a
    withdrawal says which one it replaces (``replaces``)."""
    terms = letter_terms(declaration)
    payable = declaration.levy_payable or ZERO
    paid = declaration.levy_already_paid or ZERO
    due = amount_due(declaration)
    reward = declaration.reward_amount or ZERO
    return {
        "declaration": declaration,
        "employer": declaration.employer,
        "first_review_by": withdrawal.first_review_by if withdrawal else first_review_by(declaration),
        "withdrawal": withdrawal,
        "replaces": None if withdrawal else replaced_withdrawal(declaration),
        "terms": terms,
        "issued": date.fromisoformat(terms["issued"]),
        "levy_payable": figures(payable),
        "levy_payable_words": rmb_upper(payable),
        "levy_paid": figures(paid),
        "levy_paid_words": rmb_upper(paid),
        "amount_due": figures(due),
        "amount_due_words": rmb_upper(due),
        "reward": figures(reward),
        "reward_words": rmb_upper(reward),
        "has_reward": reward > 0,
        "notice_due": declaration.status == DeclarationStatus.APPROVED and due > 0,
        "deadline": date.fromisoformat(terms["deadline"]),
        "late_fee_words": rate_words(terms["late_fee_rate"]),
        "stored": bridge.stored_view(declaration),  # the computation with its working, per person
    }


def replaced_withdrawal(declaration: Declaration):
    """The latest withdrawn letter an approved declaration's current letter replaces, if any."""
    if declaration.status != DeclarationStatus.APPROVED or declaration.pk is None:
        return None
    return declaration.letter_withdrawals.order_by("-withdrawn_at", "-id").first()


def document_html(declaration: Declaration, kind: str, *, pdf: bool, request=None, extra: dict | None = None,
                  withdrawal=None) -> str:
    """The letter (``kind="letter"``) or the payment notice (``"notice"``) as HTML: the page (``pdf=False``,
    inside the site's layout) or the PDF's source (alone, with the print stylesheet). With
    ``withdrawal``: that withdrawn letter as it was issued, marked 已撤回 (a banner; a watermark on
    every page of the PDF)."""
    if withdrawal is not None:
        declaration = withdrawal.as_issued()
    context = {**letter_context(declaration, withdrawal=withdrawal), "pdf": pdf, "letter_base": PDF_BASE if pdf else PAGE_BASE,
               "document_title": TITLES[kind], **(extra or {})}
    return render_to_string(TEMPLATES[kind], context, request=None if pdf else request)


def document_pdf(declaration: Declaration, kind: str, *, withdrawal=None) -> bytes:
    return html_to_pdf(document_html(declaration, kind, pdf=True, withdrawal=withdrawal))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(name: str) -> str:
    """``name`` with the characters no file system takes as ``_``."""
    return _UNSAFE.sub("_", name)


def file_name(declaration: Declaration, kind: str, *, withdrawal=None) -> str:
    """``海残联审〔2025〕第0001号-甲公司-审核认定书.pdf``: the number keeps names apart, the employer's name
    says whose it is; characters no file system takes become ``_``. A withdrawn letter's name says so
    and when it was issued (``…-审核认定书-已撤回-2026年12月6日出具.pdf``): it shares its number with the
    letter that replaces it."""
    if withdrawal is not None:
        return safe_name(f"{withdrawal.letter_no}-{declaration.employer.name}-{TITLES[kind]}-已撤回-"
                         f"{cn_date(withdrawal.issued)}出具.pdf")
    return safe_name(f"{declaration.letter_no or declaration.year}-{declaration.employer.name}-{TITLES[kind]}.pdf")
