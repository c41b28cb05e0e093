"""Staff pages for chasing non-filers (年审催报) and accepting late declarations (受理补报).

The non-filer list: for a year, the employers on the register expected to file (active, in the
town) that have not filed — town reviewers see their own town only (another town in the query is a
404), the district every town with a town filter; searched by name or credit code, paginated; each
with its draft state, its user accounts or, with none, the register contact to phone, and the
reminders sent so far. Staff choose some or all, confirm, and send (``quota.reminders``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.formats import message_with_link
from employment.forms import form_add_validation_error
from employment.models import Employer, Role
from employment.query import clean_text, int_or_none, ints_or_none

from . import reminders, selectors, services
from .forms import LateAcceptForm
from .models import Declaration, PolicyYear
from .years import working_year, year_default

PAGE_SIZE = 20
STAFF = (Role.TOWN, Role.DISTRICT)


def _years() -> list[int]:
    """Years that can be chased: those with parameters whose employment year has ended."""
    today = timezone.localdate()
    return list(PolicyYear.objects.filter(year__lt=today.year).order_by("-year").values_list("year", flat=True))


def _filters(request, data) -> tuple[int, int | None, str, list[int]]:
    """(year, town id, query, years) from ``data`` (GET or POST); a town the user does not serve is a 404."""
    years = _years()
    year = int_or_none(data.get("year"), min_value=2000, max_value=2100)
    if year not in years:  # only a year that has ended and has parameters can be chased (none typed: the default)
        year = year_default(years) or working_year()
    town_id = int_or_none(data.get("town"))
    if town_id is not None and not access.served_towns(request.user).filter(pk=town_id).exists():
        raise Http404("未找到")
    return year, town_id, clean_text(data.get("q"), max_length=60), years


def _list_url(year: int, town_id: int | None, query: str) -> str:
    params = {"year": year}
    if town_id:
        params["town"] = town_id
    if query:
        params["q"] = query
    return f"{reverse('review-non-filers')}?{urlencode(params)}"


@role_required(*STAFF)
def non_filer_list(request):
    year, town_id, query, years = _filters(request, request.GET)
    employers = selectors.non_filers(request.user, year=year, town_id=town_id, query=query)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.non_filer_rows(page.object_list, year=year)
    towns = access.served_towns(request.user).order_by("sort_order", "name")
    policy = PolicyYear.objects.filter(year=year).first()
    return render(request, "declarations/non_filers.html", {
        "page": page, "year": year, "years": years, "town_id": town_id, "query": query,
        "towns": towns if towns.count() > 1 else None,
        "policy": policy, "filtered": bool(query or town_id),
    })


@require_POST
@role_required(*STAFF)
def non_filer_remind(request):
    """Choose (the ticked rows, or every non-filer of the list) → confirm → send."""
    year, town_id, query, _ = _filters(request, request.POST)
    candidates = selectors.non_filers(request.user, year=year, town_id=town_id, query=query)
    back = _list_url(year, town_id, query)
    if request.POST.get("scope") == "all":
        chosen = list(candidates)
    else:
        ids = set(ints_or_none(request.POST.getlist("employer")))
        if not ids:
            messages.error(request, "请先勾选要提醒的单位，或选择“提醒全部未申报单位”。")
            return redirect(back)
        visible = access.scoped(request.user, Employer).filter(pk__in=ids)
        if visible.count() != len(ids):
            raise Http404("未找到")  # another town's employer (or none at all)
        chosen = list(candidates.filter(pk__in=ids))
    if not chosen:
        messages.info(request, "所选单位都已提交申报，无需提醒。")
        return redirect(back)
    rows = selectors.non_filer_rows(chosen, year=year)
    if request.POST.get("confirm") != "yes":
        return render(request, "declarations/non_filers_confirm.html", {
            "rows": rows, "year": year, "town_id": town_id, "query": query, "back": back,
            "with_users": [r for r in rows if r.users], "without_users": [r for r in rows if not r.users],
            "scope": request.POST.get("scope", ""),
        })
    try:
        report = reminders.reminders_send(employers=[r.employer for r in rows], year=year, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    text = f"已向 {len(report.sent)} 家单位发送{year}年度年审申报提醒。"
    if report.without_account:
        names = "、".join(e.name for e in report.without_account)
        text += f"{len(report.without_account)} 家单位还没有平台账号，未发送：{names}。请按名单上的联系电话联系。"
    messages.success(request, text)
    return redirect(back)


@require_POST
@role_required(Role.DISTRICT)
def declaration_accept_late(request, pk: int):
    """受理补报: the district accepts a late declaration, with its note."""
    declaration = access.get_visible(request.user, Declaration.objects.select_related("employer__town"), pk=pk)
    form = LateAcceptForm(request.POST)
    if form.is_valid():
        try:
            services.declaration_late_accept(declaration=declaration, user=request.user,
                                             note=form.cleaned_data["note"])
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已同意受理这份补报，可以继续终审。")
            return redirect("review-declaration-detail", pk=pk)
    url = reverse("review-declaration-detail", args=[pk])
    for error in [*form.non_field_errors(), *form.errors.get("note", [])]:
        messages.error(request, message_with_link(f"未能受理补报：{error}", f"{url}#late", "去填写受理补报意见"))
    return redirect(url)
