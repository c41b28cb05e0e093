"""The family register pages for every role: only town and district staff get in, a town reviewer
sees and changes their own town's families only (another town's are 404), the district sees all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from employment import services as employment_services
from employment.models import JobSeeker
from households import services
from households.models import Household
from tests.households.conftest import register_csv, register_row

pytestmark = pytest.mark.django_db
PAGES = ["staff-household-list", "staff-household-create", "staff-household-import"]


def _object_urls(families) -> list[str]:
    return [
        reverse("staff-household-detail", args=[families.x.pk]),
        reverse("staff-household-edit", args=[families.x.pk]),
        reverse("staff-household-member-remove", args=[families.x.pk, families.x.members.first().pk]),
    ]


@pytest.mark.parametrize("role", ["seeker_a", "employer_a", "provider_a"])
def test_other_roles_are_refused(world, families, client_for, role):
    client = client_for(world.users[role])
    urls = [reverse(n) for n in PAGES] + _object_urls(families)
    urls.append(reverse("staff-household-template", args=["xlsx"]))
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    response = client.post(reverse("staff-household-member-add", args=[families.x.pk]),
                           {"cert_no": families.spare_x.cert_no})
    assert response.status_code in (403, 404)
    assert families.x.members.count() == 1


def test_anonymous_is_sent_to_log_in(client, families):
    response = client.get(reverse("staff-household-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_town_reviewer_cannot_see_or_change_another_towns_family(world, families, client_for):
    client = client_for(world.users["town_y"])
    for url in _object_urls(families):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"code": "HACKED", "town": world.town_y.pk}).status_code == 404, url
    response = client.post(reverse("staff-household-member-add", args=[families.x.pk]),
                           {"cert_no": families.spare_x.cert_no})
    assert response.status_code == 404
    families.x.refresh_from_db()
    assert families.x.code == "HS-GL-0001" and families.x.members.count() == 1


def test_town_list_shows_own_town_only(world, families, client_for):
    response = client_for(world.users["town_x"]).get(reverse("staff-household-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "HS-GL-0001" in html and "HS-SQ-0001" not in html
    assert 'id="town"' not in html  # one town: no town filter
    assert reverse("staff-household-list") in html  # the workspace link 家庭台账


def test_district_sees_every_town_and_filters_by_town(world, families, client_for):
    client = client_for(world.users["district"])
    html = client.get(reverse("staff-household-list")).content.decode()
    assert "HS-GL-0001" in html and "HS-SQ-0001" in html and 'id="town"' in html
    html = client.get(reverse("staff-household-list"), {"town": world.town_y.pk}).content.decode()
    assert "HS-GL-0001" not in html and "HS-SQ-0001" in html
    assert client.get(reverse("staff-household-detail", args=[families.y.pk])).status_code == 200


def test_list_search_status_filter_and_empty_states(world, families, client_for):
    employment_services.placement_record(seeker=world.seeker_a, employer=world.employer_a,
                                         contract_start=date(2024, 1, 1), monthly_wage=Decimal("3500"))
    services.household_create(user=world.users["town_x"], code="HS-GL-0002", town=world.town_x,
                              identified_on=date(2024, 1, 1))
    services.household_update(user=world.users["town_x"], household=families.x, code="HS-GL-0001",
                              town=world.town_x, identified_on=date(2024, 1, 1))
    client = client_for(world.users["town_x"])
    url = reverse("staff-household-list")

    def codes(**params) -> set[str]:
        html = client.get(url, params).content.decode()
        return {c for c in ("HS-GL-0001", "HS-GL-0002") if c in html}

    html = client.get(url).content.decode()
    assert "有人就业" in html and "无人就业" in html  # text, not colour
    assert codes(status="employed") == {"HS-GL-0001"}
    assert codes(status="without") == {"HS-GL-0002"}
    assert codes(status="exited") == set()
    assert codes(q="0002") == {"HS-GL-0002"}
    assert codes(status="bogus") == {"HS-GL-0001", "HS-GL-0002"}
    assert "没有找到符合条件的家庭" in client.get(url, {"q": "none"}).content.decode()


def test_empty_register_invites_to_create_or_import(world, client_for):
    html = client_for(world.users["town_x"]).get(reverse("staff-household-list")).content.decode()
    assert "台账上还没有家庭" in html and reverse("staff-household-import") in html


def test_list_is_paginated(world, client_for):
    for n in range(25):
        Household.objects.create(code=f"HS-GL-{n:04d}", town=world.town_x)
    client = client_for(world.users["town_x"])
    first = client.get(reverse("staff-household-list")).content.decode()
    assert "HS-GL-0019" in first and "HS-GL-0020" not in first and "第 1 页，共 2 页" in first
    assert "HS-GL-0024" in client.get(reverse("staff-household-list"), {"page": 2}).content.decode()


def test_create_edit_and_errors_linked_to_fields(world, client_for):
    client = client_for(world.users["town_x"])
    response = client.post(reverse("staff-household-create"), {
        "code": "HS-GL-0010", "town": world.town_x.pk, "identified_on": "2025-03-01",
        "other_employed_until": "2025-05-01",
    })
    assert response.status_code == 200 and not Household.objects.exists()
    html = response.content.decode()
    assert 'href="#id_other_employed_until"' in html
    assert 'aria-describedby="id_other_employed_until_helptext id_other_employed_until_error"' in html

    response = client.post(reverse("staff-household-create"), {
        "code": "HS-GL-0010", "town": world.town_x.pk, "identified_on": "2025-03-01",
    })
    household = Household.objects.get(code="HS-GL-0010")
    assert response["Location"] == reverse("staff-household-detail", args=[household.pk])

    response = client.post(reverse("staff-household-edit", args=[household.pk]), {
        "code": "HS-GL-0010", "town": world.town_x.pk, "identified_on": "2025-03-01",
        "exited_on": "2025-06-01", "exit_reason": "迁出本区",
    })
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.exited_on == date(2025, 6, 1)


def test_town_reviewer_cannot_pick_another_town(world, client_for):
    client = client_for(world.users["town_x"])
    html = client.get(reverse("staff-household-create")).content.decode()
    assert "石碶街道" not in html
    response = client.post(reverse("staff-household-create"), {"code": "HS-SQ-0010", "town": world.town_y.pk})
    assert response.status_code == 200 and not Household.objects.exists()


def test_detail_shows_masked_members_and_their_employment(world, families, client_for):
    employment_services.placement_record(seeker=world.seeker_a, employer=world.employer_a,
                                         contract_start=date(2024, 1, 1), monthly_wage=Decimal("3500"))
    html = client_for(world.users["town_x"]).get(reverse("staff-household-detail", args=[families.x.pk])).content.decode()
    assert world.seeker_a.cert_no_masked in html and world.seeker_a.cert_no not in html
    assert "在甲公司就业" in html and "有人就业" in html


def test_add_a_member_and_see_errors(world, families, client_for):
    client = client_for(world.users["town_x"])
    url = reverse("staff-household-member-add", args=[families.x.pk])
    response = client.post(url, {"cert_no": families.spare_y.cert_no})
    assert response.status_code == 400
    assert "没有找到这个残疾人证号对应的求职者" in response.content.decode()
    assert 'href="#id_cert_no"' in response.content.decode()
    response = client.post(url, {"cert_no": families.spare_x.cert_no})
    assert response.status_code == 302
    assert JobSeeker.objects.get(pk=families.spare_x.pk).household == families.x


def test_remove_asks_first_then_removes_on_post(world, families, client_for):
    client = client_for(world.users["town_x"])
    url = reverse("staff-household-member-remove", args=[families.x.pk, world.seeker_a.pk])
    response = client.get(url)
    assert response.status_code == 200 and "确定移出" in response.content.decode()
    assert families.x.members.count() == 1
    assert client.post(url).status_code == 302
    assert families.x.members.count() == 0
    assert client.get(url).status_code == 404  # no longer a member


def test_import_page_saves_a_clean_file_and_lists_every_error(world, families, client_for):
    client = client_for(world.users["town_x"])
    url = reverse("staff-household-import")
    bad = register_csv([register_row("HS-GL-0002", "鼓楼街道"), register_row("HS-GL-0003", "石碶街道")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("台账.csv", bad, "text/csv")})
    html = response.content.decode()
    assert response.status_code == 400
    assert "第3行" in html and "所属镇街" in html and "您只能导入本镇街的家庭" in html
    assert Household.objects.count() == 2

    good = register_csv([register_row("HS-GL-0002", "鼓楼街道", 家庭成员残疾人证号=families.spare_x.cert_no)])
    response = client.post(url, {"file": SimpleUploadedFile("台账2.csv", good, "text/csv")}, follow=True)
    assert "新增 1 户，更新 0 户，添加家庭成员 1 人" in response.content.decode()
    assert Household.objects.get(code="HS-GL-0002").members.get() == families.spare_x


def test_import_without_a_file_says_so(world, client_for):
    response = client_for(world.users["town_x"]).post(reverse("staff-household-import"), {})
    assert response.status_code == 400 and "请选择要上传的家庭台账文件" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_templates_download(world, client_for, fmt):
    response = client_for(world.users["town_x"]).get(reverse("staff-household-template", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and fmt in response["Content-Disposition"]
    assert client_for(world.users["town_x"]).get(reverse("staff-household-template", args=["pdf"])).status_code == 404


def test_seeker_page_names_the_family_for_staff_only(world, families, client_for):
    url = reverse("seeker-detail", args=[world.seeker_a.pk])
    family_url = reverse("staff-household-detail", args=[families.x.pk])
    for staff in ("town_x", "district"):
        html = client_for(world.users[staff]).get(url).content.decode()
        assert "所属家庭" in html and family_url in html and "HS-GL-0001" in html
    spare = client_for(world.users["town_x"]).get(reverse("seeker-detail", args=[families.spare_x.pk]))
    assert "所属家庭" in spare.content.decode() and "未登记" in spare.content.decode()
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save(update_fields=["visible_to_employers"])
    employer_html = client_for(world.users["employer_a"]).get(url).content.decode()
    assert "所属家庭" not in employer_html and "HS-GL-0001" not in employer_html


def test_a_member_who_moved_away_is_counted_but_not_shown(world, families, client_for):
    world.seeker_a.town = world.town_y  # moved to 石碶 after joining the 鼓楼 family
    world.seeker_a.save(update_fields=["town"])
    url = reverse("staff-household-detail", args=[families.x.pk])
    html = client_for(world.users["town_x"]).get(url).content.decode()
    assert world.seeker_a.name not in html and "另有 1 名成员现居其他镇街" in html
    district = client_for(world.users["district"]).get(url).content.decode()
    assert world.seeker_a.name in district and "现居其他镇街" not in district
