"""Which refusal a test got: the message constant (``MSG_…``) a service raised, its placeholders filled."""

import re

from django.core.exceptions import ValidationError


def says(error, template) -> bool:
    """Whether ``error`` (a ``ValidationError`` or a ``RuleViolation``) carries ``template``."""
    pattern = re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(str(template)))
    texts = error.messages if isinstance(error, ValidationError) else [str(error.message)]
    return any(re.fullmatch(pattern, text, re.DOTALL) for text in texts)
