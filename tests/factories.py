import datetime

import factory
from django.contrib.auth import get_user_model

from committees.models import Committee, Level, Person, Portfolio, PortfolioArea, Role, RoleAssignment, Term


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("Secret-pass-123")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"第{n}党委")
    level = Level.COUNTY
    parent = None


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    committee = factory.SubFactory(CommitteeFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2021, 9, 20)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    position = "委员"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Role.MEMBER
    start_date = datetime.date(2021, 9, 20)
    end_date = None


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    person = factory.SubFactory(PersonFactory)
    committee = factory.SubFactory(CommitteeFactory)
    area = PortfolioArea.ECONOMY
    start_date = datetime.date(2021, 9, 20)


def user_with_role(committee, role, *, username=None, start=datetime.date(2021, 9, 20), end=None):
    """A login user whose person holds ``role`` on ``committee``."""
    user = UserFactory(username=username) if username else UserFactory()
    person = PersonFactory(user=user)
    RoleFactory(person=person, committee=committee, role=role, start_date=start, end_date=end)
    return user
