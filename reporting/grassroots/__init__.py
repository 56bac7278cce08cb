"""Grassroots time (X-6): days at the grassroots, branch and villager meetings, and research reports
recorded per person, against the yearly floors of the rule set by level –

- city standing members: at least ``city_grassroots_days_per_year`` (90) days of grassroots
  research (000 四川市(州)党委常委每年基层调研不少于90天);
- district (county) standing members: at least ``district_village_days_per_year`` (15) days staying
  in villages, accumulated (002 §33 驻村蹲点时间累计不少于15天);
- the town secretary: at least ``town_secretary_village_days_per_year`` (30) days in a backward
  village, accumulated, and ``town_secretary_branch_meetings_per_year`` (6) branch or villager
  representative meetings (002 §15);
- each city and county standing member: ``research_topics_per_year`` (1) research topic with its
  report (001 调查研究(一): 1–2 topics and 1–2 reports a year).

Each floor of a person's year is a ``GrassrootsTarget`` the deadline engine watches: due on the
last day the remaining days still fit in the year (a floor of counts: the year's last day), so it
reminds before that day and escalates once the floor can no longer be met.
"""
