"""Stored phrases worded in the reader's language (issue 14 (3))."""

import datetime

import pytest
from django.utils import translation

from committees import phrases

REMINDER = phrases.phrase("test.reminder", "Reminder: %(title)s is due at %(due)s")
RULE = phrases.phrase("test.rule", "Rule %(rule)s, %(committee)s.")


def test_a_stored_phrase_is_worded_in_each_readers_language():
    value = phrases.stored(REMINDER, title="X", due="Y")

    assert phrases.render(value, "en") == "Reminder: X is due at Y"
    assert phrases.render(value, "zh-hans") == "提醒：X 将于 Y 到期"
    with translation.override("en"):
        assert phrases.render(value) == "Reminder: X is due at Y"


def test_nested_phrases_lists_and_dates_follow_the_reader():
    value = phrases.stored(
        REMINDER,
        title=phrases.stored(RULE, rule="L-3", committee="临江区委"),
        due=[datetime.date(2027, 3, 1), "B"],
    )

    english = phrases.render(value, "en")
    chinese = phrases.render(value, "zh-hans")

    assert english.startswith("Reminder: Rule L-3, 临江区委. is due at ")
    assert ", B" in english and "March 1, 2027" in english
    assert "2027年3月1日、B" in chinese


def test_lines_are_worded_one_per_line():
    value = phrases.lines(
        phrases.stored(RULE, rule="M-N1", committee="临江区委"), "1. 财政预算", [datetime.date(2027, 3, 1)]
    )

    assert phrases.render(value, "en") == "Rule M-N1, 临江区委.\n1. 财政预算\nMarch 1, 2027"
    assert phrases.render(value, "zh-hans").splitlines()[2] == "2027年3月1日"
    assert phrases.render(phrases.stored(REMINDER, title=value, due="Y"), "en").count("\n") == 2


def test_a_legacy_plain_string_is_shown_as_stored():
    assert phrases.render("提醒：旧的文本", "en") == "提醒：旧的文本"
    assert phrases.render(None, "en") == ""


def test_an_unknown_key_is_refused_when_stored_and_shown_as_its_key_when_read():
    with pytest.raises(KeyError):
        phrases.stored("test.nowhere")
    assert phrases.render({"key": "test.removed", "params": {}}, "en") == "test.removed"


def test_a_key_registered_twice_with_other_words_is_a_programming_error():
    assert phrases.phrase("test.rule", "Rule %(rule)s, %(committee)s.") == "test.rule"
    with pytest.raises(ValueError):
        phrases.phrase("test.rule", "Another text")


def test_a_choice_label_is_kept_as_its_msgid_and_worded_for_the_reader():
    from django.utils.translation import pgettext_lazy

    from committees.models import Role

    value = phrases.stored(RULE, rule=Role.SECRETARY.label, committee=pgettext_lazy("person", "Name"))
    assert value["params"]["rule"] == {"msgid": "Secretary (principal leader)"}
    assert value["params"]["committee"] == {"msgid": "Name", "context": "person"}
    assert phrases.render(value, "en") == "Rule Secretary (principal leader), Name."
    with translation.override("zh-hans"):
        assert str(Role.SECRETARY.label) != "Secretary (principal leader)"
        assert phrases.render(value) == f"依据规则 {Role.SECRETARY.label}，姓名。"
