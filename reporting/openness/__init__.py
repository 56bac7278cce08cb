"""Party-affairs openness assessment (党务公开考核, X-2): each unit's 100-point checks – at least the
rule set's number of routine checks a year and the year-end one – by the committee above it, the
grade they give and its effect on the annual assessment; the deadline engine reminds when a check
is missing."""
