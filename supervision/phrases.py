"""The words of the supervision app's notifications, stored as keys (``committees.phrases``) and
worded in the reader's language."""

from django.utils.translation import gettext_noop

from committees.phrases import phrase

# S-2: assignment, urging and a rejected feedback reach the responsible person and leader in charge.
ITEM_ASSIGNED = phrase("supervision.assigned", gettext_noop("Supervision item assigned to you: %(matter)s"))
FEEDBACK_DUE = phrase("supervision.feedback_due", gettext_noop("Feedback is due on %(due)s."))
ITEM_URGED = phrase("supervision.urged", gettext_noop("Urging on the supervision item: %(matter)s"))
FEEDBACK_REJECTED = phrase("supervision.rejected", gettext_noop("Feedback rejected: %(matter)s"))
REJECTION_BODY = phrase(
    "supervision.rejection_body", gettext_noop("Opinions: %(opinions)s. The new feedback deadline is %(due)s.")
)
# the person a written inquiry is addressed to.
INQUIRY_SENT = phrase("supervision.inquiry", gettext_noop("Written inquiry from %(committee)s"))
INQUIRY_BODY = phrase("supervision.inquiry_body", gettext_noop("Please reply in writing by %(due)s."))
