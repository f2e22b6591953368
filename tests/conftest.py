import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings

from party_points.scoring import default_scheme

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def scheme():
	return default_scheme()


def D(value) -> Decimal:
	return Decimal(str(value))
