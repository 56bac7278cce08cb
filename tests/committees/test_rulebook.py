"""The project describes its own rules: docs/RULES.md and the rule set's name come from the code,
never from a file outside the clone."""

import inspect
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from committees.articles import ARTICLES
from committees.models import RuleSet
from committees.rulebook import IMPLEMENTED_IN, RULES, TREATMENTS, resolve
from tests.factories import UserFactory


def test_every_rule_has_its_statement_and_its_article():
    assert set(RULES) == set(ARTICLES)
    assert all(rule.statement and rule.section for rule in RULES.values())


#: Rules of the other work systems: articles and rule-set numbers, no feature yet (issue 16).
NOT_BUILT: set[str] = set()


def test_every_built_rule_names_the_code_that_enforces_it():
    assert set(RULES) - set(IMPLEMENTED_IN) == NOT_BUILT
    assert set(IMPLEMENTED_IN) <= set(RULES)


@pytest.mark.parametrize("rule_id", sorted(IMPLEMENTED_IN))
def test_the_code_named_for_a_rule_exists_and_cites_it(rule_id):
    """A renamed or moved function breaks this; so does a docstring that stops naming the rule."""
    for path in IMPLEMENTED_IN[rule_id]:
        target, file = resolve(path)
        assert file.endswith(".py")
        cited = re.findall(r"(?<![A-Z0-9-])[A-Z]{1,2}-[A-Z]?\d+(?!\d)", inspect.getdoc(target) or "")
        assert rule_id in cited, f"{path} does not name {rule_id} in its docstring"


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
