"""Who acted: the system's own account and the author of a historical row (committees/actors.py)."""

import pytest

from committees.actors import SYSTEM_USERNAME, acting, is_system, person_of, system_user
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_system_user_is_one_account_nobody_can_sign_in_as():
    user = system_user()
    assert system_user().pk == user.pk
    assert user.username == SYSTEM_USERNAME and is_system(user)
    assert not user.is_active and not user.has_usable_password()


def test_person_of():
    person = PersonFactory(user=UserFactory())
    assert person_of(person.user) == person
    assert person_of(UserFactory()) is None
    assert person_of(system_user()) is None


def test_acting_names_the_author_of_the_next_historical_row():
    actor = UserFactory()
    person = PersonFactory(name="王五")
    person.name = "王六"
    acting(person, actor).save(update_fields=["name"])
    latest = person.history.latest()
    assert latest.name == "王六" and latest.history_user == actor
