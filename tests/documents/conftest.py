"""The billing fixtures (one migrated SQLite database, a tenant per test)."""
from tests.billing.conftest import shared_sqlite_db  # noqa: F401 - a fixture
