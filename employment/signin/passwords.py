"""Password rules whose Django messages have no Chinese translation.

Django 5.2 reworded the minimum-length error ("… at least %d characters.") and its Simplified Chinese
catalogue has not caught up, so that one message would reach users in English. This validator is
Django's own with the Chinese wording; the other validators' messages are translated by Django.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少要有 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少要有 {self.min_length} 个字符。"
