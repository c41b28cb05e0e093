"""The documents a district sends (quota/letters.py): the result letter (审核认定书) and the payment
notice (缴款通知书) as pages and as PDFs, and the zips of a year's letters (认定书打包) built in the
background. Every object is fetched through ``employment.access``: a declaration's letters are seen by
its employer, its town's reviewers and the district (404 for anyone else); a zip by its town's
reviewers and the district. A letter withdrawn when the district reopened the declaration stays
viewable by the same people, marked 已撤回 (``withdrawn_*``); while no new letter replaces it, the
letter's own addresses lead there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from employment import access
from employment.access import role_required
from employment.formats import PDF_MIME, ZIP_MIME, file_response, private_file_response
from employment.models import Role, Town

from . import letter_services, letters
from .forms import LetterArchiveForm
from .models import Declaration, DeclarationStatus, LetterArchive, LetterWithdrawal
from .years import working_year

PAGE_SIZE = 20


def _visible(request, pk: int) -> Declaration:
    return access.get_visible(request.user, Declaration.objects.select_related("employer__town"), pk=pk)


def _approved(request, pk: int) -> Declaration | HttpResponse:
    """The declaration whose current letter is asked for. One that was reopened after its letter was
    issued has no current letter until it is approved again: the request goes to the withdrawn letter
    (kept and marked 已撤回, never silently gone); one never approved is a 404."""
    declaration = _visible(request, pk)
    if declaration.status != DeclarationStatus.APPROVED:
        withdrawal = letter_services.open_withdrawal(declaration)
        if withdrawal is None:
            raise Http404("申报尚未审核通过")
        return withdrawal
    return declaration


def _links(declaration: Declaration, withdrawal=None) -> dict:
    """Where the document's buttons lead: the same document's PDF and its companion, current or withdrawn."""
    if withdrawal is None:
        args = [declaration.pk]
        names = ("declaration-letter", "declaration-letter-pdf", "declaration-payment-notice",
                 "declaration-payment-notice-pdf")
    else:
        args = [declaration.pk, withdrawal.pk]
        names = ("declaration-withdrawn-letter", "declaration-withdrawn-letter-pdf",
                 "declaration-withdrawn-notice", "declaration-withdrawn-notice-pdf")
    return dict(zip(("letter_url", "letter_pdf_url", "notice_url", "notice_pdf_url"),
                    (reverse(name, args=args) for name in names), strict=True))


def _pdf(declaration: Declaration, kind: str, withdrawal=None) -> HttpResponse:
    response = file_response(letters.document_pdf(declaration, kind, withdrawal=withdrawal),
                             letters.file_name(declaration, kind, withdrawal=withdrawal), PDF_MIME)
    response["Cache-Control"] = "no-store, private"
    return response


def _page(request, declaration: Declaration, kind: str, withdrawal=None) -> HttpResponse:
    return HttpResponse(letters.document_html(declaration, kind, pdf=False, request=request, withdrawal=withdrawal,
                                              extra=_links(declaration, withdrawal)))


_WITHDRAWN_NAMES = {("letter", False): "declaration-withdrawn-letter", ("letter", True): "declaration-withdrawn-letter-pdf",
                    ("notice", False): "declaration-withdrawn-notice", ("notice", True): "declaration-withdrawn-notice-pdf"}


def _current(request, pk: int, kind: str, *, pdf: bool) -> HttpResponse:
    found = _approved(request, pk)
    if isinstance(found, LetterWithdrawal):
        if kind == "notice" and not found.notice_issued:
            raise Http404("该单位本年度没有应缴的保障金")
        return redirect(_WITHDRAWN_NAMES[(kind, pdf)], pk=pk, withdrawal_id=found.pk)
    if kind == "notice" and not letters.notice_due(found):
        raise Http404("该单位本年度没有应缴的保障金")
    return _pdf(found, kind) if pdf else _page(request, found, kind)


@login_required
def declaration_letter(request, pk: int):
    """审核认定书 — the result letter of an approved declaration, as a page (printable)."""
    return _current(request, pk, "letter", pdf=False)


@login_required
def declaration_letter_pdf(request, pk: int):
    """审核认定书 as PDF, rendered on the server from the page's template."""
    return _current(request, pk, "letter", pdf=True)


@login_required
def declaration_payment_notice(request, pk: int):
    """缴款通知书 — only for an approved declaration with a levy still due (else 404)."""
    return _current(request, pk, "notice", pdf=False)


@login_required
def declaration_payment_notice_pdf(request, pk: int):
    return _current(request, pk, "notice", pdf=True)


def _withdrawn(request, pk: int, withdrawal_id: int, kind: str, *, pdf: bool) -> HttpResponse:
    """A withdrawn letter or its payment notice, as issued and marked 已撤回: seen by exactly those who
    see the declaration's letters (``access.get_visible`` on the declaration; anyone else 404)."""
    declaration = _visible(request, pk)
    withdrawal = get_object_or_404(LetterWithdrawal.objects.filter(declaration=declaration), pk=withdrawal_id)
    withdrawal.declaration = declaration
    if kind == "notice" and not withdrawal.notice_issued:
        raise Http404("这份已撤回的认定书没有缴款通知书")
    return _pdf(declaration, kind, withdrawal) if pdf else _page(request, declaration, kind, withdrawal)


@login_required
def withdrawn_letter(request, pk: int, withdrawal_id: int):
    """已撤回的审核认定书, as a page."""
    return _withdrawn(request, pk, withdrawal_id, "letter", pdf=False)


@login_required
def withdrawn_letter_pdf(request, pk: int, withdrawal_id: int):
    return _withdrawn(request, pk, withdrawal_id, "letter", pdf=True)


@login_required
def withdrawn_notice(request, pk: int, withdrawal_id: int):
    """已撤回的缴款通知书 (the withdrawn letter's), as a page."""
    return _withdrawn(request, pk, withdrawal_id, "notice", pdf=False)


@login_required
def withdrawn_notice_pdf(request, pk: int, withdrawal_id: int):
    return _withdrawn(request, pk, withdrawal_id, "notice", pdf=True)


def _archive_years(user) -> list[int]:
    """Years with approved declarations the user may see, the working year first if it has any."""
    years = sorted(set(access.scoped(user, Declaration).filter(status=DeclarationStatus.APPROVED)
                       .values_list("year", flat=True)), reverse=True)
    current = working_year()
    if current in years:
        years.remove(current)
        years.insert(0, current)
    return years


@role_required(Role.TOWN, Role.DISTRICT)
def letter_archive_list(request):
    """认定书打包: ask for a zip of a year's letters (a town reviewer: their town; the district: every
    town or one), and the zips already asked for."""
    is_district = access.role_of(request.user) == Role.DISTRICT
    towns = Town.objects.order_by("code") if is_district else None
    years = _archive_years(request.user)
    form = LetterArchiveForm(request.POST or None, years=years, towns=towns)
    if request.method == "POST" and form.is_valid():
        town = form.cleaned_data.get("town") if is_district else access.account_of(request.user).town
        job = letter_services.letter_archive_request(user=request.user, year=form.cleaned_data["year"], town=town)
        return redirect("review-letter-archive", pk=job.pk)
    jobs = access.scoped(request.user, LetterArchive).select_related("town", "user").order_by("-created_at", "-id")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "declarations/letter_archives.html",
                  {"form": form, "years": years, "page": page, "is_district": is_district,
                   "own_town": None if is_district else access.account_of(request.user).town})


def _visible_archive(request, pk: int) -> LetterArchive:
    return access.get_visible(request.user, LetterArchive.objects.select_related("town", "user"), pk=pk)


@role_required(Role.TOWN, Role.DISTRICT)
def letter_archive_detail(request, pk: int):
    """A zip's status and progress, and the download link once it is ready."""
    job = _visible_archive(request, pk)
    return render(request, "declarations/letter_archive.html", {"job": job, "own": job.user_id == request.user.pk})


@role_required(Role.TOWN, Role.DISTRICT)
def letter_archive_download(request, pk: int):
    """The finished zip, read from private storage; every download is logged."""
    job = _visible_archive(request, pk)
    if not job.file:
        raise Http404("压缩包尚未生成")
    response = private_file_response(job.file.name, filename=f"{job.year}年度审核认定书-{job.scope_label}.zip",
                                     content_type=ZIP_MIME, missing="压缩包已丢失，请重新打包")
    letter_services.letter_archive_download_record(job=job, user=request.user)
    return response
