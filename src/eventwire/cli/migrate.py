"""``eventwire migrate``: copy a dataset from one store to another (SQLite, PostgreSQL).

A thin layer over :func:`eventwire.jobs.migrate_store`; it registers itself on the
``eventwire`` group when ``eventwire.cli.main`` imports it.
"""

from __future__ import annotations

import sys

import click

from eventwire.cli.main import cli, progress_bar, reports_errors, require_existing_db


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--from", "source", required=True, metavar="DB",
              help="The store to copy: SQLite file, sqlite:/// URL or postgresql:// URL.")
@click.option("--to", "target", required=True, metavar="DB",
              help="The store to copy into (created if missing); the same kinds of DB.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per transaction.")
@reports_errors
def migrate(source: str, target: str, chunk_size: int) -> None:
    """Copy every article and its events from one store into another, e.g. from SQLite into a
    team's PostgreSQL (docs/POSTGRES.md). Safe to rerun: what the target holds is skipped."""
    from eventwire.jobs import migrate_store
    from eventwire.store import open_store

    require_existing_db(source)
    with open_store(source) as origin, open_store(target) as destination, \
            progress_bar("copying") as progress:
        report = migrate_store(origin, destination, chunk_size=chunk_size, progress=progress)
    click.echo(str(report), err=True)
    if report.target_articles < report.articles or report.target_events < report.events:
        click.echo("error: the target holds fewer articles or events than were read", err=True)
        sys.exit(1)
