"""Reads of the employer register's pages (用人单位名录): the employers a staff user may list (a town
reviewer its own town, the district every town), searched and filtered, each with its number of
platform accounts and the working year's declaration state — "filed" is quota's one definition
(``Declaration.objects.filed()``: submitted at least once), which is why these pages live in quota
and not in the core. And the register's export (xlsx: a title row, 数据截至, the exporter).

The writes are the core's (``employment.employer_register``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from employment import access
from employment.models import Employer, EmployerChange, EmployerKind
from employment.table_export import ExportSheet, exporter_label, workbook_xlsx

from .models import Declaration

ACTIVE_FILTERS = {"yes": "在册", "no": "已停用"}
NOT_STARTED = "未开始填报"
DRAFT = "填报中，未提交"


def register_listing(user, *, town_id: int | None = None, query: str = "", active: str = "") -> QuerySet:
    """The employers the user may see, by town then name, each with ``account_count`` (its active
    platform accounts); searched by name or credit code, filtered by town and 在册 / 已停用."""
    qs = (access.scoped(user, Employer).select_related("town")
          .annotate(account_count=Count("accounts", filter=Q(accounts__user__is_active=True)))
          .order_by("town__sort_order", "name", "pk"))
    if town_id is not None:
        qs = qs.filter(town_id=town_id)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(credit_code__icontains=query.upper()))
    if active == "yes":
        qs = qs.filter(active=True)
    elif active == "no":
        qs = qs.filter(active=False)
    return qs


def declaration_states(employer_ids, *, year: int) -> dict[int, tuple[bool, str]]:
    """{employer id: (filed, state in words)} for ``year``: a filed declaration's review status, a
    draft never submitted (not filed), or nothing started."""
    ids = list(employer_ids)
    states = dict.fromkeys(ids, (False, NOT_STARTED))
    for declaration in Declaration.objects.not_filed().filter(year=year, employer_id__in=ids).only("employer_id"):
        states[declaration.employer_id] = (False, DRAFT)
    for declaration in (Declaration.objects.filed().filter(year=year, employer_id__in=ids)
                        .only("employer_id", "status")):
        states[declaration.employer_id] = (True, f"已申报（{declaration.get_status_display()}）")
    return states


@dataclass
class RegisterRow:
    employer: Employer
    filed: bool
    state: str


def register_rows(employers, *, year: int) -> list[RegisterRow]:
    employers = list(employers)
    states = declaration_states([e.pk for e in employers], year=year)
    return [RegisterRow(e, *states[e.pk]) for e in employers]


def employer_history(employer: Employer) -> QuerySet:
    """The employer's register log, newest first."""
    return EmployerChange.objects.filter(employer=employer).order_by("-at", "-id")


EXPORT_HEADERS = ["单位名称", "统一社会信用代码", "单位性质", "所属镇街", "地址", "联系人", "联系电话", "联系邮箱",
                  "状态", "停用原因", "平台账号数"]


def register_xlsx(user, employers: QuerySet, *, year: int, scope: str) -> bytes:
    """The register as the user may see it (``employers``, already filtered), in the shared export
    layout (title, 数据截至, 导出人), one row per employer with the year's declaration state; read in
    chunks so a large register is never held whole."""
    kinds = dict(EmployerKind.choices)

    def rows():
        for chunk_start in range(0, employers.count(), 1000):
            chunk = list(employers[chunk_start:chunk_start + 1000])
            states = declaration_states([e.pk for e in chunk], year=year)
            for e in chunk:
                yield [e.name, e.credit_code, str(kinds.get(e.kind, e.kind)), e.town.name, e.address, e.contact_name,
                       e.contact_phone, e.contact_email, "在册" if e.active else "已停用", e.inactive_reason,
                       e.account_count, states[e.pk][1]]

    sheet = ExportSheet(name="用人单位名录", title=f"用人单位名录（{scope}）",
                        columns=[*EXPORT_HEADERS, f"{year}年度年审申报"], rows=rows())
    return workbook_xlsx([sheet], exported_by=exporter_label(user))
