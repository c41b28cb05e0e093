"""Amounts and rates written out in Chinese for the letters: 人民币大写 and a daily rate in words.

``rmb_upper`` follows the rules for writing amounts in capitals on bills and settlement vouchers
(中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分; 拾 always carries its digit (壹拾万元整);
- 整 after 元 (required) and after 角 (allowed; always written here, so nothing can be added after);
  never after 分;
- one 零 for one or several zeros in the middle (壹万零伍元整, 陆仟零柒元壹角肆分, 壹亿零壹仟元整);
- where only the 万 digit or the 元 digit is zero and the next digit (千, 角) is not, the rule lets
  the 零 be written or left out; the first form of the rule's own examples is used throughout:
  ¥107,000.53 → 壹拾万柒仟元零伍角叁分, ¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分;
- 零 between 元 and 分 when the 角 is zero (¥325.04 → 叁佰贰拾伍元零肆分) — required;
- amounts under one yuan start at the first digit that is not zero (¥0.05 → 伍分), zero is 零元整.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
GROUP_UNITS = ("", "万", "亿")  # groups of four digits, from the lowest
PLACE_UNITS = ("", "拾", "佰", "仟")
# max_digits=14 with 2 decimals in the models: below one trillion (万亿) yuan.
LIMIT = Decimal("1000000000000")
LOWER_DIGITS = "零一二三四五六七八九"


def _cents(amount) -> int:
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError(f"不是金额：{amount!r}") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"金额须为非负数：{amount!r}")
    if value >= LIMIT:
        raise ValueError(f"金额须小于一万亿元：{amount!r}")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"金额只能精确到分：{amount!r}")
    return int(cents)


def _group_words(group: int) -> str:
    """1–9999 in capitals, one 零 for zeros between digits, none at the end (leading zeros skipped)."""
    digits = f"{group:04d}"
    words, pending_zero = [], False
    for position, char in enumerate(digits):
        digit = int(char)
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words.append("零")
            pending_zero = False
        words.append(DIGITS[digit] + PLACE_UNITS[3 - position])
    return "".join(words)


def _integer_words(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    words, skipped_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            skipped_zero = bool(words)
            continue
        # A zero before this group: a whole group was zero, or this group starts below its 仟 digit.
        if words and (skipped_zero or group < 1000):
            words += "零"
        words += _group_words(group) + GROUP_UNITS[index]
        skipped_zero = False
    return words


def rmb_upper(amount) -> str:
    """人民币大写 of a non-negative amount in yuan with at most two decimals (Decimal, int or str).

    Raises ``ValueError`` for a negative amount, fractions of a cent or one trillion yuan and more.
    """
    cents = _cents(amount)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "零元整"
    words = _integer_words(yuan) + "元" if yuan else ""
    if jiao:
        if yuan and yuan % 10 == 0:
            words += "零"
        words += DIGITS[jiao] + "角"
    if fen:
        if yuan and not jiao:
            words += "零"
        words += DIGITS[fen] + "分"
    else:
        words += "整"
    return words


def _small_number_words(number: int) -> str:
    """1–99 in ordinary numerals (五, 十二, 二十)."""
    tens, ones = divmod(number, 10)
    if not tens:
        return LOWER_DIGITS[ones]
    return ("" if tens == 1 else LOWER_DIGITS[tens]) + "十" + (LOWER_DIGITS[ones] if ones else "")


def rate_words(rate) -> str:
    """A rate as it is said in rules: 0.0005 → 万分之五, 0.005 → 千分之五, 0.03 → 百分之三;
    otherwise as a percentage (0.00055 → 0.055%)."""
    value = Decimal(str(rate))
    if value <= 0:
        raise ValueError(f"比率须为正数：{rate!r}")
    for denominator, name in ((100, "百分之"), (1000, "千分之"), (10000, "万分之")):
        scaled = value * denominator
        if scaled == scaled.to_integral_value() and 1 <= scaled < 100:
            return name + _small_number_words(int(scaled))
    return f"{(value * 100).normalize():f}%"
