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

# The obligations the deadline engine watches (``reporting.models.Deadline.title``).
DEADLINE_FEEDBACK = phrase("deadline.supervision_feedback", gettext_noop("Feedback on: %(matter)s"))
DEADLINE_PROGRESS = phrase("deadline.supervision_progress", gettext_noop("Progress report on: %(matter)s"))
DEADLINE_FEEDBACK_AFTER_REJECTION = phrase(
    "deadline.supervision_feedback_again", gettext_noop("Feedback (after rejection) on: %(matter)s")
)
DEADLINE_RECTIFICATION = phrase("deadline.inspection_rectification", gettext_noop("Rectification report: %(unit)s"))
DEADLINE_INQUIRY_REPLY = phrase("deadline.inquiry_reply", gettext_noop("Reply to the written inquiry to %(person)s"))
DEADLINE_YEAR_END_REPORT = phrase(
    "deadline.year_end_report", gettext_noop("Year-end report on ethics, duty and integrity %(year)s: %(person)s")
)
DEADLINE_EVALUATION_CORRECTION = phrase(
    "deadline.evaluation_correction", gettext_noop("Correct the problems found in the democratic evaluation: %(who)s")
)
DEADLINE_TALK_FOLLOW_UP = phrase(
    "deadline.talk_follow_up", gettext_noop("Follow-up of the admonishment talk with %(person)s")
)
# a pair's talks of a period; a must-talk occasion.
DEADLINE_TALKS = phrase(
    "deadline.talks",
    gettext_noop("Talks of %(leader)s with %(counterpart)s: at least %(required)s by %(end)s (X-3)"),
)
DEADLINE_MUST_TALK = phrase(
    "deadline.must_talk", gettext_noop("Must-talk with %(person)s (%(occasion)s) by %(due)s (X-3)")
)
