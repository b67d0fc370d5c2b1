"""``eventwire serve``: the read-only JSON API over a store, on localhost by default.

A thin layer over ``eventwire.api.serve``; it registers itself on the ``eventwire`` group when
``eventwire.cli.main`` imports it. Needs the ``api`` extra (FastAPI, uvicorn).
"""

from __future__ import annotations

import click

from eventwire.cli.main import cli, reports_errors, require_existing_db


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", required=True, help="SQLite file or sqlite:/// URL (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 opens it to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="TCP port.")
@reports_errors
def serve(db: str, host: str, port: int) -> None:
    """Serve the stored articles and events as a read-only JSON API (docs/API.md)."""
    from eventwire.api import serve as serve_api

    require_existing_db(db)
    click.echo(f"eventwire API on http://{host}:{port}/api/health (schema: /openapi.json)",
               err=True)
    serve_api(db.removeprefix("sqlite:///"), host=host, port=port)
