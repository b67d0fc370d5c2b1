"""``eventwire dedup``: merge the reports in a store into events across articles.

A thin layer over :func:`eventwire.dedup.merge_store`; it registers itself on the ``eventwire``
group when ``eventwire.cli.main`` imports it.
"""

from __future__ import annotations

import click

from eventwire.cli.main import cli, reports_errors, require_existing_db


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="SQLite file, sqlite:/// URL, or postgresql:// URL; default: $EVENTWIRE_DB.")
@click.option("--rebuild", is_flag=True,
              help="Merge every stored report again (events keep their ids), not only new ones.")
@click.option("--window-days", type=click.IntRange(0, 30), default=2, show_default=True,
              help="Reports whose days differ by more are never one event.")
@click.option("--max-km", type=click.FloatRange(0, min_open=True), default=50.0,
              show_default=True, help="Reports placed further apart are never one event.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.65, show_default=True,
              help="The match score (0-1) from which a report joins an event.")
@click.option("--floor", type=click.FloatRange(0, 1), default=0.55, show_default=True,
              help="A report never joins an event one of whose articles it matches below this.")
@click.option("--history", "history_of", metavar="MERGED_ID",
              help="Print the history of one merged event instead of merging.")
@reports_errors
def dedup(db: str, rebuild: bool, window_days: int, max_km: float, threshold: float,
          floor: float, history_of: str | None) -> None:
    """Merge reports of the same event from different articles into one event (docs/DEDUP.md).

    Incremental: only reports not yet merged are placed, so it is cheap to rerun; `eventwire
    ingest` runs it after each ingest unless --no-merge.
    """
    from eventwire.dedup import MergeRules, merge_store
    from eventwire.store import SQLStore, open_store
    from eventwire.store.merges import revisions

    require_existing_db(db)
    with open_store(db) as store:
        assert isinstance(store, SQLStore)  # both backends run SQL
        if history_of:
            for revision in revisions(store, history_of):
                click.echo(f"{revision.at}  {revision.change:<15} {revision.reason}")
            return
        rules = MergeRules(window_days=window_days, max_km=max_km, threshold=threshold,
                           floor=floor)
        report = merge_store(store, rules=rules, rebuild=rebuild)
    click.echo(f"merged: {report}", err=True)
