"""The words of the reporting app's notifications, stored as keys (``committees.phrases``) and
worded in the reader's language: the deadline engine's steps and the leave chain's events."""

from django.utils.translation import gettext_noop

from committees.phrases import phrase

# The deadline engine (``reporting.deadlines``): one title per step kind, one body. The SQL scan
# (``deadlines.in_sql``) stores the same keys and parameters.
DEADLINE_REMINDER = phrase("deadline.reminder", gettext_noop("Reminder: %(title)s is due at %(due)s"))
DEADLINE_DUE = phrase("deadline.due", gettext_noop("Due now: %(title)s (%(due)s)"))
DEADLINE_OVERDUE = phrase("deadline.overdue", gettext_noop("Overdue: %(title)s was due at %(due)s"))
DEADLINE_ESCALATION = phrase(
    "deadline.escalation", gettext_noop("Escalated: %(owner)s has not met %(title)s, due at %(due)s")
)
DEADLINE_BODY = phrase("deadline.body", gettext_noop("Rule %(rule)s, %(committee)s."))

# Leave (L-7): the approver of each step, and the requester when it is decided.
LEAVE_STEP_WAITING = phrase("leave.step_waiting", gettext_noop("Leave request of %(person)s waits for you: %(step)s"))
LEAVE_DATES = phrase(
    "leave.dates", gettext_noop("From %(start)s to %(end)s (%(days)s days), to %(destination)s. Reason: %(reason)s")
)
LEAVE_APPROVED = phrase("leave.approved", gettext_noop("Your leave request from %(start)s to %(end)s is approved"))
LEAVE_REJECTED = phrase("leave.rejected", gettext_noop("Your leave request from %(start)s to %(end)s is rejected"))
LEAVE_RETURNED = phrase(
    "leave.returned", gettext_noop("Your leave request from %(start)s to %(end)s is returned for changes")
)
LEAVE_DECIDED_BY = phrase("leave.decided_by", gettext_noop("%(step)s, %(person)s: %(annotation)s"))

# The obligations the deadline engine watches (``Deadline.title``), worded for each reader.
DEADLINE_EMERGENCY_REPORT = phrase(
    "deadline.emergency_report", gettext_noop("Emergency report to the higher-level committee: %(title)s")
)
DEADLINE_PERIODIC_REPORT = phrase(
    "deadline.periodic_report", gettext_noop("%(report)s, %(period)s: %(reporter)s to %(receiver)s")
)
DEADLINE_GRASSROOTS = phrase(
    "deadline.grassroots", gettext_noop("Grassroots time %(year)s: %(measure)s, at least %(floor)s (X-6)")
)
DEADLINE_WORK_LOG = phrase(
    "deadline.work_log", gettext_noop("Work log of %(day)s: the day's summary and the next day's plan (X-5)")
)
DEADLINE_OPENNESS_CHECK = phrase(
    "deadline.openness_check",
    gettext_noop("Openness check of %(unit)s, %(year)s: %(kind)s, %(done)s of %(required)s (X-2)"),
)
DEADLINE_INTERVIEW_DAYS = phrase(
    "deadline.interview_days", gettext_noop("Reception days of %(month)s: at least %(required)s (X-4)")
)
DEADLINE_INTERVIEW_CARD = phrase(
    "deadline.interview_card", gettext_noop("Interview handling card: %(unit)s replies (X-4)")
)
DEADLINE_OPINION_FEEDBACK = phrase(
    "deadline.opinion_feedback", gettext_noop("Public opinion: tell %(source)s of the decision on %(title)s (X-1)")
)
DEADLINE_PERSONAL_REPORT = phrase("deadline.personal_report", gettext_noop("Personal-matter report (%(occasion)s)"))
DEADLINE_PERSONAL_REPLY = phrase(
    "deadline.personal_reply", gettext_noop("Act on the organisation's reply to your personal-matter report")
)
DEADLINE_FUNERAL_WRITTEN = phrase("deadline.funeral_written", gettext_noop("Written form of the funeral report"))
DEADLINE_LEAVE_STEP = phrase(
    "deadline.leave_step", gettext_noop("Leave request of %(person)s (%(start)s, %(days)s days): %(step)s")
)
DEADLINE_LEAVE_REPORT_BACK = phrase(
    "deadline.leave_report_back", gettext_noop("Report back (销假) after the absence of %(person)s ending %(end)s")
)
DEADLINE_LEAVE_SUMMARY = phrase(
    "deadline.leave_summary",
    gettext_noop("Leave and travel summary %(start)s–%(end)s to the parent's organisation department"),
)
DEADLINE_PETITION_ANSWER = phrase(
    "deadline.petition_answer", gettext_noop("Answer the petition of %(date)s: %(summary)s")
)
