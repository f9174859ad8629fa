import pytest

from tests.factories_op import make_op


@pytest.fixture
def op(db):
    """A state body with its approved operational plan for 2026 and its cast (tests.factories_op)."""
    return make_op()
