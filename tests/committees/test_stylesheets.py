"""The stylesheets parse as written: an unclosed block swallows every rule after it (the site search's
styles and the grassroots progress bars sat inside the calendar's phone-width ``@media`` block)."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.conf import settings

STYLESHEETS = sorted(path for root in settings.STATICFILES_DIRS for path in pathlib.Path(root).rglob("*.css"))


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_block_of_a_stylesheet_is_closed(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.DOTALL)  # comments may hold braces
    text = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', '""', text)  # and strings (content: "{")
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for character in line:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, f"{path.name}:{number}: a closing brace without its block"
    assert depth == 0, f"{path.name}: {depth} block(s) never closed"


def test_the_stylesheets_are_found():
    assert any(path.name == "app.css" for path in STYLESHEETS)
