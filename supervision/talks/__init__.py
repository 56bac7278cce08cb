"""Talks (谈心谈话, X-3): the yearly plan of who talks with whom and how often – the principal
leader with each team member, team members with the department heads in their charge, department
heads with their staff – coverage against it with the deadline engine's reminders before a period
ends, and the "seven must-talk" occasions opening a talk to hold where the system knows the event
(a role taken up or left, an accountability sanction, a personal-matter report found untruthful).
A talk's record is private to its two parties and the organisation department."""
