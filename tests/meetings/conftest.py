import pytest

from tests.meetings.factories import make_team


@pytest.fixture
def team(db):
    """A county standing committee of 9: secretary, 2 deputies, organisation member, discipline
    secretary and 4 members; plus an office staff member and a delegate."""
    return make_team(9)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded attachments and opinions go to a throw-away folder, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path
