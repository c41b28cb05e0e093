"""Telephone numbers of people and employers (联系电话): a mainland mobile number or a landline with
its area code (a 400/800 service number too), checked and written one way.

- mobile: 11 digits starting 13–19, kept as digits (``13812345678``) so text messages can reach it;
- landline: area code (010, 02x, or 0 + three digits) and a 7–8 digit number not starting with 0 or 1,
  written ``0574-87654321``; an extension (``转801``, ``-801``) is kept as ``0574-87654321-801``;
- 400 / 800 service numbers: ``400-123-4567``.

A landline without its area code is refused: a bare 7–8 digit number does not say which city it is
in, and staff calling from a mobile need the area code. Plain Python (no Django): forms call ``normalize_phone`` and name the field in the message.
"""

from __future__ import annotations

import re
import unicodedata

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
SERVICE_RE = re.compile(r"^[48]00\d{7}$")
EXTENSION_RE = re.compile(r"^(?P<number>.*?)\s*(?:转|分机|ext\.?|x|#)\s*(?P<ext>\d{1,6})$", re.IGNORECASE)

WHAT_TO_TYPE = "请填写 11 位手机号码（例如 13812345678），或带区号的固定电话（例如 0574-87654321）"


class PhoneError(ValueError):
    """The value is not a usable telephone number; the message says what to type, in Chinese."""


def _split_extension(text: str) -> tuple[str, str]:
    match = EXTENSION_RE.match(text)
    if match:
        return match.group("number"), match.group("ext")
    groups = [g.strip() for g in text.split("-")]
    if len(groups) == 3 and groups[0].lstrip("(").startswith("0") and len(groups[1]) in (7, 8) and len(groups[2]) <= 6:
        return f"{groups[0]}-{groups[1]}", groups[2]  # 0574-87654321-801
    return text, ""


def normalize_phone(value: object) -> str:
    """The number written the platform's one way (see the module docstring); ``PhoneError`` otherwise."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    if not text:
        raise PhoneError(f"没有填写电话号码，{WHAT_TO_TYPE}。")
    number, ext = _split_extension(text)
    digits = re.sub(r"[\s\-()]", "", number)
    if digits.startswith("+86"):
        digits = digits[3:]
        if digits and not digits.startswith("1"):
            digits = "0" + digits  # +86 574 87654321: the area code without its trunk 0
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit() or (ext and not ext.isdigit()):
        raise PhoneError(f"电话号码只能包含数字、空格和短横线，{WHAT_TO_TYPE}。")
    if digits.startswith("1"):
        if ext:
            raise PhoneError("手机号码不能带分机号，请只填写 11 位手机号码。")
        if len(digits) != 11:
            raise PhoneError(f"手机号码应为 11 位，现在是 {len(digits)} 位，请检查后重新输入。")
        if not MOBILE_RE.match(digits):
            raise PhoneError("这不是有效的手机号码（应以 13–19 开头），请检查后重新输入。")
        return digits
    if SERVICE_RE.match(digits) and not ext:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if not digits.startswith("0"):
        if len(digits) in (7, 8):
            raise PhoneError("固定电话请加上区号，例如宁波的号码写成 0574-87654321。")
        raise PhoneError(f"这不是有效的电话号码，{WHAT_TO_TYPE}。")
    if len(digits) < 2:  # a lone "0": no area code to read (digits[1] below)
        raise PhoneError(f"这不是有效的电话号码，{WHAT_TO_TYPE}。")
    area_len = 3 if digits[1] in "12" else 4
    area, local = digits[:area_len], digits[area_len:]
    if len(local) not in (7, 8) or local[0] in "01":
        raise PhoneError(f"固定电话号码不对：区号 {area} 后面应是 7 或 8 位号码，{WHAT_TO_TYPE}。")
    return f"{area}-{local}" + (f"-{ext}" if ext else "")


def is_mobile(number: str) -> bool:
    """Whether a number ``normalize_phone`` returned is a mobile one (text messages can reach it)."""
    return bool(MOBILE_RE.match(number))
