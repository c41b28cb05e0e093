"""人民币大写 and daily rates in words (quota/engine/amounts.py)."""

from decimal import Decimal

import pytest

from quota.engine.amounts import rate_words, rmb_upper


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.05", "伍分"),
        ("0.30", "叁角整"),
        ("0.32", "叁角贰分"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),  # 拾 always carries its digit
        ("15", "壹拾伍元整"),
        ("20", "贰拾元整"),
        ("100000", "壹拾万元整"),
        ("10005", "壹万零伍元整"),  # several zeros in the middle: one 零
        ("100500", "壹拾万零伍佰元整"),  # the 万 digit and the 千 digit zero: one 零
        ("1000000", "壹佰万元整"),
        ("1000000.10", "壹佰万元零壹角整"),  # the 元 digit zero, the 角 not: 零 (the rule's first form)
        ("1000000.01", "壹佰万元零壹分"),
        # The examples of 《正确填写票据和结算凭证的基本规定》 (first form where two are allowed).
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        # 亿 and whole zero groups.
        ("100000000", "壹亿元整"),
        ("100001000", "壹亿零壹仟元整"),  # a whole zero 万 group between: 零
        ("100010000", "壹亿零壹万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("100000005", "壹亿零伍元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("20000.00", "贰万元整"),
        ("20300", "贰万零叁佰元整"),
        ("23000", "贰万叁仟元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1100", "壹仟壹佰元整"),
    ],
)
def test_rmb_upper(amount, words):
    assert rmb_upper(Decimal(amount)) == words


def test_rmb_upper_takes_int_and_str():
    assert rmb_upper(10005) == "壹万零伍元整"
    assert rmb_upper("0.05") == "伍分"


@pytest.mark.parametrize("amount", ["-1", "0.001", "1000000000000", "NaN", "abc"])
def test_rmb_upper_refuses(amount):
    with pytest.raises(ValueError, match="金额|不是金额"):
        rmb_upper(amount)


@pytest.mark.parametrize(
    ("rate", "words"),
    [
        ("0.0005", "万分之五"),
        ("0.005", "千分之五"),
        ("0.03", "百分之三"),
        ("0.0012", "万分之十二"),
        ("0.002", "千分之二"),
        ("0.0025", "万分之二十五"),
        ("0.00055", "0.055%"),
    ],
)
def test_rate_words(rate, words):
    assert rate_words(Decimal(rate)) == words


def test_rate_words_refuses_zero():
    with pytest.raises(ValueError):
        rate_words("0")
