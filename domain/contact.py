"""Contact details as pure functions: a mainland phone number as people write it on forms and in
spreadsheets — a mobile (13812345678, +86 138 1234 5678) or a landline with its area code
(0574-87654321, (0574)87654321, 0574 8765 4321 转 801). Errors are ``ContactError`` with a Chinese
message that says what is wrong.
"""

from __future__ import annotations

import re
import unicodedata

MOBILE = re.compile(r"1[3-9]\d{9}")
# Area code 0 + 2 or 3 digits (010, 0574), a local number of 7 or 8 digits not starting with 0 or 1,
# and optionally an extension of 1 to 6 digits.
LANDLINE = re.compile(r"(0\d{2,3})-?([2-9]\d{6,7})(?:(?:转|ext\.?|x|#|-)(\d{1,6}))?", re.IGNORECASE)
PHONE_HELP = "应为 11 位手机号码（例如 13812345678），或带区号的固定电话（例如 0574-87654321）"


class ContactError(ValueError):
    """A phone number a person typed or uploaded is invalid; the message is in Chinese."""


def normalize_phone(value: object) -> str:
    """A mainland mobile (11 digits) or landline (``0574-87654321``, ``0574-87654321-801`` with an
    extension), written one way; spaces, brackets and a +86 / 86 prefix are dropped."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    if not text:
        raise ContactError("电话号码不能为空")
    compact = re.sub(r"[\s()（）]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    digits = compact.replace("-", "")
    if digits.startswith("86") and MOBILE.fullmatch(digits[2:]):
        digits = digits[2:]
    if MOBILE.fullmatch(digits):
        return digits
    match = LANDLINE.fullmatch(compact)
    if match is None and re.fullmatch(r"[2-9]\d{6,7}", digits):
        raise ContactError("固定电话请加上区号，例如 0574-87654321")
    if match is None:
        raise ContactError(f"电话号码格式不对：{PHONE_HELP}")
    area, local, extension = match.groups()
    return f"{area}-{local}" + (f"-{extension}" if extension else "")
