"""Joining an incubation programme (issue 18, items 1 and 2): programme and studio pages, applications
from seekers and visitors, the staff queue (who sees what), answering with a confirmation, the
outcome told to the seeker, the studio's apprentice figures and the work-queue line."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks import StreamBlockValidationError

from cms import programme_selectors as selectors
from cms import programme_services as services
from cms import services as cms_services
from cms.blocks import PhotoStreamBlock
from cms.models import (
    ApplicationKind,
    ApplicationStatus,
    IncubationProgramPage,
    IncubationProjectPage,
    Programme,
    ProgrammeApplication,
    StudioPage,
)
from employment.formats import cn_number
from employment.models import Notification, Placement
from employment.work_queue import queue_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    home = cms_services.homepage_ensure()
    page = cms_services.child_page_ensure(
        home, IncubationProgramPage, slug="dianshang", title="电商添翼", programme=Programme.ECOMMERCE,
        intro="帮助残疾人做网店客服。", audience="持证残疾人", offer="免费培训\n居家办公电脑",
        how_to_join="在本页报名\n参加说明会", contact_name="王老师", contact_phone="0574 8736 0101",
    )
    cms_services.child_page_ensure(page, IncubationProjectPage, slug="zhibo", title="助农直播间", summary="直播带货",
                                   participants=1200, disabled_participants=900, jobs_created=7,
                                   annual_sales=Decimal("1862000.00"))
    return page


@pytest.fixture
def studio(world):
    home = cms_services.homepage_ensure()
    parent = cms_services.child_page_ensure(home, IncubationProgramPage, slug="dashi", title="技能大师工作室",
                                            programme=Programme.MASTER_STUDIO, intro="大师带徒。")
    return cms_services.child_page_ensure(
        parent, StudioPage, slug="nijin", title="泥金彩漆技能大师工作室", master_name="柯庚",
        master_title="浙江省残疾人技能大师", craft="泥金彩漆", summary="教授泥金彩漆。", address="石碶街道文创园 3 号楼",
        step_free=True, hearing_loop=False, opening_hours="周一至周五 9:00–16:30\n周六 9:00–12:00",
        apprentices_recorded=20, apprentices_certified=10, apprentices_employed=12,
    )


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# ---- figures and pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0"), (999, "999"), (1000, "1,000"), (862000, "862,000"), (Decimal("1862000.00"), "1,862,000"),
    (Decimal("1234.50"), "1,234.50"), (-1234567, "-1,234,567"), (None, ""), ("", ""), ("无", "无"),
])
def test_figures_are_grouped_by_thousands(value, shown):
    assert cn_number(value) == shown


def test_programme_page_says_whom_it_is_for_how_to_join_and_its_figures(programme):
    html = _client().get(programme.url).content.decode()
    assert html.count("帮助残疾人做网店客服。") == 1  # the intro, once
    for text in ("面向对象", "持证残疾人", "<li>免费培训</li>", "<li>参加说明会</li>", "王老师", "0574-87360101"):
        assert text in html
    assert "1,200" in html and "1,862,000" in html
    assert f'action="/programmes/{programme.pk}/apply/"' in html


def test_sales_total_says_how_many_projects_it_covers(programme):
    html = _client().get(programme.url).content.decode()
    assert "1,862,000 元</dd>" in html  # every project reported: no note
    cms_services.child_page_ensure(programme, IncubationProjectPage, slug="kefu", title="云上客服",
                                   summary="网店客服", participants=10, disabled_participants=8, annual_sales=None)
    html = _client().get(programme.url).content.decode()
    assert "1,862,000 元（2 个项目中 1 个已报送，其余未填报）</dd>" in html
    figures = selectors.programme_figures([programme.get_children().specific().get(slug="kefu")])
    assert (figures.annual_sales, figures.sales_reported, figures.sales_partial) == (None, 0, False)


def test_programme_contact_phone_is_checked(programme):
    programme.contact_phone = "87360101"  # no area code
    with pytest.raises(ValidationError) as exc:
        programme.full_clean()
    assert "contact_phone" in exc.value.message_dict


def test_photos_need_alt_text():
    from tests.cms.test_pages import _image

    image = _image()
    block = PhotoStreamBlock()
    missing = block.to_python([{"type": "photo", "value": {"image": image.pk, "alt_text": "", "caption": ""}}])
    with pytest.raises((ValidationError, StreamBlockValidationError)):
        block.clean(missing)
    ok = block.clean(block.to_python([{"type": "photo", "value": {"image": image.pk, "alt_text": "学员编竹篮",
                                                                   "caption": "课堂"}}]))
    html = ok.render_as_block()
    assert 'alt="学员编竹篮"' in html and "<figcaption>课堂</figcaption>" in html


def test_studio_page_shows_master_address_access_hours_and_programme(studio):
    html = _client().get(studio.url).content.decode()
    programme = studio.get_parent()
    for text in ("柯庚", "浙江省残疾人技能大师", "泥金彩漆", "石碶街道文创园 3 号楼", "周六 9:00–12:00",
                 f'<a href="{programme.url}">技能大师工作室</a>', "无台阶入口（或有坡道、电梯）：有",
                 "助听感应环路：没有"):
        assert text in html, text
    assert StudioPage in IncubationProgramPage.allowed_subpage_models()
    assert IncubationProgramPage in StudioPage.allowed_parent_page_models()


def test_studio_figures_count_accepted_apprentices_and_their_hires(world, studio):
    assert selectors.studio_figures(studio).apprentices == 20
    application = services.programme_application_create(page=studio, seeker=world.seeker_a)
    assert application.kind == ApplicationKind.APPRENTICE
    services.programme_application_create(page=studio, name="访客丙", phone="13812345678")
    assert selectors.studio_figures(studio).apprentices == 20  # pending applications do not count
    services.programme_application_answer(application=application, accept=True, answer="周一来报到。",
                                          user=world.users["district"])
    figures = selectors.studio_figures(studio)
    assert (figures.apprentices, figures.accepted_here, figures.employed) == (21, 1, 12)
    # A hire that started before the apprentice was accepted is not the studio's outcome; one after is.
    today = timezone.localdate()
    before = Placement.objects.create(seeker=world.seeker_a, employer=world.employer_a,
                                      contract_start=today - timedelta(days=30), monthly_wage=Decimal("3000"))
    assert selectors.studio_figures(studio).employed == 12
    before.contract_start = today
    before.save()
    assert selectors.studio_figures(studio).employed_here == 1
    assert "其中本平台接收、已有就业登记 1 人" in _client().get(studio.url).content.decode()


# ---- applying ------------------------------------------------------------------------------------


def test_seeker_applies_once_with_a_message(world, programme):
    client = _client(world.users["seeker_a"])
    url = reverse("programme-apply", args=[programme.pk])
    response = client.post(url, {"message": "想学直播"})
    assert response.status_code == 302 and response["Location"] == reverse("programme-my-applications")
    application = ProgrammeApplication.objects.get()
    assert (application.seeker, application.name, application.message, application.status, application.kind) == (
        world.seeker_a, world.seeker_a.name, "想学直播", ApplicationStatus.PENDING, ApplicationKind.PROGRAMME)
    page = client.get(url)
    assert "您已报名，状态：待处理" in page.content.decode()
    client.post(url, {"message": "再报一次"})
    assert ProgrammeApplication.objects.count() == 1
    with pytest.raises(ValidationError):
        services.programme_application_create(page=programme, seeker=world.seeker_a)
    assert "您已报名，状态：待处理" in client.get(programme.url).content.decode()


def test_visitor_applies_with_name_and_phone_checked(world, programme):
    cache.clear()
    client = _client()
    url = reverse("programme-apply", args=[programme.pk])
    bad = client.post(url, {"name": "王访客", "phone": "87360101"})
    assert bad.status_code == 200 and "区号" in bad.content.decode()
    assert not ProgrammeApplication.objects.exists()
    ok = client.post(url, {"name": "王访客", "phone": "138 1234 5678", "message": ""})
    assert ok.status_code == 302 and ok["Location"] == programme.url
    application = ProgrammeApplication.objects.get()
    assert (application.seeker, application.name, application.phone) == (None, "王访客", "13812345678")


def _phone_hint(html: str) -> str:
    match = re.search(r'<span class="hint" id="id_phone_helptext">(.*?)</span>', html)
    assert match, "no phone hint"
    return match.group(1)


def test_inline_visitor_form_is_the_site_form_and_empty_sends_show_the_error_summary(world, programme):
    cache.clear()
    client = _client()
    html = client.get(programme.url).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="form" novalidate>', html)
    assert form, "the inline form must leave checking to the site (novalidate), not the browser's bubble"
    apply_html = client.get(reverse("programme-apply", args=[programme.pk])).content.decode()
    assert _phone_hint(html) == _phone_hint(apply_html)
    assert "姓名（必填）" in html and "联系电话（必填）" in html
    sent = client.post(form.group(1), {"name": "", "phone": "", "message": ""})
    body = sent.content.decode()
    assert sent.status_code == 200 and not ProgrammeApplication.objects.exists()
    assert 'class="error-summary" role="alert" tabindex="-1"' in body and "请改正以下 2 处问题" in body
    assert 'href="#id_name"' in body and 'href="#id_phone"' in body
    assert 'id="id_name_error"' in body and 'id="id_phone_error"' in body


def test_inline_seeker_form_is_the_site_form(world, programme, studio):
    client = _client(world.users["seeker_a"])
    for page in (programme, studio):
        html = client.get(page.url).content.decode()
        assert re.search(rf'<form method="post" action="/programmes/{page.pk}/apply/" class="form" novalidate>', html)
        assert 'name="message"' in html and 'name="phone"' not in html


def test_visitors_are_limited_per_address(world, programme, settings):
    cache.clear()
    client = _client()
    url = reverse("programme-apply", args=[programme.pk])
    for n in range(5):
        assert client.post(url, {"name": f"访客{n}", "phone": "13812345678"}).status_code == 302
    refused = client.post(url, {"name": "访客六", "phone": "13812345678"})
    assert refused.status_code == 429 and "提交次数太多" in refused.content.decode()
    assert ProgrammeApplication.objects.count() == 5
    cache.clear()


def test_staff_and_employers_cannot_apply_and_unknown_pages_are_404(world, programme):
    client = _client(world.users["employer_a"])
    client.post(reverse("programme-apply", args=[programme.pk]), {"message": "x"})
    assert not ProgrammeApplication.objects.exists()
    news_like = cms_services.homepage_ensure()  # a page that takes no applications
    assert _client().get(reverse("programme-apply", args=[news_like.pk])).status_code == 404
    assert _client().get(reverse("programme-apply", args=[999_999])).status_code == 404
    programme.accepts_applications = False
    cms_services.page_publish(programme)
    assert _client().get(reverse("programme-apply", args=[programme.pk])).status_code == 404


# ---- the staff queue -----------------------------------------------------------------------------


@pytest.fixture
def applications(world, programme):
    a = services.programme_application_create(page=programme, seeker=world.seeker_a, message="甲的留言")
    b = services.programme_application_create(page=programme, seeker=world.seeker_b)
    visitor = services.programme_application_create(page=programme, name="访客丁", phone="0574-87360199")
    return a, b, visitor


def test_who_sees_which_application(world, applications):
    a, b, visitor = applications
    assert set(selectors.applications_visible(world.users["district"])) == {a, b, visitor}
    assert set(selectors.applications_visible(world.users["town_x"])) == {a}  # seeker A lives in town X
    assert set(selectors.applications_visible(world.users["town_y"])) == {b}
    assert set(selectors.applications_visible(world.users["seeker_a"])) == {a}
    assert not selectors.applications_visible(world.users["employer_a"]).exists()
    assert not selectors.applications_visible(world.users["provider_a"]).exists()

    detail = reverse("programme-application-detail", args=[a.pk])
    assert _client(world.users["seeker_a"]).get(detail).status_code == 200
    assert _client(world.users["seeker_b"]).get(detail).status_code == 404
    assert _client(world.users["town_y"]).get(detail).status_code == 404
    assert _client(world.users["employer_a"]).get(detail).status_code == 403
    html = _client(world.users["town_x"]).get(reverse("programme-application-list")).content.decode()
    assert world.seeker_a.name in html and world.seeker_b.name not in html and "访客丁" not in html


def test_queue_filters_and_work_queue_line(world, applications, rf):
    a, b, visitor = applications
    district = _client(world.users["district"])
    listing = district.get(reverse("programme-application-list")).content.decode()
    assert "共 3 份" in listing and 'data-label="报名人"' in listing
    apprentices = district.get(reverse("programme-application-list"), {"kind": "apprentice"}).content.decode()
    assert "没有符合条件的报名" in apprentices
    by_page = district.get(reverse("programme-application-list"), {"target": str(a.page_id)}).content.decode()
    assert "共 3 份" in by_page
    request = rf.get("/")
    request.user = world.users["district"]
    items = [i for s in queue_sections(request) for i in s.items if i.label == "待处理的项目报名"]
    assert [i.count for i in items] == [3]
    request.user = world.users["town_x"]
    items = [i for s in queue_sections(request) for i in s.items if i.label == "待处理的项目报名"]
    assert [i.count for i in items] == [1]
    services.programme_application_answer(application=visitor, accept=False, answer="名额已满。",
                                          user=world.users["district"])
    pending = district.get(reverse("programme-application-list")).content.decode()
    assert "共 2 份" in pending and "访客丁" not in pending
    everything = district.get(reverse("programme-application-list"), {"status": "all"}).content.decode()
    assert "共 3 份" in everything and "访客丁" in everything
    declined = district.get(reverse("programme-application-list"), {"status": "declined"}).content.decode()
    assert "共 1 份" in declined


def test_answer_is_confirmed_then_the_seeker_is_told(world, applications):
    a, _, _ = applications
    town = _client(world.users["town_x"])
    url = reverse("programme-application-detail", args=[a.pk])
    confirm = town.post(url, {"decision": "accept", "answer": "请周一上午到残疾人之家报到。"})
    assert confirm.status_code == 200 and "确认接受" in confirm.content.decode()
    a.refresh_from_db()
    assert a.status == ApplicationStatus.PENDING and not Notification.objects.filter(event="programme.answered")

    done = town.post(url, {"decision": "accept", "answer": "请周一上午到残疾人之家报到。", "confirm": "1"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.answer, a.handled_by) == (ApplicationStatus.ACCEPTED, "请周一上午到残疾人之家报到。",
                                                  world.users["town_x"])
    assert a.handled_at is not None
    note = Notification.objects.get(event="programme.answered")
    assert note.user == world.users["seeker_a"] and "已被接受" in note.subject and "报到" in note.body
    assert note.url == url

    again = town.post(url, {"decision": "decline", "answer": "改主意了", "confirm": "1"})
    assert again.status_code == 302
    a.refresh_from_db()
    assert a.status == ApplicationStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.programme_application_answer(application=a, accept=False, answer="x", user=world.users["district"])

    mine = _client(world.users["seeker_a"]).get(reverse("programme-my-applications")).content.decode()
    assert "已接受" in mine and "请周一上午到残疾人之家报到。" in mine


def test_answer_needs_text_and_seekers_cannot_answer(world, applications):
    a, _, visitor = applications
    url = reverse("programme-application-detail", args=[a.pk])
    empty = _client(world.users["district"]).post(url, {"decision": "decline", "answer": "", "confirm": "1"})
    assert empty.status_code == 200
    a.refresh_from_db()
    assert a.status == ApplicationStatus.PENDING
    _client(world.users["seeker_a"]).post(url, {"decision": "accept", "answer": "自己通过", "confirm": "1"})
    a.refresh_from_db()
    assert a.status == ApplicationStatus.PENDING
    # A visitor has no account: nobody is notified, the staff are told to phone.
    done = _client(world.users["district"]).post(
        reverse("programme-application-detail", args=[visitor.pk]),
        {"decision": "decline", "answer": "本期名额已满，下期优先。", "confirm": "1"}, follow=True)
    assert "请打电话告诉报名人结果" in done.content.decode()
    assert not Notification.objects.filter(event="programme.answered").exists()


def test_seeker_menu_links_to_my_applications(world):
    html = _client(world.users["seeker_a"]).get(reverse("programme-my-applications")).content.decode()
    assert 'href="/programmes/my-applications/">我的项目报名</a>' in html
    assert "您还没有报名任何孵化项目或工作室" in html
    staff = _client(world.users["district"]).get(reverse("programme-application-list")).content.decode()
    assert 'href="/staff/programme-applications/">项目报名</a>' in staff
    assert "没有符合条件的报名" in staff


def test_pages_with_applications_are_not_deleted_in_the_admin(world, programme, studio, django_user_model):
    # Only a superuser may delete pages (district staff have no delete permission on pages).
    services.programme_application_create(page=studio, seeker=world.seeker_a)
    district = _client(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    parent = studio.get_parent()
    for page in (studio, parent):  # the studio itself, and the programme above it
        response = district.post(f"/admin/pages/{page.pk}/delete/")
        assert response.status_code == 302
        assert any("已有项目报名记录，不能删除" in str(m) for m in get_messages(response.wsgi_request))
        assert type(page).objects.filter(pk=page.pk).exists()
    bulk = district.post(f"/admin/bulk/wagtailcore/page/delete/?id={studio.pk}", follow=True)
    assert bulk.status_code == 200 and StudioPage.objects.filter(pk=studio.pk).exists()
    # A programme without applications is deleted as before.
    district.post(f"/admin/pages/{programme.pk}/delete/")
    assert not IncubationProgramPage.objects.filter(pk=programme.pk).exists()


def test_the_answer_field_tells_staff_how_the_applicant_hears_it(world, applications):
    a, _, visitor = applications
    district = _client(world.users["district"])
    seeker_page = district.get(reverse("programme-application-detail", args=[a.pk])).content.decode()
    assert "报名人会在通知中看到这段话" in seeker_page
    visitor_page = district.get(reverse("programme-application-detail", args=[visitor.pk])).content.decode()
    assert "报名人会在通知中看到" not in visitor_page and "打电话时照这段话告诉对方" in visitor_page
