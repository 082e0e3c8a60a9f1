"""Alembic environment: run on the connection handed over by ``server.core.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from server.db_models import Base

target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `roer db upgrade`, not the alembic command")
run(connection)
