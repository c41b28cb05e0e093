"""The 公示 pages: the public page of a year (nothing published, unknown year, scheduled, withdrawn,
corrected), the district's batch pages with their confirmation step, the employer's objection, and
who may see and handle objections (another employer 404, the town reads its own towns')."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quota import publicity_services, services
from quota.models import BatchStatus, EntryStatus, PublicityBatch, PublicityObjection

from .conftest import CONTACT, YEAR, approve, make_batch, roster_row


@pytest.fixture
def approved(world, start_declaration):
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    return approve(world, d)


def test_a_year_with_nothing_published_says_so_and_an_unknown_year_is_404(world, policy, client):
    html = client.get(reverse("declaration-publicity", args=[YEAR])).content.decode()
    assert "本年度尚未发布公示" in html
    assert client.get(reverse("declaration-publicity-latest")).status_code == 200
    assert client.get(reverse("declaration-publicity", args=[1999])).status_code == 404


def test_the_public_page_shows_published_batches_only_from_their_start(world, approved, client):
    today = timezone.localdate()
    batch = make_batch(world, [approved], start=today + timedelta(days=2), end=today + timedelta(days=8))
    url = reverse("declaration-publicity", args=[YEAR])
    assert "甲公司" not in client.get(url).content.decode()  # scheduled: not before its start
    PublicityBatch.objects.filter(pk=batch.pk).update(start_date=today)
    html = client.get(url).content.decode()
    assert "甲公司" in html and batch.document_no in html and CONTACT["contact_phone"] in html
    assert 'class="stack"' in html and 'data-label="安排比例"' in html
    assert "职工1" not in html


def test_withdrawn_and_corrected_entries_say_so(world, approved, client):
    batch = make_batch(world, [approved])
    entry = batch.entries.get()
    publicity_services.entry_withdraw(entry=entry, user=world.users["district"], reason="单位名称有误")
    html = client.get(reverse("declaration-publicity", args=[YEAR])).content.decode()
    assert "已撤回" in html and "单位名称有误" in html
    entry.status, entry.note = EntryStatus.CORRECTED, "安排人数已更正"
    entry.changed_at = timezone.now()
    entry.save()
    html = client.get(reverse("declaration-publicity", args=[YEAR])).content.decode()
    assert "已更正" in html and "安排人数已更正" in html


def test_district_makes_and_publishes_a_batch_through_the_pages(world, approved, client_for):
    client = client_for(world.users["district"])
    form = client.get(reverse("publicity-batch-create") + f"?year={YEAR}")
    assert form.status_code == 200 and "甲公司" in form.content.decode()
    today = timezone.localdate()
    response = client.post(reverse("publicity-batch-create"), {
        "year": YEAR, "declarations": [str(approved.pk)], "document_no": "海残联公示〔2025〕1号",
        "start_date": today.isoformat(), "end_date": (today + timedelta(days=6)).isoformat(), **CONTACT,
    })
    batch = PublicityBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.DRAFT
    publish = reverse("publicity-batch-publish", args=[batch.pk])
    confirm = client.get(publish)
    assert "请确认" in confirm.content.decode()
    client.post(publish)  # without confirm=yes: the confirmation page again, nothing published
    assert PublicityBatch.objects.get().status == BatchStatus.DRAFT
    client.post(publish, {"confirm": "yes"})
    assert PublicityBatch.objects.get().status == BatchStatus.PUBLISHED
    listing = client.get(reverse("publicity-batch-list") + "?q=甲公司").content.decode()
    assert "海残联公示〔2025〕1号" in listing


def test_employer_objects_to_its_own_entry_with_confirmation(world, approved, client_for):
    entry = make_batch(world, [approved]).entries.get()
    url = reverse("employer-publicity-objection", args=[entry.pk])
    other = client_for(world.users["employer_b"])
    assert other.get(url).status_code == 404
    client = client_for(world.users["employer_a"])
    detail = client.get(reverse("employer-declaration-detail", args=[approved.pk])).content.decode()
    assert url in detail
    confirm = client.post(url, {"text": "少算了一人"})
    assert "请确认" in confirm.content.decode() and not PublicityObjection.objects.exists()
    client.post(url, {"text": "少算了一人", "confirm": "yes"})
    assert PublicityObjection.objects.get().text == "少算了一人"


def test_after_the_period_the_employer_is_refused_with_a_message(world, approved, client_for):
    today = timezone.localdate()
    batch = make_batch(world, [approved])
    PublicityBatch.objects.filter(pk=batch.pk).update(start_date=today - timedelta(days=9),
                                                      end_date=today - timedelta(days=2))
    url = reverse("employer-publicity-objection", args=[batch.entries.get().pk])
    client = client_for(world.users["employer_a"])
    assert "不能在网上提出异议" in client.get(url).content.decode()
    refused = client.post(url, {"text": "晚了", "confirm": "yes"}).content.decode()
    assert "公示期已于" in refused and not PublicityObjection.objects.exists()


def test_objections_town_reads_its_own_district_handles(world, approved, client_for):
    entry = make_batch(world, [approved]).entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人")
    detail = reverse("publicity-objection-detail", args=[objection.pk])
    town_x = client_for(world.users["town_x"])
    assert "甲公司" in town_x.get(reverse("publicity-objection-list")).content.decode()
    page = town_x.get(detail)
    assert page.status_code == 200 and 'name="note"' not in page.content.decode()
    assert town_x.post(detail, {"note": "x", "status": "done", "confirm": "yes"}).status_code == 403
    assert town_x.get(reverse("publicity-batch-list")).status_code == 403
    town_y = client_for(world.users["town_y"])
    assert "甲公司" not in town_y.get(reverse("publicity-objection-list")).content.decode()
    assert town_y.get(detail).status_code == 404
    district = client_for(world.users["district"])
    queue = district.get(reverse("work-queue")).content.decode()
    link = reverse("publicity-objection-list") + "?status=pending"
    assert "待处理的公示异议" in queue and link in queue
    assert "甲公司" in district.get(link).content.decode()
    assert "甲公司" not in district.get(reverse("publicity-objection-list") + "?status=done").content.decode()
    district.post(detail, {"note": "已联系单位核实", "status": "handling", "confirm": "yes"})
    objection.refresh_from_db()
    assert objection.status == "handling" and "已联系单位核实" in objection.handling_notes


def test_staff_register_an_objection_for_a_caller(world, approved, client_for):
    entry = make_batch(world, [approved]).entries.get()
    client = client_for(world.users["town_x"])
    url = reverse("publicity-objection-create")
    assert "甲公司" in client.get(url).content.decode()
    data = {"entry": str(entry.pk), "caller_name": "赵先生", "caller_phone": "13800000000", "text": "来电反映"}
    assert "请确认" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "confirm": "yes"})
    objection = PublicityObjection.objects.get()
    assert response.status_code == 302 and objection.caller_name == "赵先生"
    # The employer does not see an objection staff registered for a caller (it names the caller).
    mine = client_for(world.users["employer_a"]).get(reverse("employer-publicity-objection", args=[entry.pk]))
    assert "来电反映" not in mine.content.decode()


def test_the_publish_confirmation_and_the_log_write_dates_as_every_other_page(world, approved, client_for):
    """Walked in Chromium: the publish confirmation and the batch's log wrote 2026年01月05日 (zero-padded)
    beside 2026年1月5日 everywhere else on the same pages; dates go through employment.formats.cn_date."""
    from datetime import date

    from employment.formats import cn_date

    batch = make_batch(world, [approved], start=date(2026, 1, 5), end=date(2026, 1, 9), publish=False)
    client = client_for(world.users["district"])
    confirm = client.get(reverse("publicity-batch-publish", args=[batch.pk])).content.decode()
    assert "2026年1月5日至2026年1月9日" in confirm and "2026年01月05日" not in confirm
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"


def test_a_batch_form_tells_every_mistake_at_once(world, approved, client_for):
    """Walked in Chromium: a batch with a missing contact, a bad telephone and an end before the start was
    refused three times over, one kind of mistake per round (the telephone and the dates were only
    checked once every field was filled)."""
    client = client_for(world.users["district"])
    today = timezone.localdate()
    page = client.post(reverse("publicity-batch-create"), {
        "year": YEAR, "declarations": [str(approved.pk)], "document_no": "海残联公示〔2025〕1号",
        "start_date": today.isoformat(), "end_date": (today - timedelta(days=3)).isoformat(),
        "contact_name": "", "contact_phone": "abc", "contact_address": "海曙区残联",
    }).content.decode()
    assert "请改正以下 3 处问题" in page
    assert "公示结束日期不能早于开始日期" in page and "电话号码只能包含数字" in page
    assert not PublicityBatch.objects.exists()


def test_an_entrys_status_follows_its_batch(world, approved, client_for):
    """Walk A, item 6: the entries of a draft batch are not 公示中 yet (待发布); of a scheduled batch
    待公示; 公示中 only while the batch is; 已公示 after it."""
    client = client_for(world.users["district"])
    batch = make_batch(world, [approved], publish=False)
    url = reverse("publicity-batch-detail", args=[batch.pk])
    cell = '<td data-label="公示状态">'
    html = client.get(url).content.decode()
    assert cell + "待发布" in html and cell + "公示中" not in html
    today = timezone.localdate()
    PublicityBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.PUBLISHED,
                                                      start_date=today + timedelta(days=1))
    assert cell + "待公示（已排期）" in client.get(url).content.decode()
    PublicityBatch.objects.filter(pk=batch.pk).update(start_date=today)
    assert cell + "公示中" in client.get(url).content.decode()
    PublicityBatch.objects.filter(pk=batch.pk).update(start_date=today - timedelta(days=9),
                                                      end_date=today - timedelta(days=2))
    assert cell + "已公示" in client.get(url).content.decode()
    # The public page too: a batch whose period has ended lists its entries as 已公示, not 公示中.
    public = client.get(reverse("declaration-publicity", args=[batch.year])).content.decode()
    assert cell + "已公示" in public and cell + "公示中" not in public
