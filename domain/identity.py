"""Chinese identity numbers as pure functions: resident ID (GB 11643), second-generation disability
certificate number, unified social credit code (GB 32100), and the masking helper every template uses.

Input from people and spreadsheets is normalised first: full-width characters to half-width, stray
spaces removed, a lowercase check letter upper-cased. Errors are ``IdentityError`` with a Chinese
message that says what is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from .vocab import CATEGORY_BY_DIGIT

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class IdentityError(ValueError):
    """An identity number a person typed or uploaded is invalid; the message is in Chinese."""


def _clean(value: object) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(text.split()).upper()


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def normalize_resident_id(value: object) -> str:
    """The 18-character resident ID, validated (format, birth date, ISO 7064 MOD 11-2 check)."""
    rid = _clean(value)
    if not rid:
        raise IdentityError("身份证号不能为空")
    if len(rid) != 18:
        raise IdentityError(f"身份证号应为18位，现在是{len(rid)}位")
    if not rid[:17].isdigit() or not (rid[17].isdigit() or rid[17] == "X"):
        raise IdentityError("身份证号前17位应为数字，最后一位为数字或X")
    try:
        birth = date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))
    except ValueError as exc:
        raise IdentityError("身份证号中的出生日期无效") from exc
    if birth.year < 1900 or birth > date.today():  # noqa: DTZ011 - a calendar date, not an instant
        raise IdentityError("身份证号中的出生日期无效")
    if resident_id_check_char(rid[:17]) != rid[17]:
        raise IdentityError("身份证号校验位错误，请核对是否输错")
    return rid


def birth_date_of(resident_id: str) -> date:
    return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


@dataclass(frozen=True)
class DisabilityCert:
    """A parsed 《中华人民共和国残疾人证》 number: resident ID + category digit + grade digit (+ suffix)."""

    number: str
    resident_id: str
    category: str
    grade: int
    suffix: str


def parse_disability_cert(value: object) -> DisabilityCert:
    """Parse and validate a disability certificate number; characters after the 20th are kept."""
    cert = _clean(value)
    if not cert:
        raise IdentityError("残疾人证号不能为空")
    if len(cert) < 20:
        raise IdentityError(f"残疾人证号应为20位（身份证号+类别+等级），现在是{len(cert)}位")
    try:
        rid = normalize_resident_id(cert[:18])
    except IdentityError as exc:
        raise IdentityError(f"残疾人证号前18位不是有效的身份证号：{exc}") from exc
    category_digit, grade_digit = cert[18], cert[19]
    if category_digit not in CATEGORY_BY_DIGIT:
        raise IdentityError("残疾人证号第19位（残疾类别）应为1–7")
    if grade_digit not in "1234":
        raise IdentityError("残疾人证号第20位（残疾等级）应为1–4")
    return DisabilityCert(
        number=cert, resident_id=rid, category=CATEGORY_BY_DIGIT[category_digit], grade=int(grade_digit), suffix=cert[20:]
    )


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: object) -> str:
    """The 18-character unified social credit code, validated against GB 32100."""
    code = _clean(value)
    if not code:
        raise IdentityError("统一社会信用代码不能为空")
    if len(code) != 18:
        raise IdentityError(f"统一社会信用代码应为18位，现在是{len(code)}位")
    bad = sorted({c for c in code if c not in CREDIT_CHARSET})
    if bad:
        raise IdentityError(f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用I、O、Z、S、V）")
    if credit_code_check_char(code[:17]) != code[17]:
        raise IdentityError("统一社会信用代码校验位错误，请核对是否输错")
    return code


def mask_id(value: object) -> str:
    """Mask an identity number for display: the first 6 and last 4 characters stay visible.

    ``330203199001011234`` → ``330203********1234``; a 20-character certificate keeps its category
    and grade digits visible (``330203**********1242``). Short values are masked entirely.
    """
    text = _clean(value)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_bank_account(value: object) -> str:
    """A bank account number for display: only its last four digits, ``6222020000000001`` → ``尾号 0001``
    (read aloud sensibly by a screen reader, unlike a row of asterisks). Empty stays empty."""
    text = _clean(value)
    if not text:
        return ""
    return f"尾号 {text[-4:]}" if len(text) > 4 else "尾号 ****"


def mask_name(value: object) -> str:
    """A person's name for messages and logs that must not spell it out: the surname stays, the rest
    is masked — ``张三`` → ``张*``, ``王小明`` → ``王*明``, ``欧阳娜娜`` → ``欧**娜``. Empty stays empty."""
    text = str(value or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def make_resident_id(*, region: str = "330203", birth: date, seq: int) -> str:
    """A valid resident ID for demo data and tests (region + birth date + 3-digit sequence + check)."""
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def make_disability_cert(resident_id: str, category_digit: int | str, grade: int | str, suffix: str = "") -> str:
    return f"{resident_id}{category_digit}{grade}{suffix}"


def make_credit_code(prefix17: str) -> str:
    prefix = _clean(prefix17)
    if len(prefix) != 17 or any(c not in CREDIT_CHARSET for c in prefix):
        raise IdentityError("统一社会信用代码前17位格式错误")
    return prefix + credit_code_check_char(prefix)
