"""``eventwire serve``: the JSON API and dashboard over a store, on localhost by default.

A thin layer over ``eventwire.api.serve``; it registers itself on the ``eventwire`` group when
``eventwire.cli.main`` imports it. Needs the ``api`` extra (FastAPI, uvicorn).
"""

from __future__ import annotations

import os
from typing import Any

import click

from eventwire.cli.main import (
    actor_files_option,
    cli,
    default_coder,
    load_settings,
    reports_errors,
    require_existing_db,
)
from eventwire.errors import ConfigError


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", required=True, envvar="EVENTWIRE_DB",
              help="SQLite file, sqlite:/// URL or postgresql:// URL (opened read-only); "
                   "default: $EVENTWIRE_DB.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 opens it to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="TCP port.")
@click.option("--allow-ingest", is_flag=True,
              help="Also accept POST /api/ingest from requests that carry the token in "
              "EVENTWIRE_API_TOKEN (loads the model at start).")
@click.option("--model", help="With --allow-ingest: spaCy pipeline package to code with.")
@actor_files_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="With --allow-ingest: a TOML config file with an [eventwire] table.")
@reports_errors
def serve(db: str, host: str, port: int, allow_ingest: bool, config_file: str | None,
          **flags: Any) -> None:
    """Serve the stored articles and events as a JSON API with a dashboard (docs/API.md,
    docs/DASHBOARD.md); read-only unless --allow-ingest."""
    from eventwire.api import serve as serve_api

    require_existing_db(db)
    ingest = _ingest_access(config_file, flags) if allow_ingest else None
    where = f"http://{host}:{port}"
    click.echo(f"eventwire dashboard on {where}/ (API: {where}/api/health, schema: "
               f"{where}/openapi.json){'; ingest on' if ingest else ''}", err=True)
    serve_api(db, host=host, port=port, ingest=ingest)


def _ingest_access(config_file: str | None, flags: dict[str, Any]) -> Any:
    from eventwire.api.ingest import TOKEN_VARIABLE, IngestAccess

    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise ConfigError(
            f"--allow-ingest needs a token in the environment variable {TOKEN_VARIABLE} (make "
            "one with `python -c 'import secrets; print(secrets.token_urlsafe())'`); clients "
            "send it as `Authorization: Bearer TOKEN`."
        )
    # One process: the server codes in its own threads, one request at a time.
    settings = load_settings(config_file, n_process=1, **flags)
    return IngestAccess(token, default_coder(settings), merge=settings.merge)
