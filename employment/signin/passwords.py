"""Password rules whose Django messages have no Chinese translation.

``PersonalDataValidator`` refuses a password of too few different characters, or built from the
account's username or name (in characters or pinyin), or the person's resident ID, phone or birth
date (sign-up passes them in on the would-be user; a password change finds the seeker record).

Django 5.2 reworded the minimum-length error ("… at least %d characters.") and its Simplified Chinese
catalogue has not caught up, so that one message would reach users in English. This validator is
Django's own with the Chinese wording; the other validators' messages are translated by Django.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from wagtail.coreutils import string_to_ascii


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少要有 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少要有 {self.min_length} 个字符。"


# ---- passwords built from the person's identity ---------------------------------------------------


@dataclass(frozen=True)
class IdentityFacts:
    """What is known of the person a password is for: numbers that others can easily learn (a resident
    ID is on every form, and leaked widely)."""

    resident_id: str = ""
    phone: str = ""
    birth_date: str = ""  # YYYYMMDD


def identity_facts_for(user) -> IdentityFacts:
    """The identity the password validator judges against: what a form attached to a would-be user
    (``identity_facts``, see ``employment.signup_forms.would_be_user``), else the seeker record of a saved
    account (a password change or reset)."""
    facts = getattr(user, "identity_facts", None)
    if isinstance(facts, IdentityFacts):
        return facts
    if user is None or getattr(user, "pk", None) is None:
        return IdentityFacts()
    from employment.models import JobSeeker

    seeker = JobSeeker.objects.filter(user_id=user.pk).only("resident_id", "phone", "birth_date").first()
    if seeker is None:
        return IdentityFacts()
    return identity_facts(resident_id=seeker.resident_id, phone=seeker.phone,
                          birth_date=seeker.birth_date.strftime("%Y%m%d") if seeker.birth_date else "")


def identity_facts(*, resident_id: str = "", phone: str = "", birth_date: str = "") -> IdentityFacts:
    rid = unicodedata.normalize("NFKC", resident_id or "").strip().upper()
    if not birth_date and len(rid) == 18 and rid[6:14].isdigit():
        birth_date = rid[6:14]
    return IdentityFacts(resident_id=rid, phone="".join(ch for ch in unicodedata.normalize("NFKC", phone or "")
                                                        if ch.isdigit()), birth_date=birth_date)


def _letters_and_digits(value: str) -> str:
    """``value`` as passwords are compared: NFKC (full-width to half-width), upper case, and only its
    letters and digits (no "-", spaces or other separators)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value).upper() if ch.isalnum())


def _own_words(user) -> list[str]:
    """The username and the name of the account, as the password is compared (NFKC, upper case, letters
    and digits only): a username of four or more, a name of two or more Chinese characters (王甲) or
    four or more letters. Django's similarity rule lets a password through that merely repeats them
    (seekerseeker, 王甲王甲王甲王甲王甲)."""
    if user is None:
        return []
    words = []
    username = _letters_and_digits(user.get_username() or "")
    if len(username) >= 4:
        words.append(username)
    name = _letters_and_digits(f"{user.last_name or ''}{user.first_name or ''}")
    if len(name) >= 4 or (len(name) >= 2 and any("\u4e00" <= ch <= "\u9fff" for ch in name)):
        words.append(name)
    # The name in toneless pinyin too (王甲 → WANGJIA): wangjia12345 is the name as much as 王甲 is.
    spelled = _letters_and_digits(string_to_ascii(name))
    if spelled != name and len(spelled) >= 4:
        words.append(spelled)
    return words


# Fewer different characters than this (aaaaaaaaaaaa, abababababab) is guessed at once, however long.
MIN_DISTINCT_CHARACTERS = 4


class PersonalDataValidator:
    """Refuse a password of fewer than four different characters, or one that contains the account's
    username or name (as written, or in pinyin), or the person's resident ID number (or its last six
    characters, or the six digits before a final X), phone number or birth date (YYYYMMDD) — ignoring
    case, full-width characters and separators such as "-" or spaces."""

    def validate(self, password, user=None):
        facts = identity_facts_for(user)
        text = unicodedata.normalize("NFKC", password or "").upper()
        forms = {text, _letters_and_digits(text)}

        def contains(fragment: str) -> bool:
            return bool(fragment) and any(fragment in form for form in forms)

        rid = facts.resident_id
        errors = []
        if len(set(text)) < MIN_DISTINCT_CHARACTERS:
            errors.append(ValidationError(
                f"密码用到的字符太少（至少要有 {MIN_DISTINCT_CHARACTERS} 个不同的字母、数字或符号），容易被猜中。请换一个密码。",
                code="password_too_few_characters"))
        if any(contains(word) for word in _own_words(user)):
            errors.append(ValidationError("密码不能包含您的用户名或姓名，容易被猜中。请换一个密码。",
                                          code="password_has_username_or_name"))
        if rid and (contains(rid) or (len(rid) >= 6 and contains(rid[-6:]))
                    or (rid.endswith("X") and len(rid) >= 7 and contains(rid[-7:-1]))):
            errors.append(ValidationError(
                "密码不能包含您的身份证号或身份证号的后六位：这些号码很多人都能看到，容易被猜中。请换一个密码。",
                code="password_has_resident_id"))
        if len(facts.phone) >= 7 and contains(facts.phone):
            errors.append(ValidationError("密码不能包含您的手机号码或联系电话，容易被猜中。请换一个密码。",
                                          code="password_has_phone"))
        if facts.birth_date and contains(facts.birth_date):
            errors.append(ValidationError(f"密码不能包含您的出生日期（{facts.birth_date}），容易被猜中。请换一个密码。",
                                          code="password_has_birth_date"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return "密码不能包含用户名、姓名（包括拼音）、身份证号、手机号码或出生日期，也不能只用几个字符反复组成。"
