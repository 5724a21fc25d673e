"""Shared fixtures: the real letter loaded from its data file, and users."""

import pytest

from campaign.models import Directive
from campaign.services import directive_load


@pytest.fixture
def letter(db):
    """Letter 31/MTTQ-BTT as the set-up loads it."""
    directive_load()
    return Directive.objects.get(number="31/MTTQ-BTT")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", "mat-khau-dai-123")
