"""The employer register's writes (employment.employer_register): one entry checked (credit code with
its check character, unique, phone), every change logged, 停用 needs a reason; the bulk import
checks every row first (a bad row → nothing saved), matches rows by credit code, and updates only
what staff confirmed (the plan's digest)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from domain import identity
from employment import employer_register as register
from employment.models import Employer, EmployerChange, EmployerKind

pytestmark = pytest.mark.django_db

NEW_CODE = identity.make_credit_code("91330203MA2AB1234")  # …A


def _data(world, **overrides) -> dict:
    data = {"name": "海曙新材料有限公司", "credit_code": NEW_CODE.lower(), "kind": EmployerKind.ENTERPRISE,
            "town": world.town_x, "address": "鼓楼街道中山西路 1 号", "contact_name": "王经理",
            "contact_phone": "(0574) 8765 4321", "contact_email": "hr@example.cn"}
    data.update(overrides)
    return data


def _csv(rows: list[list[str]], headers=None) -> bytes:
    headers = headers or register.IMPORT_HEADERS
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_create_normalises_and_logs(world):
    employer = register.employer_create(by=world.users["district"], data=_data(world))
    assert employer.credit_code == NEW_CODE and employer.contact_phone == "0574-87654321" and employer.active
    entry = EmployerChange.objects.get(employer=employer)
    assert entry.action == "created" and entry.by == world.users["district"]
    assert {"field": "所属镇街", "before": "", "after": "鼓楼街道"} in entry.changes
    assert "区残联" in entry.by_label


@pytest.mark.parametrize(("field", "value", "message"), [
    ("credit_code", NEW_CODE[:17] + ("B" if NEW_CODE[17] != "B" else "C"), "校验位错误"),
    ("credit_code", "9133020", "应为18位"),
    ("credit_code", "91330203MA2AB1234I", "不允许的字符"),
    ("contact_phone", "87654321", "请加上区号"),
    ("contact_phone", "1381234567", "应为 11 位"),
    ("contact_email", "hr@", "邮箱格式不对"),
    ("name", "  ", "请填写单位名称"),
])
def test_create_refuses_wrong_fields_in_words(world, field, value, message):
    with pytest.raises(ValidationError) as caught:
        register.employer_create(by=world.users["district"], data=_data(world, **{field: value}))
    assert message in " ".join(caught.value.message_dict[field])
    assert not Employer.objects.filter(name="海曙新材料有限公司").exists()


def test_a_credit_code_is_registered_once(world):
    with pytest.raises(ValidationError) as caught:
        register.employer_create(by=world.users["district"], data=_data(world, credit_code=world.employer_b.credit_code))
    message = caught.value.message_dict["credit_code"][0]
    assert "已经登记过" in message and "乙公司" in message and "石碶街道" in message


def test_only_the_district_changes_the_register(world):
    for role in ("town_x", "employer_a"):
        with pytest.raises(PermissionDenied):
            register.employer_create(by=world.users[role], data=_data(world))
        with pytest.raises(PermissionDenied):
            register.employer_deactivate(by=world.users[role], employer=world.employer_a, reason="注销")


def test_update_logs_each_changed_field_and_nothing_when_nothing_changed(world):
    district, employer = world.users["district"], world.employer_a
    data = {name: getattr(employer, name) for name in register.FIELDS}
    assert register.employer_update(by=district, employer=employer, data=data) == []
    assert not EmployerChange.objects.exists()
    changes = register.employer_update(by=district, employer=employer,
                                       data={**data, "contact_phone": "13812345678", "town": world.town_y})
    assert {c["field"] for c in changes} == {"联系电话", "所属镇街"}
    entry = EmployerChange.objects.get()
    assert entry.action == "updated" and {"field": "所属镇街", "before": "鼓楼街道", "after": "石碶街道"} in entry.changes
    employer.refresh_from_db()
    assert employer.town == world.town_y


def test_deactivate_needs_a_reason_and_reactivate_keeps_it_in_the_log(world):
    district, employer = world.users["district"], world.employer_a
    with pytest.raises(ValidationError, match="请填写停用原因"):
        register.employer_deactivate(by=district, employer=employer, reason="  ")
    register.employer_deactivate(by=district, employer=employer, reason="2025年6月注销")
    employer.refresh_from_db()
    assert not employer.active and employer.inactive_reason == "2025年6月注销" and employer.inactive_since
    assert employer.jobs.exists() and employer.accounts.exists()  # nothing of it is deleted
    register.employer_reactivate(by=district, employer=employer)
    employer.refresh_from_db()
    assert employer.active and employer.inactive_reason == ""
    actions = list(EmployerChange.objects.order_by("id").values_list("action", "reason"))
    assert actions == [("deactivated", "2025年6月注销"), ("reactivated", "此前的停用原因：2025年6月注销")]


def test_an_employer_with_jobs_or_accounts_is_never_deleted(world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Employer.objects.get(pk=world.employer_a.pk).delete()
    assert Employer.objects.filter(pk=world.employer_a.pk).exists()
    from tests.factories import EmployerFactory

    mistake = EmployerFactory(name="误登记的单位", town=world.town_x)
    mistake.delete()  # nothing refers to it
    assert not Employer.objects.filter(name="误登记的单位").exists()


# ---- bulk import -------------------------------------------------------------------------------


def _row(code, name, town="鼓楼街道", kind="", address="", contact="", phone="", email=""):
    return [code, name, town, kind, address, contact, phone, email]


def test_a_bad_row_saves_nothing_and_errors_name_row_and_column(world):
    content = _csv([
        _row(NEW_CODE, "新单位一"),
        _row(NEW_CODE[:17] + ("1" if NEW_CODE[17] != "1" else "2"), "新单位二"),  # wrong check character
        _row(identity.make_credit_code("91330203MA2AB1235"), "新单位三", town="火星街道", phone="123"),
        _row(NEW_CODE, "重复的一行"),
    ])
    rows, errors = register.import_read(content, "名录.csv")
    found = {(e.row, e.column) for e in errors}
    assert {(3, "统一社会信用代码"), (4, "所属镇街"), (4, "联系电话"), (5, "统一社会信用代码")} <= found
    assert any("校验位错误" in e.reason for e in errors)
    assert "火星街道" in next(e.reason for e in errors if e.column == "所属镇街")
    assert Employer.objects.count() == 2 and not EmployerChange.objects.exists()


def test_new_rows_are_created_and_known_ones_change_only_with_the_confirmed_digest(world):
    district = world.users["district"]
    rows, errors = register.import_read(_csv([
        _row(NEW_CODE, "新单位一", kind="事业单位", phone="0574-87000001"),
        _row(world.employer_a.credit_code, "甲公司（更名）", contact="赵主任"),
        _row(world.employer_b.credit_code, "乙公司", town="石碶街道"),  # as on the register
    ]), "名录.csv")
    assert errors == []
    plan = register.import_plan(rows)
    assert [n["name"] for n in plan.new] == ["新单位一"] and plan.unchanged == 1
    (changed,) = plan.changed
    assert changed["employer"] == world.employer_a and changed["row"] == 3
    assert {"field": "单位名称", "before": "甲公司", "after": "甲公司（更名）"} in changed["changes"]
    assert {c["field"] for c in changed["changes"]} == {"单位名称", "联系人"}  # empty cells keep the register's
    # Nothing is saved before the confirmation; a stale or forged digest saves nothing either.
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()
    with pytest.raises(ValidationError, match="已有变化"):
        register.import_apply(by=district, rows=rows, digest="0" * 64, source="名录.csv")
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()
    # The register changes after staff saw the plan: their digest no longer fits.
    world.employer_a.contact_name = "钱主任"
    world.employer_a.save()
    with pytest.raises(ValidationError):
        register.import_apply(by=district, rows=rows, digest=plan.digest, source="名录.csv")
    plan = register.import_plan(rows)
    register.import_apply(by=district, rows=rows, digest=plan.digest, source="名录.csv")
    new = Employer.objects.get(credit_code=NEW_CODE)
    assert new.kind == EmployerKind.INSTITUTION and new.town == world.town_x
    world.employer_a.refresh_from_db()
    assert world.employer_a.name == "甲公司（更名）" and world.employer_a.contact_name == "赵主任"
    assert set(EmployerChange.objects.values_list("action", flat=True)) == {"import_created", "import_updated"}
    assert EmployerChange.objects.get(action="import_updated").reason == "文件：名录.csv"


def test_optional_columns_may_be_missing_and_the_template_has_every_header(world):
    rows, errors = register.import_read(_csv([[NEW_CODE, "新单位一", "330203005"]],
                                             headers=register.REQUIRED_HEADERS), "名录.csv")
    assert errors == [] and rows[0]["town"] == world.town_x.pk  # a town by its code too
    assert register.import_template_csv().decode("utf-8-sig").strip() == ",".join(register.IMPORT_HEADERS)
    assert register.import_template_xlsx()[:2] == b"PK"
