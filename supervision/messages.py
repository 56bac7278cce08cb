"""Refusals that more than one supervision module gives (STYLE.md "Services": messages that users
see are module constants, so tests and translations refer to one string)."""

from django.utils.translation import gettext_lazy

#: S-3 (an inspection) and A-8 (an evaluation result): problems found are written down.
MSG_DESCRIBE_PROBLEMS = gettext_lazy("Describe the problems found.")
#: S-3 and A-8: the rectification report is written, not left empty.
MSG_WRITE_RECTIFICATION_REPORT = gettext_lazy("Write the rectification report.")
