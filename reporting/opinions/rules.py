"""X-1 as plain functions. No database access."""

from __future__ import annotations

from committees.models import Level


def receiving_committee(source):
    """Where an opinion goes (第四条, 第十九条): a village or branch sends it up to the party
    committee above it; a committee's own departments to its own party office."""
    if source.level == Level.BRANCH and source.parent_id:
        return source.parent
    return source
