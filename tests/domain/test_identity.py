"""Identity numbers: resident ID, disability certificate, unified social credit code, masking."""

from datetime import date

import pytest

from domain import identity
from domain.identity import IdentityError

# 11010519491231002X is the standard's own example (GB 11643-1999 annex): check char X.
VALID_ID = "11010519491231002X"


def _check_char_by_hand(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def test_standard_example_is_valid():
    assert identity.normalize_resident_id(VALID_ID) == VALID_ID
    assert _check_char_by_hand(VALID_ID[:17]) == "X"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", VALID_ID),  # lowercase x
        (" 110105 19491231 002X ", VALID_ID),  # stray spaces
        ("１１０１０５１９４９１２３１００２Ｘ", VALID_ID),  # full-width digits and letter
    ],
)
def test_resident_id_normalised(raw, expected):
    assert identity.normalize_resident_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491231002", "18位"),
        ("330203199902300012", "出生日期"),  # 30 February
        ("3302031990010A0012", "数字"),
        ("", "不能为空"),
    ],
)
def test_resident_id_errors(raw, message):
    with pytest.raises(IdentityError, match=message):
        identity.normalize_resident_id(raw)


def test_future_birth_date_refused():
    first17 = "33020330990101001"
    with pytest.raises(IdentityError, match="出生日期"):
        identity.normalize_resident_id(first17 + _check_char_by_hand(first17))


def test_made_ids_are_valid_and_carry_birth_date():
    rid = identity.make_resident_id(region="330203", birth=date(1985, 6, 15), seq=37)
    assert identity.normalize_resident_id(rid) == rid
    assert rid[17] == _check_char_by_hand(rid[:17])
    assert identity.birth_date_of(rid) == date(1985, 6, 15)


def test_certificate_parsed():
    cert = identity.parse_disability_cert(VALID_ID.lower() + "42")
    assert cert.number == VALID_ID + "42"
    assert cert.resident_id == VALID_ID
    assert cert.category == "physical"
    assert cert.grade == 2
    assert cert.suffix == ""


def test_certificate_suffix_kept():
    cert = identity.parse_disability_cert(VALID_ID + "11B1")
    assert (cert.category, cert.grade, cert.suffix) == ("vision", 1, "B1")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (VALID_ID + "82", "第19位"),
        (VALID_ID + "05", "第19位"),
        (VALID_ID + "45", "第20位"),
        (VALID_ID + "4", "20位"),
        ("110105194912310021" + "42", "前18位"),
    ],
)
def test_certificate_errors(raw, message):
    with pytest.raises(IdentityError, match=message):
        identity.parse_disability_cert(raw)


def _credit_check_by_hand(first17: str) -> str:
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(charset.index(c) * w for c, w in zip(first17, weights, strict=True))
    return charset[(31 - total % 31) % 31]


def test_credit_code_valid_and_normalised():
    code = "91330203MA2AB1234" + _credit_check_by_hand("91330203MA2AB1234")
    assert identity.normalize_credit_code(code.lower()) == code
    assert identity.make_credit_code("91330203MA2AB1234") == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91330203MA2AB12340", "校验位|不允许"),
        ("91330203MA2AB123", "18位"),
        ("91330203MA2IO1234X", "不允许的字符"),
    ],
)
def test_credit_code_errors(raw, message):
    if "校验位" in message:
        first17 = raw[:17]
        wrong = next(c for c in "0123456789" if c != _credit_check_by_hand(first17))
        raw = first17 + wrong
        message = "校验位"
    with pytest.raises(IdentityError, match=message):
        identity.normalize_credit_code(raw)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        (VALID_ID, "110105********002X"),
        (VALID_ID + "42", "110105**********2X42"),
        ("12345", "*****"),
    ],
)
def test_mask(raw, masked):
    assert identity.mask_id(raw) == masked


# --- worked by hand from the standards' definitions (not via the module) ---------------------------


@pytest.mark.parametrize(
    ("number", "why"),
    [
        # 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
        # = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X
        ("11010519491231002X", "R=2"),
        # 3 3 0 2 0 3 1 9 9 0 0 1 0 1 1 2 3 × weights
        # = 21+27+0+10+0+12+2+9+54+0+0+9+0+5+8+8+6 = 171; 171 mod 11 = 6 → "10X98765432"[6] = 6
        ("330203199001011236", "R=6"),
    ],
)
def test_resident_id_hand_computed(number, why):
    assert identity.normalize_resident_id(number) == number
    assert identity.make_resident_id(region=number[:6], birth=identity.birth_date_of(number),
                                     seq=int(number[14:17])) == number


def test_credit_code_hand_computed():
    # 9 1 3 3 0 2 0 3 M(21) A(10) 2 A(10) B(11) 1 2 3 4
    # × 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    # = 9+3+27+81+0+52+0+51+420+290+50+130+88+24+20+90+112 = 1447; 1447 mod 31 = 21;
    # (31 − 21) mod 31 = 10 → charset[10] = A.
    assert identity.normalize_credit_code("91330203MA2AB1234A") == "91330203MA2AB1234A"
    assert identity.make_credit_code("91330203MA2AB1234") == "91330203MA2AB1234A"
    with pytest.raises(IdentityError, match="校验位错误"):
        identity.normalize_credit_code("91330203MA2AB1234B")
    # full-width and lowercase input is normalised
    assert identity.normalize_credit_code("９１３３０２０３ma２ab１２３４a") == "91330203MA2AB1234A"


@pytest.mark.parametrize(
    ("raw", "number", "category", "grade", "suffix"),
    [
        ("330203199001011236" "42", "33020319900101123642", "physical", 2, ""),
        ("330203199001011236" "71" "01", "3302031990010112367101", "multiple", 1, "01"),  # 22 chars
        ("330203199001011236" "24" "B", "33020319900101123624B", "hearing", 4, "B"),  # 21 chars
        ("１１０１０５１９４９１２３１００２ｘ５３", "11010519491231002X53", "intellectual", 3, ""),
        ("110105 19491231 002x 63", "11010519491231002X63", "mental", 3, ""),
    ],
)
def test_certificate_forms(raw, number, category, grade, suffix):
    cert = identity.parse_disability_cert(raw)
    assert (cert.number, cert.category, cert.grade, cert.suffix) == (number, category, grade, suffix)
    assert cert.resident_id == number[:18]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("330203199902300012" + "42", "出生日期无效"),  # 1999-02-30
        ("330203199001011236" + "84", "类别"),  # category 8
        ("330203199001011236" + "45", "等级"),  # grade 5
        ("330203199001011235" + "42", "校验位错误"),
    ],
)
def test_certificate_error_messages_say_what_is_wrong(raw, message):
    with pytest.raises(IdentityError, match=message):
        identity.parse_disability_cert(raw)


def test_mask_rule_first_six_last_four_for_any_length():
    assert identity.mask_id("33020319900101123642") == "330203" + "*" * 10 + "3642"
    assert identity.mask_id("91330203MA2AB1234A") == "913302********234A"
    assert identity.mask_id("ABCDEFGHIJK") == "ABCDEF*HIJK"  # 11 chars: 1 masked
    assert identity.mask_id("") == ""
