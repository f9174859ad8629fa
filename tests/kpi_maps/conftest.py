import pytest

from tests.factories_kpi import make_goal_map


@pytest.fixture
def gm(db):
    """A small goal map and its cast (tests.factories_kpi)."""
    return make_goal_map()
