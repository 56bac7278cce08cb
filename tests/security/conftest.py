"""The permission tests share one world (``world.py``), built once per module inside a transaction
that is rolled back when the module ends (so no later test, transactional or not, sees it); every
test still runs in its own savepoint (pytest-django)."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from .routes import client_for
from .world import NOW, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("security-media"), LANGUAGE_CODE="zh-hans")
    clock = time_machine.travel(NOW, tick=False)
    with media, clock, django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world):
    """One logged-in test client per matrix column (``anon``: not logged in)."""
    return {column: client_for(user) for column, user in world.users.items()}


@pytest.fixture(scope="module")
def insiders(world):
    """One logged-in test client per other role of the home committee (``world.INSIDERS``)."""
    return {column: client_for(user) for column, user in world.insiders.items()}


def pytest_collection_modifyitems(items):
    """schemathesis gives all its items the test's node id; pytest-xdist schedules by node id and
    would run one operation of the API instead of every one. Name each after its operation."""
    for item in items:
        if type(item).__name__ == "SchemathesisFunction" and not item.nodeid.endswith("]"):
            node_id = f"{item.nodeid.rpartition('::')[0]}::{item.name}"
            try:  # pytest 9 keeps the id in a NodeId object
                from _pytest.nodeid import coerce_node_id

                item._id = coerce_node_id(node_id)
            except ImportError:  # pytest 8
                item._nodeid = node_id
