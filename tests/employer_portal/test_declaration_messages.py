"""What an employer hears after acting on the declaration page: a refused 在职职工人数和工资总额 form
comes back with an error summary (focused by a11y.js, so no #basics fragment steals the focus) whose
messages say what to type; a roster change comes back at the top of the page with its message and a
link to the roster (not at #roster, 4,000 px below the message); the roster form says each problem
once and chooses no 用工形式 for the employer."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quota import services
from quota.models import DeclarationStatus
from tests.quota.conftest import cert, roster_csv, roster_row

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = ("必需字段", "这个字段是必填项", "确保该值", "输入整数", "输入一个数字", "确认小数", "不能为空")


@pytest.fixture
def filed(world, start_declaration):
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])


@pytest.fixture
def employer(world, client_for):
    return client_for(world.users["employer_a"])


def _basics(**changes) -> dict:
    return {f"m{i}": "20" for i in range(1, 13)} | {"wage_bill": "2000000", "save": "1"} | changes


def test_refused_basics_name_the_month_and_say_what_to_type(filed, employer):
    url = reverse("employer-declaration-detail", args=[filed.pk])
    response = employer.post(url, _basics(m3="-3", m6="20.5", wage_bill=""))
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1".*?</div>', html, re.S).group(0)
    assert "请改正以下 3 处问题" in summary
    assert '<a href="#id_m3">3月在职职工人数请填写 0 或正整数。</a>' in summary
    assert '<a href="#id_m6">6月在职职工人数请填写 0 或正整数。</a>' in summary
    assert '<a href="#id_wage_bill">请填写在职职工工资总额。</a>' in summary
    # In the page's order: the months come first on the page, so in the summary too.
    assert summary.index("#id_m3") < summary.index("#id_m6") < summary.index("#id_wage_bill")
    assert not any(default in html for default in DJANGO_DEFAULTS)
    # The form posts to the page itself: a #basics fragment would scroll away from the summary a11y.js
    # focuses, and the focus would be left on <body>.
    assert f'action="{url}"' in html and "#basics" not in html
    # Each refused field names its error (aria-describedby → an element with that id).
    assert 'aria-describedby="id_m3_error"' in html and 'id="id_m3_error"' in html
    assert 'id="id_wage_bill_error"' in html and 'id="id_wage_bill_helptext"' in html


def test_the_review_notice_of_a_returned_declaration_gives_way_to_a_refused_form(world, filed, employer):
    services.declaration_submit(declaration=filed, user=world.users["employer_a"])
    services.declaration_review(declaration=filed, user=world.users["town_x"], action="reject", comment="请补充社保证明")
    filed.refresh_from_db()
    assert filed.status == DeclarationStatus.REJECTED
    html = employer.post(reverse("employer-declaration-detail", args=[filed.pk]), _basics(m1="x")).content.decode()
    # a11y.js focuses the first summary that is not data-standing: the refused form's, not the notice.
    notice = re.search(r'<div class="error-summary"[^>]*>\s*<h2>审核退回', html).group(0)
    assert "data-standing" in notice
    assert "1月在职职工人数请填写 0 或正整数。" in html


def test_the_preview_heading_takes_the_focus(filed, employer):
    html = employer.post(reverse("employer-declaration-detail", args=[filed.pk]),
                         _basics(preview="1", save="")).content.decode()
    assert re.search(r'<h2 id="preview-title" tabindex="-1" data-autofocus>', html)


def _follow(employer, response):
    assert response.status_code == 302
    assert "#" not in response["Location"], "a fragment would leave the message off screen and unheard"
    return employer.get(response["Location"]).content.decode()


def _messages(html: str) -> str:
    return re.search(r'<div class="messages".*?</div>', html, re.S).group(0)


def test_a_roster_upload_comes_back_to_its_message_with_a_link_to_the_roster(filed, employer):
    url = reverse("employer-declaration-detail", args=[filed.pk])
    response = employer.post(reverse("employer-roster-upload", args=[filed.pk]), {
        "file": SimpleUploadedFile("r.csv", roster_csv([roster_row(2), roster_row(3)])), "replace_confirm": "on",
    })
    messages = _messages(_follow(employer, response))
    assert f'名册已导入，共 2 人。 <a href="{url}#roster">查看名册</a>' in messages


def test_adding_editing_and_deleting_a_person_come_back_to_their_message(filed, employer):
    person = {"name": "王五", "cert_kind": "残疾人证", "cert_no": cert(7), "employment_form": "劳动合同",
              "contract_start": "2025-01-01", "monthly_wage": "3000", "months_employed": "1-12",
              "months_insured": "1-12", "counted_here": "是"}
    html = _follow(employer, employer.post(reverse("employer-entry-add", args=[filed.pk]), person))
    assert "已添加：王五。" in _messages(html) and "查看名册" in _messages(html)
    assert '<h2 id="roster" tabindex="-1">' in html  # the link's target takes the focus
    entry = filed.roster.get(name="王五")
    html = _follow(employer, employer.post(reverse("employer-entry-edit", args=[filed.pk, entry.pk]),
                                           person | {"monthly_wage": "3200"}))
    assert "已修改：王五。" in _messages(html)
    html = _follow(employer, employer.post(reverse("employer-entry-delete", args=[filed.pk, entry.pk])))
    assert "已从名册删除：王五。" in _messages(html) and "查看名册" in _messages(html)


def test_the_roster_form_says_each_problem_once_in_plain_words(filed, employer):
    response = employer.post(reverse("employer-entry-add", args=[filed.pk]), {
        "name": "王五", "cert_kind": "残疾人证", "monthly_wage": "3000", "months_employed": "1-12",
        "months_insured": "1-12", "counted_here": "是",
    })
    errors = response.context["form"].errors
    assert errors["cert_no"] == ["请填写证件号码。"]  # not also the row validator's 「不能为空」
    assert errors["employment_form"] == ["请选择用工形式。"]
    html = response.content.decode()
    assert not any(default in html for default in DJANGO_DEFAULTS)
    assert 'role="alert"' in html and 'href="#id_cert_no"' in html and 'id="id_cert_no_error"' in html


def test_the_roster_form_chooses_no_employment_form_and_takes_dates_as_dates(filed, employer):
    html = employer.get(reverse("employer-entry-add", args=[filed.pk])).content.decode()
    select = re.search(r'<select name="employment_form".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="" selected>请选择</option>', select)
    assert "在编" in select and not re.search(r'<option value="在编" selected', select)
    assert re.search(r'<input type="date" name="contract_start"', html)
    assert re.search(r'<input type="date" name="contract_end"', html)
    # The edit form shows the saved choice and dates.
    entry = filed.roster.get()
    html = employer.get(reverse("employer-entry-edit", args=[filed.pk, entry.pk])).content.decode()
    assert '<option value="劳动合同" selected>' in html
    assert re.search(r'<input type="date" name="contract_start" value="2024-01-01"', html)


def test_the_per_person_working_says_none_in_words(filed, employer):
    html = employer.post(reverse("employer-declaration-detail", args=[filed.pk]),
                         _basics(preview="1", save="")).content.decode()
    cell = re.search(r'<td data-label="说明">(.*?)</td>', html).group(1)
    assert cell == '<span aria-hidden="true">—</span><span class="visually-hidden">无</span>'
