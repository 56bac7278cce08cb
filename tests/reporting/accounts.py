"""Login accounts for the tests of reporting: every service takes the user who acted."""

from tests.factories import UserFactory


def clerk():
    """The account that clicks when who clicked is not what the test is about."""
    return UserFactory(username="clerk")
