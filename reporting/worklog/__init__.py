"""Daily work log (工作日清, X-5): every team member submits the day's summary and the plan for the
next working day before the end of each working day (003 领导干部工作日清管理制度). Working days are
the official calendar's (``committees.calendar``: no log is due on a holiday, one is due on an
adjusted working Saturday – 调休). Unfinished items are carried over with a reason and a new date;
the principal leader sees the team's week, with the missing logs counted.
"""
