"""The project describes its own rules: docs/RULES.md and the rule set's name come from the code,
never from a file outside the clone."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from committees.articles import ARTICLES
from committees.models import RuleSet
from committees.rulebook import RULES, TREATMENTS
from tests.factories import UserFactory


def test_every_rule_has_its_statement_and_its_article():
    assert set(RULES) == set(ARTICLES)
    assert all(rule.statement and rule.section for rule in RULES.values())


def test_treatments_come_from_the_statement_or_the_section():
    # rule: M-N1
    assert RULES["M-N1"].treatments == ("block",)
    # rule: M-Q1 – its section reads "Quorum (M-Q) – compute + block"
    assert RULES["M-Q1"].treatments == ("block", "compute")
    assert set().union(*(rule.treatments for rule in RULES.values())) == set(TREATMENTS)


def test_docs_rules_md_is_generated_from_the_code_and_current():
    out = io.StringIO()
    call_command("rulebook", check=True, stdout=out)
    assert "current" in out.getvalue()


@pytest.mark.django_db
def test_the_default_rule_set_names_no_developer_file(client):
    default = RuleSet.objects.get(is_default=True)
    assert default.name == "默认规则"
    client.force_login(UserFactory())
    for url in (reverse("rule_set_list"), reverse("rule_set_detail", args=[default.pk])):
        page = client.get(url)
        assert page.status_code == 200
        assert "DOMAIN" not in page.content.decode()
