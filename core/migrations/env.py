"""Alembic environment: online migrations in one transaction, then RLS sync (PostgreSQL)."""
from alembic import context

from partage.core.db import make_engine, rls
from partage.core.migrate import load_models

config = context.config
target_metadata = load_models()


def run() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as connection:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=connection.dialect.name == "sqlite",
                              compare_type=True)
            context.run_migrations()
            rls.sync(connection, config.attributes.get("app_role"),
                     config.attributes.get("platform_role"))
    finally:
        engine.dispose()


run()
