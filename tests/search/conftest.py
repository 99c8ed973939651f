import pytest


@pytest.fixture(autouse=True)
def _indexed(search):
    """Every search test indexes posts as they are written."""
