"""Dashboard pages: the staff dashboard (district and town), per-table xlsx exports, background report
jobs, and the public summary. Who sees which town is decided in ``selectors.dashboard_scope`` over
``employment.access``; a town outside the user's reach is a 404 whatever the URL says.

A report job and its file are reached through ``employment.access`` too (``ReportJob``: the requester,
the district, and the reviewer of the report's town); the file comes from private storage only through
``report_download``, which logs every download in the personal-data access log."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.formats import (
    XLSX_MIME,
    export_filename,
    file_response,
    private_file_response,
    template_response,
)
from employment.models import Role, Town
from employment.query import int_or_none
from employment.table_export import exporter_label

from . import population, selectors, services
from .charts import dashboard_charts
from .exports import scope_label, tables_xlsx
from .forms import PopulationUploadForm
from .indicators import pct
from .models import ReportJob

STAFF = (Role.TOWN, Role.DISTRICT)



def _int_param(request, name: str) -> int | None:
    """``year`` or ``town`` from the query (or the report form); one that is not a plain id in range
    (``²``, 30 digits, ``-1``) names no town or year anyone may see: 404, like another town's id."""
    raw = request.GET.get(name) or request.POST.get(name) or ""
    if raw == "":
        return None
    value = int_or_none(raw)
    if value is None:
        raise Http404("未找到")
    return value


def _scope(request) -> selectors.Scope:
    return selectors.dashboard_scope(request.user, year=_int_param(request, "year"),
                                     town_id=_int_param(request, "town"))


def _display(value, key: str) -> str:
    if key == "rate":
        return pct(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "—"
    return str(value)


def display_table(table: dict) -> dict:
    """The table as strings, in column order, for the template (numbers as they are, rates as %)."""
    keys = [k for k, _ in table["columns"]]
    return {
        "title": table["title"],
        "header": [label for _, label in table["columns"]],
        "body": [[_display(row[k], k) for k in keys] for row in table["rows"]],
        "foot": [_display(table["total"][k], k) for k in keys] if table.get("total") else None,
    }


def _query(scope: selectors.Scope) -> str:
    return f"year={scope.year}" + (f"&town={scope.town_id}" if scope.town_id else "")


@role_required(*STAFF)
def dashboard(request):
    """数据看板 — indicators for the chosen year and town, each as a chart, a table and a summary."""
    scope = _scope(request)
    tables = selectors.dashboard_data(request.user, scope)
    show_charts = request.GET.get("charts") != "0"
    charts = dashboard_charts(tables) if show_charts else {}
    sections = [{"table": t, "chart": charts.get(key), "display": display_table(t),
                 "conversion_pct": pct(t.get("conversion"))} for key, t in tables.items()]
    is_town = access.role_of(request.user) == Role.TOWN
    return render(request, "dashboard/dashboard.html", {
        "scope": scope,
        "sections": sections,
        "years": selectors.year_choices(),
        "towns": selectors.visible_towns(request.user),
        "is_town": is_town,
        "town_name": scope.towns[scope.town_id] if scope.town_id else "全区",
        "show_charts": show_charts,
        "query": _query(scope),
        "jobs": ReportJob.objects.filter(user=request.user)[:5],
        "can_load_population": access.role_of(request.user) == Role.DISTRICT,
    })


@role_required(*STAFF)
def table_export(request, key: str):
    """One dashboard table as xlsx, for the same year and town the page shows."""
    scope = _scope(request)
    tables = selectors.dashboard_data(request.user, scope)
    if key not in tables:
        raise Http404("未找到")
    town = scope_label(scope)
    content = tables_xlsx([tables[key]], year=scope.year, scope=town, exported_by=exporter_label(request.user))
    title = tables[key]["title"]
    # A table whose title names its year already (2025年度按比例就业年审) is not named with it twice.
    year = None if str(scope.year) in title else scope.year
    return file_response(content, export_filename(f"数据看板-{title}", year=year, scope=town))


@require_POST
@role_required(*STAFF)
def report_request(request):
    """Queue the full report (every table, one sheet each) for the chosen year and town."""
    job = services.report_job_request(user=request.user, scope=_scope(request))
    return redirect("dashboard-report", pk=job.pk)


def _visible_job(request, pk: int) -> ReportJob:
    return access.get_visible(request.user, ReportJob.objects.select_related("town", "user"), pk=pk)


@role_required(*STAFF)
def report_detail(request, pk: int):
    """The report job's status and progress, and the download link once it is ready."""
    job = _visible_job(request, pk)
    return render(request, "dashboard/report_detail.html", {"job": job, "own": job.user_id == request.user.pk})


@role_required(*STAFF)
def report_download(request, pk: int):
    """The finished workbook as an attachment, read from private storage; every download is logged."""
    job = _visible_job(request, pk)
    if not job.file:
        raise Http404("报表尚未生成")
    town = job.town.name if job.town_id else "全区"
    response = private_file_response(job.file.name, filename=export_filename("数据看板", year=job.year, scope=town),
                                     content_type=XLSX_MIME, missing="报表文件已丢失，请重新生成")
    services.report_download_record(job=job, user=request.user)
    return response


@role_required(Role.DISTRICT)
def population_upload(request):
    """劳动年龄段持证残疾人数 — district staff load a year's extract of the population database, the base
    of every employment rate; the page lists the years loaded."""
    bound = request.method == "POST"
    form = PopulationUploadForm(request.POST if bound else None, request.FILES if bound else None)
    row_errors, file_error = [], ""
    if bound and form.is_valid():
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        try:
            count = services.population_import(user=request.user, year=year, content=upload.read(),
                                               filename=upload.name)
        except services.PopulationImportError as exc:
            row_errors, file_error = exc.errors, exc.message
        else:
            messages.success(request, f"已导入{year}年{count}个镇街的劳动年龄段持证残疾人数。就业率将以此为基数。")
            return redirect("dashboard-population")
    return render(request, "dashboard/population.html", {
        "form": form, "row_errors": row_errors, "file_error": file_error, "columns": population.COLUMNS,
        "years": selectors.population_years(), "town_count": Town.objects.count(),
    }, status=400 if bound else 200)


@role_required(Role.DISTRICT)
def population_template(request, fmt: str):
    return template_response(fmt, stem="劳动年龄段持证残疾人数模板", xlsx=population.template_xlsx,
                             csv=population.template_csv)


def public_summary(request):
    """全区残疾人就业概况 — aggregate figures per town for everyone; towns with a count below 5 merged."""
    scope = selectors.public_scope(year=_int_param(request, "year"))
    tables = [{"table": t, "display": display_table(t)} for t in selectors.public_data(scope)]
    return render(request, "dashboard/public_summary.html", {
        "scope": scope, "tables": tables, "years": selectors.year_choices(),
    })
