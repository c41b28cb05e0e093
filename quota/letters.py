"""What the district sends after a declaration's final approval (docs/policy.md, "The letters"): the
result letter (审核认定书) and, where a levy is still due, the payment notice (缴款通知书).

``letter_context`` gathers what both say — the amounts in figures and in 人民币大写
(``quota.engine.amounts``), the payment deadline and channel, the late fee and the rights of appeal
with their time limits, all from the year's ``PolicyYear``. One template per document renders both
the page and the PDF: it extends ``letter_base`` — the site's ``base.html`` on the page,
``declarations/pdf_base.html`` in the PDF (``quota.letters_pdf``). Reads only; the letter archives'
writes are in ``quota.letter_services``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from . import bridge
from .engine.amounts import rate_words, rmb_upper
from .letters_pdf import html_to_pdf
from .models import Declaration, DeclarationStatus, PolicyYear

PAGE_BASE = "base.html"
PDF_BASE = "declarations/pdf_base.html"
TEMPLATES = {"letter": "declarations/letter.html", "notice": "declarations/payment_notice.html"}
TITLES = {"letter": "审核认定书", "notice": "缴款通知书"}
ZERO = Decimal("0.00")


def payment_deadline(*, year_deadline: date | None, days_min: int, issued: date) -> date:
    """The notice's deadline: the year's, unless the letter came out less than ``days_min`` days
    before it (a 补报, a late approval) or the year has none — then ``days_min`` days after issue."""
    floor = issued + timedelta(days=days_min)
    if year_deadline is None or year_deadline < floor:
        return floor
    return year_deadline


def amount_due(declaration: Declaration) -> Decimal:
    """本次应缴: the approved levy less what the employer already paid for the year (never below zero)."""
    payable = declaration.levy_payable or ZERO
    paid = declaration.levy_already_paid or ZERO
    return max(payable - paid, ZERO)


def notice_due(declaration: Declaration) -> bool:
    """A payment notice exists for an approved declaration with a levy still to pay."""
    return declaration.status == DeclarationStatus.APPROVED and amount_due(declaration) > 0


def figures(amount: Decimal | None) -> str:
    """An amount in figures as the letters write it: 12,345.67."""
    return f"{(amount or ZERO):,.2f}"


def letter_context(declaration: Declaration, *, policy: PolicyYear | None = None) -> dict:
    """Everything the letter and the payment notice say, for an approved declaration."""
    policy = policy or PolicyYear.objects.get(year=declaration.year)
    issued = timezone.localdate(declaration.approved_at) if declaration.approved_at else timezone.localdate()
    payable = declaration.levy_payable or ZERO
    paid = declaration.levy_already_paid or ZERO
    due = amount_due(declaration)
    reward = declaration.reward_amount or ZERO
    return {
        "declaration": declaration,
        "employer": declaration.employer,
        "policy": policy,
        "issued": issued,
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
        "deadline": payment_deadline(year_deadline=policy.payment_deadline, days_min=policy.payment_days_min,
                                     issued=issued),
        "late_fee_words": rate_words(policy.late_fee_rate),
        "stored": bridge.stored_view(declaration),  # the computation with its working, per person
    }


def document_html(declaration: Declaration, kind: str, *, pdf: bool, request=None, extra: dict | None = None) -> str:
    """The letter (``kind="letter"``) or the payment notice (``"notice"``) as HTML: the page (``pdf=False``,
    inside the site's layout) or the PDF's source (alone, with the print stylesheet)."""
    context = {**letter_context(declaration), "pdf": pdf, "letter_base": PDF_BASE if pdf else PAGE_BASE,
               "document_title": TITLES[kind], **(extra or {})}
    return render_to_string(TEMPLATES[kind], context, request=None if pdf else request)


def document_pdf(declaration: Declaration, kind: str) -> bytes:
    return html_to_pdf(document_html(declaration, kind, pdf=True))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(declaration: Declaration, kind: str) -> str:
    """``海残联审〔2025〕第0001号-甲公司-审核认定书.pdf``: the number keeps names apart, the employer's name
    says whose it is; characters no file system takes become ``_``."""
    name = f"{declaration.letter_no or declaration.year}-{declaration.employer.name}-{TITLES[kind]}.pdf"
    return _UNSAFE.sub("_", name)
