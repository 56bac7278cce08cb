"""Requested interviews (接受约谈, X-4): a cadre asks a leader for an interview – under
cadre-management authority – on one of the committee's reception days (at least the rule set's
number a month, reminded by the engine) or at once for a serious matter; the interview is
recorded, and what it raised follows a handling card (约谈意见处理卡) to its reply."""
