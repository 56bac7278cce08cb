"""Login accounts for the tests of reporting: every service takes the user who acted."""

from tests.factories import UserFactory


def clerk():
    """The account that clicks when who clicked is not what the test is about."""
    return UserFactory(username="clerk")


def user_of(person):
    """The login account of ``person``, made on first use: the services find the person who acts
    (an approver, the requester) behind the user."""
    if person.user_id is None:
        person.user = UserFactory(username=f"person-{person.pk}")
        person.save(update_fields=["user"])
    return person.user
