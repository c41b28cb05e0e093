"""Telephone numbers (domain.phone): a mainland mobile or a landline with its area code, written one way,
and a Chinese message saying what to type for anything else."""

from __future__ import annotations

import pytest

from domain.phone import PhoneError, is_mobile, normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("８６１３８１２３４５６７８", "13812345678"),  # full-width, with the country code
        ("0574-87654321", "0574-87654321"),
        ("057487654321", "0574-87654321"),
        ("(0574)87654321", "0574-87654321"),
        ("0574 8765 4321", "0574-87654321"),
        ("0574-87654321-801", "0574-87654321-801"),
        ("0574-87654321转801", "0574-87654321-801"),
        ("010-62345678", "010-62345678"),
        ("021-6234567", "021-6234567"),
        ("400-123-4567", "400-123-4567"),
    ],
)
def test_valid_numbers_are_written_one_way(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "没有填写电话号码"),
        ("87654321", "固定电话请加上区号"),
        ("1381234567", "手机号码应为 11 位，现在是 10 位"),
        ("138123456789", "手机号码应为 11 位，现在是 12 位"),
        ("12812345678", "应以 13–19 开头"),
        ("13812345678转1", "手机号码不能带分机号"),
        ("电话 13812345678", "只能包含数字"),
        ("0574-0765432", "区号 0574 后面应是 7 或 8 位号码"),
        ("0574-876543210", "区号 0574 后面应是 7 或 8 位号码"),
        ("5678", "这不是有效的电话号码"),
        ("0", "这不是有效的电话号码"),  # was an IndexError (a server error on every form with a phone)
    ],
)
def test_invalid_numbers_say_what_to_type(typed, says):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(typed)
    assert says in str(caught.value)


def test_is_mobile():
    assert is_mobile("13812345678")
    assert not is_mobile("0574-87654321")
