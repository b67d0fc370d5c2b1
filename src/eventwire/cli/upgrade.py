"""``eventwire upgrade``: bring a store's schema to this version (Alembic), or print the SQL.

A thin layer over :func:`eventwire.store.upgrade.upgrade_store`; it registers itself on the
``eventwire`` group when ``eventwire.cli.main`` imports it.
"""

from __future__ import annotations

import click

from eventwire.cli.main import cli, reports_errors
from eventwire.errors import ConfigError


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="DB",
              help="The store to upgrade: SQLite file, sqlite:/// URL or postgresql:// URL.")
@click.option("--sql", "sql_dialect", type=click.Choice(["sqlite", "postgresql"]),
              help="Print the SQL that creates a new store on this backend, and touch nothing "
                   "(for a database administrator).")
@reports_errors
def upgrade(db: str | None, sql_dialect: str | None) -> None:
    """Upgrade a store's tables to this eventwire's schema, keeping every row (docs/POSTGRES.md,
    "Schema and upgrades"). Writers upgrade a store when they open it; run this for a store that
    only readers (the API) use, or after installing PostGIS on the server."""
    from eventwire.store import upgrade as schema_upgrade

    if (db is None) == (sql_dialect is None):
        raise ConfigError("Give either --db DB (upgrade that store) or --sql BACKEND (print SQL).")
    if sql_dialect is not None:
        click.echo(schema_upgrade.new_store_sql(sql_dialect))
    else:
        assert db is not None
        click.echo(str(schema_upgrade.upgrade_store(db)))
