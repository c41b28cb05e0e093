"""Accounts from the UI (issue 14): the district creates, rebinds, deactivates accounts and creates
employer accounts in bulk (nothing half-saved); the activation link works once; an employer's
administrator invites colleagues; pages answer 404 for accounts the user may not see."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from employment import account_services as accounts
from employment.account_selectors import person_label
from employment.models import Account, AccountInvitation, Notification, Role
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["统一社会信用代码,联系人,邮箱或手机"] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_district_creates_a_town_reviewer_who_activates_once(world, client_for, client):
    district = world.users["district"]
    response = client_for(district).post(reverse("account-create"), {
        "display_name": "张三", "username": "gulou-zhangsan", "role": Role.TOWN, "town": world.town_x.pk,
        "employer_code": "", "email": "", "phone": ""})
    assert response.status_code == 200 and "鼓楼街道残联 · 张三" in response.content.decode()
    user = User.objects.get(username="gulou-zhangsan")
    assert not user.has_usable_password() and user.account.town == world.town_x
    assert user.groups.filter(name="镇街残联").exists()
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert AccountInvitation.objects.get().token_hash != token  # only a hash is stored
    client.logout()
    page = client.post(reverse("account-activate", args=[token]),
                       {"new_password1": "Gulou-review-2026", "new_password2": "Gulou-review-2026"})
    assert page.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Gulou-review-2026")
    assert client.get(reverse("account-activate", args=[token])).status_code == 404  # used up


def test_binding_is_checked_and_rebinding_tells_the_person(world):
    district = world.users["district"]
    with pytest.raises(Exception, match="镇街"):
        accounts.account_create(by=district, username="nobody", binding=accounts.Binding(Role.TOWN),
                                display_name="某人")
    with pytest.raises(PermissionDenied):
        accounts.account_create(by=world.users["town_x"], username="sneaky",
                                binding=accounts.Binding(Role.DISTRICT), display_name="某人")
    town_x = world.users["town_x"]
    accounts.account_rebind(by=district, user=town_x, binding=accounts.Binding(Role.TOWN, town=world.town_y),
                            display_name="王芳")
    town_x.refresh_from_db()
    assert town_x.account.town == world.town_y and person_label(town_x) == "石碶街道残联 · 王芳"
    assert Notification.objects.filter(user=town_x, subject="您的账号所属单位已变更").exists()
    with pytest.raises(PermissionDenied):  # nobody changes their own account
        accounts.account_active_set(by=district, user=district, active=False)
    accounts.account_active_set(by=district, user=town_x, active=False)
    town_x.refresh_from_db()
    assert not town_x.is_active


def test_the_list_filters_by_role_and_town_and_never_shows_seekers(world, client_for):
    page = client_for(world.users["district"]).get(reverse("account-list"), {"role": Role.TOWN,
                                                                            "town": world.town_y.pk})
    people = list(page.context["page"].object_list)
    assert [p.username for p in people] == ["town_y"]
    everyone = client_for(world.users["district"]).get(reverse("account-list")).context["page"].paginator.count
    assert everyone == Account.objects.exclude(role=Role.SEEKER).count()


def test_bulk_employer_accounts_all_or_nothing_with_row_errors(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    district = world.users["district"]
    other = EmployerFactory(name="丙公司", town=world.town_x)
    bad = _csv([(world.employer_a.credit_code, "赵一", "zhao@example.com"),
                ("91330203XXXXXXXXXX", "钱二", "13800000000"),
                (other.credit_code, "", "12345")])
    before = User.objects.count()
    page = client_for(district).post(reverse("account-import"),
                                     {"file": SimpleUploadedFile("accounts.csv", bad, "text/csv")})
    errors = page.context["errors"]
    assert {(e.row, e.column) for e in errors} == {(3, "统一社会信用代码"), (4, "联系人"), (4, "邮箱或手机")}
    assert User.objects.count() == before  # nothing half-saved
    template = client_for(district).get(reverse("account-import-template", args=["csv"])).content.decode("utf-8-sig")
    assert template.strip() == "统一社会信用代码,联系人,邮箱或手机"
    xlsx = client_for(district).get(reverse("account-import-template", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    good = _csv([(world.employer_a.credit_code, "赵一", "zhao@example.com"), (other.credit_code, "孙三", "13800000000")])
    page = client_for(district).post(reverse("account-import"),
                                     {"file": SimpleUploadedFile("accounts.csv", good, "text/csv")})
    rows = page.context["rows"]
    assert [r["employer"] for r in rows] == [world.employer_a, other]
    assert all("/account/activate/" in r["link"] for r in rows)
    created = Account.objects.get(employer=other)
    assert created.org_admin and created.phone == "13800000000" and created.user.username == other.credit_code.upper()
    # The contact signs in with the code as printed on the business licence.
    created.user.set_password("Sun-san-2026!")
    created.user.save()
    from django.test import Client

    signed_in = Client().post(reverse("login"), {"username": other.credit_code.upper(), "password": "Sun-san-2026!"})
    assert signed_in.status_code == 302
    # Employer A already had a user: its new account is a colleague, under a username not yet taken.
    assert not Account.objects.get(employer=world.employer_a, display_name="赵一").org_admin


def test_an_employer_administrator_invites_a_colleague(world, client_for):
    employer = world.users["employer_a"]
    Account.objects.filter(user=employer).update(org_admin=True)
    employer.refresh_from_db()
    page = client_for(employer).post(reverse("employer-colleagues"), {
        "display_name": "周五", "username": "jia-zhouwu", "email": "", "phone": ""})
    assert page.status_code == 200 and "/account/activate/" in page.context["link"]
    colleague = User.objects.get(username="jia-zhouwu")
    assert colleague.account.employer == world.employer_a and not colleague.account.org_admin
    # Employer B's administrator cannot touch employer A's colleague: 404.
    b = world.users["employer_b"]
    Account.objects.filter(user=b).update(org_admin=True)
    response = client_for(b).post(reverse("employer-colleague-active", args=[colleague.account.pk]), {"active": "0"})
    assert response.status_code == 404
    # A colleague who is not the administrator may not invite.
    assert client_for(colleague).post(reverse("employer-colleagues"), {"display_name": "x", "username": "xyz"}
                                      ).status_code == 403


def test_account_pages_answer_404_or_403_to_others(world, client_for):
    town_y_account = world.users["town_y"].account
    assert client_for(world.users["town_x"]).get(reverse("account-edit", args=[town_y_account.pk])).status_code == 403
    assert client_for(world.users["district"]).get(reverse("account-edit", args=[999999])).status_code == 404
    assert client_for(world.users["employer_a"]).get(reverse("account-list")).status_code == 403
    seeker_account = world.users["seeker_a"].account  # a seeker's account is not managed here
    assert client_for(world.users["district"]).get(reverse("account-edit", args=[seeker_account.pk])).status_code == 404
    assert not accounts.account_manageable(by=world.users["district"], user=world.users["seeker_a"])


def test_a_provider_account_gets_its_page_rights_and_loses_them_when_rebound(world):
    from cms.models import TrainingProviderPage
    from cms.services import provider_group_name

    district = world.users["district"]
    user, _ = accounts.account_create(by=district, username="jia-school-li",
                                      binding=accounts.Binding(Role.PROVIDER, provider=world.provider_a),
                                      display_name="李老师")
    assert TrainingProviderPage.objects.filter(provider=world.provider_a).exists()
    assert user.groups.filter(name=provider_group_name(world.provider_a)).exists()
    assert user.first_name == "李老师"  # Wagtail's own pages name users by get_full_name()
    accounts.account_rebind(by=district, user=user, binding=accounts.Binding(Role.PROVIDER, provider=world.provider_b),
                            display_name="李老师")
    assert not user.groups.filter(name=provider_group_name(world.provider_a)).exists()
    assert user.groups.filter(name=provider_group_name(world.provider_b)).exists()
    accounts.account_rebind(by=district, user=user, binding=accounts.Binding(Role.TOWN, town=world.town_x),
                            display_name="李老师")
    names = set(user.groups.values_list("name", flat=True))
    assert names == {"镇街残联"}


def test_the_district_adds_an_e_mail_and_a_mobile_to_an_account(world, client_for):
    """The notification settings send a person without an e-mail address to the district; the district's
    edit page is where it is added (and a mobile number for texts), validated like at creation."""
    from employment import notify

    employer = world.users["employer_a"]
    account = employer.account
    client = client_for(world.users["district"])
    form = {"display_name": "甲公司 人事", "role": Role.EMPLOYER, "town": "",
            "employer_code": world.employer_a.credit_code, "provider": "", "email": "hr@jia.example.cn",
            "phone": "139 0000 4444"}
    page = client.get(reverse("account-edit", args=[account.pk]))
    assert 'name="email"' in page.content.decode() and 'name="phone"' in page.content.decode()
    bad = client.post(reverse("account-edit", args=[account.pk]), {**form, "phone": "0574-8888"})
    assert bad.status_code == 200 and "手机号码应为 11 位数字" in bad.content.decode()
    assert client.post(reverse("account-edit", args=[account.pk]), form).status_code == 302
    employer.refresh_from_db()
    account.refresh_from_db()
    assert employer.email == "hr@jia.example.cn" and account.phone == "13900004444"
    assert notify.email_address(employer) == "hr@jia.example.cn"
    assert notify.sms_address(employer) == "13900004444"



def test_an_employer_account_without_a_credit_code_is_refused_on_that_field(world, client_for):
    """The error is attached to the field the clerk must fill, so the summary links to it."""
    response = client_for(world.users["district"]).post(reverse("account-create"), {
        "display_name": "赵一", "username": "zhaoyi", "role": Role.EMPLOYER, "town": "", "employer_code": "",
        "email": "", "phone": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["employer_code"] == ["请填写这个账号所属单位的统一社会信用代码。"]
    assert 'href="#id_employer_code"' in response.content.decode()
    assert not User.objects.filter(username="zhaoyi").exists()


def test_the_colleagues_page_says_whom_to_ask_when_the_employer_has_no_administrator(world, client_for):
    """Employers whose accounts predate 单位管理员 have none: the page must not point at a marked
    administrator the table does not have."""
    page = client_for(world.users["employer_a"]).get(reverse("employer-colleagues")).content.decode()
    assert "本单位还没有单位管理员" in page and "区残联" in page
    assert "下表中标明" not in page
    Account.objects.filter(user=world.users["employer_a"]).update(org_admin=True)
    world.users["employer_a"].refresh_from_db()
    colleague, _ = accounts.employer_colleague_invite(by=world.users["employer_a"], username="jia-colleague",
                                                      display_name="周五")
    page = client_for(colleague).get(reverse("employer-colleagues")).content.decode()
    assert "下表中标明“单位管理员”的人" in page and "本单位还没有单位管理员" not in page


def test_an_account_not_yet_activated_is_shown_as_such(world, client_for):
    """Until the activation link is used the person cannot sign in: the lists must not say 启用."""
    user, _ = accounts.account_create(by=world.users["district"], username="gulou-new",
                                      binding=accounts.Binding(Role.TOWN, town=world.town_x), display_name="新人")
    listing = client_for(world.users["district"]).get(reverse("account-list"), {"q": "新人"}).content.decode()
    assert "待激活" in listing
    edit = client_for(world.users["district"]).get(reverse("account-edit", args=[user.account.pk])).content.decode()
    assert "待激活" in edit
    user.set_password("Gulou-new-2026!")
    user.save()
    assert "待激活" not in client_for(world.users["district"]).get(reverse("account-list"), {"q": "新人"}).content.decode()


def test_signing_out_says_so_on_the_next_page(world, client_for):
    """On a shared computer the next person sees that the last one signed out; a second POST (nobody
    signed in any more) says nothing."""
    client = client_for(world.users["seeker_a"])
    response = client.post(reverse("logout"), follow=True)
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert "您已退出登录" in response.content.decode()
    assert "您已退出登录" not in client.post(reverse("logout"), follow=True).content.decode()


def test_signing_out_with_the_sign_out_page_as_next_leads_home(world, client_for):
    """next=/accounts/logout/ (the accessibility toolbar on the sign-out page's refusal carries it) made
    Django render a logged-out template the project does not have: a server error."""
    client = client_for(world.users["seeker_a"])
    for target in (reverse("logout"), reverse("logout") + "?x=1"):
        response = client.post(reverse("logout"), {"next": target})
        assert response.status_code == 302 and response["Location"] == "/", target


def test_the_admin_says_sign_out_the_portals_way(world, client_for):
    """Wagtail's 注销 reads as closing an account; its menu and its message say 退出登录 instead."""
    import json

    client = client_for(world.users["district"])
    admin = client.get("/admin/").content.decode()  # the sidebar's menu is JSON, its text \u-escaped
    assert json.dumps("退出登录")[1:-1] in admin and json.dumps("注销")[1:-1] not in admin
    html = client.post(reverse("wagtailadmin_logout"), follow=True).content.decode()
    assert "您已退出登录" in html and "注销" not in html
