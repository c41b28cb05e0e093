"""Phone numbers on the employer register: mainland mobiles and landlines with an area code."""

import pytest

from domain.contact import ContactError, normalize_phone


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
        ("", "不能为空"),
        ("87654321", "请加上区号"),
        ("1381234567", "格式不对"),  # ten digits
        ("23812345678", "格式不对"),
        ("0574-0765432", "格式不对"),  # a local number starting with 0
        ("电话", "格式不对"),
    ],
)
def test_phone_errors_say_what_is_wrong(raw, message):
    with pytest.raises(ContactError, match=message):
        normalize_phone(raw)
