"""Phone numbers as the employer register's spreadsheets write them: mainland mobiles and landlines
with an area code, through the platform's one phone rule (domain/phone.py)."""

import pytest

from domain.phone import PhoneError, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("８６１３８１２３４５６７８", "13812345678"),  # full-width, 86 prefix
        ("0574-87654321", "0574-87654321"),
        ("(0574)87654321", "0574-87654321"),
        ("0574 8765 4321", "0574-87654321"),
        ("057487654321", "0574-87654321"),
        ("010-6512345", "010-6512345"),
        ("0574-87654321-801", "0574-87654321-801"),
        ("0574-87654321转801", "0574-87654321-801"),
    ],
)
def test_phone_numbers_people_write(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "没有填写电话号码"),
        ("87654321", "请加上区号"),
        ("1381234567", "应为 11 位"),  # ten digits
        ("23812345678", "不是有效的电话号码"),
        ("0574-0765432", "固定电话号码不对"),  # a local number starting with 0
        ("电话", "只能包含数字"),
    ],
)
def test_phone_errors_say_what_is_wrong(raw, message):
    with pytest.raises(PhoneError, match=message):
        normalize_phone(raw)
