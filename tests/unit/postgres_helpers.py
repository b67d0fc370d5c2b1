"""Helpers for the tests that run against a PostgreSQL server (the fixtures are in conftest).

A module of its own, imported by name: ``conftest`` is ambiguous when several test folders,
each with its own conftest.py, are collected in one run.
"""

import urllib.parse

POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"
NO_SERVER = (
    "PostgreSQL store tests need a server: set EVENTWIRE_TEST_POSTGRES to a database URL whose "
    "user may create databases, or run make test, which starts a server"
)


def with_database(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def empty_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        # Every table but the schema's bookkeeping and extensions' own (PostGIS's
        # spatial_ref_sys), so tests added for new tables stay isolated.
        tables = [row[0] for row in connection.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
            "AND c.relname NOT IN ('schema_version', 'alembic_version') AND NOT EXISTS ("
            "SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
        )]
        if tables:
            connection.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
