"""Refusals shared by several topics of ``reporting`` (STYLE.md "Services": messages users see
are module constants, so tests and translations refer to one string). A refusal of one topic
only stays next to the code that raises it."""

from django.utils.translation import gettext_lazy as _

MSG_NO_RULE_SET = _("No rule set applies to %(committee)s.")
