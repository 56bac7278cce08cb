"""The words of the meetings app's notifications, stored as keys (``committees.phrases``) and
worded in the reader's language."""

from django.utils.translation import gettext_noop

from committees.phrases import phrase

# M-N1 / M-N3: the notice and the amendment notice, to every member due and observer.
NOTICE = phrase("meetings.notice", gettext_noop("Meeting notice: %(title)s"))
AMENDMENT = phrase("meetings.amendment", gettext_noop("Agenda amendment: %(title)s"))
NOTICE_BODY = phrase("meetings.notice_body", gettext_noop("Meeting time: %(start)s\n\n%(text)s"))
# M-N2: an item proposed for the agenda waits for the principal leader's approval.
ITEM_TO_APPROVE = phrase("meetings.item_to_approve", gettext_noop("Agenda item to approve: %(title)s"))
ITEM_TO_APPROVE_BODY = phrase(
    "meetings.item_to_approve_body",
    gettext_noop("Proposed to %(committee)s. Only items the principal leader approved go on a notice (M-N2)."),
)
