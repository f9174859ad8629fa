import pytest

from tests.factories_gov import make_gov


@pytest.fixture
def gov(db):
    """A ministry's program with its governing bodies and cast (tests.factories_gov)."""
    return make_gov()
