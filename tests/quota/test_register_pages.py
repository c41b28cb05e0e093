"""The employer register's pages (quota.register_views): who sees what, the year's declaration state
by quota's one definition of filed, the district's create / edit / 停用, the import's confirmation
page and the export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from domain import identity
from employment import employer_register as register
from employment.models import Employer, EmployerChange
from quota import services
from tests.factories import EmployerFactory, make_user
from tests.quota.conftest import YEAR, roster_row

pytestmark = pytest.mark.django_db

NEW_CODE = identity.make_credit_code("91330203MA2AB1234")


def _names(page) -> list[str]:
    return [row.employer.name for row in page.context["page"].object_list]


def test_a_town_reviewer_sees_its_own_town_read_only(world, client_for):
    client = client_for(world.users["town_x"])
    page = client.get(reverse("employer-register-list"))
    assert _names(page) == ["甲公司"] and page.context["towns"] is None
    assert "登记单位" not in page.content.decode()
    assert client.get(reverse("employer-register-list"), {"town": world.town_y.pk}).status_code == 404
    assert client.get(reverse("employer-register-detail", args=[world.employer_b.pk])).status_code == 404
    detail = client.get(reverse("employer-register-detail", args=[world.employer_a.pk]))
    assert detail.status_code == 200 and "保存修改" not in detail.content.decode()
    refused = client.post(reverse("employer-register-detail", args=[world.employer_a.pk]),
                          {"action": "deactivate", "reason": "注销"})
    assert refused.status_code == 403
    assert Employer.objects.get(pk=world.employer_a.pk).active
    assert client.get(reverse("employer-register-create")).status_code == 403


def test_the_district_lists_every_town_with_filters_and_the_filed_state(world, client_for, policy, start_declaration,
                                                                        monkeypatch):
    monkeypatch.setattr("quota.register_views.working_year", lambda: YEAR)  # the declarations' year
    bing = EmployerFactory(name="丙公司", town=world.town_x)
    bing_user = make_user("employer", username="employer_bing", employer=bing)
    start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])  # a draft
    filed = start_declaration(bing, bing_user, rows=[roster_row(2)])
    services.declaration_submit(declaration=filed, user=bing_user)
    EmployerFactory(name="丁公司", town=world.town_y, active=False, inactive_reason="迁出本区")
    client = client_for(world.users["district"])
    page = client.get(reverse("employer-register-list"))
    states = {row.employer.name: (row.filed, row.state) for row in page.context["page"].object_list}
    assert states["甲公司"] == (False, "填报中，未提交")  # a draft is not filed
    assert states["丙公司"][0] and states["丙公司"][1].startswith("已申报")
    assert states["乙公司"] == (False, "未开始填报")
    counts = {row.employer.name: row.employer.account_count for row in page.context["page"].object_list}
    assert counts["甲公司"] == 1 and counts["丁公司"] == 0
    assert _names(client.get(reverse("employer-register-list"), {"town": world.town_y.pk})) == ["丁公司", "乙公司"]  # by name
    assert _names(client.get(reverse("employer-register-list"), {"active": "no"})) == ["丁公司"]
    assert _names(client.get(reverse("employer-register-list"), {"q": world.employer_b.credit_code.lower()})) == ["乙公司"]
    assert "迁出本区" in page.content.decode()


def test_the_district_creates_edits_and_deactivates(world, client_for):
    client = client_for(world.users["district"])
    fields = {"name": "海曙新材料有限公司", "credit_code": NEW_CODE, "kind": "enterprise", "town": world.town_x.pk,
              "contact_phone": "0574-87654321"}
    taken = client.post(reverse("employer-register-create"), {**fields, "credit_code": world.employer_b.credit_code})
    assert "已经登记过" in taken.content.decode() and not Employer.objects.filter(name=fields["name"]).exists()
    created = client.post(reverse("employer-register-create"), fields)
    employer = Employer.objects.get(credit_code=NEW_CODE)
    assert created.status_code == 302 and created["Location"] == reverse("employer-register-detail", args=[employer.pk])
    url = reverse("employer-register-detail", args=[employer.pk])
    client.post(url, {"action": "save", **fields, "contact_name": "王经理"})
    employer.refresh_from_db()
    assert employer.contact_name == "王经理"
    no_reason = client.post(url, {"action": "deactivate", "reason": ""})
    assert no_reason.status_code == 200 and "请填写停用原因" in no_reason.content.decode()
    client.post(url, {"action": "deactivate", "reason": "2025年6月注销"})
    employer.refresh_from_db()
    assert not employer.active
    page = client.get(url).content.decode()
    assert "2025年6月注销" in page and "恢复" in page
    assert list(EmployerChange.objects.filter(employer=employer).order_by("id").values_list("action", flat=True)) == [
        "created", "updated", "deactivated"]


def _csv(rows) -> SimpleUploadedFile:
    lines = [",".join(register.IMPORT_HEADERS)] + [",".join(r) for r in rows]
    return SimpleUploadedFile("名录.csv", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"), "text/csv")


def test_import_updates_only_after_the_confirmation_page(world, client_for):
    client = client_for(world.users["district"])
    bad = client.post(reverse("employer-register-import"), {"file": _csv([
        [NEW_CODE, "新单位一", "鼓楼街道", "", "", "", "", ""],
        [world.employer_a.credit_code, "", "鼓楼街道", "", "", "", "", ""]])})
    assert [(e.row, e.column) for e in bad.context["errors"]] == [(3, "单位名称")]
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()
    good = client.post(reverse("employer-register-import"), {"file": _csv([
        [NEW_CODE, "新单位一", "鼓楼街道", "", "", "", "", ""],
        [world.employer_a.credit_code, "甲公司", "鼓楼街道", "", "", "", "13812345678", ""]])})
    assert good["Location"] == reverse("employer-register-import-confirm")
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()  # nothing before confirming
    confirm = client.get(reverse("employer-register-import-confirm"))
    text = confirm.content.decode()
    assert "甲公司" in text and "13812345678" in text and "新单位一" in text
    digest = confirm.context["plan"].digest
    stale = client.post(reverse("employer-register-import-confirm"), {"action": "confirm", "digest": "x"})
    assert stale.status_code == 200 and not Employer.objects.filter(credit_code=NEW_CODE).exists()
    done = client.post(reverse("employer-register-import-confirm"), {"action": "confirm", "digest": digest})
    assert done["Location"] == reverse("employer-register-list")
    world.employer_a.refresh_from_db()
    assert world.employer_a.contact_phone == "13812345678" and Employer.objects.filter(credit_code=NEW_CODE).exists()
    after = client.get(reverse("employer-register-import-confirm"))  # the plan is used up
    assert after["Location"] == reverse("employer-register-import")


def test_an_import_of_new_employers_only_needs_no_confirmation(world, client_for):
    client = client_for(world.users["district"])
    done = client.post(reverse("employer-register-import"), {"file": _csv([[NEW_CODE, "新单位一", "鼓楼街道", "", "",
                                                                             "", "", ""]])})
    assert done["Location"] == reverse("employer-register-list")
    assert Employer.objects.get(credit_code=NEW_CODE).name == "新单位一"


def test_the_export_has_a_title_the_data_time_and_the_exporter(world, client_for):
    response = client_for(world.users["town_x"]).get(reverse("employer-register-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "用人单位名录（鼓楼街道）"
    assert sheet["A2"].value.startswith("数据截至") and sheet["A3"].value.startswith("导出人：")
    assert sheet["A4"].value == "单位名称"
    names = [sheet.cell(row=r, column=1).value for r in range(5, sheet.max_row + 1)]
    assert names == ["甲公司"]  # town X's only
