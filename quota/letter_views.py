"""The documents a district sends (quota/letters.py): the result letter (审核认定书) and the payment
notice (缴款通知书) as pages and as PDFs, and the zips of a year's letters (认定书打包) built in the
background. Every object is fetched through ``employment.access``: a declaration's letters are seen by
its employer, its town's reviewers and the district (404 for anyone else); a zip by its town's
reviewers and the district."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from employment import access
from employment.access import role_required
from employment.formats import PDF_MIME, ZIP_MIME, file_response, private_file_response
from employment.models import Role, Town

from . import letter_services, letters
from .forms import LetterArchiveForm
from .models import Declaration, DeclarationStatus, LetterArchive
from .years import working_year

PAGE_SIZE = 20


def _approved(request, pk: int) -> Declaration:
    declaration = access.get_visible(request.user, Declaration.objects.select_related("employer__town"), pk=pk)
    if declaration.status != DeclarationStatus.APPROVED:
        raise Http404("申报尚未审核通过")
    return declaration


def _with_notice(request, pk: int) -> Declaration:
    declaration = _approved(request, pk)
    if not letters.notice_due(declaration):
        raise Http404("该单位本年度没有应缴的保障金")
    return declaration


def _pdf(declaration: Declaration, kind: str) -> HttpResponse:
    response = file_response(letters.document_pdf(declaration, kind), letters.file_name(declaration, kind), PDF_MIME)
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def declaration_letter(request, pk: int):
    """审核认定书 — the result letter of an approved declaration, as a page (printable)."""
    declaration = _approved(request, pk)
    return HttpResponse(letters.document_html(declaration, "letter", pdf=False, request=request))


@login_required
def declaration_letter_pdf(request, pk: int):
    """审核认定书 as PDF, rendered on the server from the page's template."""
    return _pdf(_approved(request, pk), "letter")


@login_required
def declaration_payment_notice(request, pk: int):
    """缴款通知书 — only for an approved declaration with a levy still due (else 404)."""
    declaration = _with_notice(request, pk)
    return HttpResponse(letters.document_html(declaration, "notice", pdf=False, request=request))


@login_required
def declaration_payment_notice_pdf(request, pk: int):
    return _pdf(_with_notice(request, pk), "notice")


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
