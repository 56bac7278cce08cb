"""Rule sets: versioned numbers, inheritance down the tree, the table page."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from committees import services
from committees.actors import system_user
from committees.models import RuleSet, RuleSetVersion
from committees.selectors import current_rules, effective_rule_set
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def default_rules():
    return RuleSet.objects.get(is_default=True)


def test_default_rule_set_carries_the_rulebook_defaults():
    version = default_rules().current_version
    assert version.number == 1
    assert version.fraction("standing_quorum") == (Fraction(1, 2), True)  # M-Q1 more than half
    assert version.fraction("personnel_quorum") == (Fraction(2, 3), False)  # M-Q2 two-thirds or more
    assert version.fraction("pass_threshold") == (Fraction(1, 2), True)  # M-V4
    assert version.fraction("evaluation_flag") == (Fraction(1, 3), True)  # A-8 (001: more than 1/3)
    assert version.notice_working_days == 1  # M-N1
    assert version.five_person_min_present == 4  # M-Q5
    assert version.close_vote_margin == 1  # M-V5
    assert (version.leave_principal_max_days, version.leave_filing_max_days) == (3, 7)  # L-3
    assert version.emergency_report_minutes == 120
    assert version.personal_matter_days == 30
    assert version.family_event_days_before == 10
    assert (version.petition_answer_days, version.petition_extension_days) == (60, 30)  # P-3
    assert version.petition_representatives_max == 5  # P-5
    assert version.rectification_report_days == 7  # S-3
    assert version.town_days_present_per_month == 22  # L-9


def test_every_rule_parameter_names_a_rule_id_of_the_rulebook():
    from committees.articles import ARTICLES

    fields = RuleSetVersion.rule_fields()
    assert len(fields) > 40
    for field in fields:
        assert field.rule_id in ARTICLES, field.name


def test_editing_creates_a_new_version_and_keeps_the_old_one():
    rule_set = default_rules()
    first = rule_set.current_version
    second = services.publish_rule_set_version(
        rule_set, note="本地规定", personal_matter_days=20, acting_user=system_user()
    )
    first.refresh_from_db()
    assert second.number == 2
    assert second.personal_matter_days == 20
    assert first.personal_matter_days == 30
    # Unchanged values are carried over from the latest version.
    assert second.notice_working_days == first.notice_working_days
    assert rule_set.current_version == second


def test_version_numbers_are_unique_per_rule_set():
    rule_set = default_rules()
    with pytest.raises(IntegrityError):
        RuleSetVersion.objects.create(rule_set=rule_set, number=1)


def test_fraction_must_be_proper():
    with pytest.raises(ValidationError) as refused:
        services.publish_rule_set_version(
            default_rules(), pass_threshold_numerator=3, pass_threshold_denominator=2, acting_user=system_user()
        )
    assert "pass_threshold_is_proper_fraction" in str(refused.value)


def test_a_8_per_rule_set_one_third_or_more():
    # rule: A-8 – 002 §27 counts "one-third or more"; a rule set may choose ≥ instead of >.
    rule_set = services.create_rule_set(name="乡镇规则", evaluation_flag_strict=False, acting_user=system_user())
    assert rule_set.current_version.fraction("evaluation_flag") == (Fraction(1, 3), False)


def test_child_committee_inherits_parent_rule_set_unless_it_has_its_own():
    own = services.create_rule_set(name="市级规则", acting_user=system_user())
    city = CommitteeFactory(rule_set=own)
    county = CommitteeFactory(parent=city)
    town = CommitteeFactory(parent=county)
    assert effective_rule_set(town) == own
    local = services.create_rule_set(name="县级规则", acting_user=system_user())
    county.rule_set = local
    county.save()
    assert effective_rule_set(town) == local
    assert effective_rule_set(city) == own


def test_committee_without_any_rule_set_uses_the_default():
    assert effective_rule_set(CommitteeFactory()) == default_rules()
    assert current_rules(CommitteeFactory()) == default_rules().current_version


def test_current_rules_follow_the_newest_version():
    committee = CommitteeFactory()
    new = services.publish_rule_set_version(default_rules(), petition_answer_days=45, acting_user=system_user())
    assert current_rules(committee) == new


def test_rule_set_page_shows_rule_ids_article_and_values(client):
    client.force_login(UserFactory())
    rule_set = default_rules()
    services.publish_rule_set_version(rule_set, personal_matter_days=20, acting_user=system_user())
    response = client.get(f"/rules/{rule_set.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "M-V4" in page and "应到会成员人数的半数" in page
    row = next(r for r in response.context["rows"] if r["rule_id"] == "R-2")
    assert row["value"] == 20
    old = client.get(f"/rules/{rule_set.pk}/?version=1")
    assert next(r for r in old.context["rows"] if r["rule_id"] == "R-2")["value"] == 30


def test_admin_edit_of_a_version_publishes_a_new_one(admin_client):
    version = default_rules().current_version
    url = f"/admin/committees/rulesetversion/{version.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items() if v is not None}
    data["petition_answer_days"] = 50
    data["note"] = "调整信访时限"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version.refresh_from_db()
    assert version.petition_answer_days == 60
    newest = default_rules().current_version
    assert (newest.number, newest.petition_answer_days) == (2, 50)
