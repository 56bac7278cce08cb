"""Issue 18, item 3: who may act INSIDE the right committee – every state-changing page and API
endpoint × every role of the same committee (the permission matrix checks other committees).

The table is data (``TABLE``): one row per state-changing URL and method (POST pages; POST, PUT,
PATCH, DELETE API endpoints, found by walking the URL resolver – a new one without a row fails
``test_every_state_changing_url_has_a_row``). Columns (``COLUMNS``; who logs in: ``world.py``):

    member     an ordinary member (委员 陈艳): absent with leave from the closed meeting, addressee
               of the letter inquiry, responsible person of the supervision item, owns the annual
               report, the admonishment talk and the notice recipient of the upcoming meeting
    office     party office staff (党委办公室)
    secretary  the principal leader (书记): approver of the pending leave step, receiving leader of
               the petition, present at the closed meeting
    inspector  a discipline inspector (纪检监察干部)
    orgstaff   organisation-department staff (组织部干部)
    deputy     a deputy secretary (副书记), present
    orgmember  the organisation member (组织委员), present
    discipline the discipline secretary (纪委书记), present
    in_charge  the member in charge (分管) of the agenda items, the DL measure and the supervision
               item, present
    applicant  a member present at the closed meeting who asked for the pending leave and owns the
               demo's personal-matter report
    petition   petition office staff (信访办)
    delegate   a party-congress delegate (党代表; an observer, O-5)

Cells: ``+`` may act – the request gets past the permission check (a success, a form or validation
error, a state refusal; never 401/403/404 nor a refusal citing the row's rule); ``-`` refused – 401,
403, 404 or a refusal that cites the row's authorisation rule (``RULES``), AND the database is
unchanged (every table's inserts/updates/deletes in the transaction, from PostgreSQL's
``pg_stat_xact_user_tables``; sessions excepted).

Bodies: an empty body by default (like the matrix); ``BODIES`` gives one where the page or endpoint
needs it to reach the permission check (a callable of the world and the user when it names the
person acting: each states their own stance). ``OBJECTS`` points a row at another object of the world
when the matrix's one is in a state that blocks everyone (an open vote, draft minutes, a supervision
item at the step). ``REFUSING_FIELDS``: API rows whose refusal is a 400 on the one field where the
serializer offers only what the predicate allows. ``NEEDS_BODY`` lists the endpoints that validate the body
(or the object's state) before they check who acts: they are asserted to change nothing for anyone
on an empty body; their intended actors are written in their comment.

The policy of each row is enforced by ONE predicate (its comment names it), used by the page, the
API and the service alike.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import resolve, reverse

from .matrix import MATRIX
from .routes import client_for, matrix_routes, status_of, url_for

pytestmark = pytest.mark.django_db

COLUMNS = (
    "member",
    "office",
    "secretary",
    "inspector",
    "orgstaff",
    "deputy",
    "orgmember",
    "discipline",
    "in_charge",
    "applicant",
    "petition",
    "delegate",
)
REFUSED = {"401", "403", "404", "login"}
#: Tables a refused request may still write: the login session of the test client.
IGNORED_WRITES = {"django_session"}
WRITE_METHODS = ("post", "put", "patch", "delete")

# fmt: off
#                                              m o s i g d O D c a p e  (COLUMNS, in order)
TABLE = {
    # ---- supervision (S-2 TRANSITIONS/actors_for, S-3 may_report_rectification, A handles_cases)
    "supervision_register POST":                  "- + + + - - - + - - - -",  # S-2 REGISTERING_ROLES
    "supervision_decision_waive POST":            "- - + - - - - - - - - -",  # S-1 selectors.may_waive_supervision
    "supervision_action POST":                    "+ + + + + + + + + + + +",  # NEEDS_BODY – S-2 rules.TRANSITIONS
    "supervision-item-urge POST":                 "- + - + - - - + - - - -",  # S-2 urge: the supervision office
    "supervision-item-feedback POST":             "+ + - + - - - + + - - -",  # S-2 actors_for: unit, office
    "supervision-item-approve POST":              "- - + - - - - - - - - -",  # S-2 actors_for: principal
    "supervision-item-assign POST":               "- + + + - - - + - - - -",  # S-2 actors_for: office, principal
    "supervision-item-accept POST":               "- + - + - - - + - - - -",  # S-2 actors_for: office
    "supervision-item-reject POST":               "- + - + - - - + - - - -",  # S-2 actors_for: office
    "supervision-item-close POST":                "- + - + - - - + - - - -",  # S-2 actors_for: office
    "supervision_inspection_register POST":       "- + + + - - - + - - - -",  # S-3..S-6: office roles + principal
    "supervision_inspection_rectification POST":  "- + + - - + - - - - - -",  # S-3 selectors.may_report_rectification
    "supervision_case_open POST":                 "- + + + - - - + - - - -",  # A-2 services.handles_cases
    "supervision_case_detail POST":               "- + + + - - - + - - - -",  # A-3..A-7 services.handles_cases
    "accountability-case-sanction POST":          "- + + + - - - + - - - -",  # A-4 services.handles_cases
    "supervision_inquiry_reply POST":             "- + + + - - - + - - - -",  # A-7 services.handles_cases
    # ---- evaluation: discipline and organisation roles run it; each rates, each reports
    "evaluation_open POST":                       "- - - + + - + + - - - -",  # A-8 evaluation runners
    "evaluation_close POST":                      "- - - + + - + + - - - -",  # A-8 evaluation runners
    "evaluation_subject_action POST":             "- - - + + - + + - - - -",  # A-8 evaluation runners
    "evaluation_reports_require POST":            "- - - + + - + + - - - -",  # A-9 evaluation runners
    "evaluation_town_assessment POST":            "- - - + + - + + - - - -",  # A-10 evaluation runners
    "evaluation_talk_new POST":                   "- - - + + - + + - - - -",  # A-6 evaluation runners
    "evaluation_talk_detail POST":                "- - - + + - + + - - - -",  # A-6 follow-up by the runners
    "admonishment-talk-outcome POST":             "- - - + + - + + - - - -",  # A-6 evaluation runners
    "evaluation_report_detail POST":              "+ - - - - - - - - - - -",  # the reporting cadre, own report
    "annual-report-submit POST":                  "+ - - + + - + + - - - -",  # A-9 own (API: runners reach a 409)
    "evaluation_take_part POST":                  "+ + + + + + + + + + + -",  # A-8 voters: team, cadres; no delegate
    "evaluation-take-part POST":                  "+ + + + + + + + + + + -",  # A-8 voters: team, cadres; no delegate
    # ---- meetings: the office, secretary and deputies prepare and run them (selectors.can_manage_meeting)
    "meetings_create POST":                       "- + + - + + + - - - - -",  # can_manage (org roles: overseen ones)
    "meeting-list POST":                          "- + + - - + - - - - - -",  # manageable_committees (the field)
    "meetings_edit POST":                         "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_agenda POST":                       "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_notice POST":                       "- + + - - + - - - - - -",  # M-N1 can_manage_meeting
    "meeting-send-notice POST":                   "- + + - - + - - - - - -",  # M-N1 can_manage_meeting
    "meetings_notify_amendments POST":            "- + + - - + - - - - - -",  # M-N3 can_manage_meeting
    "meeting-notify-amendments POST":             "- + + - - + - - - - - -",  # M-N3 can_manage_meeting
    "meetings_add_observer POST":                 "- + + - - + - - - - - -",  # O-5 can_manage_meeting
    "meetings_open POST":                         "- + + - - + - - - - - -",  # can_manage_meeting
    "meeting-open POST":                          "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_close POST":                        "- + + - - + - - - - - -",  # can_manage_meeting
    "meeting-close POST":                         "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_attendance POST":                   "- - - - - - - - - - - -",  # GET-only page (404/403 to a POST)
    "attendance-record POST":                     "- + + - - + - - - - - -",  # M-Q can_manage_meeting
    "meetings_acknowledge POST":                  "+ - - - - - - - - - - -",  # M-N1: the recipient, own notice
    "meetings_item POST":                         "- - - - - - - - - - - -",  # GET-only page
    "agendaitem-list POST":                       "- + + - - + - - - - - -",  # M-N2 office collects: manageable (field)
    "meetings_item_approve POST":                 "- - + - - - - - - - - -",  # M-N2 only the principal leader
    "agendaitem-approve POST":                    "- - + - - - - - - - - -",  # M-N2 only the principal leader
    "meetings_item_schedule POST":                "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_item_move POST":                    "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_item_withdraw POST":                "- + + - - + - - - - - -",  # can_manage_meeting
    "meetings_item_take_up POST":                 "- + + - - + - - - - - -",  # M-D can_manage_meeting
    "agendaitem-take-up POST":                    "- + + - - + - - - - - -",  # M-D can_manage_meeting
    "meetings_item_close POST":                   "- + + - - + - - - - - -",  # M-D can_manage_meeting
    "agendaitem-close POST":                      "- + + - - + - - - - - -",  # M-D can_manage_meeting
    "meetings_item_defer POST":                   "- + + - - + - - - - - -",  # M-V5 can_manage_meeting
    "agendaitem-defer POST":                      "- + + - - + - - - - - -",  # M-V5 can_manage_meeting
    "meetings_item_consensus POST":               "- + + - - + - - - - - -",  # M-V3 can_manage_meeting
    "meetings_item_recuse POST":                  "- + + - - + - - - - - -",  # M-D4 can_manage_meeting
    "meetings_item_stance POST":                  "- - + - - + + + + + - -",  # M-D1/M-D3/O-5 record_stance: present
    "meetings_item_stances POST":                 "- - + - - + + + + + - -",  # M-D1/M-D3/O-5 record_stances: present
    "stance-list POST":                           "- - + - - + + + + + - -",  # M-D1/M-D3/O-5 record_stance: present
    "writtenopinion-list POST":                   "+ - + - - + + + + + - -",  # M-D3/O-5 submit_written_opinion: due
    "meetings_vote_open POST":                    "- + + - - + - - - - - -",  # M-V can_manage_meeting
    "vote-list POST":                             "- + + - - + - - - - - -",  # M-V can_manage (a discussed item)
    "meetings_vote_close POST":                   "- + + - - + - - - - - -",  # M-V4 can_manage_meeting
    "vote-close POST":                            "- + + - - + - - - - - -",  # M-V4 can_manage_meeting
    "meetings_vote_ballots POST":                 "- + + - - + - - - - - -",  # M-V can_manage: the named-ballot grid
    "meetings_vote_cast POST":                    "- - + - - + + + + + - -",  # M-D3/O-5 may_vote_refusal: due, present
    "vote-cast POST":                             "- - + - - + + + + + - -",  # M-D3/O-5 may_vote_refusal: due, present
    "meetings_decision POST":                     "- - + - - + + + + + - -",  # M-V8 selectors.may_record_reservation
    "decision-reservation POST":                  "- - + - - + + + + + - -",  # M-V8 selectors.may_record_reservation
    "decision-invalidate POST":                   "- + + - - + - - - - - -",  # M-V10 can_manage
    "decision-publish POST":                      "- + + - - + - - - - - -",  # M-M6 can_manage
    "meetings_minutes POST":                      "- - - - - - - - - - - -",  # GET-only page
    "minutes-approve POST":                       "- - + - - - - - - - - -",  # M-M1 approve_minutes: the chair (draft)
    "meetings_minutes_verify POST":               "+ + + + + + + + + + + +",  # M-M5: any reader checks the seal
    "meetings_emergency_create POST":             "- + + - + + + - - - - -",  # M-E1 can_manage (+ overseen ones)
    "meetings_emergency_detail POST":             "- + + - - + - - - - - -",  # M-E1 can_manage
    "meetings_feed_revoke POST":                  "+ + + + + + + + + + + +",  # own calendar feed
    # ---- democratic life (DL): the office, secretary, deputies; the measure's responsible person
    "democratic_life_plan POST":                  "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic-life-plan POST":                  "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic-life-list POST":                  "- + + - - + - - - - - -",  # DL-1 manageable_committees
    "democratic_life_schedule POST":              "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic-life-schedule POST":              "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic_life_opinion POST":               "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic-life-opinions POST":              "- + + - - + - - - - - -",  # DL-1 can_manage
    "democratic_life_talk POST":                  "+ + + - - + + + + + - -",  # DL-1 team members and the office
    "democratic-life-talks POST":                 "+ + + + + + + + + + + +",  # NEEDS_BODY – DL-1 team members
    "democratic_life_material POST":              "+ + + + + + + + + + + +",  # NEEDS_BODY – DL-1 own material
    "democratic-life-materials POST":             "+ + + + + + + + + + + +",  # NEEDS_BODY – DL-1 team members
    "democratic_life_measure POST":               "- + + - - + - - - - - -",  # DL-3 can_manage
    "democratic-life-measures POST":              "- + + - - + - - - - - -",  # DL-3 can_manage
    "democratic_life_measure_complete POST":      "- + + - - + - - + - - -",  # DL-3 can_manage or the responsible
    "democratic-life-measure-complete POST":      "- + + - - + - - + - - -",  # DL-3 can_manage or the responsible
    "democratic_life_report POST":                "- + + - - + - - - - - -",  # DL-4 can_manage
    "democratic-life-report POST":                "- + + - - + - - - - - -",  # DL-4 can_manage
    "democratic_life_report_link POST":           "- + + - - + - - - - - -",  # DL-4 can_manage
    "democratic_life_discipline_copy POST":       "- + + - - + - - - - - -",  # DL-4 can_manage
    "democratic_life_postpone POST":              "- + + - - + - - - - - -",  # DL-2 can_manage asks
    "democratic-life-postpone POST":              "- + + - - + - - - - - -",  # DL-2 can_manage asks
    "democratic_life_decide POST":                "- - - - - - - - - - - -",  # DL-2: the PARENT committee decides
    "democratic-life-postponement-decide POST":   "- - - - - - - - - - - -",  # DL-2: the PARENT committee decides
    # ---- committees (O-2): the managing roles assign and end roles
    "assign_role POST":                           "- + + - - + - - - - - -",  # O-2 MANAGING_ROLES
    "end_role POST":                              "- + + - - + - - - - - -",  # O-2 MANAGING_ROLES
    # ---- leave (L): team members ask; the approver of the step decides; the applicant edits own
    "leave_create POST":                          "+ - + - - + + + + + - -",  # L-1 team members (TEAM_ROLES)
    "leave-request-list POST":                    "+ - + - - + + + + + - -",  # L-1 team members (TEAM_ROLES), own
    "leave_edit POST":                            "- - - - - - - - - + - -",  # L-1 the applicant
    "leave_withdraw POST":                        "- - - - - - - - - + - -",  # L-1 the applicant
    "leave_report_back POST":                     "- - - - - - - - - + - -",  # L-6 the applicant
    "leave_decide POST":                          "- - + - - - - - - - - -",  # L-3 services.can_decide: the approver
    "leave-step-decide POST":                     "- - + - - - - - - - - -",  # L-3 services.can_decide (as the page)
    "leave_presence POST":                        "- + + - - + - - - - - -",  # L-9 can_manage
    "leave_summary POST":                         "- + + - - + - - - - - -",  # L-8 can_manage
    # ---- grassroots time: one's own; the committee's office and organisation department for others
    "grassroots_mine POST":                       "+ + + + + + + + + + + +",  # NEEDS_BODY – X-6 own team (form)
    "grassroots_committee POST":                  "- + - - + - + - - - - -",  # X-6 services.may_record_for_others
    "grassroots_entry_remove POST":               "- + + - + - + - - - - -",  # X-6 services.may_record
    "worklog_mine POST":                          "+ + + + + + + + + + + +",  # NEEDS_BODY – X-5 own log (form)
    # ---- openness assessment: the assessing committee's office and organisation department
    "openness_committee POST":                    "- + - - + - + - - - - -",  # X-2 services.may_record
    "openness_check_remove POST":                 "- + - - + - + - - - - -",  # X-2 services.may_record
    # ---- public opinion: the source's team and office collect and send; the party office handles
    "opinions_new POST":                          "+ + + + + + + + + + + +",  # NEEDS_BODY – X-1 may_collect (form)
    "opinion_step POST":                          "- + - - - - - - - - - -",  # X-1 services.may_handle (analyse)
    # ---- delegates' proposals (M-C4): a delegate submits; the principal leaders and the office decide
    "proposals_new POST":                         "+ + + + + + + + + + + +",  # NEEDS_BODY – M-C4 delegates (form)
    "proposal_act POST":                          "- + + - - + - - - - - -",  # M-C4 services.may_decide (accept)
    # ---- talks: one records one's own talks; the organisation department keeps the plan
    "talks_mine POST":                            "+ + + + + + + + + + + +",  # NEEDS_BODY – X-3 the leader (form)
    "talks_committee_act POST":                   "- - - - + - + - - - - -",  # X-3 services.keeps_plan (line)
    # ---- requested interviews: anyone with a role asks; the office sets days; the leader acts
    "interviews_mine POST":                       "+ + + + + + + + + + + +",  # NEEDS_BODY – X-4 any role asks (form)
    "interviews_committee POST":                  "- + - - - - - - - - - -",  # X-4 services.may_set_days
    "interview_day_remove POST":                  "- + - - - - - - - - - -",  # X-4 services.may_set_days
    "interview_act POST":                         "- - + - - - - - - - - -",  # X-4 services.is_leader (the secretary)
    "interview_card_reply POST":                  "- - + - - - - - - - - -",  # X-4 services.may_reply: the leader
    # ---- emergencies: the party office and the principal leaders report
    "emergencies_create POST":                    "- + + - - + - - - - - -",  # R-1 reporting roles
    "emergency-list POST":                        "- + + - - + - - - - - -",  # R-1 acting_committees (the field)
    "emergencies_report POST":                    "- + + - - + - - - - - -",  # R-1 reporting roles
    "emergency-report POST":                      "- + + - - + - - - - - -",  # R-1 reporting roles
    "emergencies_follow_up POST":                 "- + + - - + - - - - - -",  # R-1 reporting roles
    "emergency-follow-ups POST":                  "- + + - - + - - - - - -",  # R-1 reporting roles
    # ---- periodic reports: the reporting committee's office and principal leaders
    "periodic_submit POST":                       "- + + - - + - - - - - -",  # R-4 can_manage
    "periodic-report-submit POST":                "- + + - - + - - - - - -",  # R-4 can_manage
    # ---- personal matters: the cadre files own; the organisation department reviews
    "personal_report_create POST":                "+ - + - - + + + + + - -",  # R-2 team members, own report
    "personalmatterreport-list POST":             "+ - + - - + + + + + - -",  # R-2 team_committees (field), own
    "personal_report_file POST":                  "- - - - - - - - - + - -",  # R-2 the reporting cadre
    "personalmatterreport-file POST":             "- - - - - - - - - + - -",  # R-2 the reporting cadre
    "personal_report_respond POST":               "- - - - - - - - - + - -",  # R-2 the reporting cadre
    "personalmatterreport-respond POST":          "- - - - - - - - - + - -",  # R-2 the reporting cadre
    "personal_report_mark POST":                  "- - - - + - + - - - - -",  # R-2 organisation department only
    "personalmatterreport-mark POST":             "- - - - + - + - - - - -",  # R-2 organisation department only
    "personal_report_reply POST":                 "- - - - + - + - - - - -",  # R-2 organisation department only
    "personalmatterreport-reply POST":            "- - - - + - + - - - - -",  # R-2 organisation department only
    "personal_report_reply_outcome POST":         "- - - - + - + - - - - -",  # R-2 organisation department only
    "personalmatterreport-reply-outcome POST":    "- - - - + - + - - - - -",  # R-2 organisation department only
    "personal_resignation POST":                  "- - - - + - + - - - - -",  # R-2 organisation department only
    "personal_family_create POST":                "+ - + - - + + + + + - -",  # R-3 team members, own declaration
    "familyeventdeclaration-list POST":           "+ - + - - + + + + + - -",  # R-3 team_committees (field), own
    "personal_family_written POST":               "- - - - - + - - - - - -",  # R-3 the declarer (a deputy here)
    "familyeventdeclaration-written POST":        "- - - - - + - - - - - -",  # R-3 the declarer
    "personal_family_review POST":                "- - - + - - - + - - - -",  # R-3 the discipline roles review
    "familyeventdeclaration-review POST":         "- - - + - - - + - - - -",  # R-3 the discipline roles review
    # ---- petitions (P): selectors.can_handle – petition staff, office, principal leaders, receiving leader
    "petitions_register POST":                    "- + + - - + - - - - + -",  # P-2 selectors.can_register
    "petitions_transfer POST":                    "- + + - - + - - - - + -",  # P-2 selectors.can_handle
    "petitions_extend POST":                      "- + + - - + - - - - + -",  # P-3 selectors.can_handle
    "petitions_answer POST":                      "- + + - - + - - - - + -",  # P-3 selectors.can_handle
    "petition-answer POST":                       "- + + - - + - - - - + -",  # P-3 selectors.can_handle
    # ---- notifications: one's own
    "notification_read POST":                     "- - + - - - - - - - - -",  # the recipient (the secretary)
    "notification-read POST":                     "- - + - - - - - - - - -",  # the recipient (the secretary)
    "notification_read_all POST":                 "+ + + + + + + + + + + +",  # own notifications
}
# fmt: on

#: Rows whose refusal is a message or a 409 that cites the authorisation rule, not a 403/404.
RULES = {
    "grassroots_entry_remove POST": "X-6",
    "openness_check_remove POST": "X-2",
    "interview_day_remove POST": "X-4",
    "meetings_item_approve POST": "M-N2",
    "agendaitem-approve POST": "M-N2",
    "supervision-item-urge POST": "S-2",
    **dict.fromkeys(
        [f"supervision-item-{step} POST" for step in ("feedback", "approve", "assign", "accept", "reject", "close")],
        "S-2",
    ),
    **dict.fromkeys(
        ["meetings_item_stance POST", "meetings_item_stances POST", "stance-list POST"], ("O-5", "M-D3", "M-D4")
    ),
    **dict.fromkeys(["meetings_vote_cast POST", "vote-cast POST"], ("O-5", "M-D3", "M-D4")),
    "minutes-approve POST": "M-M1",
    "supervision_decision_waive POST": "S-1",
    "writtenopinion-list POST": "O-5",
    "evaluation_take_part POST": "A-8",
    "evaluation-take-part POST": "A-8",
}

#: API rows whose refusal is a 400 on one field only: the serializer offers in it only what the
#: row's predicate allows (the committees one acts for, the meetings one manages), so another
#: committee or meeting is simply an invalid choice.
REFUSING_FIELDS = {
    "meeting-list POST": "committee",
    "agendaitem-list POST": "meeting",
    "emergency-list POST": "committee",
    "personalmatterreport-list POST": "committee",
    "familyeventdeclaration-list POST": "committee",
}

#: Bodies that reach the permission check (a form name, an action, a valid step); a callable
#: ``(world, user) -> body`` when the body names the person acting.
BODIES = {
    "supervision_case_detail POST": {"action": "sanction"},
    "meetings_decision POST": {"form": "reservation"},
    "supervision_decision_waive POST": {"reason": "已由专项工作组督办"},
    "supervision-item-urge POST": {"contact": "县农业农村局", "contacted_on": "2026-11-25", "content": "催报进度"},
    "supervision-item-feedback POST": {"content": "已完成"},
    "supervision-item-accept POST": {"opinions": "同意办结"},
    "supervision-item-reject POST": {"opinions": "补充材料", "new_deadline": "2026-12-20"},
    "supervision-item-close POST": {"closing_report": "已办结"},
    # Each states or casts their own (the office records others' too: a person in the body).
    "meetings_item_stance POST": lambda world, user: {"person": user.person.pk, "stance": "agree", "reason": "同意"},
    "meetings_item_stances POST": lambda world, user: {
        f"stance-{user.person.pk}": "agree",
        f"reason-{user.person.pk}": "同意",
        f"version-{user.person.pk}": "",
    },
    "stance-list POST": lambda world, user: {
        "item": world.objects["discussed_item"].pk,
        "person": user.person.pk,
        "stance": "agree",
        "reason": "同意",
    },
    "meetings_vote_cast POST": {"choice": "yes"},
    "vote-cast POST": {"choice": "yes"},
    "evaluation-take-part POST": {"ratings": {}},
    "democratic-life-list POST": lambda world, user: {"committee": world.home.pk, "year": 2028, "theme": "学思想"},
    "familyeventdeclaration-list POST": lambda world, user: {
        "committee": world.home.pk,
        "kind": "wedding",
        "event_at": "2026-12-20T12:00:00+08:00",
        "reason": "儿子结婚",
        "place": "家中",
        "guest_count": 30,
        "table_count": 3,
        "spending_standard": "300.00",
    },
    "vote-list POST": lambda world, user: {"item": world.objects["item_to_vote"].pk},
    "writtenopinion-list POST": lambda world, user: {
        "item": world.objects["item"].pk,
        "person": user.person.pk,
        "text": "同意",
        "position": "agree",
    },
    "meeting-list POST": lambda world, user: {
        "committee": world.home.pk,
        "kind": "standing",
        "title": "常委会会议（十二月）",
        "start_at": "2026-12-14T09:00:00+08:00",
        "end_at": "2026-12-14T12:00:00+08:00",
    },
    "agendaitem-list POST": lambda world, user: {
        "meeting": world.objects["meeting"].pk,
        "title": "关于道路维修的议题",
        "category": "important",
        "proposed_by": world.team.secretary.pk,
        "member_in_charge": world.team.members[1].pk,
    },
    "leave-request-list POST": lambda world, user: {
        "committee": world.home.pk,
        "kind": "business_trip",
        "reason": "出差",
        "destination": "成都",
        "start_date": "2026-12-07",
        "end_date": "2026-12-08",
        "contact": "13800000000",
    },
    "emergency-list POST": lambda world, user: {
        "committee": world.home.pk,
        "title": "山体滑坡",
        "kind": "natural_disaster",
        "place": "三村",
        "occurred_at": "2026-11-25T08:00:00+08:00",
        "known_at": "2026-11-25T09:00:00+08:00",
    },
    "personalmatterreport-list POST": lambda world, user: {
        "committee": world.home.pk,
        "kind": "marriage_change",
        "event_date": "2026-11-20",
        "file_now": False,
    },
}

#: Rows whose ``pk`` is another object of the world than the matrix's (``world.objects`` key): one
#: in the state where the action is possible, so that who acts is what decides.
OBJECTS = {
    "vote-cast POST": "open_vote",
    "meetings_vote_cast POST": "open_vote",
    "meetings_item_stance POST": "discussed_item",
    "meetings_item_stances POST": "discussed_item",
    "minutes-approve POST": "draft_minutes",
    "supervision-item-approve POST": "supervision_registered",
    "supervision-item-assign POST": "supervision_approved",
    "supervision-item-accept POST": "supervision_feedback",
    "supervision-item-reject POST": "supervision_feedback",
    "supervision-item-close POST": "supervision_accepted",
}

#: Endpoints that check the body or the object's state before who acts (see their comment).
NEEDS_BODY = {name for name, row in TABLE.items() if set(row.split()) == {"+"}} - {
    "meetings_minutes_verify POST",
    "meetings_feed_revoke POST",
    "notification_read_all POST",
}


def state_changing(world) -> dict[str, str]:
    """``"name METHOD"`` → URL name, for every page that accepts a POST (its matrix entry has a
    POST row that is not all 405) and every API endpoint with a writing method."""
    found = {}
    for name, route in matrix_routes().items():
        callback = resolve(url_for(route, world)).func
        actions = getattr(callback, "actions", None)
        if actions is not None:
            methods = [m for m in actions if m in WRITE_METHODS]
        elif hasattr(callback, "cls"):
            methods = [m for m in WRITE_METHODS if hasattr(callback.cls, m)]
        else:
            post = MATRIX.get(name, {}).get("POST", "")
            methods = ["post"] if post and set(post.split()) != {"405"} else []
        for method in methods:
            found[f"{name} {method.upper()}"] = name
    return found


def _writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return dict(cursor.fetchall())


def _attempt(user, method: str, url: str, body: dict, is_api: bool):
    """One request as ``user`` in a rolled-back savepoint: (status, what it said, tables written)."""
    client = client_for(user)  # a fresh client: no message left over from another request
    with transaction.atomic():
        before = _writes()
        if is_api:
            response = getattr(client, method)(url, body, content_type="application/json")
        else:
            response = client.post(url, body)
        after = _writes()
        transaction.set_rollback(True)
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    if response.get("Content-Type", "").startswith("application/json"):
        said += response.content.decode()
    written = sorted(t for t, n in after.items() if n != before.get(t, 0) and t not in IGNORED_WRITES)
    return status_of(response), said, written


def _cites(said: str, rule: str | tuple[str, ...] | None) -> bool:
    rules = (rule,) if isinstance(rule, str) else rule or ()
    return any(f"[{r}]" in said or f'"rule":"{r}"' in said for r in rules)


def _refused(key: str, status: str, said: str) -> bool:
    if status in REFUSED or _cites(said, RULES.get(key)):
        return True
    if status != "400" or key not in REFUSING_FIELDS:
        return False
    try:
        errors = json.loads(said)
    except ValueError:
        return False
    return isinstance(errors, dict) and set(errors.get("fields", {})) == {REFUSING_FIELDS[key]}


def _url(key: str, name: str, world) -> str:
    if key in OBJECTS:
        return reverse(name, kwargs={"pk": world.objects[OBJECTS[key]].pk})
    return url_for(matrix_routes()[name], world)


ROWS = sorted(TABLE)


def test_every_state_changing_url_has_a_row(world):
    missing = sorted(set(state_changing(world)) - set(TABLE))
    assert not missing, f"State-changing URLs without a row in the in-committee table: {missing}"


def test_every_row_names_a_state_changing_url(world):
    stale = sorted(set(TABLE) - set(state_changing(world)))
    assert not stale, f"Rows of the in-committee table that name no state-changing URL: {stale}"


def test_rows_have_one_cell_per_column():
    for key, row in TABLE.items():
        assert len(row.split()) == len(COLUMNS), key
        assert set(row.split()) <= {"+", "-"}, key


@pytest.mark.parametrize("key", ROWS)
def test_in_committee_actions(key, world):
    name, method = key.rsplit(" ", 1)
    url = _url(key, name, world)
    is_api = hasattr(resolve(url).func, "cls")
    users = {column: world.users.get(column) or world.insiders[column] for column in COLUMNS}
    problems = []
    for column, cell in zip(COLUMNS, TABLE[key].split(), strict=True):
        body = BODIES.get(key, {})
        if callable(body):
            body = body(world, users[column])
        status, said, written = _attempt(users[column], method.lower(), url, body, is_api)
        if status == "500":
            problems.append(f"{column}: 500")
        elif key in NEEDS_BODY:
            if written:
                problems.append(f"{column}: an empty body changed {written}")
        elif cell == "+" and _refused(key, status, said):
            problems.append(f"{column}: expected to act, refused ({status} {said[:120]})")
        elif cell == "-":
            if not _refused(key, status, said):
                problems.append(f"{column}: expected a refusal, got {status} {said[:120]}")
            if written:
                problems.append(f"{column}: refused but the database changed: {written}")
    assert not problems, f"{key} ({url}):\n" + "\n".join(problems)
