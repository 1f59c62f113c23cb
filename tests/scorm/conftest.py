import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Refusal messages are asserted in their English source form, whatever the site's default language."""
    with translation.override("en"):
        yield
