"""Alembic's entry point for the store's migrations, run by :mod:`eventwire.store.upgrade`.

Online, it is handed an open SQLAlchemy connection (``config.attributes["connection"]``) and
runs the whole upgrade as one transaction. Under it, before Alembic reads the revision, the
upgrader holds the writers' lock (SQLite: BEGIN IMMEDIATE, issued by the engine; PostgreSQL:
an advisory lock), so two processes opening a new store at once upgrade it once; a store made
before Alembic managed it is adopted first. Offline (``sqlalchemy.url`` names only a dialect),
it prints the SQL of a new store for a database administrator.
"""

from __future__ import annotations

from alembic import context

from eventwire.store import upgrade
from eventwire.store.schema import metadata

if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"),
                      target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = context.config.attributes["connection"]
    # SQLite can change its schema in a transaction too; Alembic assumes not unless told.
    context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True)
    with context.begin_transaction():
        upgrade.before_migrations(connection, context.get_context(), context.script)
        context.run_migrations()
        upgrade.after_migrations(connection)
