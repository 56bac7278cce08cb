"""Refusals raised by more than one module of the meetings app (STYLE.md "Services": messages
users see are module constants). A refusal raised in one module only is defined next to it."""

from django.utils.translation import gettext_lazy

MSG_MEETING_NOT_SESSION = gettext_lazy("The meeting is not in session.")
MSG_NO_RULE_SET_APPLIES = gettext_lazy("No rule set applies to %(committee)s.")
