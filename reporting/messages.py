"""Refusals shared by several topics of ``reporting`` (STYLE.md "Services": messages users see
are module constants, so tests and translations refer to one string). A refusal of one topic
only stays next to the code that raises it."""

from committees.selectors import MSG_NO_RULE_SET as _MSG_NO_RULE_SET

MSG_NO_RULE_SET = _MSG_NO_RULE_SET  # one message, kept by committees.selectors.rules_in_force
