"""The permission matrix: for every named URL, the expected status per role, as data.

Columns (``COLUMNS``; who logs in is built in ``world.py``):

    anon        not logged in
    superuser   ``admin`` (is_superuser, no person)
    member      an ordinary member (委员) of the home committee A (桃源镇党委), not the author of
                the demo's personal-matter report and leave requests
    office      party-office staff (党委办公室) of A
    secretary   the secretary / principal leader (书记) of A
    inspector   a discipline inspector (纪检监察干部) of A
    orgstaff    organisation-department staff (组织部干部) of A
    parent_org  organisation-department staff of A's parent (临江区委), who oversees A
    x_member … x_orgstaff
                the same roles held on ANOTHER committee B (柳溪镇党委, a town of another county)

Every object the URL points at belongs to A (``routes.PK_OBJECTS`` says which object a ``pk`` is).
So the ``x_…`` columns are "an object of another committee"; the others "an object of the
user's own committee" (or of the committee the parent's organisation department oversees).

Cells: ``200``, ``302`` (a redirect that is not to the login page, e.g. after a POST or a
refusal shown as a message), ``login`` (redirect to the login page), ``400``, ``401``, ``403``,
``404``, ``405``, ``409``. ``GET`` is always checked; ``POST`` (an empty body) is checked when
the entry has it – give it to every view that accepts POST.

Adding a URL (another helper adds ``supervision_evaluation_detail``…):
1. run ``pytest tests/security/test_permission_matrix.py -k <url name>``: the test of a URL
   without an entry fails and prints the observed row, ready to paste here;
2. check every cell against the view: an ``x_…`` column that shows ``200`` on an object URL is
   a leak – fix the selector, do not paste it;
3. if the URL has a kwarg other than ``pk`` / ``committee_pk`` / ``year`` …, teach
   ``routes.url_kwargs`` its value; if its ``pk`` is a new kind of object, add the object to
   ``world.py`` and its URL-name prefix to ``routes.PK_OBJECTS``.
A test fails when a URL has no entry and when an entry names a URL that no longer exists.
"""

COLUMNS = (
    "anon",
    "superuser",
    "member",
    "office",
    "secretary",
    "inspector",
    "orgstaff",
    "parent_org",
    "x_member",
    "x_office",
    "x_secretary",
    "x_inspector",
    "x_orgstaff",
)

# fmt: off
#                 anon  super member office secr  insp  org   p_org x_mem x_off x_sec x_ins x_org
MATRIX = {
    "accountability-case-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "accountability-case-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "accountability-case-sanction": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   403   400   400   400   403   403   404   404   404   404   404",
    },
    "admonishment-talk-detail": {
        "GET": "403   200   200   404   404   200   200   200   404   404   404   404   404",
    },
    "admonishment-talk-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "admonishment-talk-outcome": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   404   404   400   400   400   404   404   404   404   404",
    },
    "agendaitem-approve": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   409   409   409   400   409   409   409   404   404   404   404   404",
    },
    "agendaitem-close": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "agendaitem-defer": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "agendaitem-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "agendaitem-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "agendaitem-take-up": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "annual-report-detail": {
        "GET": "403   200   200   404   404   200   200   200   404   404   404   404   404",
    },
    "annual-report-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "annual-report-submit": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   404   404   409   409   409   404   404   404   404   404",
    },
    "api-root": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "assign_role": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "attendance-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "attendance-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "attendance-record": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "calendar": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "calendar_year": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "committee-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "committee-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "committee_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "committee_history": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "committee_tree": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "deadline-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "deadline-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "deadline_dashboard": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "decision-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "decision-invalidate": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   403   400   400   403   403   400   404   404   404   404   404",
    },
    "decision-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "decision-publish": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "decision-reservation": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        # M-V8: only a member present at the meeting of the decision (the secretary here).
        "POST": "403   403   403   403   400   403   403   403   404   404   404   404   404",
    },
    "democratic-life-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "democratic-life-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "democratic-life-materials": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   400   400   400   400   400   400   404   404   404   404   404",
    },
    "democratic-life-measure-complete": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-measure-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "democratic-life-measure-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "democratic-life-measures": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-opinions": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-plan": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "democratic-life-postpone": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-postponement-decide": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   403   403   403   403   403   403   404   404   404   404   404",
    },
    "democratic-life-postponement-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "democratic-life-postponement-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "democratic-life-report": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-schedule": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "democratic-life-talks": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   400   400   400   400   400   400   404   404   404   404   404",
    },
    "democratic_life_create": {
        "GET": "login 200   403   200   200   403   200   200   403   200   200   403   403",
    },
    "democratic_life_decide": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   404   404   404   404   404   404   404   404   404   404",
    },
    "democratic_life_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "democratic_life_report_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "democratic_life_discipline_copy": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_inbox": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "democratic_life_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "democratic_life_material": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "democratic_life_material_file": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "democratic_life_measure": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_measure_complete": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_opinion": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_plan": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_postpone": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_report": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_report_link": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_schedule": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "democratic_life_talk": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   403   403   302   404   404   404   404   404",
    },
    "emergencies_attachment": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "emergencies_countdown": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "emergencies_create": {
        "GET": "login 200   403   200   200   403   403   403   403   200   200   403   403",
        "POST": "login 200   403   200   200   403   403   403   403   200   200   403   403",
    },
    "emergencies_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "emergencies_follow_up": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "emergencies_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "emergencies_report": {
        "GET": "login 302   403   302   302   403   403   403   404   404   404   404   404",
        "POST": "login 302   403   302   302   403   403   403   404   404   404   404   404",
    },
    "emergency-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "emergency-follow-ups": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   403   404   404   404   404   404",
    },
    "emergency-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "emergency-report": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   403   404   404   404   404   404",
    },
    "end_role": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "evaluation-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "evaluation-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "evaluation-take-part": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "evaluation_close": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   403   403   302   302   302   404   404   404   404   404",
    },
    "evaluation_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "evaluation_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "evaluation_open": {
        "GET": "login 200   404   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 400   404   404   404   400   400   400   404   404   404   404   404",
    },
    "evaluation_report_detail": {
        "GET": "login 200   200   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 403   400   404   404   403   403   403   404   404   404   404   404",
    },
    "evaluation_reports": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "evaluation_reports_require": {
        "GET": "login 200   404   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 400   404   404   404   400   400   400   404   404   404   404   404",
    },
    "evaluation_subject_action": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   403   403   302   302   302   404   404   404   404   404",
    },
    "evaluation_take_part": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   302   302   302   302   302   400   404   404   404   404   404",
    },
    "evaluation_talk_detail": {
        "GET": "login 200   200   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 400   403   404   404   400   400   400   404   404   404   404   404",
    },
    "evaluation_talk_new": {
        "GET": "login 200   404   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 400   404   404   404   400   400   400   404   404   404   404   404",
    },
    "evaluation_talks": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "evaluation_town_assessment": {
        "GET": "login 200   404   404   404   200   200   200   404   404   404   404   404",
        "POST": "login 400   404   404   404   400   400   400   404   404   404   404   404",
    },
    "familyeventdeclaration-detail": {
        "GET": "403   200   404   404   200   200   404   404   404   404   404   404   404",
    },
    "familyeventdeclaration-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   403   400   400   400   400   400   400   400   400   400   400   400",
    },
    "familyeventdeclaration-review": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   404   404   403   400   404   404   404   404   404   404   404",
    },
    "familyeventdeclaration-written": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   404   404   403   403   404   404   404   404   404   404   404",
    },
    "healthz": {
        "GET": "200   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "home": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "search": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "inspection-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "inspection-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "leave-request-detail": {
        "GET": "403   200   404   200   200   404   404   200   404   404   404   404   404",
    },
    "leave-request-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "leave-step-decide": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        # L-3: services.can_decide (the approver of the step) before the body is read, as on the page.
        "POST": "403   403   404   403   400   404   404   403   404   404   404   404   404",
    },
    "leave-step-detail": {
        "GET": "403   200   404   200   200   404   404   200   404   404   404   404   404",
    },
    "leave-step-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "leave_calendar": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "leave_create": {
        "GET": "login 403   200   403   200   403   403   403   200   403   200   403   403",
        "POST": "login 403   200   403   200   403   403   403   200   403   200   403   403",
    },
    "leave_decide": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   403   400   404   404   403   404   404   404   404   404",
    },
    "leave_detail": {
        "GET": "login 200   404   200   200   404   404   200   404   404   404   404   404",
    },
    "leave_edit": {
        "GET": "login 403   404   403   403   404   404   403   404   404   404   404   404",
        "POST": "login 403   404   403   403   404   404   403   404   404   404   404   404",
    },
    "leave_filing": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "leave_inbox": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "leave_mine": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "leave_pdf": {
        "GET": "login 200   404   200   200   404   404   200   404   404   404   404   404",
    },
    "leave_presence": {
        "GET": "login 200   404   200   200   404   404   200   404   404   404   404   404",
        "POST": "login 200   404   200   200   404   404   200   404   404   404   404   404",
    },
    "leave_report_back": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   403   403   404   404   403   404   404   404   404   404",
    },
    "leave_summary": {
        "GET": "login 200   404   200   200   404   404   200   404   404   404   404   404",
        "POST": "login 403   404   302   302   404   404   302   404   404   404   404   404",
    },
    "leave_withdraw": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   403   403   404   404   403   404   404   404   404   404",
    },
    "letter-inquiry-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "letter-inquiry-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meeting-close": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "meeting-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meeting-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "meeting-notify-amendments": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "meeting-open": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "meeting-send-notice": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "meetings_acknowledge": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 404   302   404   404   404   404   404   404   404   404   404   404",
    },
    "meetings_add_observer": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_agenda": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_archive": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_attachment": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_attendance": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 404   403   404   404   403   403   404   404   404   404   404   404",
    },
    "meetings_cadence": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_calendar": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_close": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_create": {
        "GET": "login 200   403   200   200   403   200   200   403   200   200   403   403",
        "POST": "login 200   403   200   200   403   200   200   403   200   200   403   403",
    },
    "meetings_decision": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 403   403   403   403   403   403   403   404   404   404   404   404",
    },
    "meetings_decisions": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_console_version": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_edit": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_emergency_create": {
        "GET": "login 200   403   200   200   403   200   200   403   200   200   403   403",
        "POST": "login 200   403   200   200   403   200   200   403   200   200   403   403",
    },
    "meetings_emergency_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_emergency_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_feed": {
        "GET": "200   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_feed_revoke": {  # one's own feed: every person may, a login without a person has none
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 404   302   302   302   302   302   302   302   302   302   302   302",
    },
    "meetings_ics": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_item": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 403   403   403   403   403   403   403   404   404   404   404   404",
    },
    "meetings_item_approve": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "meetings_item_close": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_consensus": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_defer": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_move": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_recuse": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_item_schedule": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_stance": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "meetings_item_stances": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "meetings_item_take_up": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_item_withdraw": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_minutes": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 403   403   403   403   403   403   403   404   404   404   404   404",
    },
    "meetings_minutes_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_minutes_pdf": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_minutes_docx": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_minutes_verify": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_my_ics": {
        "GET": "login 404   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_my_notices": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_notice": {
        "GET": "login 200   403   200   200   403   403   200   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   200   404   404   404   404   404",
    },
    "meetings_notify_amendments": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_open": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_opinion_file": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_projector": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "405   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "meetings_public_decisions": {
        "GET": "200   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "meetings_vote": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "meetings_vote_ballots": {  # the named-ballot grid: those who run the meeting (the vote is closed: a message)
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_vote_cast": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "meetings_vote_close": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "meetings_vote_open": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   403   302   302   403   403   302   404   404   404   404   404",
    },
    "minutes-approve": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "minutes-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "minutes-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "minutes-pdf": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "notification-detail": {
        "GET": "403   404   404   404   200   404   404   404   404   404   404   404   404",
    },
    "notification-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "notification-read": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   404   404   404   200   404   404   404   404   404   404   404   404",
    },
    "todo": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "todo_done": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "notification_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "notification_read": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 404   404   404   302   404   404   404   404   404   404   404   404",
    },
    "notification_read_all": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   302   302   302   302   302",
    },
    "periodic-report-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "grassroots-entry-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "grassroots-entry-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "grassroots-floor-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "grassroots-floor-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    # the committee's board is seen by whoever sees the committee; only its office and its
    # organisation department record for a member (the parent's department oversees, it does not record).
    "grassroots_committee": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 400   403   400   403   403   400   403   404   404   404   404   404",
    },
    "grassroots_committee_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    # A refusal comes back as a message on the page (302); who may remove: test_in_committee_actions.
    "grassroots_entry_remove": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    # One's own year: a person records only for themselves (the superuser is no person: 403).
    "grassroots_mine": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 403   400   400   400   400   400   400   400   400   400   400   400",
    },
    # openness checks – seen with the unit or the assessing committee; recorded on the board
    # by the assessing committee's office and organisation department only (the parent's
    # department oversees, it does not record). The API is read-only.
    "openness-check-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "openness-check-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "openness_check": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    # A refusal comes back as a message on the page (302); who may remove: test_in_committee_actions.
    "openness_check_remove": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "openness_committee": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 400   403   400   403   403   400   403   404   404   404   404   404",
    },
    "openness_committee_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "openness_index": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    # reception days are a timetable for whoever sees the committee; the office sets them.
    "interview-day-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "interview-day-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    # X-4 (四.4, 保密): a request is seen by the cadre (the office staff here), the leader (the
    # secretary) and the committee's own organisation department – not by other members, the
    # discipline inspector or the parent's organisation department.
    "interview-request-detail": {
        "GET": "403   200   404   200   200   404   200   404   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "interview-request-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "interview_detail": {
        "GET": "login 200   404   200   200   404   200   404   404   404   404   404   404",
    },
    # The leader's actions (here: schedule): the cadre and the organisation department see the
    # request but may not act as the leader (403).
    "interview_act": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 400   404   403   400   404   403   404   404   404   404   404   404",
    },
    "interview_card_document": {
        "GET": "login 200   404   200   200   404   200   404   404   404   404   404   404",
    },
    # The leader records the reply; the cadre (the office staff here) and the organisation
    # department only read.
    "interview_card_reply": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 400   404   403   400   404   403   404   404   404   404   404   404",
    },
    # A refusal comes back as a message on the page (302); who may remove: test_in_committee_actions.
    "interview_day_remove": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    # One's own requests; a person asks (the superuser is no person: 403).
    "interviews_mine": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 403   400   400   400   400   400   400   400   400   400   400   400",
    },
    "interviews_committee": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 400   403   400   403   403   403   403   404   404   404   404   404",
    },
    # public opinion – seen with the receiving committee or the source unit; each step by
    # whoever its predicate allows (here: the party office analyses).
    "opinion-entry-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "opinion-entry-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "opinion_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "opinion_step": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 400   403   400   403   403   403   403   404   404   404   404   404",
    },
    "opinions_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    # The source is chosen among one's own units (an empty body: the form's error, for everyone).
    "opinions_new": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "opinions_summary": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "opinions_summary_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    # M-C4: delegates' proposals are seen with the committee; the principal leaders and the office
    # decide (here: accept); a delegate submits (the form's choices are their own congresses).
    "proposal-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "proposal-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "proposal_act": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 400   403   400   400   403   403   403   404   404   404   404   404",
    },
    "proposal_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "proposals_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "proposals_new": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "proposals_report": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "proposals_report_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    # a talk's record for its two parties (the secretary led it; the world's "member" is not
    # the one talked with) and the organisation department; the plan for the organisation
    # department and the principal leader; the plan kept by the organisation department.
    "talk_detail": {
        "GET": "login 200   404   404   200   404   200   404   404   404   404   404   404",
    },
    "talks_committee": {
        "GET": "login 200   403   403   200   403   200   403   404   404   404   404   404",
    },
    "talks_committee_act": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 400   403   403   403   403   400   403   404   404   404   404   404",
    },
    # One's own talks (the superuser is no person: 403).
    "talks_mine": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 403   400   400   400   400   400   400   400   400   400   400   400",
    },
    # one's own log (the superuser is no person: 403).
    "worklog_mine": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "login 403   400   400   400   400   400   400   400   400   400   400   400",
    },
    "worklog_week_document": {
        "GET": "login 200   404   200   200   404   200   404   404   404   404   404   404",
    },
    # the team's week for its principal leader, office and organisation department.
    "worklog_week": {
        "GET": "login 200   404   200   200   404   200   404   404   404   404   404   404",
    },
    # one's own logs, and the week of the committees one boards (secretary, office, organisation).
    "work-log-detail": {
        "GET": "403   200   404   200   200   404   200   404   404   404   404   404   404",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "work-log-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "periodic-report-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "periodic-report-submit": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   403   404   404   404   404   404",
    },
    "periodic_attachment": {
        "GET": "login 404   404   404   404   404   404   404   404   404   404   404   404",
    },
    "periodic_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "periodic_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "periodic_received": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "periodic_roster": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "periodic_submit": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "person-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "person-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "person_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "personal_family_create": {
        "GET": "login 403   200   403   200   403   403   403   200   403   200   403   403",
        "POST": "login 403   200   403   200   403   403   403   200   403   200   403   403",
    },
    "personal_family_detail": {
        "GET": "login 200   404   404   200   200   404   404   404   404   404   404   404",
    },
    "personal_family_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "personal_family_review": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 200   404   404   403   200   404   404   404   404   404   404   404",
    },
    "personal_family_written": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   404   403   403   404   404   404   404   404   404   404",
    },
    "personal_inbox": {
        "GET": "login 200   403   403   403   403   200   200   403   403   403   403   200",
    },
    "personal_report_create": {
        "GET": "login 403   200   403   200   403   403   403   200   403   200   403   403",
        "POST": "login 403   200   403   200   403   403   403   200   403   200   403   403",
    },
    "personal_report_detail": {
        "GET": "login 200   404   404   404   404   200   200   404   404   404   404   404",
    },
    "personal_report_file": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   404   404   404   403   403   404   404   404   404   404",
    },
    "personal_report_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "personal_report_mark": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   404   404   404   404   302   302   404   404   404   404   404",
    },
    # The world's report is not replied to: nothing to print, for anyone (who may print a reply:
    # tests/reporting/test_personal_pages.py::test_r_2_the_reply_prints_for_the_cadre_and_the_department_only).
    "personal_report_reply_document": {
        "GET": "login 404   404   404   404   404   404   404   404   404   404   404   404",
    },
    "personal_report_reply": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 200   404   404   404   404   200   200   404   404   404   404   404",
    },
    "personal_report_reply_outcome": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 200   404   404   404   404   200   200   404   404   404   404   404",
    },
    "personal_report_respond": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   404   404   404   404   403   403   404   404   404   404   404",
    },
    "personal_resignation": {
        "GET": "login 200   403   403   403   403   200   200   403   403   403   403   200",
        "POST": "login 200   403   403   403   403   200   200   403   403   403   403   200",
    },
    "personalmatterreport-detail": {
        "GET": "403   200   404   404   404   404   200   200   404   404   404   404   404",
    },
    "personalmatterreport-file": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   404   404   404   404   403   403   404   404   404   404   404",
    },
    "personalmatterreport-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   403   400   400   400   400   400   400   400   400   400   400   400",
    },
    "personalmatterreport-mark": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   200   404   404   404   404   200   200   404   404   404   404   404",
    },
    "personalmatterreport-reply": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   404   404   404   404   400   400   404   404   404   404   404",
    },
    "personalmatterreport-reply-outcome": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   404   404   404   404   400   400   404   404   404   404   404",
    },
    "personalmatterreport-respond": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   404   404   404   404   403   403   404   404   404   404   404",
    },
    "petition-answer": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   403   404   404   404   404   404",
    },
    "petition-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "petition-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "petitions_answer": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "petitions_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "petitions_extend": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "petitions_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "petitions_register": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "petitions_register_pick": {
        "GET": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "petitions_report": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "petitions_report_xlsx": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "petitions_report_document": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "petitions_transfer": {
        "GET": "login 200   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   403   403   403   404   404   404   404   404",
    },
    "portfolio-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "portfolio-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "roleassignment-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "roleassignment-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "rule_set_detail": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "rule_set_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "ruleset-detail": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "ruleset-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "site-search-list": {
        "GET": "403   400   400   400   400   400   400   400   400   400   400   400   400",
        "POST": "403   405   405   405   405   405   405   405   405   405   405   405   405",
    },
    "stance-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "stance-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "supervision-item-accept": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   409   409   409   409   409   409   404   404   404   404   404",
    },
    "supervision-item-approve": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   409   409   409   409   409   409   404   404   404   404   404",
    },
    "supervision-item-assign": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   409   409   409   409   409   409   404   404   404   404   404",
    },
    "supervision-item-close": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "supervision-item-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "supervision-item-feedback": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "supervision-item-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision-item-reject": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   409   409   409   409   409   409   404   404   404   404   404",
    },
    "supervision-item-urge": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "supervision_action": {
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 403   400   400   400   400   400   400   404   404   404   404   404",
    },
    "supervision_award_eligibility": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_board": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_case_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
        "POST": "login 403   403   404   404   404   403   403   404   404   404   404   404",
    },
    "supervision_case_decision": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "supervision_case_open": {
        "GET": "login 403   403   200   200   200   403   403   404   404   404   404   404",
        "POST": "login 403   403   400   400   400   403   403   404   404   404   404   404",
    },
    "supervision_cases": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_decision_waive": {
        # S-1: a POST from the decision's page; whoever sees the decision is sent back to it (the
        # refusal, citing S-1, is a message; an empty reason is refused too).
        "GET": "login 405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "login 302   302   302   302   302   302   302   404   404   404   404   404",
    },
    "supervision_detail": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "supervision_inquiries": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_inquiry_reply": {
        "GET": "login 403   403   200   200   200   403   403   404   404   404   404   404",
        "POST": "login 403   403   400   400   400   403   403   404   404   404   404   404",
    },
    "supervision_inspection_rectification": {
        # S-3: the inspected unit (here A itself): its office and principal leaders, not the inspector.
        "GET": "login 403   403   200   200   403   403   403   404   404   404   404   404",
        "POST": "login 403   403   200   200   403   403   403   404   404   404   404   404",
    },
    "supervision_inspection_register": {
        "GET": "login 200   403   200   200   200   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   200   403   403   404   404   404   404   404",
    },
    "supervision_inspections": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_list": {
        "GET": "login 200   200   200   200   200   200   200   200   200   200   200   200",
    },
    "supervision_print": {
        "GET": "login 200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "supervision_register": {
        "GET": "login 200   403   200   200   200   403   403   404   404   404   404   404",
        "POST": "login 200   403   200   200   200   403   403   404   404   404   404   404",
    },
    "vote-cast": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   400   400   400   400   400   400   404   404   404   404   404",
    },
    "vote-close": {
        "GET": "403   405   405   405   405   405   405   405   405   405   405   405   405",
        "POST": "403   400   403   400   400   403   403   400   404   404   404   404   404",
    },
    "vote-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "vote-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
    "writtenopinion-detail": {
        "GET": "403   200   200   200   200   200   200   200   404   404   404   404   404",
    },
    "writtenopinion-list": {
        "GET": "403   200   200   200   200   200   200   200   200   200   200   200   200",
        "POST": "403   400   400   400   400   400   400   400   400   400   400   400   400",
    },
}
# fmt: on
