"""Password rule for 等保: at least three of four character classes."""

import string

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def _classes(self, password):
        return sum(
            [
                any(c in string.ascii_lowercase for c in password),
                any(c in string.ascii_uppercase for c in password),
                any(c in string.digits for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self._classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"
