"""R-3 family-event declarations: 10 days before, funerals exempt, the oral funeral report's
written form within 10 days, the checklist of prohibited circumstances, review and visibility."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from committees.actors import system_user
from committees.models import Role
from committees.rules import RuleViolation
from reporting import deadlines
from reporting.models import DeadlineState
from reporting.personal import selectors, services
from reporting.personal.models import FamilyEventDeclaration, FamilyEventKind, ReportForm, ReviewOutcome
from tests.factories import PersonFactory
from tests.reporting.accounts import clerk
from tests.reporting.factories_personal import (
    ALL_CONFIRMED,
    MATRIX_USERS,
    SHANGHAI,
    add_all_users,
    add_user,
    build_setting,
    declaration,
    local,
)
from tests.reporting.refusals import says

pytestmark = pytest.mark.django_db

EVENT = local(2026, 11, 20, 11)


@pytest.fixture
def setting():
    return build_setting()


def test_r_3_wedding_declared_exactly_10_days_before_is_accepted(setting):
    declared = declaration(setting, at=local(2026, 11, 10, 23, 50), event_at=EVENT)
    assert declared.written_at == local(2026, 11, 10, 23, 50)
    assert not deadlines.for_subject(declared).exists()


def test_r_3_wedding_declared_9_days_before_is_refused(setting):
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, at=local(2026, 11, 11, 0, 5), event_at=EVENT)
    assert refused.value.rule_id == "R-3"
    assert "10" in str(refused.value)
    assert not FamilyEventDeclaration.objects.exists()


def test_r_3_days_are_counted_on_shanghai_dates_not_utc(setting):
    # 10 Nov 17:30 UTC is already 11 Nov in Shanghai: 9 days before a 20 Nov event.
    at = datetime.datetime(2026, 11, 10, 17, 30, tzinfo=datetime.UTC)
    assert at.astimezone(SHANGHAI).date() == datetime.date(2026, 11, 11)
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, at=at, event_at=EVENT)
    assert refused.value.rule_id == "R-3"
    assert says(refused.value, services.MSG_DECLARE_EARLIER)


@pytest.mark.parametrize(
    "kind",
    [
        FamilyEventKind.BIRTH,
        FamilyEventKind.BIRTHDAY,
        FamilyEventKind.HOUSEWARMING,
        FamilyEventKind.PROMOTION,
        FamilyEventKind.SCHOOL,
        FamilyEventKind.OTHER,
    ],
)
def test_r_3_other_events_also_need_10_days(setting, kind):
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, kind=kind, at=local(2026, 11, 11, 9), event_at=EVENT)
    assert refused.value.rule_id == "R-3"
    assert says(refused.value, services.MSG_DECLARE_EARLIER)
    assert declaration(setting, kind=kind, at=local(2026, 11, 10, 9), event_at=EVENT).pk


def test_r_3_days_before_come_from_the_rule_set(setting):
    from committees import services as committee_services
    from committees.models import RuleSet

    committee_services.publish_rule_set_version(
        RuleSet.objects.get(is_default=True), family_event_days_before=5, acting_user=system_user()
    )
    declared = declaration(setting, at=local(2026, 11, 15, 9), event_at=EVENT)
    assert declared.rule_set_version.family_event_days_before == 5


def test_r_3_funeral_is_exempt_from_the_10_days(setting):
    declared = declaration(setting, kind=FamilyEventKind.FUNERAL, at=local(2026, 11, 19, 20), event_at=EVENT)
    assert declared.pk


def test_r_3_funeral_is_reported_before_it_takes_place(setting):
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, kind=FamilyEventKind.FUNERAL, at=local(2026, 11, 20, 12), event_at=EVENT)
    assert refused.value.rule_id == "R-3"


def test_r_3_only_a_funeral_may_be_reported_orally(setting):
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, report_form=ReportForm.ORAL, at=local(2026, 11, 1), event_at=EVENT)
    assert refused.value.rule_id == "R-3"
    assert says(refused.value, services.MSG_ORAL_ONLY_FUNERAL)


def oral_funeral(setting, **overrides):
    values = {
        "kind": FamilyEventKind.FUNERAL,
        "report_form": ReportForm.ORAL,
        "at": local(2026, 11, 19, 8),
        "event_at": EVENT,
        "guest_count": None,
        "table_count": None,
        "spending_standard": None,
        "confirmations": {},
    }
    values.update(overrides)
    return declaration(setting, **values)


def test_r_3_oral_funeral_report_creates_a_10_day_deadline_for_the_written_form(setting):
    oral = oral_funeral(setting)
    assert oral.awaits_written_form
    (deadline,) = deadlines.for_subject(oral)
    assert deadline.rule_id == "R-3"
    assert deadline.owner == setting.cadre
    assert deadline.is_private  # not every member of the committee sees declarations
    assert deadline.due_at == local(2026, 11, 30, 23, 59).replace(second=59, microsecond=999999)


def test_r_3_written_form_on_the_10th_day_meets_the_deadline(setting):
    oral = oral_funeral(setting)
    services.file_written_form(
        oral,
        reason="父亲去世",
        place="桃源镇殡仪馆",
        guest_count=50,
        table_count=5,
        spending_standard=500,
        confirmations=ALL_CONFIRMED,
        at=local(2026, 11, 30, 22),
        acting_user=clerk(),
    )
    (deadline,) = deadlines.for_subject(oral)
    assert deadline.state == DeadlineState.MET
    oral.refresh_from_db()
    assert oral.written_at == local(2026, 11, 30, 22) and not oral.awaits_written_form


def test_r_3_written_form_needs_the_checklist_too(setting):
    oral = oral_funeral(setting)
    with pytest.raises(RuleViolation) as refused:
        services.file_written_form(
            oral,
            reason="父亲去世",
            place="殡仪馆",
            guest_count=50,
            table_count=5,
            spending_standard=500,
            confirmations={**ALL_CONFIRMED, "confirms_no_public_resources": False},
            acting_user=clerk(),
        )
    assert refused.value.rule_id == "R-3"
    assert says(refused.value, services.MSG_CONFIRM_PROHIBITIONS)
    (deadline,) = deadlines.for_subject(oral)
    assert deadline.is_active


def test_r_3_written_funeral_report_has_no_deadline(setting):
    written = declaration(setting, kind=FamilyEventKind.FUNERAL, at=local(2026, 11, 19), event_at=EVENT)
    assert not deadlines.for_subject(written).exists()


@pytest.mark.parametrize("missing", list(ALL_CONFIRMED)[:9])
def test_r_3_every_prohibited_circumstance_must_be_confirmed(setting, missing):
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, confirmations={**ALL_CONFIRMED, missing: False})
    assert refused.value.rule_id == "R-3"
    assert not FamilyEventDeclaration.objects.exists()


def test_r_3_relatives_only_is_required_for_a_birthday_banquet_not_a_wedding(setting):
    without = {**ALL_CONFIRMED, "confirms_relatives_only": False}
    with pytest.raises(RuleViolation) as refused:
        declaration(setting, kind=FamilyEventKind.BIRTHDAY, confirmations=without)
    assert refused.value.rule_id == "R-3"
    assert says(refused.value, services.MSG_CONFIRM_PROHIBITIONS)
    assert declaration(setting, kind=FamilyEventKind.WEDDING, confirmations=without).pk


def test_r_3_the_database_refuses_an_unconfirmed_written_declaration(setting):
    from django.db import IntegrityError, transaction

    declared = declaration(setting)
    declared.confirms_no_motorcade = False
    with pytest.raises(IntegrityError), transaction.atomic():
        declared.save()


def test_r_3_written_declaration_needs_guests_tables_and_standard(setting):
    with pytest.raises(ValidationError) as error:
        declaration(setting, guest_count=None, spending_standard=None)
    assert says(error.value, services.MSG_STATE_GUESTS)
    assert set(error.value.message_dict) == {"guest_count", "spending_standard"}


def test_r_3_only_team_members_declare(setting):
    with pytest.raises(ValidationError) as refused:
        declaration(setting, declarer=PersonFactory())
    assert says(refused.value, services.MSG_NOT_ON_TEAM)


# --------------------------------------------------------------------------- review


@pytest.fixture
def declared(setting):
    return declaration(setting)


@pytest.mark.parametrize("label", ["town_discipline_inspector", "county_discipline_secretary"])
def test_r_3_discipline_commission_of_the_committee_or_parent_reviews(setting, declared, label):
    reviewer = add_user(setting, label)
    assert selectors.reviews_declarations(reviewer, setting.town)
    services.review_declaration(declared, acting_user=reviewer, outcome=ReviewOutcome.COMPLIANT, at=local(2026, 11, 2))
    declared.refresh_from_db()
    assert declared.review_outcome == "compliant" and declared.reviewed_by == reviewer


@pytest.mark.parametrize(
    "label", ["town_secretary", "town_org_staff", "sibling_town_org_staff", "other_county_discipline"]
)
def test_r_3_others_do_not_review(setting, label):
    assert not selectors.reviews_declarations(add_user(setting, label), setting.town)


def test_r_3_a_critical_review_needs_a_note(setting, declared):
    reviewer = add_user(setting, "town_discipline_secretary")
    with pytest.raises(ValidationError) as refused:
        services.review_declaration(declared, acting_user=reviewer, outcome=ReviewOutcome.VIOLATION, note="")
    assert says(refused.value, services.MSG_EXPLAIN_OUTCOME)


def test_r_3_nobody_reviews_their_own_declaration(setting):
    from tests.factories import RoleFactory

    RoleFactory(person=setting.cadre, committee=setting.town, role=Role.DISCIPLINE_SECRETARY)
    own = declaration(setting)
    with pytest.raises(ValidationError) as refused:
        services.review_declaration(own, acting_user=setting.cadre_user, outcome=ReviewOutcome.COMPLIANT)
    assert says(refused.value, services.MSG_OWN_DECLARATION)


# --------------------------------------------------------------------------- visibility

SEES = {
    "declarer",
    "town_discipline_secretary",
    "town_discipline_inspector",
    "county_discipline_secretary",
    "county_discipline_inspector",
    "town_secretary",
    "superuser",
}
MATRIX = [(label, 200 if label in SEES else 404) for label in ["declarer", *MATRIX_USERS, "superuser", "no_role"]]


@pytest.fixture
def everyone(setting):
    with time_machine.travel(local(2026, 11, 1, 9), tick=False):
        add_all_users(setting)
        setting.users["declarer"] = setting.cadre_user
        yield setting


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_3_visibility_page(client, everyone, label, status):
    declared = declaration(everyone)
    client.force_login(everyone.users[label])
    assert client.get(f"/personal/family/{declared.pk}/").status_code == status


@pytest.mark.parametrize(("label", "status"), MATRIX)
def test_r_3_visibility_api(client, everyone, label, status):
    declared = declaration(everyone)
    client.force_login(everyone.users[label])
    assert client.get(f"/api/family-events/{declared.pk}/").status_code == status
    ids = {row["id"] for row in client.get("/api/family-events/").json()["results"]}
    assert (declared.pk in ids) == (status == 200)


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("town_discipline_inspector", 302),
        ("county_discipline_secretary", 302),
        ("town_secretary", 403),
        ("declarer", 403),
        ("town_org_staff", 404),
    ],
)
def test_r_3_review_page_action(client, everyone, label, status):
    declared = declaration(everyone)
    client.force_login(everyone.users[label])
    response = client.post(f"/personal/family/{declared.pk}/review/", {"outcome": "compliant", "note": ""})
    assert response.status_code == status
    declared.refresh_from_db()
    assert (declared.review_outcome == "compliant") == (status == 302)
