import pytest

from tests.factories_scrum import make_scrum


@pytest.fixture
def sc(db):
    """A program with its scrum cast and approved schedules at every level (tests.factories_scrum)."""
    return make_scrum()
