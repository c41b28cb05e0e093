"""Employer portal views of the declaration: isolation between employers, upload errors, preview,
submit; reviewer pages and the public 公示 page."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quota import services
from quota.models import Declaration, DeclarationStatus
from tests.quota.conftest import make_batch, roster_csv, roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(world, start_declaration):
    """employer_a's declaration with one person, headcounts and wage bill."""
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])


def test_other_employer_cannot_open_list_or_export(world, filed, client_for):
    client = client_for(world.users["employer_b"])
    for name in ("employer-declaration-detail", "employer-roster-export", "employer-declaration-submit",
                 "employer-declaration-revisions", "employer-roster-upload", "employer-entry-add"):
        assert client.get(reverse(name, args=[filed.pk])).status_code == 404, name
    entry = filed.roster.get()
    assert client.get(reverse("employer-entry-edit", args=[filed.pk, entry.pk])).status_code == 404
    assert client.get(reverse("declaration-letter", args=[filed.pk])).status_code == 404
    assert "甲公司" not in client.get(reverse("employer-declaration-list")).content.decode()
    revision = filed.revisions.first()
    assert client.get(reverse("declaration-revision", args=[filed.pk, revision.pk])).status_code == 404
    # Reviewer pages and exports are not for employers at all.
    assert client.get(reverse("review-declaration-detail", args=[filed.pk])).status_code == 403
    assert client.get(reverse("review-export", args=[2025, "levy"])).status_code == 403
    # The owner can.
    owner = client_for(world.users["employer_a"])
    assert owner.get(reverse("employer-declaration-detail", args=[filed.pk])).status_code == 200
    response = owner.get(reverse("employer-roster-export", args=[filed.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_other_town_reviewer_cannot_see_declaration(world, filed, client_for):
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    assert client_for(world.users["town_y"]).get(reverse("review-declaration-detail", args=[filed.pk])).status_code == 404
    page = client_for(world.users["town_x"]).get(reverse("review-declaration-detail", args=[filed.pk]))
    assert page.status_code == 200 and "审核通过" in page.content.decode()


def test_upload_with_bad_row_shows_row_column_reason_and_saves_nothing(world, filed, client_for):
    client = client_for(world.users["employer_a"])
    content = roster_csv([roster_row(2), roster_row(3, **{"月工资（元）": "三千"})])
    response = client.post(
        reverse("employer-roster-upload", args=[filed.pk]),
        {"file": SimpleUploadedFile("r.csv", content), "replace_confirm": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "第3行" in html and "月工资（元）" in html and "应为金额数字" in html
    assert [e.name for e in filed.roster.all()] == ["职工1"]
    good = roster_csv([roster_row(2), roster_row(3)], "gbk")
    response = client.post(reverse("employer-roster-upload", args=[filed.pk]),
                           {"file": SimpleUploadedFile("r.csv", good), "replace_confirm": "on"})
    assert response.status_code == 302
    assert [e.name for e in filed.roster.all()] == ["职工2", "职工3"]


def test_preview_shows_working_without_saving(world, filed, client_for):
    client = client_for(world.users["employer_a"])
    data = {f"m{i}": 200 for i in range(1, 13)} | {"wage_bill": "20000000", "preview": "1"}
    html = client.post(reverse("employer-declaration-detail", args=[filed.pk]), data).content.decode()
    assert "计算结果预览" in html and "应安排残疾人数" in html and "<dd>3" in html
    filed.refresh_from_db()
    assert filed.monthly_headcounts == [100] * 12


def test_add_entry_form_reports_field_errors(world, filed, client_for):
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-entry-add", args=[filed.pk]), {
        "name": "王五", "cert_kind": "残疾人证", "cert_no": "123", "employment_form": "劳动合同",
        "contract_start": "2025-01-01", "monthly_wage": "3000", "months_employed": "1-12", "months_insured": "1-12",
        "counted_here": "是",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "证件号码：" in html and 'href="#id_cert_no"' in html
    assert filed.roster.count() == 1


def test_submit_then_status_and_rejection_comment_visible(world, filed, client_for):
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-declaration-submit", args=[filed.pk]), {"response": ""})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == DeclarationStatus.TOWN_REVIEW
    services.declaration_review(declaration=filed, user=world.users["town_x"], action="reject", comment="请补充社保证明")
    html = client.get(reverse("employer-declaration-detail", args=[filed.pk])).content.decode()
    assert "请补充社保证明" in html and "已退回" in html


def test_conflict_shown_to_employer_without_the_other_employer(world, filed, client_for, start_declaration):
    other = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    services.declaration_submit(declaration=other, user=world.users["employer_b"])
    html = client_for(world.users["employer_a"]).get(reverse("employer-declaration-detail", args=[filed.pk])).content.decode()
    assert "重复申报" in html and "乙公司" not in html
    district = client_for(world.users["district"]).get(reverse("review-declaration-detail", args=[filed.pk]))
    assert "乙公司" in district.content.decode() and "甲公司" in district.content.decode()


def test_publicity_page_lists_only_approved_without_personal_data(world, filed, client, start_declaration):
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    services.declaration_review(declaration=filed, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=filed, user=world.users["district"], action="approve")
    start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    assert "本年度尚未发布公示" in client.get(reverse("declaration-publicity", args=[2025])).content.decode()
    make_batch(world, [filed])
    html = client.get(reverse("declaration-publicity", args=[2025])).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    assert "职工1" not in html and filed.roster.get().cert_masked not in html
    assert Declaration.objects.get(pk=filed.pk).status == DeclarationStatus.APPROVED


def test_opening_the_edit_form_logs_the_full_number_view(world, filed, client_for):
    from employment.models import PersonalDataAccess

    entry = filed.roster.get()
    html = client_for(world.users["employer_a"]).get(reverse("employer-entry-edit", args=[filed.pk, entry.pk]))
    assert html.status_code == 200
    log = PersonalDataAccess.objects.get()
    assert log.user == world.users["employer_a"] and log.action == "view"


def test_reviewer_adjusts_months_and_district_resolves_conflict_through_pages(world, filed, client_for, start_declaration):
    from quota.models import DeclarationConflict, MonthsAdjustment

    other = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    services.declaration_submit(declaration=other, user=world.users["employer_b"])
    entry = filed.roster.get()
    url = reverse("review-entry-adjust", args=[filed.pk, entry.pk])
    assert client_for(world.users["town_y"]).get(url).status_code == 404
    town = client_for(world.users["town_x"])
    response = town.post(url, {"months": "1-12", "reason": ""})
    assert response.status_code == 200 and "调整原因" in response.content.decode()
    # The town reviewer may not resolve the cross-employer conflict; the district may.
    conflict = DeclarationConflict.objects.get()
    assert town.get(reverse("review-conflict-resolve", args=[conflict.pk])).status_code == 403
    district = client_for(world.users["district"])
    response = district.post(reverse("review-conflict-resolve", args=[conflict.pk]),
                             {"months_a": "1-6", "months_b": "6-12", "decision": "按社保缴纳单位划分"})
    assert "不能重叠" in response.content.decode()
    response = district.post(reverse("review-conflict-resolve", args=[conflict.pk]),
                             {"months_a": "1-6", "months_b": "7-12", "decision": "按社保缴纳单位划分"})
    assert response.status_code == 302
    assert MonthsAdjustment.objects.count() == 2
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.resolved_by == world.users["district"]


def test_roster_export_names_exporter_and_time(world, filed, client_for):
    response = client_for(world.users["employer_a"]).get(reverse("employer-roster-export", args=[filed.pk]))
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert list(sheets)[0] == "残疾职工名册"
    stamp = dict(zip(sheets["导出信息"]["项目"], sheets["导出信息"]["内容"], strict=True))
    assert stamp["导出人"] == "employer_a（employer_a）"
    # A real date-time cell (shown 2026年12月6日 14:05:09), not the text "2026-12-06 …".
    assert pd.Timestamp(stamp["导出时间"]).date() == timezone.localdate()


def test_uploading_over_existing_rows_asks_for_confirmation(world, filed, client_for):
    client = client_for(world.users["employer_a"])
    url = reverse("employer-roster-upload", args=[filed.pk])
    assert "我确认用上传的文件替换当前名册中的 1 人" in client.get(url).content.decode()
    good = roster_csv([roster_row(2), roster_row(3)])
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", good)})
    html = response.content.decode()
    assert response.status_code == 200 and "当前名册已有 1 人，请勾选确认替换后再上传。" in html
    assert "请改正以下 1 处问题" in html  # the summary counts, as every other form's does
    # A file refused with the box ticked keeps the tick: only the file is to choose again.
    bad = roster_csv([roster_row(2, **{"月工资（元）": "三千"})])
    html = client.post(url, {"file": SimpleUploadedFile("r.csv", bad), "replace_confirm": "on"}).content.decode()
    assert re.search(r'<input type="checkbox" name="replace_confirm"[^>]* checked', html)
    html = client.post(url, {"csrfmiddlewaretoken": "as a browser sends it"}).content.decode()  # nothing chosen
    assert "请改正以下 2 处问题" in html and "请选择要上传的名册文件（.xlsx 或 .csv）。" in html
    assert [e.name for e in filed.roster.all()] == ["职工1"]
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", good), "replace_confirm": "on"})
    assert response.status_code == 302 and [e.name for e in filed.roster.all()] == ["职工2", "职工3"]


def test_the_roster_table_stacks_into_cards_on_a_phone(world, filed, client_for):
    """Ten columns do not fit a 375 px phone: the roster is a stacked table (table.stack, site.css), each
    value labelled with its column (the employer reading a returned declaration's roster on a phone;
    tests/browser/test_mobile_layout.py checks the cards at 375 px)."""
    import re

    html = client_for(world.users["employer_a"]).get(
        reverse("employer-declaration-detail", args=[filed.pk])).content.decode()
    assert re.search(r'<table class="stack">\s*<caption id="roster-caption">', html)
    assert '<td data-label="证件号码">' in html and '<td data-label="在岗月份">' in html


WORKSPACE_MENU = 'data-disclosure="工作台菜单"'


def test_every_declaration_page_has_the_workspace_menu(world, filed, client_for):
    """On a phone the workspace menu (工作台菜单) collapses behind its button; the declaration pages
    carry it like the other employer pages, so an employer can get back to their jobs from there."""
    from tests.quota.conftest import approve

    client = client_for(world.users["employer_a"])
    entry = filed.roster.get()
    revision = filed.revisions.first()
    draft_pages = [
        reverse("employer-declaration-list"),
        reverse("employer-declaration-detail", args=[filed.pk]),
        reverse("employer-declaration-delete", args=[filed.pk]),
        reverse("employer-entry-add", args=[filed.pk]),
        reverse("employer-entry-edit", args=[filed.pk, entry.pk]),
        reverse("employer-entry-delete", args=[filed.pk, entry.pk]),
        reverse("employer-roster-upload", args=[filed.pk]),
        reverse("employer-declaration-submit", args=[filed.pk]),
        reverse("employer-declaration-revisions", args=[filed.pk]),
        reverse("employer-declaration-evidence", args=[filed.pk]),
        reverse("declaration-revision", args=[filed.pk, revision.pk]),
    ]
    for url in draft_pages:
        response = client.get(url)
        assert response.status_code == 200 and WORKSPACE_MENU in response.content.decode(), url
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    approve(world, filed)
    entry = make_batch(world, [filed]).entries.get()
    for url in (reverse("declaration-letter", args=[filed.pk]),
                reverse("employer-publicity-objection", args=[entry.pk])):
        response = client.get(url)
        assert response.status_code == 200 and WORKSPACE_MENU in response.content.decode(), url


def test_every_staff_review_page_has_the_workspace_menu(world, filed, client_for, start_declaration):
    """The staff review pages carry the workspace menu too (like the work queue and the seeker list),
    so a reviewer on a phone can get from a declaration back to their other work."""
    from quota.models import DeclarationConflict

    # The confirmation before reminders are sent (a POST answered with a page), while 乙公司 has not filed.
    response = client_for(world.users["district"]).post(
        reverse("review-non-filers-remind"), {"year": 2025, "scope": "all"})
    assert response.status_code == 200 and "确认发送" in response.content.decode()
    assert WORKSPACE_MENU in response.content.decode()
    other = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    services.declaration_submit(declaration=other, user=world.users["employer_b"])
    conflict = DeclarationConflict.objects.get()
    entry = filed.roster.get()
    district_pages = [reverse("review-conflict-resolve", args=[conflict.pk])]
    town_pages = [
        reverse("review-declaration-list"),
        reverse("review-declaration-detail", args=[filed.pk]),
        reverse("review-declaration-revisions", args=[filed.pk]),
        reverse("review-entry-adjust", args=[filed.pk, entry.pk]),
    ]
    for user, urls in (("district", district_pages), ("town_x", town_pages)):
        client = client_for(world.users[user])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200 and WORKSPACE_MENU in response.content.decode(), url


NONE_SHOWN = '<span aria-hidden="true">—</span><span class="visually-hidden">无</span>'


def test_empty_cells_of_the_staff_tables_say_none(world, filed, client_for):
    """On a phone a stacked cell shows its label; an empty one (no hint, no months set by a reviewer) says "无"
    instead of a label with nothing under it."""
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    client = client_for(world.users["town_x"])
    html = client.get(reverse("review-declaration-list")).content.decode()
    assert f'<td data-label="提示">{NONE_SHOWN}</td>' in html
    html = client.get(reverse("review-declaration-detail", args=[filed.pk])).content.decode()
    assert f'<td data-label="审核认定月份">{NONE_SHOWN}</td>' in html
    assert '<td data-label="证明材料">' in html
