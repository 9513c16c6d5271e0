"""Schemathesis against /api/v1/openapi.json: generated requests to every operation (as a
programme leader with a token, over rows of KLIK, the agreements, Valg and Context Handler) never
get a 5xx, and every answer conforms to the description — status, content type, headers, body.
A bounded number of examples per operation, so that it runs in seconds.

A filter naming a project, person, role or solution that is not among the options of the user's
municipality is refused with a 422, as the pages refuse it: the description says so, but a schema
cannot say which ids exist, so a 422 counts as an answer to data the schema allows."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from kombitportal.wsgi import application

# Read from the running application, as a client reads it (it needs no database).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    application,
    config=SchemathesisConfig.from_dict(
        {
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]}},
            # Every other method of every path is a 405: two of them stand for the rest.
            "phases": {"coverage": {"unexpected-methods": ["post", "delete"]}},
        }
    ),
)


@pytest.fixture
def bearer(token_for, user_a, tasks, agreements, checkins, idps):
    return {"Authorization": f"Bearer {token_for(user_a)}"}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection at the end of every request; inside the
    test's transaction that would close it under the test (PostgreSQL; SQLite's in-memory database
    is never closed). Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_description(case, bearer):
    case.call_and_validate(headers=bearer)
