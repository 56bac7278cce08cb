"""Signing in: Django's model backend, reading the signed-in user's person in the same query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PersonModelBackend(ModelBackend):
    """Every page reads ``request.user.person`` (the header, what the user owes, the rules that
    need the person behind the click): loading it with the user saves a query per request (issue
    19). Sessions made by Django's own ``ModelBackend`` before this one replaced it end at once
    (the user signs in again), as Django ends any session of a backend no longer configured."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("person").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
